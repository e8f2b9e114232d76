"""Every error and warning message of amiris_lab.agreement."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from amiris_lab.agreement import (
    bootstrap_alpha,
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
    pairwise_kappa,
    percent_agreement,
)
from amiris_lab.exceptions import ParameterError, UndefinedStatisticWarning

GOOD = [[1, 2, 2], [3, 3, 3], [1, 1, 2], [2, 2, 2]]
CHANCE = [percent_agreement, fleiss_kappa, conger_kappa, gwet_ac, brennan_prediger]


@pytest.mark.parametrize("func", [krippendorff_alpha, bootstrap_alpha])
def test_level_option(func):
    with pytest.raises(
        ParameterError,
        match=rf"The 'level' parameter of {func.__name__} must be one of \{{'nominal', "
        r"'ordinal', 'interval', 'ratio'\}\. Got 'cubic' instead\.",
    ):
        func(GOOD, level="cubic")


@pytest.mark.parametrize("func", CHANCE)
def test_weights_option_of_chance_family(func):
    with pytest.raises(
        ParameterError,
        match=rf"The 'weights' parameter of {func.__name__} must be one of \{{'identity', "
        r"'linear', 'quadratic', 'ordinal'\}\. Got 'cubic' instead\.",
    ):
        func(GOOD, weights="cubic")


@pytest.mark.parametrize("func", CHANCE)
def test_confidence_option_of_chance_family(func):
    with pytest.raises(
        ParameterError,
        match=rf"The 'confidence' parameter of {func.__name__} must be a number strictly "
        r"between 0 and 1 \(e\.g\. 0\.95\)\. Got 95 instead\.",
    ):
        func(GOOD, confidence=95)


def test_cohen_options():
    with pytest.raises(
        ParameterError,
        match=r"The 'weights' parameter of cohen_kappa must be one of \{None, 'linear', "
        r"'quadratic'\}\. Got 'identity' instead\.",
    ):
        cohen_kappa([1, 2], [1, 2], weights="identity")
    with pytest.raises(ParameterError, match=r"The 'weights' parameter of pairwise_kappa"):
        pairwise_kappa(GOOD, weights="ordinal")
    with pytest.raises(ParameterError, match=r"The 'confidence' parameter of cohen_kappa"):
        cohen_kappa([1, 2], [1, 2], confidence=1.5)
    with pytest.raises(
        ParameterError,
        match=r"cohen_kappa needs two raters' scores on the same units; got 3 and 2 scores\.",
    ):
        cohen_kappa([1, 2, 3], [1, 2])


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ([1, 2, 3], r"needs a units x raters matrix \(2 dimensions\); got 1 dimension\(s\)"),
        (np.zeros((2, 2, 2)), r"got 3 dimension\(s\) of shape \(2, 2, 2\)"),
        ([[1, 2], [3]], r"the rows of 'ratings' have different lengths"),
        ([[1, "faible"], [2, 3]], r"needs numeric ratings \(scores\); found 'faible'"),
        ([[1, np.inf], [2, 3]], r"ratings hold an infinite value; use NaN for 'not scored'"),
    ],
)
def test_ratings_shape_and_type(ratings, message):
    with pytest.raises(
        ParameterError, match=rf"krippendorff_alpha(:| needs) .*{message}|{message}"
    ):
        krippendorff_alpha(ratings)


def test_non_numeric_dataframe_names_the_value():
    frame = pd.DataFrame({"R1": [1, 2], "R2": ["2", "affirmé"]})
    with pytest.raises(
        ParameterError,
        match=r"fleiss_kappa needs numeric ratings \(scores\); found 'affirmé'\. Convert the "
        r"scores to numbers, with NaN for 'not scored'\.",
    ):
        fleiss_kappa(frame)


def test_values_outside_declared_categories():
    with pytest.raises(
        ParameterError,
        match=r"gwet_ac: the ratings hold value\(s\) 4, 7 outside the declared categories "
        r"\[0, 1, 2, 3\]\. Correct the scores or declare the full scale in 'categories'\.",
    ):
        gwet_ac([[1, 4], [7, 2]], categories=[0, 1, 2, 3])


@pytest.mark.parametrize("categories", [["a", "b"], [1, np.nan], []])
def test_bad_categories(categories):
    with pytest.raises(ParameterError, match=r"The 'categories' parameter of krippendorff_alpha"):
        krippendorff_alpha(GOOD, categories=categories)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_boot": 0}, r"The 'n_boot' parameter of bootstrap_alpha must be a positive integer\. "),
        ({"n_boot": 10.5}, r"'n_boot' .* Got 10\.5 instead"),
        ({"confidence": 0}, r"The 'confidence' parameter of bootstrap_alpha must be a number "),
        ({"alpha_min": "0.8"}, r"The 'alpha_min' parameter of bootstrap_alpha must be a number "),
        ({"seed": -1}, r"The 'seed' parameter of bootstrap_alpha must be None, a non-negative "),
        ({"seed": "abc"}, r"'seed' .* Got 'abc' instead"),
    ],
)
def test_bootstrap_options(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        bootstrap_alpha(GOOD, **kwargs)


def test_bootstrap_accepts_a_generator_and_a_single_threshold():
    boot = bootstrap_alpha(GOOD, n_boot=50, seed=np.random.default_rng(1), alpha_min=0.8)
    assert list(boot.p_below) == [0.8]
    assert boot.n_boot == 50 and boot.samples.shape == (50,)


def test_bootstrap_undefined_warns_and_gives_nan():
    with pytest.warns(
        UndefinedStatisticWarning,
        match=r"Krippendorff's alpha is undefined: no variation: all pairable values fall in a "
        r"single category",
    ):
        boot = bootstrap_alpha([[1, 1], [1, 1]], n_boot=20, seed=0)
    assert np.isnan(boot.value) and np.isnan(boot.ci_low) and boot.n_degenerate == 20


def test_bootstrap_counts_degenerate_resamples():
    data = [[1, 1], [1, 1], [1, 1], [1, 1], [2, 1]]  # most resamples miss the only 2
    boot = bootstrap_alpha(data, level="nominal", n_boot=200, seed=0)
    assert 0 < boot.n_degenerate < 200
    assert np.isnan(boot.samples).sum() == boot.n_degenerate


def test_krippendorff_undefined_messages():
    with pytest.warns(
        UndefinedStatisticWarning,
        match=r"Krippendorff's alpha is undefined: fewer than two pairable values \(no unit was "
        r"rated by two raters or more\); NaN returned\.",
    ):
        assert np.isnan(krippendorff_alpha([[1, np.nan], [np.nan, 2]]))


@pytest.mark.parametrize(
    ("func", "label"),
    [
        (fleiss_kappa, "Fleiss' kappa"),
        (conger_kappa, "Conger's kappa"),
        (gwet_ac, "Gwet's AC1"),
        (brennan_prediger, "Brennan-Prediger's coefficient"),
    ],
)
def test_chance_family_undefined_messages(func, label):
    with pytest.warns(
        UndefinedStatisticWarning,
        match=rf"{label} is undefined: chance agreement is 1 \(a single category is used\)",
    ):
        func([[2, 2], [2, 2]])
    with pytest.warns(
        UndefinedStatisticWarning, match=rf"{label} is undefined: no unit has two ratings or more"
    ):
        func([[2, np.nan], [np.nan, 3]])


def test_cohen_undefined_messages():
    with pytest.warns(
        UndefinedStatisticWarning,
        match=r"Cohen's kappa is undefined: fewer than two units scored by both raters",
    ):
        cohen_kappa([1, np.nan, 2], [1, 2, np.nan])
    with pytest.warns(UndefinedStatisticWarning, match=r"Cohen's kappa is undefined: a single"):
        cohen_kappa([2, 2, 2], [2, 2, 2])
    with pytest.warns(UndefinedStatisticWarning, match=r"chance agreement is 1"):
        cohen_kappa([2, 2, 2], [2, 2, 2], categories=[1, 2, 3])
    assert cohen_kappa([1, 1, 1], [2, 2, 2]).value == 0.0  # pe = 0: defined


def test_icc_messages():
    data = [[1, 2, np.nan], [2, 3, 3], [3, 3, 4], [4, 5, 5]]
    with pytest.warns(
        UserWarning,
        match=r"icc uses complete units only: 1 of 4 unit\(s\) not scored by every rater were "
        r"left out \(3 used\)\.",
    ):
        table = icc(data)
    assert (table["n_units"] == 3).all()
    with (
        pytest.warns(
            UndefinedStatisticWarning, match=r"ICC is undefined with 1 complete unit\(s\) and 2"
        ),
        pytest.warns(UserWarning, match="complete units only"),
    ):
        icc([[1, 2], [np.nan, 3]])
    with pytest.warns(UndefinedStatisticWarning, match=r"no variance between units"):
        icc([[2, 2], [2, 2], [2, 2]])


def test_kendall_messages():
    with pytest.warns(UserWarning, match=r"kendall_w uses complete units only: 1 of 3 unit\(s\)"):
        kendall_w([[1, 2], [2, np.nan], [3, 3]])
    with (
        pytest.warns(UndefinedStatisticWarning, match=r"Kendall's W is undefined with 1 complete"),
        pytest.warns(UserWarning, match="complete units only"),
    ):
        kendall_w([[1, 2], [2, np.nan]])
    with pytest.warns(UndefinedStatisticWarning, match=r"every rater gave all units the same"):
        kendall_w([[2, 2], [2, 2], [2, 2]])


def test_band_options():
    with pytest.raises(
        ParameterError,
        match=r"The 'scale' parameter of interpret must be one of \{'landis_koch', "
        r"'krippendorff', 'koo_li', 'fleiss', 'altman', 'cicchetti'\}\. Got 'gwet' instead\.",
    ):
        interpret(0.5, scale="gwet")
    with pytest.raises(ParameterError, match=r"The 'scale' parameter of gwet_benchmark"):
        gwet_benchmark(0.5, 0.1, scale="gwet")
    with pytest.raises(
        ParameterError, match=r"The 'level' parameter of gwet_benchmark must be a number strictly"
    ):
        gwet_benchmark(0.5, 0.1, level=95)
    with pytest.raises(ParameterError, match=r"interpret needs a number \(a coefficient\); got"):
        interpret("high")
    with pytest.raises(ParameterError, match=r"lang"):
        interpret(0.5, lang="de")


def test_gwet_benchmark_without_se_is_undefined():
    table = gwet_benchmark(0.5, float("nan"), lang="en")
    assert table["cumulative"].isna().all()
    assert table.attrs["chosen"] == "undefined"


def test_fleiss_null_test_messages():
    with pytest.warns(
        UserWarning,
        match=r"fleiss_null_test uses complete units only: 1 of 3 unit\(s\) not scored by every "
        r"rater were left out\.",
    ):
        test = fleiss_null_test([[1, 2], [2, np.nan], [2, 2]])
    assert test.n_units == 2
    with pytest.warns(
        UndefinedStatisticWarning,
        match=r"Fleiss' null test is undefined with 2 complete unit\(s\), 2 rater\(s\) and 1 "
        r"category\(ies\)",
    ):
        assert np.isnan(fleiss_null_test([[2, 2], [2, 2]]).z)
    with pytest.warns(UndefinedStatisticWarning, match=r"a single category is used"):
        fleiss_null_test([[2, 2], [2, 2]], categories=[1, 2, 3])
