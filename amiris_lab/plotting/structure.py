"""Marker correlation heatmap with its dendrogram."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..clustering.markers import correlation_linkage
from ..exceptions import ParameterError
from ..i18n import t_
from ._style import marker_row_labels


def marker_correlation_heatmap(
    correlation: pd.DataFrame,
    *,
    linkage: np.ndarray | None = None,
    method: str = "average",
    annot: bool = True,
    markers: pd.DataFrame | None = None,
    title: str | None = None,
    lang: str | None = None,
):
    """Marker x marker correlations, reordered by their dendrogram (drawn on the left).

    Parameters
    ----------
    correlation : DataFrame
        Square marker x marker correlations (e.g. ``marker_dendrogram(...).correlation``
        or :func:`amiris_lab.analysis.marker_correlations`).
    linkage : ndarray, optional
        A SciPy linkage of the markers; computed on 1 - r with ``method`` if omitted.
    method : {"average", "complete", "single"}, default "average"
    annot : bool, default True
        Write the correlations in the cells.
    markers : DataFrame, optional
    title : str, optional
    lang : {"fr", "en"}, optional

    Returns
    -------
    matplotlib.figure.Figure
        Three Axes: the dendrogram, the heatmap, its colour bar.

    Examples
    --------
    >>> import pandas as pd
    >>> corr = pd.DataFrame([[1, .8, .1], [.8, 1, .2], [.1, .2, 1]],
    ...                     index=["M01", "M02", "M03"], columns=["M01", "M02", "M03"])
    >>> fig = marker_correlation_heatmap(corr)
    >>> [t.get_text()[:3] for t in fig.axes[1].get_yticklabels()]
    ['M03', 'M01', 'M02']
    """
    import matplotlib.pyplot as plt
    import seaborn as sns
    from scipy.cluster.hierarchy import dendrogram

    if not isinstance(correlation, pd.DataFrame) or correlation.shape[0] != correlation.shape[1]:
        raise ParameterError(
            "marker_correlation_heatmap expects a square marker x marker DataFrame."
        )
    tree = correlation_linkage(correlation, method=method) if linkage is None else linkage
    n = len(correlation)
    fig = plt.figure(figsize=(0.55 * n + 6.5, 0.5 * n + 2.6))
    grid = fig.add_gridspec(
        2,
        2,
        width_ratios=[1.2, max(n / 2.2, 2.5)],
        height_ratios=[n, 0.35],
        wspace=0.02,
        hspace=0.25 + 0.8 / n,
    )
    ax_tree, ax_map = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
    ax_bar = fig.add_subplot(grid[1, 1])
    leaves = dendrogram(
        tree,
        orientation="left",
        ax=ax_tree,
        no_labels=True,
        color_threshold=0,
        above_threshold_color="#555555",
    )["leaves"]
    ax_tree.invert_yaxis()  # first leaf at the top, as the heatmap's first row
    ax_tree.set_axis_off()
    order = [correlation.index[i] for i in leaves]
    ordered = correlation.loc[order, order].astype(float)
    labels = marker_row_labels([str(c) for c in order], markers, lang=lang)
    sns.heatmap(
        ordered,
        vmin=-1,
        vmax=1,
        center=0,
        cmap="vlag_r",
        annot=annot,
        fmt=".2f",
        annot_kws={"fontsize": 7},
        linewidths=0.5,
        linecolor="white",
        ax=ax_map,
        xticklabels=[str(c) for c in order],
        yticklabels=labels,
        cbar_ax=ax_bar,
        cbar_kws={
            "label": t_("Corrélation de Spearman", lang=lang),
            "orientation": "horizontal",
        },
    )
    ax_map.yaxis.tick_right()
    ax_map.tick_params(axis="y", rotation=0)
    ax_map.set_xlabel("")
    ax_map.set_ylabel("")
    # dendrogram leaves sit at 5, 15, 25...: align them with the heatmap rows
    ax_tree.set_ylim(10 * n, 0)
    fig.suptitle(
        title or t_("Marqueurs qui vont ensemble", lang=lang),
        fontsize=12,
    )
    return fig
