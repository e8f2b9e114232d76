"""Counts that describe a dataset at a glance: per year, projects, raters and scores.

Used by ``amiris-lab validate`` and by the annual report's data-provenance section.
"""

from __future__ import annotations

import pandas as pd

from ..format import CONSENSUS_RATER
from ..i18n import t_
from .dataset import MarkerDataset

SUMMARY_COLUMNS = (
    "year",
    "projects",
    "labelled",
    "raters",
    "individual_scores",
    "revised_scores",
    "consensus_scores",
)


def summary_table(dataset: MarkerDataset) -> pd.DataFrame:
    """Per year: projects, labelled projects, active raters and scores per round.

    Parameters
    ----------
    dataset : MarkerDataset

    Returns
    -------
    DataFrame
        One row per year (ascending), columns ``year, projects, labelled,
        raters, individual_scores, revised_scores, consensus_scores`` (integers).
        ``raters`` counts the committee members (not ``COMITE``) who gave at least
        one score that year; score counts leave out the not-scored cells.

    Examples
    --------
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> table = summary_table(make_demo_dataset(years=[2019]))
    >>> list(table.columns)[:4]
    ['year', 'projects', 'labelled', 'raters']
    >>> int(table.loc[0, "projects"]) == len(make_demo_dataset(years=[2019]).projects)
    True
    """
    projects = dataset.projects
    year_of = pd.Series(projects["year"].to_numpy(), index=projects["project_id"].astype(str))
    years = sorted(int(y) for y in projects["year"].unique())
    per_year = pd.DataFrame(index=pd.Index(years, name="year"))
    per_year["projects"] = projects.groupby("year").size().reindex(years, fill_value=0)
    labelled = projects["decision"].astype(str) == "labellise"
    per_year["labelled"] = labelled.groupby(projects["year"]).sum().reindex(years, fill_value=0)
    s = dataset.scores
    scored = s[s["score"].notna()]
    year = year_of.reindex(scored["project_id"].astype(str)).to_numpy()
    frame = pd.DataFrame(
        {
            "year": year,
            "rater_id": scored["rater_id"].astype(str).to_numpy(),
            "round": scored["round"].astype(str).to_numpy(),
        }
    )
    people = frame[frame["rater_id"] != CONSENSUS_RATER]
    per_year["raters"] = people.groupby("year")["rater_id"].nunique().reindex(years, fill_value=0)
    for round_, column in (
        ("individuel", "individual_scores"),
        ("revise", "revised_scores"),
        ("consensus", "consensus_scores"),
    ):
        counts = frame[frame["round"] == round_].groupby("year").size()
        per_year[column] = counts.reindex(years, fill_value=0)
    return per_year.reset_index().astype("int64")


def format_summary(
    table: pd.DataFrame, *, n_raters: int | None = None, lang: str | None = None
) -> str:
    """The summary as an aligned text table with a total line, in the language in force.

    ``n_raters`` is the number of distinct raters over all years, shown on the
    total line (per-year counts cannot be added up).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame([[2019, 3, 1, 5, 120, 0, 36]], columns=list(SUMMARY_COLUMNS))
    >>> print(format_summary(t, n_raters=5, lang="en"))
    year  projects  labelled  raters  individual  revised  consensus
    2019         3         1       5         120        0         36
    total        3         1       5         120        0         36
    """
    headers = [
        t_("année", lang=lang),
        t_("projets", lang=lang),
        t_("labellisés", lang=lang),
        t_("évaluateurs", lang=lang),
        t_("individuel", lang=lang),
        t_("révisé", lang=lang),
        t_("consensus", lang=lang),
    ]
    rows = [[str(v) for v in row] for row in table[list(SUMMARY_COLUMNS)].itertuples(index=False)]
    totals = [t_("total", lang=lang)]
    for column in SUMMARY_COLUMNS[1:]:
        if column == "raters":
            totals.append("" if n_raters is None else str(n_raters))
        else:
            totals.append(str(int(table[column].sum())))
    rows.append(totals)
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
