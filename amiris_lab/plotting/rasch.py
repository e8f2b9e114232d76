"""Pictures of the many-facet Rasch model: Wright map, category curves, member severity.

Each function takes the tidy tables of a fitted :class:`amiris_lab.rasch.FacetsModel`
(``measures_``, ``thresholds_``), accepts ``ax=None`` and returns the Axes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import ParameterError
from ..i18n import N_, t_
from ..rasch.statistics import category_curves
from ._style import OKABE_ITO, despine, new_axes

FACET_NAMES = {
    "project_id": N_("Projets"),
    "marker": N_("Marqueurs\n(difficulté)"),
    "rater_id": N_("Membres\n(sévérité)"),
    "college": N_("Collèges\n(sévérité)"),
}


def _facet_name(facet: str, lang) -> str:
    return t_(FACET_NAMES[facet], lang=lang) if facet in FACET_NAMES else facet


def _check_measures(measures: pd.DataFrame) -> None:
    if not isinstance(measures, pd.DataFrame) or list(measures.index.names) != ["facet", "element"]:
        raise ParameterError(
            "Expected the measures_ table of a fitted FacetsModel (index facet, element)."
        )


def _spread_labels(y: np.ndarray, gap: float) -> np.ndarray:
    """Label positions near ``y`` (sorted order kept) at least ``gap`` apart."""
    order = np.argsort(y)
    placed = y[order].astype(float).copy()
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    shift = (placed - y[order]).mean()
    placed -= shift / 2
    out = np.empty_like(placed)
    out[order] = placed
    return out


def wright_map(
    measures: pd.DataFrame,
    thresholds: pd.DataFrame | None = None,
    *,
    facets=None,
    ax=None,
    lang: str | None = None,
):
    """Wright map: projects, markers, members and thresholds on one logit ruler.

    Parameters
    ----------
    measures : DataFrame
        ``FacetsModel.measures_``.
    thresholds : DataFrame, optional
        ``FacetsModel.thresholds_``; drawn as a last column (mean per category
        for the partial credit model).
    facets : list of str, optional
        Columns after the projects; default every other facet, in order.
    ax : Axes, optional
    lang : {"fr", "en"}, optional

    Returns
    -------
    matplotlib.axes.Axes
        x: one column per facet; y: logits (higher = more innovative project,
        harder marker, more severe member).

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.MultiIndex.from_tuples([("project_id", "P1"), ("project_id", "P2"),
    ...     ("marker", "M01"), ("rater_id", "R01")], names=["facet", "element"])
    >>> m = pd.DataFrame({"measure": [1.0, -0.5, 0.2, -0.1]}, index=idx)
    >>> ax = wright_map(m)
    >>> [t.get_text() for t in ax.get_xticklabels()][0]
    'Projets'
    """
    _check_measures(measures)
    present = list(dict.fromkeys(measures.index.get_level_values("facet")))
    facets = [f for f in present if f != "project_id"] if facets is None else list(facets)
    ax = new_axes(ax, figsize=(2.2 * (len(facets) + 2), 6.5))
    projects = measures.loc["project_id", "measure"].to_numpy(dtype=float)
    values = [projects] + [measures.loc[f, "measure"].to_numpy(dtype=float) for f in facets]
    every = np.concatenate(values)
    lo, hi = np.nanmin(every), np.nanmax(every)
    if thresholds is not None and len(thresholds):
        lo = min(lo, thresholds["threshold"].min())
        hi = max(hi, thresholds["threshold"].max())
    pad = 0.05 * (hi - lo + 1e-9)
    gap = (hi - lo + 2 * pad) / 40
    # projects: a horizontal histogram in column 0
    bins = np.linspace(lo - pad, hi + pad, 31)
    counts, edges = np.histogram(projects, bins=bins)
    width = 0.8 * counts / max(counts.max(), 1)
    ax.barh(
        (edges[:-1] + edges[1:]) / 2,
        width,
        height=np.diff(edges) * 0.9,
        left=-0.4,
        color=OKABE_ITO[0],
        alpha=0.8,
    )
    colours = [OKABE_ITO[1], OKABE_ITO[2], OKABE_ITO[4], OKABE_ITO[5]]
    for j, facet in enumerate(facets, start=1):
        table = measures.loc[facet]
        y = table["measure"].to_numpy(dtype=float)
        colour = colours[(j - 1) % len(colours)]
        ax.scatter(np.full(len(y), j - 0.3), y, color=colour, s=18, zorder=3)
        for label, ly, yy in zip(table.index, _spread_labels(y, gap), y, strict=True):
            ax.plot([j - 0.3, j - 0.12], [yy, ly], color=colour, lw=0.6)
            ax.text(j - 0.1, ly, str(label), va="center", fontsize=8)
    names = [_facet_name("project_id", lang)] + [_facet_name(f, lang) for f in facets]
    if thresholds is not None and len(thresholds):
        j = len(facets) + 1
        tau = thresholds.groupby("category", sort=True)["threshold"].mean()
        ax.scatter(np.full(len(tau), j - 0.3), tau.to_numpy(), marker="_", s=300, color="black")
        for cat, yy in tau.items():
            ax.text(j - 0.1, yy, f"{int(cat) - 1}→{int(cat)}", va="center", fontsize=9)
        names.append(t_("Seuils\nd'Andrich", lang=lang))
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels(names)
    ax.set_xlim(-0.5, len(names) - 0.3)
    ax.set_ylim(lo - pad, hi + pad)
    ax.set_ylabel(t_("Mesure (logits)", lang=lang))
    ax.axhline(0, color="grey", lw=0.6, ls=":")
    ax.set_title(t_("Carte de Wright", lang=lang))
    despine(ax)
    return ax


def category_curves_plot(
    thresholds: pd.DataFrame,
    *,
    group: str | None = None,
    labels=None,
    span: float = 5.0,
    ax=None,
    lang: str | None = None,
):
    """Category probability curves along the measure (project minus marker and member).

    Parameters
    ----------
    thresholds : DataFrame
        ``FacetsModel.thresholds_``.
    group : str, optional
        The marker, for the partial credit model (default: the first group).
    labels : list of str, optional
        A name per category, lowest first (default ``0``, ``1``...).
    span : float, default 5
        The x axis runs from ``-span`` to ``span`` logits.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> th = pd.DataFrame({"group": "all", "category": [1, 2, 3],
    ...                    "threshold": [-1.0, 0.0, 1.0]})
    >>> [t.get_text() for t in category_curves_plot(th).get_legend().get_texts()]
    ['0', '1', '2', '3']
    """
    groups = list(dict.fromkeys(thresholds["group"]))
    group = groups[0] if group is None else group
    if group not in groups:
        raise ParameterError(f"Unknown threshold group {group!r}: the groups are {groups}.")
    rows = thresholds[thresholds["group"] == group].sort_values("category")
    tau = rows["threshold"].to_numpy(dtype=float)
    first = int(rows["category"].iloc[0]) - 1
    grid = np.linspace(-span, span, 401)
    prob = category_curves(tau, grid)
    names = [str(first + k) for k in range(len(tau) + 1)] if labels is None else list(labels)
    ax = new_axes(ax, figsize=(7, 4.2))
    for k in range(prob.shape[1]):
        ax.plot(grid, prob[:, k], color=OKABE_ITO[k % len(OKABE_ITO)], lw=2, label=names[k])
        top = np.argmax(prob[:, k])
        ax.text(grid[top], min(prob[top, k] + 0.03, 1.02), names[k], ha="center", fontsize=9)
    for t in tau:
        ax.axvline(t, color="grey", lw=0.6, ls=":")
    ax.set_ylim(0, 1.08)
    ax.set_xlabel(
        t_(
            "Mesure du projet moins difficulté du marqueur et sévérité du membre (logits)",
            lang=lang,
        )
    )
    ax.set_ylabel(t_("Probabilité de la catégorie", lang=lang))
    title = t_("Courbes des catégories", lang=lang)
    if group != "all":
        title += f" — {group}"
    ax.set_title(title)
    ax.legend(title=t_("Niveau", lang=lang), frameon=False, loc="center right")
    despine(ax)
    return ax


def severity_plot(
    measures: pd.DataFrame,
    *,
    facet: str = "rater_id",
    z: float = 1.96,
    ax=None,
    lang: str | None = None,
):
    """Each member's severity with its ``z`` x SE interval, most severe on top.

    Parameters
    ----------
    measures : DataFrame
        ``FacetsModel.measures_``.
    facet : str, default "rater_id"
        Any facet whose higher measure means lower scores (``college``...).
    z : float, default 1.96
        Half-width of the interval in standard errors.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.MultiIndex.from_tuples([("rater_id", "R01"), ("rater_id", "R02")],
    ...                                 names=["facet", "element"])
    >>> m = pd.DataFrame({"measure": [0.4, -0.4], "se": [0.1, 0.1]}, index=idx)
    >>> [t.get_text() for t in severity_plot(m).get_yticklabels()]
    ['R02', 'R01']
    """
    _check_measures(measures)
    table = measures.loc[facet].sort_values("measure")
    y = np.arange(len(table))
    ax = new_axes(ax, figsize=(6.5, 0.32 * len(table) + 1.6))
    value = table["measure"].to_numpy(dtype=float)
    half = z * table["se"].to_numpy(dtype=float)
    severe = value - half > 0
    lenient = value + half < 0
    colour = np.where(severe, OKABE_ITO[3], np.where(lenient, OKABE_ITO[0], "#777777"))
    ax.hlines(y, value - half, value + half, color=colour, lw=2)
    ax.scatter(value, y, color=colour, zorder=3, s=30)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y)
    ax.set_yticklabels([str(i) for i in table.index])
    ax.set_xlabel(t_("Sévérité (logits) : à droite, note plus bas que la moyenne", lang=lang))
    ax.set_title(t_("Sévérité des membres (intervalle ± {z:g} erreurs types)", z=z, lang=lang))
    ax.text(
        0.99,
        0.01,
        t_("rouge : sévère · bleu : indulgent", lang=lang),
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=8,
        color="#555555",
    )
    despine(ax)
    return ax
