"""Figures of the trainer dashboard: radar overlay and strip plot (drawing only).

They take the tidy results of :mod:`amiris_lab.workshop.summary` (participants x
markers profiles) and return the Axes. The radar is drawn by :func:`amiris_lab.plotting.radar`
(participants thin, group median in colour, reference dashed, dimensions shaded) and by
a plain polar drawing if that module is missing.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from ..i18n import tr


def radar_overlay(
    profiles: pd.DataFrame,
    *,
    levels: list[int],
    reference: dict | None = None,
    dimensions: list[str] | None = None,
    ax=None,
    lang: str | None = None,
):
    """Every participant's profile (thin), the group median (thick) and the reference (dashed).

    Axes in marker order, sectors shaded by dimension (``dimensions``: one name per
    marker); centre = lowest level; rings = levels. NaN (not evaluated) breaks a
    participant's line.
    """
    try:
        from ..plotting import radar
    except ImportError:  # the project's radar is not installed: plain polar drawing
        radar = None
    if radar is not None:
        return radar(
            _tidy_overlay(profiles, reference, lang=lang),
            kind="rater",
            labels="code",
            ax=ax,
            lang=lang,
        )
    import matplotlib.pyplot as plt

    markers = list(profiles.columns)
    n = len(markers)
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    closed = np.append(angles, angles[:1])
    if ax is None:
        _, ax = plt.subplots(figsize=(5.2, 5.2), subplot_kw={"projection": "polar"})
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    if dimensions:
        palette = ["#f4d03f", "#5dade2", "#58d68d", "#eb984e", "#af7ac5"]
        colours = {d: palette[i % len(palette)] for i, d in enumerate(dict.fromkeys(dimensions))}
        width = 2 * np.pi / n
        for angle, dim in zip(angles, dimensions, strict=True):
            ax.bar(
                angle,
                max(levels) - min(levels),
                width=width,
                bottom=min(levels),
                color=colours[dim],
                alpha=0.12,
                linewidth=0,
            )
    cmap = plt.get_cmap("tab10")
    many = len(profiles) > 10
    for i, (pid, row) in enumerate(profiles.iterrows()):
        values = row.to_numpy(float)
        ax.plot(
            closed,
            np.append(values, values[:1]),
            color="#5d6d7e" if many else cmap(i % 10),
            linewidth=1.0,
            alpha=0.5 if many else 0.8,
            label=None if many else str(pid),
        )
    median = profiles.median().to_numpy(float)
    ax.plot(
        closed,
        np.append(median, median[:1]),
        color="#c0392b",
        linewidth=2.6,
        label=tr("médiane du groupe", "group median", lang=lang),
    )
    if reference:
        ref = np.array(
            [np.nan if reference.get(m) in (None, "ne") else float(reference[m]) for m in markers]
        )
        ax.plot(
            closed,
            np.append(ref, ref[:1]),
            color="#1a5e20",
            linewidth=1.8,
            linestyle="--",
            label=tr("référence", "reference", lang=lang),
        )
    ax.set_xticks(angles)
    ax.set_xticklabels(markers, fontsize=8)
    ax.set_ylim(min(levels), max(levels) + 0.05)
    ax.set_yticks(levels)
    ax.set_yticklabels([str(lv) for lv in levels], fontsize=7)
    if many:
        ax.plot(
            [],
            [],
            color="#5d6d7e",
            linewidth=1.0,
            label=tr("participants", "participants", lang=lang),
        )
    ax.legend(loc="upper right", bbox_to_anchor=(1.25, 1.12), fontsize=7, frameon=False)
    return ax


def _tidy_overlay(
    profiles: pd.DataFrame, reference: dict | None, *, lang: str | None
) -> pd.DataFrame:
    """Participants (role ``rater``), the group median (``profile``) and the reference
    (``reference``) in the tidy form of :func:`amiris_lab.plotting.radar`."""
    frames = []
    for pid, row in profiles.iterrows():
        frames.append(
            pd.DataFrame(
                {
                    "profile": str(pid),
                    "role": "rater",
                    "marker": row.index,
                    "score": row.to_numpy(float),
                }
            )
        )
    median = profiles.median()
    frames.append(
        pd.DataFrame(
            {
                "profile": tr("médiane du groupe", "group median", lang=lang),
                "role": "profile",
                "marker": median.index,
                "score": median.to_numpy(float),
            }
        )
    )
    if reference:
        ref = {
            m: float(v)
            for m, v in reference.items()
            if v not in (None, "ne") and m in profiles.columns
        }
        if ref:
            frames.append(
                pd.DataFrame(
                    {
                        "profile": tr("référence", "reference", lang=lang),
                        "role": "reference",
                        "marker": list(ref),
                        "score": list(ref.values()),
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def strip_plot(
    profiles: pd.DataFrame,
    *,
    levels: list[int],
    order: list[str] | None = None,
    ax=None,
    lang: str | None = None,
):
    """One row per marker (most disagreement first when ``order`` says so), one dot per participant."""
    import matplotlib.pyplot as plt

    order = list(order or profiles.columns)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.2, 0.32 * len(order) + 0.9))
    rng = np.random.default_rng(0)
    for i, marker in enumerate(order):
        values = profiles[marker].dropna().to_numpy(float)
        jitter = rng.uniform(-0.18, 0.18, size=values.size)
        ax.scatter(
            values + jitter * 0.5,
            np.full(values.size, i) + jitter,
            s=18,
            color="#34495e",
            alpha=0.7,
        )
        if values.size:
            ax.plot([np.median(values)] * 2, [i - 0.35, i + 0.35], color="#c0392b", linewidth=2)
    ax.set_yticks(range(len(order)))
    ax.set_yticklabels(order, fontsize=8)
    ax.invert_yaxis()
    ax.set_xticks(levels)
    ax.set_xlim(min(levels) - 0.5, max(levels) + 0.5)
    ax.set_xlabel(tr("niveau (trait rouge : médiane)", "level (red bar: median)", lang=lang))
    ax.grid(axis="x", alpha=0.3)
    return ax


def figure_png(draw, *args, polar: bool = False, figsize=(5.2, 5.2), **kwargs) -> bytes:
    """Draw on a fresh figure (no pyplot state kept) and return PNG bytes."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=90)
    ax = fig.add_subplot(111, projection="polar" if polar else None)
    draw(*args, ax=ax, **kwargs)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
