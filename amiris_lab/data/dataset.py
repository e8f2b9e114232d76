"""The in-memory data model: :class:`MarkerDataset`.

A dataset holds five tidy tables (projects, raters, scores, markers, scale) and
gives the views the statistics need: a units x raters matrix per marker
(:meth:`MarkerDataset.ratings`) and a projects x markers profile table
(:meth:`MarkerDataset.profiles`). Reading files and checking them is the job of
:mod:`amiris_lab.data.io`; this module only holds data that is already valid.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd

from ..definitions import default_descriptors, default_markers, default_scale
from ..exceptions import ParameterError
from ..format import CONSENSUS_RATER, ROUNDS, TABLES
from ..i18n import lazy_

#: Columns of each table of the format (:data:`amiris_lab.format.TABLES`), in file order.
PROJECT_COLUMNS = TABLES["projects"].names
RATER_COLUMNS = TABLES["raters"].names
SCORE_COLUMNS = TABLES["scores"].names
MARKER_COLUMNS = TABLES["markers"].names
SCALE_COLUMNS = TABLES["scale"].names


def _as_list(value) -> list | None:
    if value is None:
        return None
    if isinstance(value, str | int | np.integer):
        return [value]
    return list(value)


def _canonical_csv(frame: pd.DataFrame, keys: Iterable[str], leading: Iterable[str]) -> bytes:
    """Serialise a table in one canonical way: known columns first, then extras by name,
    rows sorted by ``keys``, every value as text, missing as empty, LF line ends."""
    leading = [c for c in leading if c in frame.columns]
    extras = sorted(c for c in frame.columns if c not in leading)
    out = frame[leading + extras].copy()
    for column in out.columns:
        out[column] = _as_text(out[column])
    out = out.sort_values([k for k in keys if k in out.columns], kind="mergesort")
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _as_text(values: pd.Series) -> np.ndarray:
    """Every value as its text, missing as "" (vectorised for categoricals and integers)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        labels = np.array([str(c) for c in values.cat.categories] + [""], dtype=object)
        return labels[values.cat.codes.to_numpy()]  # code -1 (missing) picks the last, ""
    if pd.api.types.is_integer_dtype(values.dtype):
        text = values.astype("Int64").astype("string")
        return text.fillna("").to_numpy(dtype=object)
    return np.array([("" if pd.isna(v) else str(v)) for v in values], dtype=object)


@dataclass(frozen=True, eq=False)
class MarkerDataset:
    """Scores of projects on the Godin markers, with what describes them.

    Build one with :func:`amiris_lab.load_dataset` (from files) or
    :func:`amiris_lab.data.demo.make_demo_dataset`; the constructor trusts its input
    and :meth:`from_frames` only sets the dtypes.

    Attributes
    ----------
    projects : DataFrame
        One row per project: ``project_id, year, department, legal_form, stage,
        sector, decision`` and any extra columns the file had.
    raters : DataFrame
        One row per committee member: ``rater_id, college`` (+ extras). The
        consensus pseudo-rater ``COMITE`` is not listed.
    scores : DataFrame
        Long, tidy: ``project_id, rater_id, round, marker, score``; ``score`` is a
        nullable integer (``<NA>`` = not scored, never 0).
    markers : DataFrame
        ``code, label_fr, label_en, dimension``, in display order.
    scale : DataFrame
        ``level, label_fr, label_en``, ordered from lowest to highest level.
    descriptors : DataFrame
        ``marker, level, text_fr, text_en``: optional help text per marker and level.
    source : str or None
        Where the data was read from, for messages and provenance.
    """

    projects: pd.DataFrame
    raters: pd.DataFrame
    scores: pd.DataFrame
    markers: pd.DataFrame = field(default_factory=default_markers)
    scale: pd.DataFrame = field(default_factory=default_scale)
    descriptors: pd.DataFrame = field(default_factory=default_descriptors)
    source: str | None = None

    # ------------------------------------------------------------------ building
    @classmethod
    def from_frames(
        cls,
        projects: pd.DataFrame,
        raters: pd.DataFrame,
        scores: pd.DataFrame,
        *,
        markers: pd.DataFrame | None = None,
        scale: pd.DataFrame | None = None,
        descriptors: pd.DataFrame | None = None,
        source: str | None = None,
    ) -> MarkerDataset:
        """Build a dataset from already-valid tables, setting the canonical dtypes.

        Examples
        --------
        >>> import pandas as pd
        >>> ds = MarkerDataset.from_frames(
        ...     pd.DataFrame({"project_id": ["P1"], "year": [2019], "department": ["59"],
        ...                   "legal_form": ["association"], "stage": ["emergence"],
        ...                   "sector": ["alimentation"], "decision": ["labellise"]}),
        ...     pd.DataFrame({"rater_id": ["R1"], "college": ["expert"]}),
        ...     pd.DataFrame({"project_id": ["P1"], "rater_id": ["R1"], "round": ["individuel"],
        ...                   "marker": ["M01"], "score": [2]}))
        >>> ds.scores["score"].dtype
        Int64Dtype()
        """
        markers = default_markers() if markers is None else markers.reset_index(drop=True)
        scale = default_scale() if scale is None else scale.reset_index(drop=True)
        scale = scale.assign(level=scale["level"].astype(int)).sort_values(
            "level", kind="mergesort"
        )
        descriptors = default_descriptors() if descriptors is None else descriptors
        projects = projects.reset_index(drop=True).copy()
        projects["project_id"] = projects["project_id"].astype(str)
        projects["year"] = projects["year"].astype(int)
        for column in ("department", "legal_form", "stage", "sector", "decision"):
            if column in projects.columns:
                projects[column] = projects[column].astype("category")
        raters = raters.reset_index(drop=True).copy()
        raters["rater_id"] = raters["rater_id"].astype(str)
        raters["college"] = raters["college"].astype("category")
        scores = scores.reset_index(drop=True).copy()
        scores["project_id"] = pd.Categorical(
            scores["project_id"].astype(str), categories=sorted(projects["project_id"].unique())
        )
        scores["rater_id"] = pd.Categorical(
            scores["rater_id"].astype(str),
            categories=sorted(set(raters["rater_id"]) | {CONSENSUS_RATER}),
        )
        scores["round"] = pd.Categorical(
            scores["round"].astype(str), categories=list(ROUNDS), ordered=True
        )
        scores["marker"] = pd.Categorical(
            scores["marker"].astype(str), categories=list(markers["code"]), ordered=True
        )
        scores["score"] = pd.array(pd.to_numeric(scores["score"]), dtype="Int64")
        return cls(
            projects=projects,
            raters=raters,
            scores=scores,
            markers=markers,
            scale=scale.reset_index(drop=True),
            descriptors=descriptors,
            source=source,
        )

    # ------------------------------------------------------------------ identity
    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the canonical content (tables sorted, values as text).

        Identical for the same data read from CSV (any encoding or delimiter),
        Excel or Parquet, so a report can state exactly which data it used.
        """
        digest = hashlib.sha256()
        parts = (
            ("projects", self.projects, ("project_id",), PROJECT_COLUMNS),
            ("raters", self.raters, ("rater_id",), RATER_COLUMNS),
            ("scores", self.scores, ("project_id", "rater_id", "round", "marker"), SCORE_COLUMNS),
            ("markers", self.markers, (), MARKER_COLUMNS),
            ("scale", self.scale, ("level",), SCALE_COLUMNS),
        )
        for name, frame, keys, leading in parts:
            digest.update(f"## {name}\n".encode())
            digest.update(_canonical_csv(frame, keys, leading))
        return digest.hexdigest()

    @property
    def marker_codes(self) -> list[str]:
        """Marker codes in display order."""
        return list(self.markers["code"])

    @property
    def levels(self) -> list[int]:
        """Scale levels from lowest to highest."""
        return [int(v) for v in self.scale["level"]]

    @property
    def years(self) -> list[int]:
        """Years present in the projects table, ascending."""
        return sorted(int(y) for y in self.projects["year"].unique())

    # ------------------------------------------------------------------ views
    def _check_round(self, round: str) -> None:
        if round not in ROUNDS:
            raise ParameterError(
                lazy_(
                    "Le paramètre 'round' doit valoir l'un de {set} ; reçu {round!r}.",
                    set=set(ROUNDS),
                    round=round,
                )
            )

    def _check_marker(self, marker: str) -> None:
        if marker not in self.marker_codes:
            raise ParameterError(
                lazy_(
                    "Marqueur inconnu {marker!r} : les marqueurs du jeu de données sont {marker_codes}.",
                    marker=marker,
                    marker_codes=", ".join(self.marker_codes),
                )
            )

    def _project_ids(self, year) -> set[str] | None:
        years = _as_list(year)
        if years is None:
            return None
        known = set(self.years)
        missing = [y for y in years if int(y) not in known]
        if missing:
            raise ParameterError(
                lazy_(
                    "L'année {missing_first} n'est pas dans le jeu de données ; ses années sont {map}.",
                    missing_first=missing[0],
                    map=", ".join(map(str, sorted(known))),
                )
            )
        mask = self.projects["year"].isin([int(y) for y in years])
        return set(self.projects.loc[mask, "project_id"])

    def ratings(self, marker: str, *, round: str = "individuel", year=None) -> pd.DataFrame:
        """Units x raters matrix of one marker's scores (NaN = not scored).

        Parameters
        ----------
        marker : str
            Marker code, e.g. ``"M02"``.
        round : {"individuel", "revise", "consensus"}, default "individuel"
            Which round's scores.
        year : int or list of int, optional
            Keep only projects of these years.

        Returns
        -------
        DataFrame
            Index ``project_id`` (projects with at least one score), columns
            ``rater_id`` (raters with at least one score), float values.
        """
        self._check_round(round)
        self._check_marker(marker)
        s = self.scores
        mask = (s["marker"] == marker) & (s["round"] == round)
        ids = self._project_ids(year)
        if ids is not None:
            mask &= s["project_id"].isin(ids)
        sub = s.loc[mask & s["score"].notna(), ["project_id", "rater_id", "score"]]
        wide = pd.DataFrame(
            {
                "project_id": sub["project_id"].astype(str).to_numpy(),
                "rater_id": sub["rater_id"].astype(str).to_numpy(),
                "score": sub["score"].to_numpy(dtype=float, na_value=np.nan),
            }
        ).pivot(index="project_id", columns="rater_id", values="score")
        wide = wide.sort_index().sort_index(axis=1)
        wide.columns.name = "rater_id"
        return wide

    def profiles(
        self,
        *,
        round: str = "consensus",
        aggregate: Literal["mean", "median"] = "mean",
        year=None,
    ) -> pd.DataFrame:
        """Projects x markers table of scores.

        Parameters
        ----------
        round : {"consensus", "individuel", "revise"}, default "consensus"
            For ``consensus`` the committee's score; for the other rounds the
            ``aggregate`` of the raters' scores.
        aggregate : {"mean", "median"}, default "mean"
            How individual scores are combined per project and marker.
        year : int or list of int, optional
            Keep only projects of these years.

        Returns
        -------
        DataFrame
            Index ``project_id``, one float column per marker in marker order,
            NaN where nobody scored.
        """
        self._check_round(round)
        if aggregate not in ("mean", "median"):
            raise ParameterError(
                lazy_(
                    "Le paramètre 'aggregate' doit valoir 'mean' ou 'median' ; reçu {aggregate!r}.",
                    aggregate=aggregate,
                )
            )
        s = self.scores
        mask = (s["round"] == round) & s["score"].notna()
        ids = self._project_ids(year)
        if ids is not None:
            mask &= s["project_id"].isin(ids)
        sub = pd.DataFrame(
            {
                "project_id": s.loc[mask, "project_id"].astype(str).to_numpy(),
                "marker": s.loc[mask, "marker"].astype(str).to_numpy(),
                "score": s.loc[mask, "score"].to_numpy(dtype=float, na_value=np.nan),
            }
        )
        table = sub.groupby(["project_id", "marker"])["score"].agg(aggregate).unstack("marker")
        table = table.reindex(columns=self.marker_codes).sort_index()
        table.columns.name = "marker"
        return table

    def filter(self, *, year=None, college=None, decision=None, projects=None) -> MarkerDataset:
        """A new dataset restricted to some years, colleges, decisions or projects.

        ``college`` keeps the raters of those colleges (and the committee's
        consensus rows); the others restrict projects. Each accepts one value or
        a list.
        """
        keep = self.projects
        ids = self._project_ids(year)
        if ids is not None:
            keep = keep[keep["project_id"].isin(ids)]
        if decision is not None:
            keep = keep[keep["decision"].astype(str).isin(_as_list(decision))]
        if projects is not None:
            keep = keep[keep["project_id"].isin([str(p) for p in _as_list(projects)])]
        raters = self.raters
        if college is not None:
            raters = raters[raters["college"].astype(str).isin(_as_list(college))]
        s = self.scores
        mask = s["project_id"].isin(set(keep["project_id"]))
        mask &= s["rater_id"].isin(set(raters["rater_id"]) | {CONSENSUS_RATER})
        return replace(
            self,
            projects=keep.reset_index(drop=True),
            raters=raters.reset_index(drop=True),
            scores=s[mask].reset_index(drop=True),
        )

    def __repr__(self) -> str:
        return (
            f"<MarkerDataset: {len(self.projects)} projects, {len(self.raters)} raters, "
            f"{int(self.scores['score'].notna().sum())} scores, years {self.years}>"
        )
