"""Key figures of a year: one tidy table, written as CSV/JSON for trend analysis.

No papermill here: the report template calls :func:`key_figures` and shows it;
the runner writes the same table to ``chiffres_cles_<year>.csv/.json`` (for
machines: byte-identical across runs) and ``chiffres_cles_<year>.xlsx`` (for
people: French headers and number formats).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from ..definitions import CONSENSUS_RATER, VOCABULARIES, default_markers, marker_labels
from ..exceptions import ParameterError
from ..i18n import N_, get_language, lazy_, t_

#: Columns of the key-figures table.
KEY_FIGURE_COLUMNS = ("year", "indicator", "marker", "value")

#: Custom MIME type under which the template hands the table to the runner.
KEY_FIGURES_MIME = "application/vnd.amiris-lab.key-figures+json"


def _year_scores(dataset, year: int) -> pd.DataFrame:
    ids = set(dataset.projects.loc[dataset.projects["year"].astype(int) == year, "project_id"])
    s = dataset.scores
    return s[s["project_id"].isin(ids)]


def key_figures(dataset, *, year: int, agreement: pd.DataFrame | None = None) -> pd.DataFrame:
    """Key figures of one year, tidy and stable (same data -> same bytes).

    Parameters
    ----------
    dataset : MarkerDataset
    year : int
        A year present in ``dataset.years``.
    agreement : DataFrame, optional
        Output of ``amiris_lab.agreement_table`` (columns ``marker, statistic,
        value, ci_low, ci_high``); its values are added as indicators
        ``<statistic>``, ``<statistic>_ci_low``, ``<statistic>_ci_high``.

    Returns
    -------
    DataFrame
        Columns ``year, indicator, marker, value`` (``marker`` empty for
        figures of the whole year). Indicators: ``applications``,
        ``decision_<code>`` (count per decision), ``labelled_share``, ``raters``,
        ``individual_scores``, ``not_scored_share``, ``revised_projects``,
        ``mean_individual`` and ``mean_consensus`` (overall and per marker),
        ``consensus_shift`` (mean of consensus minus the mean individual score of
        the same project, overall and per marker), plus the agreement indicators.

    Examples
    --------
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> ds = make_demo_dataset(years=[2019])
    >>> kf = key_figures(ds, year=2019)
    >>> int(kf.loc[kf["indicator"] == "applications", "value"].iloc[0]) == len(ds.projects)
    True
    """
    if int(year) not in dataset.years:
        raise ParameterError(
            lazy_(
                "L'année {year} n'est pas dans les données (années présentes : {map}).",
                year=year,
                map=", ".join(map(str, dataset.years)),
            )
        )
    year = int(year)
    rows: list[tuple[str, str, float]] = []
    projects = dataset.projects[dataset.projects["year"].astype(int) == year]
    n = len(projects)
    rows.append(("applications", "", float(n)))
    decisions = projects["decision"].astype(str).value_counts()
    for code in VOCABULARIES["decision"]:
        rows.append((f"decision_{code}", "", float(decisions.get(code, 0))))
    rows.append(("labelled_share", "", float(decisions.get("labellise", 0)) / n if n else np.nan))

    s = _year_scores(dataset, year)
    individual = s[(s["round"] == "individuel") & (s["rater_id"] != CONSENSUS_RATER)]
    rows.append(("raters", "", float(individual["rater_id"].astype(str).nunique())))
    scored = individual["score"].notna()
    rows.append(("individual_scores", "", float(scored.sum())))
    rows.append(("not_scored_share", "", float(1 - scored.mean()) if len(scored) else np.nan))
    revised = s.loc[s["round"] == "revise", "project_id"].astype(str).nunique()
    rows.append(("revised_projects", "", float(revised)))

    ind = dataset.profiles(round="individuel", year=year)
    con = dataset.profiles(round="consensus", year=year)
    shift = (con - ind.reindex(index=con.index, columns=con.columns)).stack()
    rows.append(("mean_individual", "", float(np.nanmean(ind.to_numpy()))))
    rows.append(("mean_consensus", "", float(np.nanmean(con.to_numpy()))))
    rows.append(("consensus_shift", "", float(shift.mean())))
    for code in dataset.marker_codes:
        rows.append(("mean_individual", code, float(ind[code].mean())))
        rows.append(("mean_consensus", code, float(con[code].mean())))
        rows.append(
            ("consensus_shift", code, float((con[code] - ind[code].reindex(con.index)).mean()))
        )
    if agreement is not None and len(agreement):
        for rec in agreement.itertuples(index=False):
            marker = "" if pd.isna(rec.marker) else str(rec.marker)
            stat = str(rec.statistic)
            rows.append((stat, marker, float(rec.value)))
            for bound in ("ci_low", "ci_high"):
                if hasattr(rec, bound):
                    rows.append((f"{stat}_{bound}", marker, float(getattr(rec, bound))))
    table = pd.DataFrame(rows, columns=["indicator", "marker", "value"])
    table.insert(0, "year", year)
    # rounded to 12 significant digits so that sums done in another order give the same text
    table["value"] = table["value"].map(lambda v: float(f"{v:.12g}") if np.isfinite(v) else np.nan)
    return table


def key_figures_to_records(table: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts (NaN -> None), in table order."""
    return [
        {
            "year": int(r.year),
            "indicator": str(r.indicator),
            "marker": str(r.marker),
            "value": None if pd.isna(r.value) else float(r.value),
        }
        for r in table.itertuples(index=False)
    ]


def write_key_figures(records: list[dict], csv_path, json_path) -> None:
    """Write key figures as CSV and JSON, byte-stable (no date, fixed order and format)."""
    table = pd.DataFrame(records, columns=list(KEY_FIGURE_COLUMNS))
    with open(csv_path, "w", encoding="utf-8", newline="") as fh:
        table.to_csv(fh, index=False, lineterminator="\n", float_format="%.12g")
    with open(json_path, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(records, fh, ensure_ascii=False, indent=1, allow_nan=False)
        fh.write("\n")


#: Indicators of the key figures in words (fr, en) and their kind of number.
INDICATOR_WORDS = {
    "applications": (N_("Candidatures"), "count"),
    "decision_labellise": (N_("Projets labellisés"), "count"),
    "decision_non_labellise": (N_("Projets non labellisés"), "count"),
    "decision_ajourne": (N_("Projets ajournés"), "count"),
    "labelled_share": (N_("Part de projets labellisés"), "share"),
    "raters": (N_("Membres du comité ayant noté"), "count"),
    "individual_scores": (N_("Notes individuelles données"), "count"),
    "not_scored_share": (N_("Part de notes laissées vides"), "share"),
    "revised_projects": (N_("Projets au tour révisé"), "count"),
    "mean_individual": (N_("Note individuelle moyenne"), "mean"),
    "mean_consensus": (N_("Note de consensus moyenne"), "mean"),
    "consensus_shift": (
        N_("Écart consensus − moyenne individuelle"),
        "mean",
    ),
}

#: Excel number formats per kind of number (Excel shows them with the reader's
#: decimal separator: « 0,57 » in a French office, « 0.57 » in an English one).
_EXCEL_FORMATS = {"count": "0", "share": "0.0%", "mean": "0.00", "statistic": "0.000"}


def _indicator_words(indicator: str, lang: str) -> tuple[str, str]:
    if indicator in INDICATOR_WORDS:
        words, kind = INDICATOR_WORDS[indicator]
        return t_(words, lang=lang), kind
    names = {"alpha": N_("α de Krippendorff")}
    for suffix, words in {
        "_ci_low": N_(", borne basse de l'IC à 95\u00a0%"),
        "_ci_high": N_(", borne haute de l'IC à 95\u00a0%"),
    }.items():
        if indicator.endswith(suffix):
            base = indicator[: -len(suffix)]
            name = t_(names[base], lang=lang) if base in names else base
            return name + t_(words, lang=lang), "statistic"
    return (t_(names[indicator], lang=lang) if indicator in names else indicator), "statistic"


def write_key_figures_xlsx(records: list[dict], path, *, lang: str | None = None) -> None:
    """The key figures as a spreadsheet a French (or English) office opens directly.

    One sheet « Chiffres clés » with headers in words (« Année », « Indicateur »,
    « Marqueur », « Valeur »), indicators and markers named, and number formats
    per kind of figure: whole counts, shares as percentages, means with two
    decimals, statistics with three. The CSV and JSON files stay the
    machine-readable, byte-stable copies; this one is for people.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> rec = [{"year": 2019, "indicator": "labelled_share", "marker": "", "value": 0.57}]
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_key_figures_xlsx(rec, f"{d}/k.xlsx", lang="fr")
    ...     ws = openpyxl.load_workbook(f"{d}/k.xlsx")["Chiffres clés"]
    ...     [c.value for c in ws[1]], ws["D2"].value, ws["D2"].number_format
    (['Année', 'Indicateur', 'Marqueur', 'Valeur'], 0.57, '0.0%')
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    lang = get_language(lang)
    names = marker_labels(default_markers(), lang=lang)
    wb = Workbook()
    ws = wb.active
    ws.title = t_("Chiffres clés", lang=lang)
    ws.append(
        [
            t_("Année", lang=lang),
            t_("Indicateur", lang=lang),
            t_("Marqueur", lang=lang),
            t_("Valeur", lang=lang),
        ]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for rec in records:
        words, kind = _indicator_words(rec["indicator"], lang)
        marker = rec["marker"]
        if marker:
            marker = f"{marker} · {names[marker]}" if marker in names else marker
        ws.append([rec["year"], words, marker or t_("ensemble", lang=lang), rec["value"]])
        ws.cell(row=ws.max_row, column=4).number_format = _EXCEL_FORMATS[kind]
    ws.freeze_panes = "A2"
    for column, width in zip("ABCD", (8, 58, 48, 12), strict=True):
        ws.column_dimensions[column].width = width
    ws.auto_filter.ref = ws.dimensions
    wb.save(path)


def show_key_figures(table: pd.DataFrame) -> None:
    """Hand the key figures to the report runner (invisible in the HTML)."""
    from IPython.display import display

    display({KEY_FIGURES_MIME: key_figures_to_records(table)}, raw=True)
