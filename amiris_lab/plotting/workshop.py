"""Figures of a workshop (trainer dashboard, participants' handout): radar overlay and
strip plot (drawing only).

They take the tidy results of :mod:`amiris_lab.workshop.summary` (participants x
markers profiles) and return the Axes. The radar is drawn by :func:`amiris_lab.plotting.radar`
(participants thin, group median in colour, reference dashed, dimensions shaded).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from ..i18n import t_
from .radar import radar


def radar_overlay(
    profiles: pd.DataFrame,
    *,
    reference: dict | None = None,
    ax=None,
    lang: str | None = None,
):
    """Every participant's profile (thin), the group median and the reference (dashed).

    Drawn by :func:`amiris_lab.plotting.radar` with the Godin markers and scale:
    axes in marker order, sectors shaded by dimension, centre = lowest level,
    rings = levels. NaN (not evaluated) breaks a participant's line.
    """
    return radar(
        _tidy_overlay(profiles, reference, lang=lang),
        kind="rater",
        labels="code",
        ax=ax,
        lang=lang,
    )


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
                "profile": t_("médiane du groupe", lang=lang),
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
                        "profile": t_("référence", lang=lang),
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
    ax.set_xlabel(t_("niveau (trait rouge : médiane)", lang=lang))
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
