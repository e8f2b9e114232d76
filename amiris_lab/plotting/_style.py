"""Shared look of the pictures: colour-blind-safe palette, label helpers, Axes creation."""

from __future__ import annotations

import textwrap

import pandas as pd

from ..clustering._common import check_option, short_marker_names
from ..definitions import default_markers, default_scale, level_labels, marker_labels
from ..exceptions import ParameterError
from ..numbers import format_number, tick_formatter

#: Okabe & Ito (2008) colour-blind-safe palette, most legible first (yellow last).
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Light tints of the five dimensions (sectors of the radar).
DIMENSION_COLOURS = {
    "Contexte d'émergence": "#56B4E9",
    "Processus": "#E69F00",
    "Résultat": "#009E73",
    "Impacts directs": "#CC79A7",
    "Diffusion et changements": "#D55E00",
}

__all__ = ["OKABE_ITO", "DIMENSION_COLOURS", "check_option", "palette"]


def palette(n: int) -> list[str]:
    """``n`` colours from the Okabe-Ito palette (cycled beyond eight)."""
    return [OKABE_ITO[i % len(OKABE_ITO)] for i in range(n)]


def new_axes(ax=None, *, polar: bool = False, figsize=(7, 5), lang=None):
    """Return ``ax`` or a new Axes on a new figure, its number ticks in the reader's language."""
    import matplotlib.pyplot as plt

    if ax is not None:
        if polar and getattr(ax, "name", "") != "polar":
            raise ParameterError(
                "This picture needs a polar Axes: create it with "
                "fig.add_subplot(projection='polar')."
            )
    else:
        fig = plt.figure(figsize=figsize)
        ax = fig.add_subplot(projection="polar" if polar else None)
    if not polar:
        localise_ticks(ax, lang=lang)
    return ax


def annotations(values: pd.DataFrame, *, digits: int, lang=None):
    """Cell texts of a heatmap in the reader's language (pass with ``fmt=""``)."""
    import numpy as np

    return np.array(
        [[format_number(v, digits=digits, lang=lang) for v in row] for row in values.to_numpy()],
        dtype=object,
    )


def localise_ticks(ax, *, lang=None) -> None:
    """Write the number ticks of ``ax`` as the reader does (« 0,2 », not « 0.2 »).

    Only matplotlib's default number formatter is replaced; text ticks and
    formatters set on purpose are left alone.
    """
    from matplotlib.ticker import ScalarFormatter

    for axis in (ax.xaxis, ax.yaxis):
        if isinstance(axis.get_major_formatter(), ScalarFormatter):
            axis.set_major_formatter(tick_formatter(lang=lang))


def marker_frame(markers: pd.DataFrame | None) -> pd.DataFrame:
    return default_markers() if markers is None else markers


def scale_frame(scale: pd.DataFrame | None) -> pd.DataFrame:
    return default_scale() if scale is None else scale


def marker_tick_labels(
    codes, markers: pd.DataFrame | None, *, style: str = "short", lang=None, width: int = 18
) -> list[str]:
    """Display labels of markers: ``code`` / ``"M05\\nRecherche"`` / wrapped full label."""
    check_option(style, ("short", "full", "code"), name="labels", func="the plot")
    if style == "code":
        return [str(c) for c in codes]
    names = (
        short_marker_names(markers, lang=lang)
        if style == "short"
        else marker_labels(markers, lang=lang)
    )
    out = []
    for code in codes:
        name = str(names.get(code, ""))
        name = name[:1].upper() + name[1:]
        out.append(
            f"{code}\n" + "\n".join(textwrap.wrap(name, width, break_long_words=False))
            if name
            else str(code)
        )
    return out


def marker_row_labels(codes, markers: pd.DataFrame | None, *, lang=None) -> list[str]:
    """One-line labels ``"M05 · recherche"`` for rows of tables and forests."""
    names = short_marker_names(markers, lang=lang)
    return [f"{c} · {names[c]}" if c in names else str(c) for c in codes]


def wrap(text: str, width: int) -> str:
    """Wrap a label on several lines without breaking words."""
    return "\n".join(textwrap.wrap(str(text), width, break_long_words=False)) or str(text)


def level_names(scale: pd.DataFrame | None, *, lang=None) -> dict[int, str]:
    return level_labels(scale_frame(scale), lang=lang)


def number(value: float, *, lang=None, digits: int = 3) -> str:
    """Format a number in the reader's language (:func:`amiris_lab.numbers.format_number`)."""
    return format_number(value, digits=digits, lang=lang)


def require_columns(frame: pd.DataFrame, columns, *, func: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"{func} expects a DataFrame; got {type(frame).__name__}.")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError(
            f"{func} needs the column(s) {', '.join(missing)}; the table has "
            f"{', '.join(map(str, frame.columns))}."
        )


def despine(ax, *sides: str) -> None:
    """Hide the frame lines of ``ax`` on ``sides`` (default: top and right)."""
    for side in sides or ("top", "right"):
        ax.spines[side].set_visible(False)


def x_grid(ax) -> None:
    """Light vertical grid lines behind the data."""
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def legend_right(ax, title: str) -> None:
    """Frameless legend outside the Axes, top right."""
    ax.legend(title=title, frameon=False, fontsize=8.5, loc="upper left", bbox_to_anchor=(1.01, 1))


def legend_below(ax, y: float, *, ncol: int, **kwargs) -> None:
    """Frameless legend centred under the Axes, its top at ``y`` (axes fraction)."""
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, y), ncol=ncol, frameon=False, fontsize=8.5,
        **kwargs,
    )  # fmt: skip
