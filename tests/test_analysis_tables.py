"""agreement_table: its layout, groupings and values against the coefficients called directly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from analysis_helpers import random_dataset

from amiris_lab.analysis import STATISTICS, agreement_table
from amiris_lab.analysis.tables import agreement_table_legend, readable_agreement_table
from amiris_lab.exceptions import ParameterError
from amiris_lab.i18n import t_

agreement = pytest.importorskip("amiris_lab.agreement")
COLUMNS = [
    "statistic",
    "value",
    "se",
    "ci_low",
    "ci_high",
    "n_units",
    "n_raters",
    "n_ratings",
    "band",
]
LEVELS = [0, 1, 2, 3]


@pytest.fixture(scope="module")
def ds():
    return random_dataset(21, n_projects=60)


def test_layout_one_row_per_marker_and_statistic(ds):
    table = agreement_table(ds, n_boot=100, seed=1)
    assert list(table.columns) == ["marker", *COLUMNS]
    assert table["marker"].tolist() == ["M01"] * 3 + ["M02"] * 3 + ["M03"] * 3
    assert table["statistic"].tolist() == ["alpha", "ac2", "percent_agreement"] * 3
    assert table[["n_units", "n_raters", "n_ratings"]].dtypes.eq(int).all()
    assert (table["ci_low"] <= table["value"]).all() and (table["value"] <= table["ci_high"]).all()


def test_matrices_are_exactly_dataset_ratings(ds):
    from amiris_lab.analysis._common import individual_scores, wide

    scores = individual_scores(ds, "revise")
    for marker in ("M01", "M03"):
        expected = ds.ratings(marker, round="revise")
        pd.testing.assert_frame_equal(wide(scores[scores["marker"] == marker]), expected)


def test_values_equal_the_coefficients_on_dataset_ratings(ds):
    krippendorff = pytest.importorskip("krippendorff")
    table = agreement_table(ds, statistics=list(STATISTICS), n_boot=100, seed=2).set_index(
        ["marker", "statistic"]
    )
    for marker in ("M01", "M02", "M03"):
        ratings = ds.ratings(marker)
        alpha = krippendorff.alpha(
            ratings.T.to_numpy(), level_of_measurement="ordinal", value_domain=LEVELS
        )
        assert table.loc[(marker, "alpha"), "value"] == pytest.approx(alpha, abs=1e-9)
        assert table.loc[(marker, "alpha"), "n_units"] == (ratings.notna().sum(axis=1) >= 2).sum()
        assert table.loc[(marker, "alpha"), "n_ratings"] == ratings.notna().to_numpy().sum()
        calls = {
            "ac1": agreement.gwet_ac(ratings, weights="identity", categories=LEVELS),
            "ac2": agreement.gwet_ac(ratings, weights="ordinal", categories=LEVELS),
            "fleiss": agreement.fleiss_kappa(ratings, weights="identity", categories=LEVELS),
            "conger": agreement.conger_kappa(ratings, weights="identity", categories=LEVELS),
            "bp": agreement.brennan_prediger(ratings, weights="identity", categories=LEVELS),
            "percent_agreement": agreement.percent_agreement(
                ratings, weights="identity", categories=LEVELS
            ),
        }
        for name, est in calls.items():
            row = table.loc[(marker, name)]
            got = row[["value", "se", "ci_low", "ci_high", "n_units", "n_raters"]].tolist()
            assert got == pytest.approx(
                [est.value, est.se, est.ci_low, est.ci_high, est.n_units, est.n_raters]
            )


def test_icc_is_one_way_on_each_projects_first_k_scores(ds):
    pg = pytest.importorskip("pingouin")
    table = agreement_table(ds, statistics=("icc",), n_boot=10).set_index("marker")
    ratings = ds.ratings("M02")
    counts = ratings.notna().sum(axis=1)
    k = max(2, int(np.median(counts[counts >= 2])))
    rows = []
    for pid, row in ratings[counts >= k].iterrows():
        for slot, score in enumerate(row.dropna().to_numpy()[:k]):
            rows.append((pid, slot, score))
    long = pd.DataFrame(rows, columns=["project", "slot", "score"])
    ref = pg.intraclass_corr(long, targets="project", raters="slot", ratings="score").set_index(
        "Type"
    )
    assert table.loc["M02", "value"] == pytest.approx(ref.loc["ICC(1,1)", "ICC"], abs=1e-9)
    assert table.loc["M02", "n_units"] == (counts >= k).sum()
    assert np.isnan(table.loc["M02", "se"])


@pytest.mark.filterwarnings("ignore::amiris_lab.exceptions.UndefinedStatisticWarning")
@pytest.mark.parametrize("key", ["year", "college", "stage"])
def test_grouping_by_year_college_or_project_column(ds, key):
    table = agreement_table(ds, by=("marker", key), statistics=("alpha", "ac1"), n_boot=50, seed=3)
    assert list(table.columns) == ["marker", key, *COLUMNS]
    for row in table[table["statistic"] == "alpha"].itertuples():
        value = getattr(row, key)
        if key == "year":
            ratings = ds.ratings(row.marker, year=value)
        elif key == "college":
            ratings = ds.filter(college=value).ratings(row.marker)
        else:
            ids = ds.projects.loc[ds.projects[key].astype(str) == value, "project_id"]
            ratings = ds.filter(projects=list(ids)).ratings(row.marker)
        expected = agreement.krippendorff_alpha(ratings, categories=LEVELS)
        assert row.value == pytest.approx(expected, nan_ok=True)
    groups = sorted(map(str, table[key].unique()))
    assert table[table["marker"] == "M01"][key].astype(str).unique().tolist() == groups


def test_without_marker_the_markers_are_pooled(ds):
    table = agreement_table(ds, by="year", statistics="alpha", n_boot=50, seed=4)
    assert list(table.columns) == ["marker", "year", *COLUMNS]
    assert set(table["marker"]) == {"all"}
    stacked = pd.concat(
        [ds.ratings(m, year=2018) for m in ("M01", "M02", "M03")], ignore_index=True
    )
    expected = agreement.krippendorff_alpha(stacked, categories=LEVELS)
    assert table.set_index("year").loc[2018, "value"] == pytest.approx(expected)


def test_by_dimension_pools_the_dimensions_markers(ds):
    table = agreement_table(ds, by="dimension", statistics="ac1", n_boot=10)
    # M01 and M02 are in "Contexte d'émergence", M03 in "Processus"
    assert table["dimension"].tolist() == ["Contexte d'émergence", "Processus"]
    stacked = pd.concat([ds.ratings("M01"), ds.ratings("M02")], ignore_index=True)
    expected = agreement.gwet_ac(stacked, categories=LEVELS)
    assert table.loc[0, "value"] == pytest.approx(expected.value)
    assert table.loc[0, "n_units"] == expected.n_units


def test_same_seed_same_table_other_seed_other_intervals(ds):
    first = agreement_table(ds, n_boot=200, seed=5)
    assert agreement_table(ds, n_boot=200, seed=5).equals(first)
    other = agreement_table(ds, n_boot=200, seed=6)
    assert other["value"].equals(first["value"])
    alpha = first["statistic"] == "alpha"
    assert not other.loc[alpha, "ci_low"].equals(first.loc[alpha, "ci_low"])


def test_bands_follow_the_language(ds):
    from amiris_lab.agreement import bands

    en = agreement_table(
        ds, statistics=("alpha", "percent_agreement"), n_boot=50, seed=7, lang="en"
    )
    fr = agreement_table(ds, statistics=("alpha", "percent_agreement"), n_boot=50, seed=7)
    alpha = en[en["statistic"] == "alpha"]
    assert alpha["band"].tolist() == [
        bands.interpret(v, scale="krippendorff", lang="en") for v in alpha["value"]
    ]
    assert fr.loc[alpha.index, "band"].tolist() == [
        bands.interpret(v, scale="krippendorff", lang="fr") for v in alpha["value"]
    ]
    assert en.loc[en["statistic"] == "percent_agreement", "band"].isna().all()


def test_progress_bar_only_when_asked(ds, capsys):
    agreement_table(ds, statistics="ac1", n_boot=10, progress=False)
    assert capsys.readouterr().err == ""
    agreement_table(ds, statistics="ac1", n_boot=10, progress=True)
    assert "Accord" in capsys.readouterr().err


def test_readable_table_in_french_and_english(ds):
    table = agreement_table(ds, by=("marker", "year"), statistics=("alpha",), n_boot=50, seed=8)
    fr = readable_agreement_table(table, lang="fr")
    # a single statistic, the same projects and members on every row: those constant
    # columns are dropped (the legend says them once)
    assert table["n_units"].nunique() == 1 and table["n_raters"].nunique() == 1
    assert list(fr.columns) == [
        "Marqueur",
        "Année",
        "Valeur",
        "IC\u00a095\u00a0%",
        "Notes",
        "Lecture",
        "Certitude (d'après l'IC)",
    ]
    n_units, n_raters = int(table["n_units"].iloc[0]), int(table["n_raters"].iloc[0])
    assert f"Chaque ligne : {n_units} projets, {n_raters} membres." in agreement_table_legend(
        table, lang="fr"
    )
    # counts that differ between rows stay in the table
    varied = table.assign(n_units=range(len(table)))
    assert "Projets" in readable_agreement_table(varied, lang="fr").columns
    assert "," in fr["Valeur"].iloc[0] and "\u00a0;\u00a0" in fr["IC\u00a095\u00a0%"].iloc[0]
    assert agreement_table_legend(table, lang="fr").startswith("Statistique : α de Krippendorff.")
    en = readable_agreement_table(table, lang="en")
    assert en.columns[0] == "Marker" and "." in en["Value"].iloc[0]
    assert "95% CI" in en.columns


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (
            {"by": ("marker", "rater")},
            r"The 'by' parameter of agreement_table accepts 'marker', 'dimension', 'college' or a project column \('year'.*Got 'rater' instead",
        ),
        ({"by": "marker,marker"}, r"repeats a column"),
        (
            {"statistics": ("alpha", "kappa")},
            r"The 'statistics' parameter of agreement_table must be one of \{'alpha', 'ac1'.*Got 'kappa' instead",
        ),
        ({"statistics": ()}, r"'statistics' parameter of agreement_table is empty"),
        ({"round": "consensus"}, r"must be a round of member scores"),
        ({"round": "final"}, r"The 'round' parameter of agreement_table must be one of"),
        (
            {"level": "cubic"},
            r"The 'level' parameter of agreement_table must be one of \{'nominal', 'ordinal', 'interval', 'ratio'\}. Got 'cubic' instead.",
        ),
        ({"weights": "squared"}, r"The 'weights' parameter of agreement_table must be one of"),
        (
            {"n_boot": 0},
            r"The 'n_boot' parameter of agreement_table must be a positive integer. Got 0 instead.",
        ),
        (
            {"confidence": 0},
            r"'confidence' parameter of agreement_table must be a number strictly between 0 and 1",
        ),
        ({"year": 2030}, r"L'année 2030 n'est pas dans le jeu de données"),
    ],
)
def test_errors(ds, kwargs, match):
    with pytest.raises(ParameterError, match=match):
        agreement_table(ds, **kwargs)


def test_one_record_per_statistic_drives_names_labels_and_bands():
    from amiris_lab.analysis import STATISTIC_RECORDS

    assert list(STATISTICS) == list(STATISTIC_RECORDS)
    for name, record in STATISTIC_RECORDS.items():
        assert STATISTICS[name] == record.description
        # labels and intervals are catalogue messages, translated into English
        assert t_(record.label, lang="en") and t_(record.interval, lang="en")
        if record.label != "Brennan-Prediger":
            assert t_(record.label, lang="en") != record.label
    table = pd.DataFrame(
        {"marker": "M01", "statistic": list(STATISTIC_RECORDS), "value": 0.5, "se": 0.1,
         "ci_low": 0.3, "ci_high": 0.7, "n_units": 30, "n_raters": 5, "n_ratings": 120,
         "band": ""}
    )  # fmt: skip
    shown = readable_agreement_table(table, lang="en")["Statistic"].tolist()
    assert shown == [t_(r.label, lang="en") for r in STATISTIC_RECORDS.values()]


def test_the_table_computes_through_the_agreement_registry(ds, monkeypatch):
    """Replacing a coefficient in the one registry changes the table: the code reads it."""
    from dataclasses import replace

    from amiris_lab.agreement import registry

    def fake_gwet_ac(ratings, *, weights, categories, confidence):
        return agreement.AgreementEstimate(
            0.123, 0.01, 0.1, 0.15, 0.5, 0.4, 7, 3, "gwet_ac2", weights
        )

    monkeypatch.setitem(
        registry.REGISTRY, "gwet_ac", replace(registry.REGISTRY["gwet_ac"], function=fake_gwet_ac)
    )
    table = agreement_table(ds, statistics=("ac1", "ac2", "fleiss"), n_boot=10, seed=0)
    gwet = table[table["statistic"].isin(["ac1", "ac2"])]
    assert (gwet["value"] == 0.123).all() and (gwet["n_units"] == 7).all()
    assert (table.loc[table["statistic"] == "fleiss", "value"] != 0.123).all()
