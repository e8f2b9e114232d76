"""The committee's picture: a radar over the 12 markers, and small multiples of radars."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np
import pandas as pd

from ..definitions import CONSENSUS_RATER, dimension_label
from ..exceptions import ParameterError
from ..i18n import t_
from ._style import (
    DIMENSION_COLOURS,
    OKABE_ITO,
    check_option,
    level_names,
    marker_frame,
    marker_tick_labels,
    new_axes,
    scale_frame,
)

Role = Literal["profile", "rater", "consensus", "reference"]
ROLES = ("profile", "rater", "consensus", "reference")

#: How each role is drawn: raters thin, consensus bold, reference dashed.
ROLE_STYLES = {
    "rater": {"linewidth": 1.2, "alpha": 0.85, "linestyle": "-", "zorder": 3},
    "profile": {"linewidth": 2.2, "alpha": 1.0, "linestyle": "-", "zorder": 4},
    "consensus": {"linewidth": 3.4, "alpha": 1.0, "linestyle": "-", "zorder": 6},
    "reference": {"linewidth": 2.0, "alpha": 1.0, "linestyle": (0, (5, 3)), "zorder": 5},
}


def tidy_profiles(profiles, *, kind: Role = "profile") -> pd.DataFrame:
    """Bring radar input to the tidy form ``profile, role, marker, score``.

    Accepted inputs:

    - a tidy DataFrame with columns ``profile, marker, score`` and optionally
      ``role`` (one of ``profile``, ``rater``, ``consensus``, ``reference``);
    - a wide DataFrame, one row per profile (index = profile name), one column
      per marker -- e.g. ``typology.profiles_`` or ``dataset.profiles()``;
    - a Series indexed by marker (one profile, named by ``Series.name``);
    - a dict ``name -> Series or dict of marker -> score``.

    Profiles without a role get ``kind``; a profile named ``COMITE`` gets the
    ``consensus`` role.

    Examples
    --------
    >>> tidy_profiles({"R1": {"M01": 2, "M02": 3}}, kind="rater").values.tolist()
    [['R1', 'rater', 'M01', 2.0], ['R1', 'rater', 'M02', 3.0]]
    """
    check_option(kind, ROLES, name="kind", func="radar")
    if isinstance(profiles, pd.Series):
        profiles = {profiles.name if profiles.name is not None else "profil": profiles}
    if isinstance(profiles, Mapping):
        rows = []
        for name, values in profiles.items():
            for marker, score in dict(values).items():
                rows.append((str(name), str(marker), score))
        frame = pd.DataFrame(rows, columns=["profile", "marker", "score"])
    elif isinstance(profiles, pd.DataFrame) and {"profile", "marker", "score"} <= set(
        profiles.columns
    ):
        frame = profiles.copy()
    elif isinstance(profiles, pd.DataFrame):
        wide = profiles.copy()
        wide.index = [str(i) for i in wide.index]
        wide.index.name = "profile"
        wide.columns = [str(c) for c in wide.columns]
        frame = wide.reset_index().melt(id_vars="profile", var_name="marker", value_name="score")
        frame = frame.sort_values(
            "profile",
            kind="mergesort",
            key=lambda s: s.map({p: i for i, p in enumerate(wide.index)}),
        )
    else:
        raise ParameterError(
            "radar expects a DataFrame (tidy profile, marker, score or wide profiles x markers), "
            f"a Series or a dict of profiles; got {type(profiles).__name__}."
        )
    if "role" not in frame.columns:
        frame["role"] = [
            "consensus" if p == CONSENSUS_RATER else kind for p in frame["profile"].astype(str)
        ]
    bad = sorted(set(frame["role"].astype(str)) - set(ROLES))
    if bad:
        raise ParameterError(
            f"Unknown profile role {bad[0]!r} in the 'role' column; roles are {', '.join(ROLES)}."
        )
    frame["profile"] = frame["profile"].astype(str)
    frame["marker"] = frame["marker"].astype(str)
    frame["score"] = pd.to_numeric(frame["score"], errors="coerce").astype(float)
    return frame[["profile", "role", "marker", "score"]].reset_index(drop=True)


def _runs(dimensions: list[str]) -> list[tuple[int, int, str]]:
    """Contiguous runs (start, stop, dimension) of the markers' dimensions."""
    runs, start = [], 0
    for i in range(1, len(dimensions) + 1):
        if i == len(dimensions) or dimensions[i] != dimensions[start]:
            runs.append((start, i, dimensions[start]))
            start = i
    return runs


def _draw_radar(
    ax,
    tidy: pd.DataFrame,
    *,
    markers: pd.DataFrame,
    scale: pd.DataFrame,
    lang,
    labels: str,
    fill: bool,
    legend: bool,
    dimension_legend: bool,
    label_size: float,
    first_colour: str | None = None,
):
    from matplotlib.patches import Patch

    codes = list(markers["code"])
    unknown = sorted(set(tidy["marker"]) - set(codes))
    if unknown:
        raise ParameterError(
            f"Unknown marker {unknown[0]!r} in the profiles; the markers are {', '.join(codes)}."
        )
    n = len(codes)
    step = 2 * np.pi / n
    angles = np.arange(n) * step
    levels = [int(v) for v in scale["level"]]
    low, high = min(levels), max(levels)
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)

    # dimension sectors, shaded, with a darker rule where a dimension ends
    dims = [str(d) for d in markers["dimension"]]
    for start, stop, dim in _runs(dims):
        colour = DIMENSION_COLOURS.get(dim, "#999999")
        ax.bar(
            angles[start:stop],
            high - low,
            width=step,
            bottom=low,
            color=colour,
            alpha=0.13,
            edgecolor="none",
            zorder=0,
            align="center",
        )
        edge = angles[start] - step / 2
        ax.plot([edge, edge], [low, high], color="#777777", linewidth=0.9, zorder=1)

    # profiles
    colours = iter(([first_colour] if first_colour else []) + list(OKABE_ITO))
    handles = []
    for name, group in tidy.groupby("profile", sort=False):
        role = str(group["role"].iloc[0])
        values = group.set_index("marker")["score"].reindex(codes).to_numpy(dtype=float)
        closed_angles = np.append(angles, angles[0])
        closed = np.append(values, values[0])
        style = ROLE_STYLES[role]
        if role == "consensus":
            colour = "#1a1a1a"
        elif role == "reference":
            colour = "#6b6b6b"
        else:
            colour = next(colours, "#444444")
        (line,) = ax.plot(closed_angles, closed, color=colour, label=str(name), **style)
        if fill and role in ("profile", "consensus"):
            ax.fill(
                closed_angles,
                np.nan_to_num(closed, nan=low),
                color=colour,
                alpha=0.05 if role == "consensus" else 0.1,
                zorder=2,
            )
        ax.scatter(
            angles, values, s=14 if role != "rater" else 6, color=colour, zorder=style["zorder"]
        )
        handles.append(line)

    # axes, rings and their names
    ax.set_ylim(low, high)
    # a small hole so that the lowest level is a visible, named ring
    ax.set_rorigin(low - 0.12 * (high - low))
    ax.set_xticks(angles)
    ax.set_xticklabels(
        marker_tick_labels(codes, markers, style=labels, lang=lang), fontsize=label_size
    )
    for angle, text in zip(angles, ax.get_xticklabels(), strict=True):
        sin = np.sin(angle)
        text.set_horizontalalignment(
            "center" if abs(sin) < 0.1 else ("left" if sin > 0 else "right")
        )
    ax.tick_params(axis="x", pad=4 if labels == "code" else 8)
    names = level_names(scale, lang=lang)
    ax.set_yticks(levels)
    ax.set_yticklabels([names[v] for v in levels], fontsize=label_size - 0.5, color="#444444")
    for text in ax.get_yticklabels():
        text.set_bbox({"facecolor": "white", "edgecolor": "none", "alpha": 0.7, "pad": 0.6})
    ax.set_rlabel_position(np.degrees(step / 2))
    ax.grid(color="#bbbbbb", linewidth=0.6)
    ax.spines["polar"].set_color("#888888")

    if legend and handles:
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.08, 1.02),
            frameon=False,
            title=t_("Profils", lang=lang),
            fontsize=9,
        )
    if dimension_legend:
        seen = list(dict.fromkeys(dims))
        patches = [
            Patch(
                facecolor=DIMENSION_COLOURS.get(d, "#999999"),
                alpha=0.35,
                label=dimension_label(d, lang=lang),
            )
            for d in seen
        ]
        first = ax.get_legend()
        ax.legend(
            handles=patches,
            loc="upper left",
            bbox_to_anchor=(1.08, 0.3),
            frameon=False,
            title=t_("Dimensions", lang=lang),
            fontsize=9,
        )
        if first is not None:
            ax.add_artist(first)
    return ax


def radar(
    profiles,
    *,
    markers: pd.DataFrame | None = None,
    scale: pd.DataFrame | None = None,
    kind: Role = "profile",
    labels: Literal["short", "full", "code"] = "short",
    fill: bool = True,
    title: str | None = None,
    legend: bool = True,
    ax=None,
    lang: str | None = None,
):
    """Radar of marker profiles: the committee's picture.

    One axis per marker in marker order, clockwise from the top; the innermost
    ring (around a small hole) is the lowest level and each ring a level of the
    scale, named; the sectors of
    the dimensions are shaded and named in a legend. Several profiles are
    overlaid, drawn by role: raters thin, consensus bold and dark, reference
    dashed grey, other profiles (clusters, years...) in Okabe-Ito colours.

    Parameters
    ----------
    profiles : DataFrame, Series or dict
        See :func:`tidy_profiles` for the accepted forms. The tidy form
        ``profile, role, marker, score`` says each profile's role.
    markers, scale : DataFrame, optional
        Definitions (default: the 12 Godin markers, the 4-level scale); pass
        ``dataset.markers`` / ``dataset.scale`` for custom ones.
    kind : {"profile", "rater", "consensus", "reference"}, default "profile"
        Role of the profiles whose role is not given.
    labels : {"short", "full", "code"}, default "short"
        Axis labels: code and short name, code and full label, or code only.
    fill : bool, default True
        Lightly fill profiles and the consensus.
    title : str, optional
    legend : bool, default True
        Legends of profiles and dimensions, right of the radar.
    ax : polar Axes, optional
        Drawn on a new figure when omitted.
    lang : {"fr", "en"}, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> rater = pd.Series([1, 2, 2, 1, 0, 2, 1, 3, 2, 2, 1, 1],
    ...                   index=[f"M{i:02d}" for i in range(1, 13)], name="R1")
    >>> ax = radar({"R1": rater, "COMITE": rater.clip(lower=1)}, kind="rater")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['absent', 'faible', 'affirmé', 'structurant']
    """
    check_option(labels, ("short", "full", "code"), name="labels", func="radar")
    tidy = tidy_profiles(profiles, kind=kind)
    ax = new_axes(ax, polar=True, figsize=(10, 7.5))
    _draw_radar(
        ax,
        tidy,
        markers=marker_frame(markers),
        scale=scale_frame(scale),
        lang=lang,
        labels=labels,
        fill=fill,
        legend=legend,
        dimension_legend=legend,
        label_size=9,
    )
    if title:
        ax.set_title(title, pad=28, fontsize=13, fontweight="bold")
    return ax


def radar_grid(
    profiles,
    *,
    reference=None,
    titles: Mapping | None = None,
    ncols: int = 3,
    markers: pd.DataFrame | None = None,
    scale: pd.DataFrame | None = None,
    suptitle: str | None = None,
    lang: str | None = None,
):
    """Small multiples of radars, one panel per cluster, year or group.

    Parameters
    ----------
    profiles : DataFrame
        Wide, one row per panel (index = panel name, columns = markers), e.g.
        ``typology.profiles_``; or tidy with columns ``panel, marker, score``
        (and optionally ``profile, role`` to overlay several profiles per panel).
    reference : Series, optional
        A profile drawn dashed in every panel (e.g. the mean of all projects).
    titles : mapping, optional
        Panel name -> title (e.g. the suggested cluster names).
    ncols : int, default 3
    markers, scale : DataFrame, optional
    suptitle : str, optional
    lang : {"fr", "en"}, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> wide = pd.DataFrame(np.tile([1.0, 2.5], (12, 1)).T,
    ...                     columns=[f"M{i:02d}" for i in range(1, 13)])
    >>> len(radar_grid(wide).axes)
    2
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    markers = marker_frame(markers)
    scale = scale_frame(scale)
    if isinstance(profiles, pd.DataFrame) and "panel" in profiles.columns:
        tidy = profiles.copy()
        if "profile" not in tidy.columns:
            tidy["profile"] = tidy["panel"].astype(str)
        panels = list(dict.fromkeys(tidy["panel"]))
        groups = {p: tidy[tidy["panel"] == p].drop(columns="panel") for p in panels}
    elif isinstance(profiles, pd.DataFrame):
        panels = list(profiles.index)
        groups = {p: profiles.loc[[p]] for p in panels}
    else:
        raise ParameterError(
            "radar_grid expects a DataFrame: wide (one row per panel) or tidy with a 'panel' "
            f"column; got {type(profiles).__name__}."
        )
    if not panels:
        raise ParameterError("radar_grid got no profile to draw.")
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ParameterError(
            f"The 'ncols' parameter of radar_grid must be a positive integer. Got {ncols!r} instead."
        )
    ncols = min(ncols, len(panels))
    nrows = int(np.ceil(len(panels) / ncols))
    fig, axes = plt.subplots(
        nrows,
        ncols,
        subplot_kw={"projection": "polar"},
        figsize=(3.6 * ncols, 3.7 * nrows + 0.9),
        squeeze=False,
    )
    colours = iter(OKABE_ITO * 4)
    ref_name = t_("référence", lang=lang)
    if reference is not None:
        reference = pd.Series(reference, dtype=float)
    for ax, panel in zip(axes.flat, panels, strict=False):
        tidy = tidy_profiles(groups[panel])
        tidy["profile"] = str(panel) if tidy["profile"].nunique() == 1 else tidy["profile"]
        if reference is not None:
            ref = tidy_profiles({ref_name: reference}, kind="reference")
            tidy = pd.concat([ref, tidy], ignore_index=True)
        colour = next(colours)  # one colour per panel, as in the other cluster pictures
        _draw_radar(
            ax,
            tidy,
            markers=markers,
            scale=scale,
            lang=lang,
            labels="code",
            fill=True,
            legend=False,
            dimension_legend=False,
            label_size=7.5,
            first_colour=colour,
        )
        ax.set_yticklabels([])  # small panels: the ring names go in the legend
        title = titles.get(panel, str(panel)) if titles else str(panel)
        ax.set_title("\n".join(_wrap(title, 34)), fontsize=9.5, pad=14)
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_visible(False)
    dims = list(dict.fromkeys(str(d) for d in markers["dimension"]))
    handles = [
        Patch(
            facecolor=DIMENSION_COLOURS.get(d, "#999999"),
            alpha=0.35,
            label=dimension_label(d, lang=lang),
        )
        for d in dims
    ]
    from matplotlib.lines import Line2D

    if reference is not None:
        handles.append(Line2D([], [], color="#6b6b6b", linestyle=(0, (5, 3)), label=ref_name))
    rings = " → ".join(level_names(scale, lang=lang).values())
    handles.append(
        Line2D([], [], color="none", label=t_("anneaux : {rings}", rings=rings, lang=lang))
    )
    fig.legend(
        handles=handles, loc="lower center", ncol=min(len(handles), 4), frameon=False, fontsize=8.5
    )
    if suptitle:
        fig.suptitle(suptitle, fontsize=13, fontweight="bold")
    fig.tight_layout(
        rect=(0, 0.05 + 0.25 / (3.7 * nrows + 0.9), 1, 0.97 if suptitle else 1), h_pad=3.0
    )
    return fig


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width) or [""]
