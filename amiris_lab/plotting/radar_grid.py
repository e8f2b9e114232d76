"""Small multiples of radars: one panel per cluster, year or group."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..definitions import dimension_label
from ..exceptions import ParameterError
from ..i18n import t_
from ._style import DIMENSION_COLOURS, OKABE_ITO, level_names, marker_frame, scale_frame
from .radar import _draw_radar, tidy_profiles


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
            ring_labels=False,  # small panels: the ring names go in the legend
        )
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
