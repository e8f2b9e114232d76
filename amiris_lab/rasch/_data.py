"""Observations for the many-facet Rasch model: gathering, coding and the checks before fitting.

:func:`prepare` turns a :class:`~amiris_lab.MarkerDataset` (or a long DataFrame) into
integer-coded arrays, one row per observed score. :func:`check_design` refuses data
that would give a silently wrong scale: a score category never used, an element seen
once, or a design whose measures are not all linked (disconnected subsets).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import EstimationError, ParameterError
from ..i18n import lazy_

OBJECT_FACET = "project_id"
BASE_FACETS = ("project_id", "marker", "rater_id")


@dataclass
class FacetsData:
    """Integer-coded observations.

    Attributes
    ----------
    facets : tuple of str
        ``("project_id", *other facets)``; the first is the object facet (sign +).
    codes : ndarray of int, shape (n_obs, n_facets)
        Element code of each observation in each facet.
    labels : list of ndarray
        Element labels per facet, indexed by code.
    x : ndarray of int, shape (n_obs,)
        Score as a category index ``0..m`` (score minus the lowest category).
    categories : ndarray
        Category values on the original scale, lowest first.
    group : ndarray of int, shape (n_obs,)
        Threshold group of each observation (all 0 for the rating scale model,
        the marker code for the partial credit model).
    group_labels : ndarray
        Label of each threshold group.
    nesting : dict
        Inner facet -> outer facet, for facets whose every element lies in one
        element of another facet (e.g. ``rater_id`` in ``college``).
    frame : DataFrame
        The observations with their attributes (project and rater columns),
        aligned with ``x``.
    """

    facets: tuple[str, ...]
    codes: np.ndarray
    labels: list[np.ndarray]
    x: np.ndarray
    categories: np.ndarray
    group: np.ndarray
    group_labels: np.ndarray
    nesting: dict[str, str]
    frame: pd.DataFrame

    @property
    def m(self) -> int:
        """Highest category index."""
        return len(self.categories) - 1

    @property
    def n_groups(self) -> int:
        return len(self.group_labels)

    def sizes(self) -> list[int]:
        """Number of elements per facet."""
        return [len(lab) for lab in self.labels]


def _long_from_dataset(dataset, round: str, year) -> tuple[pd.DataFrame, np.ndarray]:
    if year is not None:  # refuses an absent year, naming it
        dataset = dataset.filter(year=[int(y) for y in np.atleast_1d(year)])
    scores = dataset.scores
    keep = (scores["round"].astype(str) == round) & scores["score"].notna()
    frame = pd.DataFrame(
        {
            "project_id": scores.loc[keep, "project_id"].astype(str).to_numpy(),
            "rater_id": scores.loc[keep, "rater_id"].astype(str).to_numpy(),
            "marker": scores.loc[keep, "marker"].astype(str).to_numpy(),
            "score": scores.loc[keep, "score"].to_numpy(dtype=float, na_value=np.nan),
        }
    )
    raters = dataset.raters.astype({"rater_id": str})
    raters = raters.assign(**{c: raters[c].astype(str) for c in raters.columns})
    projects = dataset.projects
    projects = projects.assign(**{c: projects[c].astype(str) for c in projects.columns})
    projects["year"] = dataset.projects["year"].astype(int)
    frame = frame.merge(raters, on="rater_id", how="left")
    frame = frame.merge(projects, on="project_id", how="left", suffixes=("", "_project"))
    return frame.reset_index(drop=True), np.asarray(dataset.levels)


def _long_from_frame(data: pd.DataFrame, round: str, year) -> tuple[pd.DataFrame, None]:
    frame = data
    if "round" in frame.columns:
        frame = frame[frame["round"].astype(str) == round]
    if year is not None:
        if "year" not in frame.columns:
            raise ParameterError(
                lazy_("year= demande une colonne 'year' dans le tableau des notes.")
            )
        frame = frame[frame["year"].astype(int).isin([int(y) for y in np.atleast_1d(year)])]
    frame = frame[frame["score"].notna()].reset_index(drop=True)
    return frame, None


def prepare(
    data, *, facets: tuple[str, ...], round: str, year, model: str, categories=None
) -> FacetsData:
    """Gather and code the observations (see :class:`FacetsData`)."""
    if hasattr(data, "scores") and hasattr(data, "raters"):
        frame, levels = _long_from_dataset(data, round, year)
    elif isinstance(data, pd.DataFrame):
        frame, levels = _long_from_frame(data, round, year)
    else:
        raise ParameterError(
            lazy_(
                "FacetsModel.fit attend un MarkerDataset ou un DataFrame long "
                "(project_id, marker, rater_id, score) ; reçu {__name__}.",
                __name__=type(data).__name__,
            )
        )
    all_facets = (OBJECT_FACET, *facets)
    missing = [c for c in (*all_facets, "score") if c not in frame.columns]
    if missing:
        raise ParameterError(
            lazy_(
                "Colonne(s) absente(s) des données : {missing}. Colonnes disponibles : {columns}.",
                missing=", ".join(missing),
                columns=", ".join(map(str, frame.columns)),
            )
        )
    if frame.empty:
        if year is None:
            message = lazy_("Aucune note pour le tour {round!r} : rien à ajuster.", round=round)
        else:
            message = lazy_(
                "Aucune note pour le tour {round!r} et l'année {year} : rien à ajuster.",
                round=round,
                year=year,
            )
        raise ParameterError(message)
    score = frame["score"].to_numpy(dtype=float)
    if not np.all(score == np.round(score)):
        bad = score[score != np.round(score)][0]
        raise ParameterError(lazy_("Les notes doivent être des entiers ; trouvé {bad}.", bad=bad))
    if categories is not None:
        levels = np.asarray(categories)
    elif levels is None:
        levels = np.arange(int(score.min()), int(score.max()) + 1)
    levels = np.asarray(levels, dtype=int)
    outside = ~np.isin(score, levels)
    if outside.any():
        raise ParameterError(
            lazy_(
                "La note {score:g} n'est pas une catégorie de l'échelle ({levels}).",
                score=score[outside][0],
                levels=", ".join(map(str, levels)),
            )
        )
    x = np.searchsorted(levels, score.astype(int))
    codes, labels = [], []
    for facet in all_facets:
        code, lab = pd.factorize(frame[facet].astype(str), sort=True)
        codes.append(code)
        labels.append(np.asarray(lab, dtype=object))
    codes = np.column_stack(codes)
    if model == "partial_credit":
        if "marker" not in facets:
            raise ParameterError(
                lazy_(
                    "Le modèle partial_credit donne des seuils à chaque marqueur : "
                    "'marker' doit être parmi les facettes."
                )
            )
        gi = all_facets.index("marker")
        group, group_labels = codes[:, gi], labels[gi]
    else:
        group, group_labels = np.zeros(len(x), dtype=int), np.array(["all"])
    return FacetsData(
        facets=all_facets,
        codes=codes,
        labels=labels,
        x=x,
        categories=levels,
        group=group,
        group_labels=group_labels,
        nesting=_nesting(codes, all_facets),
        frame=frame,
    )


def _nesting(codes: np.ndarray, facets: tuple[str, ...]) -> dict[str, str]:
    """Inner -> outer where each inner element lies in one element of an added facet."""
    out = {}
    for i in range(1, len(facets)):
        for j in range(1, len(facets)):
            # only an added attribute facet (college...) can hold another; markers and
            # members nested in each other are a confounded design, caught later
            if i == j or facets[j] in BASE_FACETS or facets[j] in out or facets[i] in out:
                continue
            pairs = np.unique(codes[:, [i, j]], axis=0)
            n_inner = len(np.unique(codes[:, i]))
            n_outer = len(np.unique(codes[:, j]))
            if len(pairs) == n_inner and n_outer < n_inner:
                out[facets[i]] = facets[j]
    return out


def _names(labels, codes, limit=8) -> str:
    shown = ", ".join(str(labels[c]) for c in codes[:limit])
    return shown + (f" … (+{len(codes) - limit})" if len(codes) > limit else "")


def check_categories(d: FacetsData) -> None:
    """Every category must be observed (in every marker for the partial credit model)."""
    counts = np.zeros((d.n_groups, d.m + 1), dtype=int)
    np.add.at(counts, (d.group, d.x), 1)
    for g, row in enumerate(counts):
        unused = np.flatnonzero(row == 0)
        if len(unused):
            cats = ", ".join(str(d.categories[k]) for k in unused)
            if d.n_groups == 1:
                message = lazy_(
                    "Catégorie(s) jamais utilisée(s) : {cats}. Leur seuil serait infini : "
                    "regroupez-la avec sa voisine (recodez les notes) ou passez categories= "
                    "sans elle.",
                    cats=cats,
                )
            else:
                message = lazy_(
                    "Catégorie(s) jamais utilisée(s) pour le marqueur {marker} : {cats}. Leur "
                    "seuil serait infini : regroupez-la avec sa voisine (recodez les notes), "
                    "passez categories= sans elle, ou prenez model='rating_scale'.",
                    marker=d.group_labels[g],
                    cats=cats,
                )
            raise EstimationError(
                message,
                elements=[("category", d.categories[k]) for k in unused],
            )


def check_single_observations(d: FacetsData) -> None:
    """No element may rest on one observation only."""
    found = []
    for f, facet in enumerate(d.facets):
        counts = np.bincount(d.codes[:, f], minlength=len(d.labels[f]))
        ones = np.flatnonzero(counts == 1)
        if len(ones):
            found.append((facet, ones))
    if found:
        text = "; ".join(
            f"{facet}: {_names(d.labels[d.facets.index(facet)], c)}" for facet, c in found
        )
        raise EstimationError(
            lazy_(
                "Élément(s) avec une seule observation ({text}) : sa mesure ne serait "
                "pas estimable. Retirez-le(s) des données ou complétez ses notes.",
                text=text,
            ),
            elements=[
                (facet, str(d.labels[d.facets.index(facet)][c])) for facet, cs in found for c in cs
            ],
        )


def extreme_elements(d: FacetsData, active: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Prune elements whose every active score is the lowest or highest category, repeatedly.

    Returns the final mask of active observations and, per facet, an int array
    (+1 extreme high, -1 extreme low, 0 not extreme) over its elements.
    """
    active = active.copy()
    flags = [np.zeros(len(lab), dtype=int) for lab in d.labels]
    changed = True
    while changed:
        changed = False
        for f in range(len(d.facets)):
            n = len(d.labels[f])
            code = d.codes[active, f]
            count = np.bincount(code, minlength=n)
            top = np.bincount(code, weights=d.x[active] == d.m, minlength=n)
            bottom = np.bincount(code, weights=d.x[active] == 0, minlength=n)
            high = (count > 0) & (top == count)
            low = (count > 0) & (bottom == count)
            if high.any() or low.any():
                flags[f][high] = 1
                flags[f][low] = -1
                active &= ~np.isin(d.codes[:, f], np.flatnonzero(high | low))
                changed = True
    return active, flags
