"""The long table of a G study and its design: which sources of variance, coded how.

A G study has one object of measurement (``project_id``) and random facets
(``rater_id``, ``marker``...), crossed unless a facet is nested in another column
(members in colleges). A *source* is a set of factors; its levels are the
observed combinations of those factors. Sources are named by joining the factor
names with ``:`` in the order object, facets, parents (``project_id:rater_id``,
``rater_id:college``), as R's lme4 names the terms of the formula. The source made
of every factor is the residual, confounded with error (one score per cell).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from ..definitions import CONSENSUS_RATER
from ..exceptions import DesignError, ParameterError
from ..i18n import lazy_

OBJECT = "project_id"
SCORE = "score"


@dataclass(frozen=True)
class Source:
    """One source of variance: its name, factors and level code per score."""

    name: str
    factors: tuple[str, ...]
    codes: np.ndarray  # int64, one per score, 0..n_levels-1
    n_levels: int

    @property
    def facets(self) -> tuple[str, ...]:
        """The factors other than the object of measurement."""
        return tuple(f for f in self.factors if f != OBJECT)

    @property
    def has_object(self) -> bool:
        return OBJECT in self.factors


@dataclass(frozen=True)
class Design:
    """Scores and the sources of a G study (residual excluded from ``sources``).

    Attributes
    ----------
    table : DataFrame
        The long table used: ``project_id``, the facet and parent columns, ``score``.
    facets : tuple of str
        The random facets, as given.
    nested : dict
        Facet -> column it is nested in.
    sources : list of Source
        Every random source except the residual, in display order.
    residual : str
        Name of the residual source (all factors).
    """

    table: pd.DataFrame
    facets: tuple[str, ...]
    nested: dict[str, str]
    sources: list[Source]
    residual: str
    factors: tuple[str, ...] = field(default=())
    y: np.ndarray = field(default=None, repr=False)
    project_codes: np.ndarray = field(default=None, repr=False)

    @property
    def n(self) -> int:
        return len(self.y)

    def source_names(self) -> list[str]:
        return [s.name for s in self.sources] + [self.residual]

    def summary(self) -> dict:
        """Projects, members per project (mean, harmonic mean), cells observed."""
        t = self.table
        out: dict = {"n_scores": len(t), "n_projects": int(t[OBJECT].nunique())}
        grid = out["n_projects"]
        for facet in self.facets:
            out[f"n_{facet}"] = int(t[facet].nunique())
            grid *= out[f"n_{facet}"]
        if "rater_id" in self.facets:
            per_project = t.groupby(OBJECT, observed=True)["rater_id"].nunique()
            out["raters_per_project_mean"] = float(per_project.mean())
            out["raters_per_project_harmonic"] = float(len(per_project) / (1.0 / per_project).sum())
        out["cells_observed"] = len(t)
        out["cells_share"] = len(t) / grid if not self.nested else float("nan")
        return out


def long_table(
    data,
    *,
    facets: tuple[str, ...],
    round: str = "individuel",
    marker=None,
    year=None,
    nested: dict[str, str] | None = None,
    strata: str | None = None,
) -> pd.DataFrame:
    """The scores of ``data`` as a long table with the columns a G study needs.

    ``data`` is a :class:`amiris_lab.MarkerDataset` (round, year, marker filters;
    ``college`` and ``year`` joined from its tables) or a DataFrame that already
    holds ``project_id``, ``score``, the facets and any ``nested``/``strata`` column.
    Missing scores are dropped (a missing cell means "not scored").
    """
    nested = dict(nested or {})
    extra = [c for c in (*nested.values(), strata) if c is not None]
    if isinstance(data, pd.DataFrame):
        frame = data
        if year is not None and "year" in frame.columns:
            frame = frame[frame["year"].isin(_as_list(year))]
    elif hasattr(data, "scores") and hasattr(data, "projects"):
        frame = _from_dataset(data, round=round, year=year, extra=extra)
    else:
        raise ParameterError(
            lazy_(
                "gstudy attend un MarkerDataset ou un DataFrame long (project_id, rater_id, "
                "marker, score) ; reçu {kind}.",
                kind=type(data).__name__,
            )
        )
    needed = [OBJECT, *facets, *extra, SCORE]
    if marker is not None and "marker" not in needed:
        needed.insert(1, "marker")
    missing = [c for c in dict.fromkeys(needed) if c not in frame.columns]
    if missing:
        raise ParameterError(
            lazy_(
                "Colonne(s) absente(s) des données : {missing}. Colonnes présentes : {present}.",
                missing=", ".join(missing),
                present=", ".join(map(str, frame.columns)),
            )
        )
    if marker is not None:
        markers = _as_list(marker)
        unknown = sorted(set(map(str, markers)) - set(frame["marker"].astype(str).unique()))
        if unknown:
            raise ParameterError(
                lazy_("Marqueur inconnu ou sans score : {codes}.", codes=", ".join(unknown))
            )
        frame = frame[frame["marker"].astype(str).isin(list(map(str, markers)))]
    table = frame[list(dict.fromkeys(needed))].copy()
    table[SCORE] = pd.to_numeric(table[SCORE], errors="coerce")
    table = table.dropna(subset=[SCORE])
    for column in table.columns:
        if column != SCORE:
            table[column] = table[column].astype(str)
    return table.reset_index(drop=True)


def _as_list(value) -> list:
    if isinstance(value, (list, tuple, set, np.ndarray, pd.Index, pd.Series)):
        return list(value)
    return [value]


def _from_dataset(dataset, *, round: str, year, extra: list[str]) -> pd.DataFrame:
    if year is not None:
        dataset = dataset.filter(year=_as_list(year))  # refuses an absent year, naming it
    scores = dataset.scores
    rounds = scores["round"].astype(str)
    if round not in set(rounds.cat.categories if hasattr(rounds, "cat") else rounds):
        if round not in ("individuel", "revise", "consensus"):
            raise ParameterError(
                lazy_(
                    "Le paramètre 'round' doit valoir 'individuel', 'revise' ou 'consensus' ; "
                    "reçu {value!r}.",
                    value=round,
                )
            )
    frame = scores[(rounds == round) & (scores["rater_id"].astype(str) != CONSENSUS_RATER)]
    frame = frame.dropna(subset=["score"])
    projects = dataset.projects[["project_id", "year"]]
    frame = pd.DataFrame(
        {
            "project_id": frame["project_id"].astype(str).to_numpy(),
            "rater_id": frame["rater_id"].astype(str).to_numpy(),
            "marker": frame["marker"].astype(str).to_numpy(),
            "score": frame["score"].astype(float).to_numpy(),
        }
    )
    if "year" in extra:
        frame = frame.merge(projects.astype({"project_id": str}), on="project_id", how="left")
    if "college" in extra:
        raters = dataset.raters[["rater_id", "college"]].astype(str)
        frame = frame.merge(raters, on="rater_id", how="left")
    return frame


def build_design(
    table: pd.DataFrame, *, facets: tuple[str, ...], nested: dict[str, str] | None = None
) -> Design:
    """Check the design and code every source (crossed facets, optional nesting).

    Raises :class:`amiris_lab.exceptions.DesignError` when a facet has one level,
    when no project has two levels of a facet (its variance cannot be told apart
    from error), or when a cell holds several scores.
    """
    nested = dict(nested or {})
    for child, parent in nested.items():
        if child not in facets:
            raise ParameterError(
                lazy_(
                    "'nested' imbrique {child!r}, qui n'est pas une facette ({facets}).",
                    child=child,
                    facets=", ".join(facets),
                )
            )
        per_child = table.groupby(child, observed=True)[parent].nunique()
        if (per_child > 1).any():
            bad = per_child[per_child > 1].index[0]
            raise DesignError(
                lazy_(
                    "La facette {child!r} n'est pas imbriquée dans {parent!r} : le niveau "
                    "{level!r} apparaît sous plusieurs valeurs de {parent!r}.",
                    child=child,
                    parent=parent,
                    level=bad,
                ),
                facet=child,
            )
    if table.empty:
        raise DesignError(
            lazy_("Aucun score à analyser : vérifiez le tour, l'année et le marqueur demandés.")
        )
    _check_levels(table, facets)
    factors = (OBJECT, *facets, *[p for p in dict.fromkeys(nested.values()) if p not in facets])
    cells = table.duplicated(subset=[OBJECT, *facets])
    if cells.any():
        row = table.loc[cells.idxmax(), [OBJECT, *facets]]
        where = ", ".join(f"{k}={v}" for k, v in row.items())
        raise DesignError(
            lazy_(
                "Plusieurs scores pour la même cellule ({where}) : gardez un score par "
                "projet, membre et marqueur (un seul tour).",
                where=where,
            )
        )
    codes = {f: pd.factorize(table[f], sort=True)[0].astype(np.int64) for f in factors}
    return design_from_codes(
        table[SCORE].to_numpy(dtype=float), codes, facets=facets, nested=nested, table=table
    )


def design_from_codes(
    y: np.ndarray,
    codes: dict[str, np.ndarray],
    *,
    facets: tuple[str, ...],
    nested: dict[str, str] | None = None,
    table: pd.DataFrame | None = None,
) -> Design:
    """The sources of a design from integer level codes (no checks: see :func:`build_design`).

    ``codes`` maps ``project_id``, every facet and every parent column to one
    0-based code per score. Used directly by the bootstrap of :func:`min_raters`.
    """
    nested = dict(nested or {})
    factors = (OBJECT, *facets, *[p for p in dict.fromkeys(nested.values()) if p not in facets])
    sources = []
    for size in range(1, len(factors) + 1):
        for subset in combinations(factors, size):
            if any(child in subset and parent not in subset for child, parent in nested.items()):
                continue
            sources.append(_source(subset, codes))
    residual = sources.pop()  # every factor: the residual
    return Design(
        table=table,
        facets=tuple(facets),
        nested=nested,
        sources=sources,
        residual=residual.name if len(factors) > 1 else "residual",
        factors=factors,
        y=np.asarray(y, dtype=float),
        project_codes=codes[OBJECT],
    )


def _source(subset: tuple[str, ...], codes: dict[str, np.ndarray]) -> Source:
    if len(subset) == 1:
        code = codes[subset[0]]
        return Source(subset[0], subset, code, int(code.max()) + 1)
    dims = [int(codes[f].max()) + 1 for f in subset]
    flat = np.ravel_multi_index([codes[f] for f in subset], dims)
    code, uniques = pd.factorize(flat, sort=True)
    return Source(":".join(subset), subset, code.astype(np.int64), len(uniques))


def _check_levels(table: pd.DataFrame, facets: tuple[str, ...]) -> None:
    for factor in (OBJECT, *facets):
        levels = table[factor].unique()
        if len(levels) < 2:
            raise DesignError(
                lazy_(
                    "La facette {facet!r} n'a qu'un niveau ({level!r}) : sa variance ne peut "
                    "pas être estimée. Retirez-la de 'facets' ou élargissez les données.",
                    facet=factor,
                    level=levels[0],
                ),
                facet=factor,
            )
    for facet in facets:
        per_project = table.groupby(OBJECT, observed=True)[facet].nunique()
        if per_project.max() < 2:
            raise DesignError(
                lazy_(
                    "Aucun projet n'a été noté par deux niveaux de la facette {facet!r} : "
                    "sa variance ne se distingue pas de l'erreur. Il faut au moins un projet "
                    "noté par deux membres.",
                    facet=facet,
                ),
                facet=facet,
            )
