"""Score distributions per marker and the movement from individual scores to consensus."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import ParameterError
from ..i18n import t_
from ._style import (
    despine,
    legend_below,
    level_names,
    marker_frame,
    marker_row_labels,
    new_axes,
    require_columns,
    scale_frame,
    x_grid,
)


def score_distribution(
    scores: pd.DataFrame,
    *,
    round: str | None = None,
    markers: pd.DataFrame | None = None,
    scale: pd.DataFrame | None = None,
    ax=None,
    lang: str | None = None,
):
    """Diverging stacked bars: the share of each level per marker.

    Levels below the middle of the scale extend to the left of zero, levels
    above to the right (the middle level of an odd scale is split in two), so
    markers scored low and high are seen at a glance. Scores not given are left
    out of the shares.

    Parameters
    ----------
    scores : DataFrame
        Tidy scores with columns ``marker, score`` (e.g. ``dataset.scores``), or
        already counted ``marker, level, share``.
    round : str, optional
        Keep only this round when the table has a ``round`` column.
    markers, scale : DataFrame, optional
    ax : Axes, optional
    lang : {"fr", "en"}, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"marker": ["M01"] * 4 + ["M02"] * 4,
    ...                        "score": [0, 1, 2, 3, 3, 3, 2, None]})
    >>> ax = score_distribution(scores)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['M01 · besoin', 'M02 · bénéficiaires']
    """
    import seaborn as sns

    scale = scale_frame(scale)
    markers = marker_frame(markers)
    levels = [int(v) for v in scale["level"]]
    if isinstance(scores, pd.DataFrame) and {"marker", "level", "share"} <= set(scores.columns):
        shares = scores.pivot_table(index="marker", columns="level", values="share", aggfunc="sum")
    else:
        require_columns(scores, ["marker", "score"], func="score_distribution")
        data = scores
        if round is not None and "round" in data.columns:
            data = data[data["round"].astype(str) == round]
        data = data[data["score"].notna()]
        if data.empty:
            raise ParameterError("score_distribution got no score to count.")
        counts = pd.crosstab(data["marker"].astype(str), data["score"].astype(int))
        shares = counts.div(counts.sum(axis=1), axis=0)
    shares = shares.reindex(columns=levels, fill_value=0.0).fillna(0.0)
    codes = [c for c in markers["code"] if c in shares.index]
    codes += [c for c in shares.index if c not in codes]
    shares = shares.loc[codes] * 100
    k = len(levels)
    colours = sns.color_palette("BrBG", k)
    left_part = np.zeros(len(codes))
    # the part left of zero: levels under the middle (+ half the middle level)
    middle = (k - 1) / 2
    for j, level in enumerate(levels):
        if j < middle:
            left_part += shares[level].to_numpy()
        elif j == middle:
            left_part += shares[level].to_numpy() / 2
    ax = new_axes(ax, figsize=(8, 0.42 * len(codes) + 1.8))
    names = level_names(scale, lang=lang)
    y = np.arange(len(codes))
    start = -left_part
    for j, level in enumerate(levels):
        width = shares[level].to_numpy()
        ax.barh(
            y,
            width,
            left=start,
            color=colours[j],
            edgecolor="white",
            linewidth=0.5,
            label=names[level],
            height=0.72,
        )
        for yi, (x0, w) in enumerate(zip(start, width, strict=True)):
            if w >= 8:
                ax.text(
                    x0 + w / 2,
                    yi,
                    f"{w:.0f}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if j in (0, k - 1) else "#222222",
                )
        start = start + width
    ax.axvline(0, color="#333333", linewidth=1)
    ax.set_yticks(y)
    ax.set_yticklabels(marker_row_labels(codes, markers, lang=lang))
    ax.set_ylim(len(codes) - 0.5, -0.5)
    limit = max(100 - float(left_part.min()), float(left_part.max()), 50)
    ax.set_xlim(-min(limit, 100), min(limit, 100))
    ax.xaxis.set_major_formatter(lambda v, _: f"{abs(v):.0f} %")
    ax.set_xlabel(
        t_("Part des notes (%) ; à gauche les niveaux bas, à droite les hauts", lang=lang)
    )
    legend_below(ax, -0.1 - 0.25 / len(codes), ncol=k, title=t_("Niveau", lang=lang))
    despine(ax, "top", "right", "left")
    return ax


def _movement_by_marker(movement: pd.DataFrame) -> pd.DataFrame:
    if {"mean_individual", "mean_consensus"} <= set(movement.columns):
        out = movement.set_index(movement["marker"].astype(str))
        return out
    require_columns(movement, ["marker", "individual", "consensus"], func="consensus_movement_plot")
    data = movement.dropna(subset=["individual", "consensus"])
    gap = data["consensus"].astype(float) - data["individual"].astype(float)
    frame = pd.DataFrame(
        {
            "marker": data["marker"].astype(str).to_numpy(),
            "individual": data["individual"].astype(float).to_numpy(),
            "consensus": data["consensus"].astype(float).to_numpy(),
            "up": (gap > 0).to_numpy(),
            "down": (gap < 0).to_numpy(),
        }
    )
    out = frame.groupby("marker").agg(
        mean_individual=("individual", "mean"),
        mean_consensus=("consensus", "mean"),
        share_up=("up", "mean"),
        share_down=("down", "mean"),
        n=("up", "size"),
    )
    return out


def consensus_movement_plot(
    movement: pd.DataFrame,
    *,
    markers: pd.DataFrame | None = None,
    scale: pd.DataFrame | None = None,
    ax=None,
    lang: str | None = None,
):
    """From individual scores to consensus, per marker: mean before, mean after, who moved.

    Parameters
    ----------
    movement : DataFrame
        Either one row per individual score paired with the committee's
        consensus on the same project and marker -- columns
        ``marker, individual, consensus`` (any extra columns, e.g.
        ``project_id, rater_id``, are ignored) -- or one row per marker with
        ``marker, mean_individual, mean_consensus`` and optionally
        ``share_up, share_down`` (shares of individual scores the consensus
        went above / below).
    markers, scale : DataFrame, optional
    ax : Axes, optional
    lang : {"fr", "en"}, optional

    Returns
    -------
    matplotlib.axes.Axes
        An arrow per marker from the mean individual score (hollow dot) to the
        mean consensus (filled dot); the shares moved up and down are written
        on the right.

    Examples
    --------
    >>> import pandas as pd
    >>> pairs = pd.DataFrame({"marker": ["M01", "M01", "M02"], "individual": [1, 2, 3],
    ...                       "consensus": [2, 2, 2]})
    >>> ax = consensus_movement_plot(pairs)
    >>> len(ax.get_yticklabels())
    2
    """
    table = _movement_by_marker(movement)
    markers = marker_frame(markers)
    scale = scale_frame(scale)
    codes = [c for c in markers["code"] if c in table.index]
    codes += [c for c in table.index if c not in codes]
    table = table.loc[codes]
    ax = new_axes(ax, figsize=(8, 0.42 * len(codes) + 1.8))
    y = np.arange(len(codes))
    before = table["mean_individual"].to_numpy(dtype=float)
    after = table["mean_consensus"].to_numpy(dtype=float)
    for yi, b, a in zip(y, before, after, strict=True):
        colour = "#0072B2" if a >= b else "#D55E00"
        ax.annotate(
            "",
            xy=(a, yi),
            xytext=(b, yi),
            arrowprops={
                "arrowstyle": "-|>",
                "color": colour,
                "lw": 1.6,
                "shrinkA": 4,
                "shrinkB": 4,
            },
        )
    ax.scatter(
        before,
        y,
        s=46,
        facecolor="white",
        edgecolor="#333333",
        zorder=3,
        label=t_("moyenne des notes individuelles", lang=lang),
    )
    ax.scatter(
        after,
        y,
        s=46,
        color="#1a1a1a",
        zorder=3,
        label=t_("moyenne du consensus", lang=lang),
    )
    levels = [int(v) for v in scale["level"]]
    names = level_names(scale, lang=lang)
    ax.set_xticks(levels)
    ax.set_xticklabels([f"{v}\n{names[v]}" for v in levels])
    ax.set_xlim(min(levels) - 0.2, max(levels) + 0.2)
    if {"share_up", "share_down"} <= set(table.columns):
        for yi, up, down in zip(y, table["share_up"], table["share_down"], strict=True):
            ax.text(
                1.01,
                yi,
                f"↑ {100 * up:.0f} %  ↓ {100 * down:.0f} %",
                transform=ax.get_yaxis_transform(),
                va="center",
                fontsize=8,
                color="#333333",
            )
        ax.text(
            1.01,
            -0.9,
            t_("consensus au-dessus / en dessous\ndes notes individuelles", lang=lang),
            transform=ax.get_yaxis_transform(),
            fontsize=7.5,
            color="#555555",
            va="bottom",
        )
    ax.set_yticks(y)
    ax.set_yticklabels(marker_row_labels(codes, markers, lang=lang))
    ax.set_ylim(len(codes) - 0.5, -0.9)
    x_grid(ax)
    legend_below(ax, -0.16 - 0.2 / len(codes), ncol=2)
    despine(ax)
    return ax
