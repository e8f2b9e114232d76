"""Pictures of a typology: cluster profile heatmap and the 2-D map of projects."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..exceptions import ParameterError
from ..i18n import t_
from ..numbers import NBSP, format_percent
from ._style import (
    OKABE_ITO,
    annotations,
    despine,
    legend_right,
    level_names,
    marker_frame,
    marker_row_labels,
    marker_tick_labels,
    new_axes,
    require_columns,
    scale_frame,
    wrap,
)


def group_label(
    cluster, *, names: Mapping | None = None, sizes: Mapping | None = None, lang=None
) -> str:
    """How a reader names a group: numbered from 1, its name and size if known.

    Clusters are numbered from 0 in the statistics (``labels_``); people count
    from 1. The size reads « (n = 17) » with no-break spaces, so that it never
    splits across lines.

    Examples
    --------
    >>> group_label(0, sizes={0: 17}, lang="fr") == "Groupe 1 (n\u00a0=\u00a017)"
    True
    >>> group_label(2, names={2: "Fort en recherche"}, lang="en")
    'Group 3 · Fort en recherche'
    """
    try:
        number = str(int(cluster) + 1)
    except (TypeError, ValueError):
        number = str(cluster)
    label = t_("Groupe {number}", number=number, lang=lang)
    if names and cluster in names:
        label += f" · {names[cluster]}"
    if sizes and cluster in sizes:
        label += f" (n{NBSP}={NBSP}{int(sizes[cluster])})"
    return label


def cluster_profile_heatmap(
    profiles: pd.DataFrame,
    *,
    names: Mapping | None = None,
    sizes: Mapping | None = None,
    annot: bool = True,
    markers_as_rows: bool = False,
    markers: pd.DataFrame | None = None,
    scale: pd.DataFrame | None = None,
    ax=None,
    lang: str | None = None,
):
    """Heatmap of cluster profiles: clusters in rows, markers in columns, scale units.

    Groups are numbered from 1 (:func:`group_label`); cell values are written
    in the reader's language.

    Parameters
    ----------
    profiles : DataFrame
        Cluster x marker mean scores (``MarkerTypology.profiles_``).
    names : mapping, optional
        Cluster -> name shown in the row label (e.g. from :func:`cluster_summary`).
    sizes : mapping, optional
        Cluster -> number of projects, shown as "(n = 34)".
    annot : bool, default True
    markers_as_rows : bool, default False
        Markers in rows (one line each, « M05 · recherche ») and groups in
        columns: the shape that fits a portrait A4 page with readable text.
    markers, scale : DataFrame, optional
    ax : Axes, optional
    lang : {"fr", "en"}, optional

    Returns
    -------
    matplotlib.axes.Axes
        The colour bar is labelled with the scale's level names.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame([[2.5, 0.5], [1.0, 2.0]], columns=["M01", "M02"])
    >>> ax = cluster_profile_heatmap(p, lang="fr")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Groupe 1', 'Groupe 2']
    >>> ax = cluster_profile_heatmap(p, markers_as_rows=True, sizes={0: 3, 1: 4}, lang="fr")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['M01 · besoin', 'M02 · bénéficiaires']
    """
    import seaborn as sns

    if not isinstance(profiles, pd.DataFrame):
        raise ParameterError(
            f"cluster_profile_heatmap expects a cluster x marker DataFrame; got "
            f"{type(profiles).__name__}."
        )
    scale = scale_frame(scale)
    markers = marker_frame(markers)
    levels = [int(v) for v in scale["level"]]
    groups = [
        group_label(cluster, names=names, sizes=sizes, lang=lang) for cluster in profiles.index
    ]
    codes = [str(c) for c in profiles.columns]
    values = profiles.astype(float)
    n_rows, n_cols = profiles.shape
    if markers_as_rows:
        values = values.T
        rows = marker_row_labels(codes, markers, lang=lang)
        columns = [g.replace(" (", "\n(") for g in groups]
        figsize = (0.8 * n_rows + 3.4, 0.34 * n_cols + 1.2)
    else:
        rows = [wrap(g, 42) for g in groups]
        columns = marker_tick_labels(codes, markers, style="short", lang=lang, width=12)
        figsize = (0.75 * n_cols + 4.5, 0.55 * n_rows + 2.2)
    ax = new_axes(ax, figsize=figsize, lang=lang)
    sns.heatmap(
        values,
        vmin=min(levels),
        vmax=max(levels),
        cmap="cividis",
        annot=annotations(values, digits=1, lang=lang) if annot else False,
        fmt="",
        annot_kws={"fontsize": 10 if markers_as_rows else 9},
        linewidths=0.5,
        linecolor="white",
        ax=ax,
        yticklabels=rows,
        xticklabels=columns,
        cbar_kws={"ticks": levels, "shrink": 0.85},
    )
    colorbar = ax.collections[0].colorbar
    names_ = level_names(scale, lang=lang)
    colorbar.set_ticklabels([names_[v] for v in levels])
    big = 10 if markers_as_rows else 9
    colorbar.ax.tick_params(labelsize=big)
    colorbar.set_label(t_("Note moyenne", lang=lang), fontsize=big)
    ax.tick_params(axis="x", rotation=0, labelsize=big if markers_as_rows else 7.5)
    ax.tick_params(axis="y", rotation=0, labelsize=big if markers_as_rows else 8.5)
    if markers_as_rows:
        ax.xaxis.tick_top()
    ax.set_xlabel("")
    ax.set_ylabel("" if markers_as_rows else t_("Groupe", lang=lang))
    return ax


def cluster_map(
    coords: pd.DataFrame,
    *,
    names: Mapping | None = None,
    ax=None,
    lang: str | None = None,
):
    """Projects on the first two principal components, coloured by cluster.

    Parameters
    ----------
    coords : DataFrame
        Output of :func:`amiris_lab.clustering.project_map`: columns
        ``project_id, pc1, pc2, cluster``; ``coords.attrs["explained_variance_ratio"]``
        (if present) labels the axes with the share of variance.
    names : mapping, optional
        Cluster -> name for the legend.
    ax : Axes, optional
    lang : {"fr", "en"}, optional

    Returns
    -------
    matplotlib.axes.Axes
        One scatter per cluster (legend entries), centres marked with the
        cluster number.

    Examples
    --------
    >>> import pandas as pd
    >>> coords = pd.DataFrame({"project_id": list("abcd"), "pc1": [0, 1, 5, 6],
    ...                        "pc2": [0, 1, 0, 1], "cluster": [0, 0, 1, 1]})
    >>> ax = cluster_map(coords)
    >>> ax.get_legend_handles_labels()[1]
    ['Groupe 1', 'Groupe 2']
    """
    require_columns(coords, ["pc1", "pc2", "cluster"], func="cluster_map")
    ax = new_axes(ax, figsize=(7.5, 6), lang=lang)
    clusters = coords["cluster"]
    groups = [c for c in pd.unique(clusters.dropna())]
    groups = sorted(groups)
    for i, cluster in enumerate(groups):
        part = coords[clusters == cluster]
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        label = wrap(group_label(cluster, names=names, lang=lang), 40)
        ax.scatter(
            part["pc1"],
            part["pc2"],
            s=22,
            alpha=0.75,
            color=colour,
            label=label,
            edgecolor="white",
            linewidth=0.4,
        )
        cx, cy = float(part["pc1"].mean()), float(part["pc2"].mean())
        ax.scatter([cx], [cy], s=260, color=colour, edgecolor="black", linewidth=1.2, zorder=4)
        ax.text(
            cx,
            cy,
            group_label(cluster, lang=lang).split()[-1],
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            color="white" if i not in (6,) else "black",
            zorder=5,
        )
    rest = coords[clusters.isna()]
    if len(rest):
        ax.scatter(
            rest["pc1"],
            rest["pc2"],
            s=18,
            color="#888888",
            alpha=0.6,
            label=t_("sans groupe", lang=lang),
        )
    ratio = coords.attrs.get("explained_variance_ratio")
    for axis, setter in ((0, ax.set_xlabel), (1, ax.set_ylabel)):
        text = t_("Composante principale {axis_1}", axis_1=axis + 1, lang=lang)
        if ratio is not None and len(ratio) > axis:
            text += f" ({format_percent(ratio[axis], lang=lang)})"
        setter(text)
    ax.axhline(0, color="#cccccc", linewidth=0.8, zorder=0)
    ax.axvline(0, color="#cccccc", linewidth=0.8, zorder=0)
    legend_right(ax, t_("Groupe", lang=lang))
    despine(ax)
    return ax
