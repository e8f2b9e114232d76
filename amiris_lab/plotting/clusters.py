"""Pictures of a typology: cluster profile heatmap and the 2-D map of projects."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..exceptions import ParameterError
from ..i18n import t_
from ._style import (
    OKABE_ITO,
    despine,
    legend_right,
    level_names,
    marker_frame,
    marker_tick_labels,
    new_axes,
    require_columns,
    scale_frame,
    wrap,
)


def cluster_profile_heatmap(
    profiles: pd.DataFrame,
    *,
    names: Mapping | None = None,
    sizes: Mapping | None = None,
    annot: bool = True,
    markers: pd.DataFrame | None = None,
    scale: pd.DataFrame | None = None,
    ax=None,
    lang: str | None = None,
):
    """Heatmap of cluster profiles: clusters in rows, markers in columns, scale units.

    Parameters
    ----------
    profiles : DataFrame
        Cluster x marker mean scores (``MarkerTypology.profiles_``).
    names : mapping, optional
        Cluster -> name shown in the row label (e.g. from :func:`cluster_summary`).
    sizes : mapping, optional
        Cluster -> number of projects, shown as "(n = 34)".
    annot : bool, default True
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
    >>> ax = cluster_profile_heatmap(p)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['0', '1']
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
    rows = []
    for cluster in profiles.index:
        label = str(cluster)
        if names and cluster in names:
            label = f"{cluster} · {names[cluster]}"
        if sizes and cluster in sizes:
            label += f" (n = {sizes[cluster]})"
        label = wrap(label, 42)
        rows.append(label)
    n_rows, n_cols = profiles.shape
    ax = new_axes(ax, figsize=(0.75 * n_cols + 4.5, 0.55 * n_rows + 2.2))
    sns.heatmap(
        profiles.astype(float),
        vmin=min(levels),
        vmax=max(levels),
        cmap="cividis",
        annot=annot,
        fmt=".1f",
        annot_kws={"fontsize": 8},
        linewidths=0.5,
        linecolor="white",
        ax=ax,
        yticklabels=rows,
        xticklabels=marker_tick_labels(
            [str(c) for c in profiles.columns], markers, style="short", lang=lang, width=12
        ),
        cbar_kws={"ticks": levels, "shrink": 0.85},
    )
    colorbar = ax.collections[0].colorbar
    names_ = level_names(scale, lang=lang)
    colorbar.set_ticklabels([names_[v] for v in levels])
    colorbar.set_label(t_("Score moyen", lang=lang))
    ax.tick_params(axis="x", rotation=0, labelsize=7.5)
    ax.tick_params(axis="y", rotation=0, labelsize=8.5)
    ax.set_xlabel("")
    ax.set_ylabel(t_("Groupe", lang=lang))
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
    ['0', '1']
    """
    require_columns(coords, ["pc1", "pc2", "cluster"], func="cluster_map")
    ax = new_axes(ax, figsize=(7.5, 6))
    clusters = coords["cluster"]
    groups = [c for c in pd.unique(clusters.dropna())]
    groups = sorted(groups)
    for i, cluster in enumerate(groups):
        part = coords[clusters == cluster]
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        label = str(cluster)
        if names and cluster in names:
            label = wrap(f"{cluster} · {names[cluster]}", 40)
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
            str(cluster),
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
            text += f" ({100 * ratio[axis]:.0f} %)"
        setter(text)
    ax.axhline(0, color="#cccccc", linewidth=0.8, zorder=0)
    ax.axvline(0, color="#cccccc", linewidth=0.8, zorder=0)
    legend_right(ax, t_("Groupe", lang=lang))
    despine(ax)
    return ax
