"""k_anonymity and generalise, checked against group counts made with collections.Counter."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from amiris_lab.data.demo import make_demo_dataset
from amiris_lab.data.privacy import QUASI_IDENTIFIERS, generalise, k_anonymity
from amiris_lab.exceptions import ParameterError
from amiris_lab.i18n import set_language


@pytest.fixture(scope="module")
def demo():
    return make_demo_dataset(years=[2018, 2019])


@pytest.fixture
def hand() -> pd.DataFrame:
    rows = [
        ("A", 2019, "59", "association", "emergence", "alimentation"),
        ("B", 2019, "59", "association", "emergence", "alimentation"),
        ("C", 2019, "59", "association", "emergence", "alimentation"),
        ("D", 2019, "59", "association", "emergence", "habitat"),
        ("E", 2019, "59", "scop", "emergence", "alimentation"),
        ("F", 2019, "62", "association", "essaimage", "culture"),
    ]
    return pd.DataFrame(rows, columns=["project_id", *QUASI_IDENTIFIERS])


def counter_sizes(frame, qi=QUASI_IDENTIFIERS):
    return Counter(tuple(str(v) for v in row) for row in frame[list(qi)].itertuples(index=False))


def test_report_matches_a_counter(demo):
    report = k_anonymity(demo, k=5)
    sizes = counter_sizes(demo.projects)
    assert report.n_records == len(demo.projects)
    assert report.n_groups == len(sizes)
    assert report.smallest_group == min(sizes.values())
    under = {key: n for key, n in sizes.items() if n < 5}
    got = {tuple(row[:-1]): row[-1] for row in report.groups_under_k.itertuples(index=False)}
    assert got == under
    assert report.records_under_k == sum(under.values())
    assert list(report.groups_under_k.columns) == [*QUASI_IDENTIFIERS, "size"]
    assert report.groups["size"].is_monotonic_increasing
    assert not report.is_k_anonymous


def test_coarse_quasi_identifiers_can_be_k_anonymous(demo):
    report = k_anonymity(demo.projects, quasi_identifiers=["year"], k=5)
    assert report.is_k_anonymous
    assert report.groups_under_k.empty
    assert report.smallest_group == demo.projects["year"].value_counts().min()


def test_hand_made_table(hand):
    report = k_anonymity(hand, k=3)
    assert report.smallest_group == 1
    assert report.n_groups == 4
    assert report.records_under_k == 3


def test_missing_values_form_their_own_group(hand):
    hand.loc[5, "sector"] = None
    hand.loc[4, "sector"] = None
    report = k_anonymity(hand, quasi_identifiers=["sector"], k=2)
    assert dict(zip(report.groups["sector"], report.groups["size"], strict=True)) == {
        "habitat": 1,
        "": 2,
        "alimentation": 3,
    }


def test_summary_text(hand):
    set_language("fr")
    try:
        text = k_anonymity(hand, k=3).summary(max_groups=1)
        assert text.splitlines()[0] == (
            "k-anonymat (k = 3) sur year, department, legal_form, stage, sector : "
            "6 projet(s), 4 groupe(s), plus petit groupe : 1"
        )
        assert "3 groupe(s) de moins de 3 projets (3 projet(s) ré-identifiables) :" in text
        assert text.splitlines()[-1] == "... et 2 autre(s) groupe(s)"
        ok = k_anonymity(hand, quasi_identifiers=["year"], k=3).summary(lang="en")
        assert ok.splitlines()[-1] == "Every group has at least 3 projects."
    finally:
        set_language(None)


def test_suppress_removes_exactly_the_small_groups(demo):
    result = generalise(demo, k=3, strategy="suppress")
    sizes = counter_sizes(demo.projects)
    keys = [
        tuple(str(v) for v in r)
        for r in demo.projects[list(QUASI_IDENTIFIERS)].itertuples(index=False)
    ]
    expected = [
        pid for pid, key in zip(demo.projects["project_id"], keys, strict=True) if sizes[key] < 3
    ]
    assert result.suppressed == expected
    assert len(result.table) == len(demo.projects) - len(expected)
    assert set(result.changes["action"]) == {"suppress"}
    assert result.report.is_k_anonymous


def test_generalise_recodes_sector_then_legal_form_then_suppresses(hand):
    result = generalise(hand, k=2, strategy="generalise")
    changes = result.changes
    assert list(changes.columns) == ["project_id", "action", "column", "before", "after"]
    # D (habitat), E (scop) and F are alone: they lose their sector; all three are still
    # alone (D association/autre, E scop/autre, F in 62), so they lose their legal form
    sector = changes[changes["column"] == "sector"]
    assert list(sector["project_id"]) == ["D", "E", "F"]
    assert set(sector["after"]) == {"autre"}
    legal = changes[changes["column"] == "legal_form"]
    assert list(legal["project_id"]) == ["D", "E", "F"]
    assert list(legal["before"]) == ["association", "scop", "association"]
    # D and E now share (2019, 59, autre, emergence, autre); F (62) cannot be saved
    assert result.suppressed == ["F"]
    assert result.report.is_k_anonymous and result.report.smallest_group >= 2
    assert list(result.table["project_id"]) == ["A", "B", "C", "D", "E"]
    assert list(result.table.loc[3:, "legal_form"]) == ["autre", "autre"]
    # untouched rows keep their values
    assert list(result.table.loc[:2, "sector"]) == ["alimentation"] * 3


def test_generalised_values_stay_in_the_dataset_vocabulary(demo):
    result = generalise(demo, k=5)
    assert result.report.is_k_anonymous
    assert set(result.changes.loc[result.changes["action"] == "generalise", "after"]) == {"autre"}
    assert isinstance(result.table["legal_form"].dtype, pd.CategoricalDtype)
    assert len(result.suppressed) < len(generalise(demo, k=5, strategy="suppress").suppressed)


def test_nothing_to_do_changes_nothing(hand):
    result = generalise(hand, k=2, quasi_identifiers=["year"])
    assert result.changes.empty and result.suppressed == []
    pd.testing.assert_frame_equal(result.table, hand)


def test_empty_table(hand):
    empty = hand.iloc[:0]
    report = k_anonymity(empty)
    assert (report.n_records, report.n_groups, report.smallest_group) == (0, 0, 0)
    assert generalise(empty).table.empty


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda t: k_anonymity(t, k=1),
            r"Le paramètre 'k' de k_anonymity doit être un entier >= 2 ; reçu 1\.",
        ),
        (
            lambda t: k_anonymity(t, k=2.5),
            r"Le paramètre 'k' de k_anonymity doit être un entier >= 2 ; reçu 2\.5",
        ),
        (
            lambda t: generalise(t, k=True),
            r"Le paramètre 'k' de generalise doit être un entier >= 2 ; reçu True",
        ),
        (
            lambda t: k_anonymity(t, quasi_identifiers=[]),
            r"The 'quasi_identifiers' parameter of k_anonymity must name at least one column\.",
        ),
        (
            lambda t: k_anonymity(t, quasi_identifiers=["year", "secteur"]),
            r"La colonne de quasi-identifiant 'secteur' n'est pas dans la table des projets ; ses colonnes sont project_id, year",
        ),
        (
            lambda t: k_anonymity([1, 2]),
            r"The 'projects' parameter of k_anonymity must be a DataFrame or a MarkerDataset\. Got list instead\.",
        ),
        (
            lambda t: generalise(t, strategy="drop"),
            r"The 'strategy' parameter of generalise must be one of \{'generalise', 'suppress'\}\. Got 'drop' instead\.",
        ),
        (
            lambda t: generalise(t.drop(columns="project_id")),
            r"La table des projets donnée à generalise n'a pas de colonne 'project_id' ; ses colonnes sont year",
        ),
    ],
)
def test_errors(hand, call, message):
    with pytest.raises(ParameterError, match=message):
        call(hand)
