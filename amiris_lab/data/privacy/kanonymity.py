"""Could a project be recognised from its description? k-anonymity of the projects table.

The projects table is grouped on the quasi-identifiers (year, department, legal
form, stage, sector); groups smaller than ``k`` are reported, and can be
generalised or suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ...exceptions import ParameterError
from ...i18n import lazy_, t_
from ..dataset import (
    MarkerDataset,
)

QUASI_IDENTIFIERS = ("year", "department", "legal_form", "stage", "sector")


@dataclass(frozen=True)
class KAnonymityReport:
    """Sizes of the groups of projects sharing the same quasi-identifiers.

    Attributes
    ----------
    k : int
        The threshold.
    quasi_identifiers : tuple of str
        Columns grouped on.
    n_records, n_groups : int
        Projects and distinct combinations.
    smallest_group : int
        Size of the smallest group (0 for an empty table).
    groups : DataFrame
        Every group: the quasi-identifier columns and ``size``, smallest first.
    groups_under_k : DataFrame
        The groups with fewer than ``k`` projects (same columns).
    records_under_k : int
        Projects in those groups.
    """

    k: int
    quasi_identifiers: tuple[str, ...]
    n_records: int
    n_groups: int
    smallest_group: int
    groups: pd.DataFrame
    groups_under_k: pd.DataFrame
    records_under_k: int

    @property
    def is_k_anonymous(self) -> bool:
        """True when every group has at least ``k`` projects."""
        return self.records_under_k == 0

    def summary(self, *, lang: str | None = None, max_groups: int = 20) -> str:
        """The report as text for people."""
        qi = ", ".join(self.quasi_identifiers)
        lines = [
            t_(
                "k-anonymat (k = {k}) sur {qi} : {n_records} projet(s), {n_groups} groupe(s), plus "
                "petit groupe : {smallest_group}",
                k=self.k,
                qi=qi,
                n_records=self.n_records,
                n_groups=self.n_groups,
                smallest_group=self.smallest_group,
                lang=lang,
            )
        ]
        if self.is_k_anonymous:
            lines.append(t_("Chaque groupe compte au moins {k} projets.", k=self.k, lang=lang))
            return "\n".join(lines)
        lines.append(
            t_(
                "{n_groups_under_k} groupe(s) de moins de {k} projets ({records_under_k} projet(s) "
                "ré-identifiables) :",
                n_groups_under_k=len(self.groups_under_k),
                k=self.k,
                records_under_k=self.records_under_k,
                lang=lang,
            )
        )
        shown = self.groups_under_k.head(max_groups)
        lines.append(shown.to_string(index=False))
        if len(self.groups_under_k) > max_groups:
            lines.append(
                t_(
                    "... et {len_self_groups_under_k_max_gr} autre(s) groupe(s)",
                    len_self_groups_under_k_max_gr=len(self.groups_under_k) - max_groups,
                    lang=lang,
                )
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def _projects_table(projects, function: str) -> pd.DataFrame:
    if isinstance(projects, MarkerDataset):
        return projects.projects
    if not isinstance(projects, pd.DataFrame):
        raise ParameterError(
            f"The 'projects' parameter of {function} must be a DataFrame or a MarkerDataset. "
            f"Got {type(projects).__name__} instead."
        )
    return projects


def _check_k(k, function: str) -> int:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 2:
        raise ParameterError(
            lazy_(
                "Le paramètre 'k' de {function} doit être un entier >= 2 ; reçu {k!r}.",
                function=function,
                k=k,
            )
        )
    return int(k)


def _check_qi(frame: pd.DataFrame, quasi_identifiers, function: str) -> tuple[str, ...]:
    if isinstance(quasi_identifiers, str):
        quasi_identifiers = (quasi_identifiers,)
    qi = tuple(quasi_identifiers)
    if not qi:
        raise ParameterError(
            f"The 'quasi_identifiers' parameter of {function} must name at least one column."
        )
    missing = [c for c in qi if c not in frame.columns]
    if missing:
        raise ParameterError(
            lazy_(
                "La colonne de quasi-identifiant {missing_first!r} n'est pas dans la table des "
                "projets ; ses colonnes sont {map}.",
                missing_first=missing[0],
                map=", ".join(map(str, frame.columns)),
            )
        )
    return qi


def _group_keys(frame: pd.DataFrame, qi: tuple[str, ...]) -> pd.DataFrame:
    """The quasi-identifiers as text (missing = empty), for grouping."""
    keys = pd.DataFrame(index=frame.index)
    for column in qi:
        values = frame[column].astype(object)
        keys[column] = values.where(values.notna(), "").astype(str)
    return keys


def _group_sizes(frame: pd.DataFrame, qi: tuple[str, ...]) -> pd.Series:
    """Size of each row's group."""
    keys = _group_keys(frame, qi)
    return keys.groupby(list(qi), sort=False)[qi[0]].transform("size")


def k_anonymity(
    projects: pd.DataFrame | MarkerDataset,
    *,
    quasi_identifiers: Sequence[str] = QUASI_IDENTIFIERS,
    k: int = 5,
) -> KAnonymityReport:
    """How many projects share each combination of quasi-identifiers.

    A table is *k-anonymous* when every combination is shared by at least ``k``
    records (Sweeney 2002): a reader who knows a project's year, department,
    legal form, stage and sector then cannot tell it from ``k - 1`` others.

    Parameters
    ----------
    projects : DataFrame or MarkerDataset
        The projects table (or a dataset, whose ``projects`` are used).
    quasi_identifiers : sequence of str, default year, department, legal_form, stage, sector
        Columns an outsider could know. Missing values form their own value.
    k : int, default 5
        Threshold (at least 2).

    Returns
    -------
    KAnonymityReport

    Examples
    --------
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> report = k_anonymity(make_demo_dataset(years=[2019]), k=5)
    >>> report.smallest_group >= 1, report.is_k_anonymous
    (True, False)
    >>> list(report.groups_under_k.columns)
    ['year', 'department', 'legal_form', 'stage', 'sector', 'size']
    """
    frame = _projects_table(projects, "k_anonymity")
    k = _check_k(k, "k_anonymity")
    qi = _check_qi(frame, quasi_identifiers, "k_anonymity")
    keys = _group_keys(frame, qi)
    if len(keys):
        groups = keys.groupby(list(qi), sort=True).size().rename("size").reset_index()
    else:
        groups = pd.DataFrame({**{c: pd.Series(dtype=object) for c in qi}, "size": []})
    groups["size"] = groups["size"].astype(int)
    groups = groups.sort_values("size", kind="mergesort").reset_index(drop=True)
    under = groups[groups["size"] < k].reset_index(drop=True)
    return KAnonymityReport(
        k=k,
        quasi_identifiers=qi,
        n_records=len(frame),
        n_groups=len(groups),
        smallest_group=int(groups["size"].min()) if len(groups) else 0,
        groups=groups,
        groups_under_k=under,
        records_under_k=int(under["size"].sum()),
    )


@dataclass(frozen=True)
class GeneralisationResult:
    """The outcome of :func:`generalise`.

    Attributes
    ----------
    table : DataFrame
        The new projects table (suppressed rows removed).
    changes : DataFrame
        One row per change: ``project_id, action`` (``generalise`` or
        ``suppress``), ``column`` (empty for a suppression), ``before, after``.
    suppressed : list of str
        Ids of the projects removed.
    report : KAnonymityReport
        The k-anonymity of ``table``.
    """

    table: pd.DataFrame
    changes: pd.DataFrame
    suppressed: list[str]
    report: KAnonymityReport


#: Local recodings tried, in order, by ``strategy="generalise"``: column -> coarser value.
#: Both values belong to the dataset format, so the result still validates.
GENERALISATION_STEPS = (("sector", "autre"), ("legal_form", "autre"))


def generalise(
    projects: pd.DataFrame | MarkerDataset,
    *,
    k: int = 5,
    strategy: Literal["generalise", "suppress"] = "generalise",
    quasi_identifiers: Sequence[str] = QUASI_IDENTIFIERS,
) -> GeneralisationResult:
    """Make a projects table k-anonymous by coarsening values and removing rows.

    Parameters
    ----------
    projects : DataFrame or MarkerDataset
        Needs a ``project_id`` column and the quasi-identifier columns.
    k : int, default 5
        Smallest group size wanted.
    strategy : {"generalise", "suppress"}, default "generalise"
        ``suppress`` removes every project of a group under ``k``.
        ``generalise`` first recodes, in projects of groups under ``k`` only,
        the sector to ``autre``, then (for those still under ``k``) the legal form
        to ``autre``, and removes the projects still under ``k``. The year,
        department and stage are never coarsened: the dataset format has no
        coarser value for them (a region code would not validate).
    quasi_identifiers : sequence of str
        As in :func:`k_anonymity`.

    Returns
    -------
    GeneralisationResult

    Examples
    --------
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> ds = make_demo_dataset(years=[2019])
    >>> result = generalise(ds, k=3, strategy="generalise")
    >>> result.report.is_k_anonymous
    True
    >>> sorted(result.changes["action"].unique())
    ['generalise', 'suppress']
    """
    if strategy not in ("generalise", "suppress"):
        raise ParameterError(
            "The 'strategy' parameter of generalise must be one of {'generalise', 'suppress'}. "
            f"Got {strategy!r} instead."
        )
    frame = _projects_table(projects, "generalise")
    k = _check_k(k, "generalise")
    qi = _check_qi(frame, quasi_identifiers, "generalise")
    if "project_id" not in frame.columns:
        raise ParameterError(
            lazy_(
                "La table des projets donnée à generalise n'a pas de colonne 'project_id' ; ses "
                "colonnes sont {map}.",
                map=", ".join(map(str, frame.columns)),
            )
        )
    table = frame.copy()
    categorical = [c for c in table.columns if isinstance(table[c].dtype, pd.CategoricalDtype)]
    for column in categorical:
        table[column] = table[column].astype(object)
    changes = []
    if strategy == "generalise":
        for column, coarse in GENERALISATION_STEPS:
            if column not in qi:
                continue
            under = (_group_sizes(table, qi) < k).to_numpy()
            if not under.any():
                break
            values = table[column]
            recode = under & (values.astype(str) != coarse).to_numpy()
            for pid, before in zip(table.loc[recode, "project_id"], values[recode], strict=True):
                changes.append((str(pid), "generalise", column, str(before), coarse))
            table.loc[recode, column] = coarse
    under = (_group_sizes(table, qi) < k).to_numpy() if len(table) else np.zeros(0, bool)
    suppressed = [str(p) for p in table.loc[under, "project_id"]]
    changes += [(pid, "suppress", "", "", "") for pid in suppressed]
    table = table.loc[~under].reset_index(drop=True)
    for column in categorical:
        table[column] = table[column].astype("category")
    changes_frame = pd.DataFrame(
        changes, columns=["project_id", "action", "column", "before", "after"]
    ).astype(object)
    return GeneralisationResult(
        table=table,
        changes=changes_frame,
        suppressed=suppressed,
        report=k_anonymity(table, quasi_identifiers=qi, k=k),
    )
