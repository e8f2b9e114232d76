"""Key figures (checked against direct counts on the raw tables), narration, provenance."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from amiris_lab.data.demo import make_demo_dataset
from amiris_lab.exceptions import ParameterError
from amiris_lab.reports import (
    agreement_text,
    fmt,
    key_figures,
    key_figures_text,
    movement_text,
    percent,
    provenance,
    provenance_table,
    severity_text,
    trend_text,
)
from amiris_lab.reports.figures import key_figures_to_records, write_key_figures


@pytest.fixture(scope="module")
def demo():
    return make_demo_dataset(years=[2018, 2019], seed=7)


def _value(kf, indicator, marker=""):
    sel = kf[(kf["indicator"] == indicator) & (kf["marker"] == marker)]
    assert len(sel) == 1, indicator
    return float(sel["value"].iloc[0])


def test_key_figures_match_direct_counts(demo):
    kf = key_figures(demo, year=2019)
    assert list(kf.columns) == ["year", "indicator", "marker", "value"]
    projects = demo.projects[demo.projects["year"] == 2019]
    ids = set(projects["project_id"])
    scores = demo.scores[demo.scores["project_id"].isin(ids)]
    ind = scores[scores["round"] == "individuel"]
    assert _value(kf, "applications") == len(projects)
    for code in ("labellise", "ajourne", "non_labellise"):
        assert _value(kf, f"decision_{code}") == (projects["decision"] == code).sum()
    assert _value(kf, "labelled_share") == pytest.approx(
        (projects["decision"] == "labellise").mean()
    )
    assert _value(kf, "raters") == ind["rater_id"].nunique()
    assert _value(kf, "individual_scores") == ind["score"].notna().sum()
    assert _value(kf, "not_scored_share") == pytest.approx(ind["score"].isna().mean())
    # mean consensus of M05 straight from the long table
    con = scores[(scores["round"] == "consensus") & (scores["marker"] == "M05")]["score"].astype(
        float
    )
    assert _value(kf, "mean_consensus", "M05") == pytest.approx(con.mean(), rel=1e-10)
    # consensus shift of M05: consensus minus mean individual score, per project, then averaged
    mean_ind = ind[ind["marker"] == "M05"].groupby("project_id", observed=True)["score"].mean()
    con_by = scores[(scores["round"] == "consensus") & (scores["marker"] == "M05")].set_index(
        "project_id"
    )["score"]
    diff = (con_by.astype(float) - mean_ind.astype(float).reindex(con_by.index)).dropna()
    assert _value(kf, "consensus_shift", "M05") == pytest.approx(diff.mean(), rel=1e-10)


def test_key_figures_take_agreement_rows(demo):
    table = pd.DataFrame(
        {
            "marker": ["M01", "M02"],
            "statistic": "alpha",
            "value": [0.7, 0.5],
            "ci_low": [0.6, 0.4],
            "ci_high": [0.8, 0.6],
        }
    )
    kf = key_figures(demo, year=2019, agreement=table)
    assert _value(kf, "alpha", "M02") == 0.5 and _value(kf, "alpha_ci_high", "M01") == 0.8


def test_key_figures_year_absent(demo):
    with pytest.raises(
        ParameterError,
        match=r"L'année 2016 n'est pas dans les données \(années présentes : 2018, 2019\)",
    ):
        key_figures(demo, year=2016)


def test_key_figures_files_byte_identical(demo, tmp_path):
    paths = []
    for run in (1, 2):
        records = key_figures_to_records(
            key_figures(make_demo_dataset(years=[2018, 2019], seed=7), year=2019)
        )
        csv, js = tmp_path / f"k{run}.csv", tmp_path / f"k{run}.json"
        write_key_figures(records, csv, js)
        paths.append((csv.read_bytes(), js.read_bytes()))
    assert paths[0] == paths[1]
    assert json.loads(paths[0][1])[0] == {
        "year": 2019,
        "indicator": "applications",
        "marker": "",
        "value": float(_value(key_figures(demo, year=2019), "applications")),
    }
    assert b"\r\n" not in paths[0][0]


def test_numbers_in_french_and_english():
    # CLDR (Babel): narrow no-break space between thousands, no-break space before « % »
    assert fmt(1234.5, digits=1, lang="fr") == "1\u202f234,5"
    assert fmt(1234.5, digits=1, lang="en") == "1,234.5"
    assert fmt(None, lang="en") == "n/a"
    assert percent(0.5, lang="fr") == "50\u00a0%" and percent(np.nan, lang="fr") == "n.d."


def test_agreement_text_uses_the_one_reading_of_the_table():
    """Bullets by verdict on the point value (the table's words), certainty said apart."""
    from amiris_lab.analysis import readable_agreement_table

    table = pd.DataFrame(
        {
            "marker": ["M01", "M02", "M03", "M04", "M05"],
            "statistic": "alpha",
            "value": [0.9, 0.3, 0.7, np.nan, 0.6655],
            "ci_low": [0.82, 0.2, 0.6, np.nan, 0.60],
            "ci_high": [0.95, 0.5, 0.8, np.nan, 0.72],
            "band": None,
        }
    )
    text = agreement_text(table, alpha_min=0.667, lang="fr")
    lines = text.splitlines()
    assert lines[0].startswith("- **Fiable** (α ≥ 0,800)") and "(M01)" in lines[0]
    assert lines[1].startswith("- **Conclusions provisoires**") and "(M03)" in lines[1]
    # 0.6655 is below 0.667: insufficient, never « 0,67 » with that verdict
    assert lines[2].startswith("- **Insuffisant** (α < 0,667)")
    assert "(M02)" in lines[2] and "(M05)" in lines[2]
    assert lines[3].startswith("- **Non calculable**") and "(M04)" in lines[3]
    assert "Certitude (d'après l'intervalle de confiance)" in text
    assert "(M03) : intervalle à cheval sur 0,667" in text
    assert "(M05) : intervalle à cheval sur 0,667" in text and "(M01) :" not in text
    # the same verdict words as the readable table's « Lecture » column
    shown = readable_agreement_table(table, lang="fr").set_index("Marqueur")["Lecture"]
    assert shown["M03"] == "conclusions provisoires" and shown["M05"] == "insuffisant"
    assert shown["M01"] == "fiable"
    en = agreement_text(table, alpha_min=0.95, lang="en")
    # a stricter threshold: 0.9 is then insufficient, and no tentative band is left
    assert en.splitlines()[0].startswith("- **Insufficient** (α < 0.950)")
    assert "(M01)" in en.splitlines()[0] and "Tentative conclusions" not in en


def test_key_figures_text_and_movement(demo):
    kf = key_figures(demo, year=2019)
    text = key_figures_text(kf, lang="fr")
    n = int(_value(kf, "applications"))
    assert f"En 2019, **{n} projets** ont candidaté" in text
    move = movement_text(kf, lang="fr")
    assert move.startswith("En moyenne, le consensus se situe")


def test_trend_text():
    t = pd.DataFrame(
        {"year": [2018, 2019], "indicator": "labelled_share", "marker": "", "value": [0.5, 0.25]}
    )
    assert trend_text(t, indicator="labelled_share", label="part", lang="fr") == (
        "part : 50\u00a0% en 2018, 25\u00a0% en 2019 (en baisse de 50\u00a0% à 25\u00a0%)."
    )
    assert trend_text(t, indicator="absent", label="x") == ""


def test_provenance_record(demo):
    p = provenance(demo, {"year": 2019, "seed": 5, "lang": "fr"})
    assert p["dataset_fingerprint"] == demo.fingerprint and p["seed"] == 5
    assert p["package_version"] == __import__("amiris_lab").__version__
    table = provenance_table(p, lang="fr")
    assert table.loc["Empreinte des données (SHA-256)"].iloc[0] == demo.fingerprint
    assert "Date d'exécution (UTC)" in table.index
    with_boot = provenance_table(provenance(demo, {"year": 2019, "n_boot": 1000}), lang="fr")
    assert with_boot.loc["Tirages bootstrap"].iloc[0] == "1\u202f000"  # French digit grouping
    # one header row when shown: the columns carry the name, the index none
    assert table.index.name is None and table.columns.name == "Élément"
    assert list(table.columns) == ["Valeur"]


def test_severity_text_names_groups_and_sure_differences():
    table = pd.DataFrame(
        {
            "college": ["expert", "financeur_public", "accompagnement"],
            "severity": [0.25, -0.3, 0.01],
            "ci_low": [0.1, -0.5, -0.1],
            "ci_high": [0.4, -0.1, 0.1],
        }
    )
    text = severity_text(table, lang="fr")
    assert text.startswith(
        "Le plus indulgent est Expert (+0,25 niveau), le plus sévère Financeur public (-0,30 niveau)."
    )
    assert text.endswith("(intervalle excluant 0) : Financeur public et Expert.")
    members = table.assign(rater_id=["R01", "R02", "R03"])
    assert severity_text(members, lang="en").startswith(
        "The most lenient is R01 (+0.25 level), the most severe R02"
    )
    raters = pd.DataFrame(
        {"rater_id": ["R01"], "severity": [np.nan], "ci_low": [np.nan], "ci_high": [np.nan]}
    )
    assert severity_text(raters, lang="en") == "Severity not computable."
