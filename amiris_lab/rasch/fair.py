"""« Notes justes »: what the fair scores change for the labelling decision.

The committee decides on raw scores. The fair average of a project (FACETS' Fair-M
average, :attr:`FacetsModel.measures_`) is the score it would have had from an
average member on an average marker. This module lists

* the **labelling boundary**, read from the data: the cut on the projects' raw mean
  score (the round the model was fitted on) that best separates the labelled
  projects (``decision == "labellise"``) from the others (``ajourne``,
  ``non_labellise``): the cut with the fewest projects on the wrong side, placed
  halfway between the two raw means around it (ties: the middle one of the best cuts).
  In the demo data the decision follows the committee's consensus mean, which
  starts from the mean of the individual scores, so this cut sits close to the
  decision rule (1.60 on the consensus mean);
* the projects whose fair average falls on the **other side of that boundary**
  from their raw mean: those whose decision the members' severity may have made;
* the members flagged **severe** or **lenient** (severity significantly away from
  the average member at ``z`` standard errors *and* worth at least ``min_points``
  score points on a typical project) or **misfitting** (infit or outfit mean
  square outside ``fit_range``, Linacre's 0.5-1.5 "productive for measurement"
  range; Eckes 2015, ch. 5).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import ParameterError
from ..i18n import N_, get_language, lazy_, t_

CHANGE_COLUMNS = [
    "project_id",
    "raw_mean",
    "fair_average",
    "difference",
    "measure",
    "se",
    "decision",
    "raw_side",
    "fair_side",
]
MEMBER_COLUMNS = [
    "rater_id",
    "measure",
    "se",
    "fair_average",
    "infit",
    "outfit",
    "severe",
    "lenient",
    "misfit",
    "flags",
]


def labelling_boundary(
    raw_mean: pd.Series, decision: pd.Series, *, labelled: str = "labellise"
) -> float:
    """The raw-mean cut that best separates labelled projects from the others.

    Parameters
    ----------
    raw_mean : Series
        Raw mean score per project (index ``project_id``).
    decision : Series
        Decision per project (same index); ``labelled`` marks the labelled ones.

    Returns
    -------
    float
        The cut (see the module docstring); NaN when all projects share one decision.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.Series([1.0, 1.4, 1.7, 2.1])
    >>> labelling_boundary(raw, pd.Series(["non_labellise", "ajourne", "labellise",
    ...                                    "labellise"]))
    1.55
    """
    both = pd.DataFrame({"raw": raw_mean, "decision": decision}).dropna()
    y = (both["decision"].astype(str) == labelled).to_numpy()
    if y.all() or not y.any():
        return float("nan")
    x = both["raw"].to_numpy(dtype=float)
    values = np.unique(x)
    cuts = (values[:-1] + values[1:]) / 2
    # errors for "labelled when raw >= cut"
    errors = np.array([np.sum((x >= c) != y) for c in cuts])
    best = np.flatnonzero(errors == errors.min())
    return float(round(cuts[best[(len(best) - 1) // 2]], 10))


def _project_decisions(model) -> pd.Series:
    obs = model.observations_
    if "decision" not in obs.columns:
        raise ParameterError(
            lazy_(
                "Les données n'ont pas de colonne 'decision' : donnez boundary= (la "
                "note moyenne qui sépare les projets labellisés des autres)."
            )
        )
    return obs.groupby("project_id")["decision"].first().astype(str)


def fair_score_changes(model, *, boundary: float | None = None) -> pd.DataFrame:
    """Projects whose fair average and raw mean fall on opposite sides of the boundary.

    Parameters
    ----------
    model : FacetsModel
        Fitted.
    boundary : float, optional
        Default :func:`labelling_boundary` of the model's raw means and decisions.

    Returns
    -------
    DataFrame
        Columns ``project_id, raw_mean, fair_average, difference`` (fair minus raw),
        ``measure, se, decision, raw_side, fair_side`` (``"above"``/``"below"`` the
        boundary), largest change first. ``attrs["boundary"]`` holds the boundary.

    Examples
    --------
    >>> import amiris_lab
    >>> from amiris_lab.rasch import FacetsModel
    >>> fm = FacetsModel().fit(amiris_lab.make_demo_dataset(years=(2019,)))
    >>> table = fair_score_changes(fm)
    >>> bool((table["raw_side"] != table["fair_side"]).all())
    True
    """
    projects = model.measures_.loc["project_id"]
    has_decision = "decision" in model.observations_.columns
    decisions = _project_decisions(model) if (boundary is None or has_decision) else None
    if boundary is None:
        boundary = labelling_boundary(projects["raw_mean"], decisions.reindex(projects.index))
    raw_side = np.where(projects["raw_mean"] >= boundary, "above", "below")
    fair_side = np.where(projects["fair_average"] >= boundary, "above", "below")
    table = pd.DataFrame(
        {
            "project_id": projects.index.astype(str),
            "raw_mean": projects["raw_mean"].to_numpy(),
            "fair_average": projects["fair_average"].to_numpy(),
            "difference": (projects["fair_average"] - projects["raw_mean"]).to_numpy(),
            "measure": projects["measure"].to_numpy(),
            "se": projects["se"].to_numpy(),
            "decision": (
                decisions.reindex(projects.index).to_numpy() if decisions is not None else None
            ),
            "raw_side": raw_side,
            "fair_side": fair_side,
        }
    )
    table = table[table["raw_side"] != table["fair_side"]]
    order = np.argsort(-np.abs(table["difference"].to_numpy()), kind="stable")
    table = table.iloc[order].reset_index(drop=True)
    table.attrs["boundary"] = float(boundary)
    return table


def flagged_members(
    model, *, z: float = 1.96, min_points: float = 0.1, fit_range: tuple[float, float] = (0.5, 1.5)
) -> pd.DataFrame:
    """Members flagged severe, lenient or misfitting (see the module docstring).

    Returns
    -------
    DataFrame
        One row per flagged member: ``rater_id, measure, se, fair_average, infit,
        outfit, severe, lenient, misfit`` (booleans) and ``flags`` (the flags joined
        by ``", "``: ``severe``, ``lenient``, ``misfit``), most severe first.

    Examples
    --------
    >>> import amiris_lab
    >>> from amiris_lab.rasch import FacetsModel
    >>> fm = FacetsModel().fit(amiris_lab.make_demo_dataset(years=(2019,)))
    >>> sorted(flagged_members(fm).columns) == sorted(MEMBER_COLUMNS)
    True
    """
    members = model.measures_.loc["rater_id"]
    average = float(np.mean(members["fair_average"]))
    shift = members["fair_average"] - average
    significant = np.abs(members["measure"]) > z * members["se"]
    severe = significant & (members["measure"] > 0) & (shift <= -min_points)
    lenient = significant & (members["measure"] < 0) & (shift >= min_points)
    lo, hi = fit_range
    misfit = ~members["infit"].between(lo, hi) | ~members["outfit"].between(lo, hi)
    misfit &= members["extreme"] == ""
    table = pd.DataFrame(
        {
            "rater_id": members.index.astype(str),
            "measure": members["measure"].to_numpy(),
            "se": members["se"].to_numpy(),
            "fair_average": members["fair_average"].to_numpy(),
            "infit": members["infit"].to_numpy(),
            "outfit": members["outfit"].to_numpy(),
            "severe": severe.to_numpy(),
            "lenient": lenient.to_numpy(),
            "misfit": misfit.to_numpy(),
        }
    )
    names = np.array(["severe", "lenient", "misfit"])
    flags = table[list(names)].to_numpy()
    table["flags"] = [", ".join(names[row]) for row in flags]
    table = table[flags.any(axis=1)].sort_values("measure", ascending=False)
    return table.reset_index(drop=True)


def _number(value: float, lang: str, digits: int = 2) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text


def notes_justes_sentences(
    changes: pd.DataFrame, members: pd.DataFrame, *, lang: str | None = None
) -> list[str]:
    """French (or English) sentences that sum up the two tables.

    Examples
    --------
    >>> import pandas as pd
    >>> changes = pd.DataFrame({"project_id": ["P1"], "raw_mean": [1.55], "fair_average": [1.62],
    ...     "raw_side": ["below"], "fair_side": ["above"]})
    >>> changes.attrs["boundary"] = 1.6
    >>> notes_justes_sentences(changes, pd.DataFrame(columns=MEMBER_COLUMNS))[0][:56]
    'La frontière de labellisation lue dans les données est u'
    """
    lang = get_language(lang)
    boundary = _number(changes.attrs.get("boundary", float("nan")), lang)
    out = [
        t_(
            "La frontière de labellisation lue dans les données est une note moyenne brute de "
            "{boundary} (la coupure qui sépare le mieux les projets labellisés des autres).",
            boundary=boundary,
            lang=lang,
        )
    ]
    if changes.empty:
        out.append(
            t_(
                "Aucun projet ne change de côté une fois la sévérité des membres corrigée.",
                lang=lang,
            )
        )
    else:
        n_up = int((changes["fair_side"] == "above").sum())
        n_down = len(changes) - n_up
        if len(changes) == 1:
            text = t_("1 projet change de côté avec la note juste :", lang=lang)
        else:
            text = t_(
                "{count} projets changent de côté avec la note juste :",
                count=len(changes),
                lang=lang,
            )
        out.append(
            text
            + " "
            + t_(
                "{up} au-dessus (notés par des membres plus sévères), {down} en dessous "
                "(notés par des membres plus indulgents).",
                up=n_up,
                down=n_down,
                lang=lang,
            )
        )
        for row in changes.head(5).itertuples(index=False):
            out.append(
                t_(
                    "{project} : moyenne brute {raw}, note juste {fair}.",
                    project=row.project_id,
                    raw=_number(row.raw_mean, lang),
                    fair=_number(row.fair_average, lang),
                    lang=lang,
                )
            )
    labels = {
        "severe": N_("Membres sévères : {names}."),
        "lenient": N_("Membres indulgents : {names}."),
        "misfit": N_("Membres mal ajustés au modèle : {names}."),
    }
    for flag, label in labels.items():
        who = members.loc[members[flag].astype(bool), "rater_id"] if len(members) else []
        if len(who):
            out.append(t_(label, names=", ".join(map(str, who)), lang=lang))
    if not len(members):
        out.append(t_("Aucun membre n'est signalé sévère, indulgent ou mal ajusté.", lang=lang))
    return out
