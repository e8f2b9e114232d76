"""One reading of alpha (issue 10): verdict from the point value, certainty from the interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from amiris_lab.agreement import interpret
from amiris_lab.analysis import (
    agreement_table_legend,
    readable_agreement_table,
    reliability_legend,
    reliability_reading,
)
from amiris_lab.analysis.reading import format_interval, format_number
from amiris_lab.exceptions import ParameterError

NBSP = "\u00a0"
FR_VERDICT_AT = {  # Krippendorff (2004): >= .800 reliable, >= .667 tentative, below discard
    0.95: "fiable",
    0.8: "fiable",
    0.7999: "conclusions provisoires",
    0.667: "conclusions provisoires",
    0.6669: "insuffisant",
    0.6655: "insuffisant",
    -0.2: "insuffisant",
}


def _alpha_table(values, lows=None, highs=None) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame(
        {
            "marker": [f"M{i + 1:02d}" for i in range(n)],
            "statistic": "alpha",
            "value": values,
            "se": 0.05,
            "ci_low": lows if lows is not None else np.nan,
            "ci_high": highs if highs is not None else np.nan,
            "n_units": 40,
            "n_raters": 6,
            "n_ratings": 200,
            "band": [interpret(v, scale="krippendorff") for v in values],
        }
    )


@pytest.mark.parametrize(("value", "verdict"), FR_VERDICT_AT.items())
def test_verdict_on_the_point_value_at_krippendorffs_thresholds(value, verdict):
    reading = reliability_reading(_alpha_table([value]), lang="fr")
    assert reading["verdict_label"].iloc[0] == verdict
    # the same words as the published band the table's `band` column holds
    assert interpret(value, scale="krippendorff", lang="fr") == verdict


def test_06655_is_never_shown_as_067_beside_insuffisant():
    table = _alpha_table([0.6655], [0.55], [0.75])
    for digits in (2, 3):
        shown = readable_agreement_table(table, digits=digits, lang="fr").iloc[0]
        assert shown["Valeur"] == "0,666" and shown["Lecture"] == "insuffisant"
    assert reliability_reading(table, lang="fr")["value_text"].iloc[0] == "0,666"


def test_no_shown_value_contradicts_its_verdict_anywhere_near_the_thresholds():
    """Read the shown number back: it must give the same verdict as the true value."""
    rng = np.random.default_rng(10)
    values = np.concatenate(
        [rng.uniform(0.66, 0.81, 4000), 0.667 + rng.normal(0, 1e-4, 500), [0.6665, 0.7995, 0.8]]
    )
    reading = reliability_reading(_alpha_table(list(values)), digits=2, lang="en")
    shown = reading["value_text"].astype(float).to_numpy()
    again = reliability_reading(_alpha_table(list(shown)), lang="en")["verdict"]
    assert (again.to_numpy() == reading["verdict"].to_numpy()).all()
    # and only as many decimals as needed: far from a threshold, two
    assert format_number(0.7321, digits=2, lang="fr") == "0,73"


def test_certainty_is_named_apart_from_the_verdict():
    table = _alpha_table(
        [0.85, 0.75, 0.70, 0.55, 0.72, np.nan],
        [0.81, 0.70, 0.60, 0.45, np.nan, np.nan],
        [0.90, 0.82, 0.78, 0.62, np.nan, np.nan],
    )
    r = reliability_reading(table, lang="fr")
    assert r["certainty"].tolist() == [
        "above_reliable",
        "above_tentative",
        "straddles",
        "below_tentative",
        "no_interval",
        "no_interval",
    ]
    assert r["certainty_label"].tolist()[:4] == [
        "intervalle entièrement au-dessus de 0,800",
        "intervalle entièrement au-dessus de 0,667",
        "intervalle à cheval sur 0,667",
        "intervalle entièrement en dessous de 0,667",
    ]
    # 0.70 with an interval straddling 0.667: the verdict stays the point value's
    assert r["verdict_label"].iloc[2] == "conclusions provisoires"
    assert r["verdict_label"].iloc[5] == "non calculable"


def test_table_legend_and_reading_use_the_same_words():
    table = _alpha_table([0.85, 0.70, 0.50], [0.81, 0.6, 0.4], [0.9, 0.8, 0.6])
    readable = readable_agreement_table(table, lang="fr")
    reading = reliability_reading(table, lang="fr")
    assert readable["Lecture"].tolist() == reading["verdict_label"].tolist()
    assert readable["Certitude (d'après l'IC)"].tolist() == reading["certainty_label"].tolist()
    legend = agreement_table_legend(table, lang="fr")
    for word in ("fiable", "conclusions provisoires", "insuffisant"):
        assert word in legend
    for old in ("à écarter", "seulement", "Incertain"):
        assert old not in legend and old not in " ".join(readable["Lecture"])


def test_ic_is_explained_at_first_use_and_constant_columns_dropped():
    table = _alpha_table([0.7], [0.6], [0.8])
    readable = readable_agreement_table(table, lang="fr")
    assert "Statistique" not in readable.columns
    legend = agreement_table_legend(table, lang="fr")
    assert legend.index("Statistique : α de Krippendorff") == 0
    first_ic = legend.index("IC")
    assert legend[first_ic:].startswith(f"IC{NBSP}95{NBSP}% : intervalle de confiance à 95{NBSP}%")
    # several statistics: the column is informative and stays
    two = pd.concat([table, table.assign(statistic="ac2", band="substantiel")], ignore_index=True)
    shown = readable_agreement_table(two, lang="fr")
    assert shown["Statistique"].tolist() == ["α de Krippendorff", "AC2 de Gwet"]
    assert shown["Certitude (d'après l'IC)"].tolist()[1] == ""
    assert "Intervalles : AC2 de Gwet : t de Gwet" in agreement_table_legend(two, lang="fr")


def test_english_reading_and_legend():
    r = reliability_reading(_alpha_table([0.81], [0.7], [0.9]), lang="en").iloc[0]
    assert (r["verdict_label"], r["certainty_label"]) == (
        "reliable",
        "whole interval above 0.667",
    )
    assert r["interval_text"] == "[0.70; 0.90]"
    assert "95% CI: 95% confidence interval" in reliability_legend(lang="en")


def test_french_numbers_never_wrap_and_have_no_negative_zero():
    assert format_interval(0.29, 0.47, lang="fr") == f"[0,29{NBSP};{NBSP}0,47]"
    assert format_number(-0.001, lang="fr") == "0,00"
    assert format_number(-0.25, lang="fr") == "-0,25"
    assert format_number(np.nan) == "–"


def test_reading_keeps_only_alpha_rows_and_checks_its_options():
    table = pd.concat([_alpha_table([0.7]), _alpha_table([0.9]).assign(statistic="ac2")])
    assert len(reliability_reading(table)) == 1
    assert len(reliability_reading(table, statistic=None)) == 2
    with pytest.raises(ParameterError, match=r"The 'digits' parameter of reliability_reading"):
        reliability_reading(table, digits=-1)
    with pytest.raises(ParameterError, match=r"needs tentative < reliable"):
        reliability_reading(table, tentative=0.9, reliable=0.8)
    with pytest.raises(ParameterError, match=r"needs a 'value' column"):
        reliability_reading(pd.DataFrame({"alpha": [0.7]}))


def test_readable_table_of_concatenated_tables_with_repeated_index():
    table = pd.concat([_alpha_table([0.7], [0.6], [0.8]), _alpha_table([0.85], [0.81], [0.9])])
    assert table.index.tolist() == [0, 0]
    shown = readable_agreement_table(table, lang="en")
    assert shown["Reading"].tolist() == ["tentative conclusions", "reliable"]
    assert shown["Certainty (from the CI)"].tolist() == [
        "interval straddles 0.667",
        "whole interval above 0.800",
    ]
