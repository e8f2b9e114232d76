"""Helpers shared by the analysis tables: the declared options, the long table of one round."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from .._param_validation import Options
from ..definitions import CONSENSUS_RATER, ROUNDS

#: Options shared by the analysis functions (declared with ``validate_params``).
ROUND = Options(ROUNDS)
MEMBER_ROUND = Options(("individuel", "revise"))
LEVEL = Options(("nominal", "ordinal", "interval", "ratio"))
BY_RATER = Options(("rater", "college"))


def round_scores(dataset, round: str) -> pd.DataFrame:
    """Scored rows of one round as plain columns: ``project_id, rater_id, marker, score``.

    ``score`` is float; unscored cells are dropped. Identifiers are str.
    """
    s = dataset.scores
    mask = (s["round"] == round) & s["score"].notna()
    return pd.DataFrame(
        {
            "project_id": s.loc[mask, "project_id"].astype(str).to_numpy(),
            "rater_id": s.loc[mask, "rater_id"].astype(str).to_numpy(),
            "marker": s.loc[mask, "marker"].astype(str).to_numpy(),
            "score": s.loc[mask, "score"].to_numpy(dtype=float, na_value=np.nan),
        }
    )


def individual_scores(dataset, round: str) -> pd.DataFrame:
    """Like :func:`round_scores` without the committee's pseudo-rater, with ``college``."""
    table = round_scores(dataset, round)
    table = table[table["rater_id"] != CONSENSUS_RATER]
    colleges = dict(
        zip(
            dataset.raters["rater_id"].astype(str),
            dataset.raters["college"].astype(str),
            strict=True,
        )
    )
    return table.assign(college=table["rater_id"].map(colleges).fillna("")).reset_index(drop=True)


def wide(table: pd.DataFrame) -> pd.DataFrame:
    """Units x raters matrix (index project_id, columns rater_id, NaN = not scored), sorted
    as :meth:`MarkerDataset.ratings` sorts it (valid data has one score per cell)."""
    rows, projects = pd.factorize(table["project_id"], sort=True)
    cols, raters = pd.factorize(table["rater_id"], sort=True)
    values = np.full((len(projects), len(raters)), np.nan)
    values[rows, cols] = table["score"].to_numpy(dtype=float)
    return pd.DataFrame(
        values,
        index=pd.Index(projects, name="project_id"),
        columns=pd.Index(raters, name="rater_id"),
    )


def show_progress(progress: bool | None) -> bool:
    """``None`` means: only when stderr is a terminal."""
    if progress is None:
        return bool(getattr(sys.stderr, "isatty", lambda: False)())
    return bool(progress)
