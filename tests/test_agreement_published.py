"""Every coefficient against published worked examples, to the published precision.

Sources and values: ``tests/data/agreement/README.md`` and the project's reference
note on published values (R1-R8). A value published with d decimals is checked
to half a unit of its last decimal.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from amiris_lab.agreement import (
    brennan_prediger,
    cohen_kappa,
    conger_kappa,
    fleiss_kappa,
    fleiss_null_test,
    gwet_ac,
    gwet_benchmark,
    icc,
    interpret,
    kendall_w,
    krippendorff_alpha,
    percent_agreement,
)

DATA = Path(__file__).parent / "data" / "agreement"


def load(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, index_col=0).astype(float)


def published(value: float, decimals: int):
    """Equality to the published precision: half a unit of the last decimal."""
    return pytest.approx(value, abs=0.5 * 10.0**-decimals + 1e-12)


def pairs_from_table(name: str) -> tuple[np.ndarray, np.ndarray]:
    table = pd.read_csv(DATA / name, index_col=0).to_numpy()
    q = table.shape[0]
    a = np.repeat(np.repeat(np.arange(q), q), table.ravel())
    b = np.repeat(np.tile(np.arange(q), q), table.ravel())
    return a.astype(float), b.astype(float)


# R1 -- Krippendorff (2011) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "value", "verified"),
    [
        ("nominal", 0.743, 0.743421),
        ("ordinal", 0.815, 0.815388),
        ("interval", 0.849, 0.849107),
        ("ratio", 0.797, 0.797403),
    ],
)
def test_krippendorff_2011_four_levels(level, value, verified):
    alpha = krippendorff_alpha(load("r1_krippendorff2011.csv"), level=level)
    assert alpha == published(value, 3)
    assert alpha == published(verified, 6)


def test_krippendorff_2011_coincidences():
    from amiris_lab.agreement.krippendorff import _coincidences, _pairable_counts

    cats, counts = _pairable_counts(load("r1_krippendorff2011.csv"), categories=None, func="t")
    o = _coincidences(counts)
    expected = np.array(
        [
            [7, 4 / 3, 1 / 3, 1 / 3, 0],
            [4 / 3, 10, 4 / 3, 1 / 3, 0],
            [1 / 3, 4 / 3, 8, 1 / 3, 0],
            [1 / 3, 1 / 3, 1 / 3, 4, 0],
            [0, 0, 0, 0, 3],
        ]
    )
    np.testing.assert_allclose(o, expected, atol=1e-12)
    assert o.sum() == pytest.approx(40)  # unit 12 (one value) is not pairable


def test_ordinal_is_not_gwet_weights_nor_squared_differences():
    data = load("r1_krippendorff2011.csv")
    ordinal = krippendorff_alpha(data, level="ordinal")
    assert ordinal != pytest.approx(0.83364, abs=1e-3)  # irrCAC "ordinal" weights
    assert ordinal != pytest.approx(0.845909, abs=1e-3)  # krippendorffsalpha "ordinal"
    assert ordinal != pytest.approx(0.789, abs=1e-3)  # old fast-krippendorff bug


# R2 -- Gwet cac.raw4raters ------------------------------------------------------------

R2_UNWEIGHTED = [
    # function, pa, pe, value, se, ci_low (3 decimals), decimals of value
    (percent_agreement, 0.8181818, 0.0, 0.8181818, 0.12561, 0.542, 7),
    (gwet_ac, 0.8181818, 0.1903212, 0.77544, 0.14295, 0.461, 5),
    (fleiss_kappa, 0.8181818, 0.2387153, 0.76117, 0.15302, 0.424, 5),
    (conger_kappa, 0.8181818, 0.2334252, 0.76282, 0.14917, 0.435, 5),
    (brennan_prediger, 0.8181818, 0.2, 0.77273, 0.14472, 0.454, 5),
]


@pytest.mark.parametrize(("func", "pa", "pe", "value", "se", "low", "dec"), R2_UNWEIGHTED)
def test_gwet_raw4raters_unweighted(func, pa, pe, value, se, low, dec):
    est = func(load("r2_cac_raw4raters.csv"))
    assert est.pa == published(pa, 7)
    assert est.pe == published(pe, 7)
    assert est.value == published(value, dec)
    assert est.se == published(se, 5)
    assert est.ci_low == published(low, 3)
    assert est.ci_high == 1.0  # truncated at 1
    assert (est.n_units, est.n_raters) == (12, 4)


@pytest.mark.parametrize(
    ("weights", "pa", "pe", "value", "se", "low"),
    [
        ("linear", 0.9393939, 0.5709635, 0.85874, 0.11733, 0.600),
        ("quadratic", 0.9753788, 0.7137044, 0.91400, 0.10396, 0.685),
        ("ordinal", 0.9681818, 0.6851563, 0.89894, 0.10690, 0.664),
    ],
)
def test_gwet_raw4raters_weighted_ac2(weights, pa, pe, value, se, low):
    est = gwet_ac(load("r2_cac_raw4raters.csv"), weights=weights)
    assert est.statistic == "gwet_ac2"
    assert (est.pa, est.pe) == (published(pa, 7), published(pe, 7))
    assert (est.value, est.se, est.ci_low) == (
        published(value, 5),
        published(se, 5),
        published(low, 3),
    )


def test_gwet_raw4raters_fleiss_quadratic_and_alpha():
    data = load("r2_cac_raw4raters.csv")
    est = fleiss_kappa(data, weights="quadratic")
    assert (est.value, est.se) == (published(0.86494, 5), published(0.14603, 5))
    # same per-unit category counts as R1: alpha is the same
    assert krippendorff_alpha(data, level="nominal") == published(0.74342, 5)
    assert krippendorff_alpha(data, level="interval") == published(0.84911, 5)


# R3 -- Gwet cac.raw5obser (irrCAC 1.4, irr::kripp.alpha) ------------------------------------


@pytest.mark.parametrize(
    ("weights", "ac", "ac_se", "fleiss", "fleiss_se", "conger", "conger_se"),
    [
        ("identity", 0.49662, 0.12197, 0.45762, 0.12045, 0.46927, 0.11666),
        ("linear", 0.68964, 0.08769, 0.61185, 0.10974, 0.62405, 0.10587),
        ("quadratic", 0.83043, 0.05825, 0.75072, 0.09732, 0.76179, 0.09250),
    ],
)
def test_gwet_raw5obser(weights, ac, ac_se, fleiss, fleiss_se, conger, conger_se):
    data = load("r3_cac_raw5obser.csv")
    for func, value, se in [
        (gwet_ac, ac, ac_se),
        (fleiss_kappa, fleiss, fleiss_se),
        (conger_kappa, conger, conger_se),
    ]:
        est = func(data, weights=weights)
        assert (est.value, est.se) == (published(value, 5), published(se, 5)), func.__name__


def test_gwet_raw5obser_intervals_and_alpha():
    data = load("r3_cac_raw5obser.csv")
    ac1 = gwet_ac(data)
    assert (ac1.ci_low, ac1.ci_high) == (published(0.235, 3), published(0.758, 3))
    ac2 = gwet_ac(data, weights="quadratic")
    assert (ac2.ci_low, ac2.ci_high) == (published(0.706, 3), published(0.955, 3))
    assert krippendorff_alpha(data, level="nominal") == published(0.4805302, 7)
    assert krippendorff_alpha(data, level="interval") == published(0.7718648, 7)
    assert krippendorff_alpha(data, level="ordinal") == published(0.7686852, 7)


# R4 -- Fleiss (1971) -------------------------------------------------------------------------


def test_fleiss_1971_overall():
    data = load("r4_fleiss1971_diagnoses.csv")
    est = fleiss_kappa(data)
    assert est.value == published(0.430, 3)
    assert est.value == published(0.430245, 6)
    assert est.pa == published(0.556, 3)
    assert est.pe == published(0.220, 3)
    assert est.se == published(0.0542, 4)  # Gwet's SE, not the SE under H0
    assert (est.ci_low, est.ci_high) == (published(0.319, 3), published(0.541, 3))


def test_fleiss_1971_z_under_h0():
    # Fleiss, Nee and Landis (1979) SE under H0, as irr::kappam.fleiss: z = 17.7
    test = fleiss_null_test(load("r4_fleiss1971_diagnoses.csv"))
    assert test.value == published(0.430245, 6)
    assert test.z == published(17.7, 1)
    assert test.z == published(17.652, 3)
    assert test.se0 == published(0.02437, 5)
    assert test.pval < 1e-60
    assert (test.n_units, test.n_raters) == (30, 6)


@pytest.mark.parametrize(
    ("category", "kappa"), [(1, 0.245), (2, 0.245), (3, 0.520), (4, 0.471), (5, 0.566)]
)
def test_fleiss_1971_category_kappas(category, kappa):
    # Fleiss' kappa for one category is his kappa on the data recoded "this category or not"
    data = load("r4_fleiss1971_diagnoses.csv")
    assert fleiss_kappa((data == category).astype(float)).value == published(kappa, 3)


def test_fleiss_1971_other_coefficients():
    data = load("r4_fleiss1971_diagnoses.csv")
    assert krippendorff_alpha(data, level="nominal") == published(0.43341, 5)
    ac1 = gwet_ac(data)
    assert (ac1.value, ac1.se) == (published(0.44788, 5), published(0.05566, 5))
    assert brennan_prediger(data).value == published(0.44444, 5)


def test_distrib_6raters_first_15_subjects():
    data = load("r4_fleiss1971_diagnoses.csv").iloc[:15]
    fleiss = fleiss_kappa(data)
    assert (fleiss.value, fleiss.se) == (published(0.4139265, 7), published(0.08119291, 8))
    assert (fleiss.ci_low, fleiss.ci_high) == (published(0.24, 2), published(0.588, 3))
    ac1 = gwet_ac(data)
    assert (ac1.value, ac1.se) == (published(0.4448007, 7), published(0.08418757, 8))
    bp = brennan_prediger(data)
    assert (bp.value, bp.se) == (published(0.4388889, 7), published(0.08312142, 8))
    assert percent_agreement(data).value == published(0.5511111, 7)


# R5 -- Shrout and Fleiss (1979) -------------------------------------------------------------


def test_shrout_fleiss_1979_icc_table():
    table = icc(load("r5_shrout_fleiss1979.csv"))
    assert list(table.index) == ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"]
    published_values = [0.17, 0.29, 0.71, 0.44, 0.62, 0.91]
    verified = [0.1657, 0.2898, 0.7148, 0.4428, 0.6201, 0.9093]
    lows = [-0.133, 0.019, 0.342, -0.884, 0.071, 0.676]
    highs = [0.723, 0.761, 0.946, 0.912, 0.927, 0.986]
    for form, pub, ver, low, high in zip(
        table.index, published_values, verified, lows, highs, strict=True
    ):
        row = table.loc[form]
        assert row["value"] == published(pub, 2), form
        assert row["value"] == published(ver, 4), form
        assert (row["ci_low"], row["ci_high"]) == (published(low, 3), published(high, 3)), form
    assert table.loc["ICC1", "F"] == published(1.79, 2)
    assert (table.loc["ICC1", "df1"], table.loc["ICC1", "df2"]) == (5, 18)
    assert table.loc["ICC3", "F"] == published(11.03, 2)
    assert (table.loc["ICC2", "df1"], table.loc["ICC2", "df2"]) == (5, 15)
    assert table.loc["ICC3", "pval"] == published(0.000135, 6)  # psych::ICC


def test_shrout_fleiss_1979_mean_squares():
    from amiris_lab.agreement.icc import _mean_squares

    ms = _mean_squares(load("r5_shrout_fleiss1979.csv").to_numpy())
    assert {k: round(v, 2) for k, v in ms.items()} == {
        "BMS": 11.24,
        "WMS": 6.26,
        "JMS": 32.49,
        "EMS": 1.02,
    }


def test_kendall_w_irr():
    data = load("r5_shrout_fleiss1979.csv")
    assert kendall_w(data, correct_ties=False).value == published(0.855, 3)
    corrected = kendall_w(data)
    assert corrected.value == published(0.887, 3)
    assert corrected.chi2 == published(17.7, 1)
    assert corrected.df == 5
    assert corrected.pval == published(0.0033, 4)


def test_alpha_interval_on_shrout_fleiss():
    assert krippendorff_alpha(load("r5_shrout_fleiss1979.csv"), level="interval") == published(
        0.1473, 4
    )


# R6, R7 -- Cohen's kappa -----------------------------------------------------------------


def test_cohen_cont3x3abstractors():
    a, b = pairs_from_table("r6_cont3x3abstractors.csv")
    est = cohen_kappa(a, b)
    assert (est.value, est.se) == (published(0.7964094, 7), published(0.05891072, 8))
    assert (est.ci_low, est.ci_high) == (published(0.6809, 4), published(0.9119, 4))
    assert est.pa == published(0.89, 2)
    assert cohen_kappa(a, b, weights="quadratic").value == published(0.8921569, 7)
    assert cohen_kappa(a, b, weights="quadratic").se == published(0.035352, 6)
    assert cohen_kappa(a, b, weights="linear").value == published(0.8429, 4)


def test_cohen_sas_table10():
    a, b = pairs_from_table("r7_sas_table10.csv")
    est = cohen_kappa(a, b, categories=[0, 1, 2])
    assert (est.value, est.se) == (published(0.4842, 4), published(0.1380, 4))
    assert (est.ci_low, est.ci_high) == (published(0.2137, 4), published(0.7547, 4))
    lin = cohen_kappa(a, b, weights="linear", categories=[0, 1, 2])
    assert (lin.value, lin.se) == (published(0.4701, 4), published(0.1457, 4))
    assert (lin.ci_low, lin.ci_high) == (published(0.1845, 4), published(0.7558, 4))


# R8 -- bands ------------------------------------------------------------------------------


def test_gwet_benchmark_landis_koch():
    table = gwet_benchmark(0.77544, 0.14295, lang="en")
    assert table["band"].tolist()[:3] == ["almost perfect", "substantial", "moderate"]
    assert table["cumulative"].tolist()[:3] == [
        published(0.397, 3),
        published(0.883, 3),
        published(0.995, 3),
    ]
    assert table.attrs["chosen"] == "moderate"
    assert table.loc[table["chosen"], "band"].tolist() == ["moderate"]
    assert interpret(0.77544, lang="en") == "substantial"  # the point value's band
    assert gwet_benchmark(0.77544, 0.14295).attrs["chosen"] == "modéré"


@pytest.mark.parametrize(
    ("scale", "value", "en"),
    [
        ("landis_koch", -0.1, "poor"),
        ("landis_koch", 0.0, "slight"),
        ("landis_koch", 0.2, "slight"),
        ("landis_koch", 0.21, "fair"),
        ("landis_koch", 0.6, "moderate"),
        ("landis_koch", 0.8, "substantial"),
        ("landis_koch", 0.81, "almost perfect"),
        ("krippendorff", 0.8, "reliable"),
        ("krippendorff", 0.667, "tentative conclusions"),
        ("krippendorff", 0.66, "insufficient"),
        ("koo_li", 0.49, "poor"),
        ("koo_li", 0.5, "moderate"),
        ("koo_li", 0.75, "good"),
        ("koo_li", 0.9, "good"),
        ("koo_li", 0.91, "excellent"),
        ("fleiss", 0.39, "poor"),
        ("fleiss", 0.75, "intermediate to good"),
        ("fleiss", 0.76, "excellent"),
        ("altman", 0.2, "poor"),
        ("altman", 0.7, "good"),
        ("altman", 0.81, "very good"),
        ("cicchetti", 0.59, "fair"),
        ("cicchetti", 0.6, "good"),
        ("cicchetti", 0.75, "excellent"),
        ("landis_koch", float("nan"), "undefined"),
    ],
)
def test_interpret_published_bounds(scale, value, en):
    assert interpret(value, scale=scale, lang="en") == en


def test_interpret_french_by_default():
    assert interpret(0.9) == "presque parfait"
    assert interpret(float("nan")) == "indéfini"
    assert interpret(0.7, scale="krippendorff") == "conclusions provisoires"
