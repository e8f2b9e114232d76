"""Properties every coefficient of the registry must have (seeded random data).

Rater order and unit order do not matter; perfect agreement gives 1 where the
coefficient is defined; nominal coefficients do not change when the categories
are relabelled; undefined cases warn and return NaN. A meta-test fails when a
public coefficient is missing from the registry.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import amiris_lab.agreement as agreement
from amiris_lab.agreement.registry import COEFFICIENTS, NOMINAL, NOT_COEFFICIENTS, TWO_RATERS
from amiris_lab.exceptions import UndefinedStatisticWarning

NAMES = sorted(COEFFICIENTS)
SEEDS = [0, 1, 2]


def value_of(name: str, ratings) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # e.g. "complete units only" for icc
        return float(COEFFICIENTS[name](ratings))


def sample(name: str, seed: int, *, missing: float = 0.15) -> np.ndarray:
    rng = np.random.default_rng(seed)
    raters = 2 if name in TWO_RATERS else 5
    truth = rng.integers(0, 4, size=(30, 1))
    data = np.clip(truth + rng.integers(-1, 2, size=(30, raters)), 0, 3).astype(float)
    data[rng.random(data.shape) < missing] = np.nan
    return data


def test_every_public_coefficient_is_registered():
    public = {
        name
        for name in agreement.__all__
        if name not in NOT_COEFFICIENTS and callable(getattr(agreement, name))
    }
    missing = public - set(COEFFICIENTS)
    assert not missing, f"add {sorted(missing)} to amiris_lab.agreement.registry.COEFFICIENTS"


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", NAMES)
def test_rater_order_does_not_matter(name, seed):
    data = sample(name, seed)
    order = np.random.default_rng(seed + 10).permutation(data.shape[1])
    if name in TWO_RATERS:
        order = np.array([1, 0])
    assert value_of(name, data[:, order]) == pytest.approx(value_of(name, data), abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", NAMES)
def test_unit_order_does_not_matter(name, seed):
    data = sample(name, seed)
    order = np.random.default_rng(seed + 20).permutation(data.shape[0])
    assert value_of(name, data[order]) == pytest.approx(value_of(name, data), abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", NAMES)
def test_perfect_agreement_gives_one(name, seed):
    rng = np.random.default_rng(seed)
    raters = 2 if name in TWO_RATERS else 5
    truth = np.tile(np.arange(4.0), 8)[:, None]  # every category used, distinct unit means
    data = np.repeat(truth, raters, axis=1)
    if name not in {"icc", "kendall_w"}:  # these use complete units only
        holes = rng.random(data.shape) < 0.2
        holes[:, :2] = False  # every unit stays pairable
        data[holes] = np.nan
    assert value_of(name, data) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", sorted(NOMINAL))
def test_nominal_values_invariant_under_relabelling(name, seed):
    data = sample(name, seed)
    relabel = {0.0: 7.0, 1.0: 2.0, 2.0: 9.0, 3.0: 5.0}
    relabelled = np.vectorize(lambda v: relabel.get(v, v))(data)
    assert value_of(name, relabelled) == pytest.approx(value_of(name, data), abs=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_fewer_than_two_pairable_values_warns_and_gives_nan(name):
    raters = 2 if name in TWO_RATERS else 3
    data = np.full((4, raters), np.nan)
    data[0, 0] = 2.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("always", UndefinedStatisticWarning)
        with pytest.warns(UndefinedStatisticWarning, match="undefined"):
            value = float(COEFFICIENTS[name](data))
    assert math.isnan(value)


@pytest.mark.parametrize("units", [0, 3])
@pytest.mark.parametrize("name", NAMES)
def test_no_rating_at_all_warns_and_gives_nan(name, units):
    data = np.full((units, 2 if name in TWO_RATERS else 3), np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("always", UndefinedStatisticWarning)
        with pytest.warns(UndefinedStatisticWarning, match="undefined"):
            value = float(COEFFICIENTS[name](data))
    assert math.isnan(value)


@pytest.mark.parametrize("name", sorted(set(NAMES) - {"percent_agreement"}))
def test_single_category_warns_and_gives_nan(name):
    # percent agreement is defined (1.0) when everybody gives the same score
    raters = 2 if name in TWO_RATERS else 4
    data = np.full((6, raters), 2.0)
    data[0, 0] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("always", UndefinedStatisticWarning)
        with pytest.warns(UndefinedStatisticWarning, match="undefined"):
            value = float(COEFFICIENTS[name](data))
    assert math.isnan(value)


def test_percent_agreement_single_category_is_one():
    assert float(agreement.percent_agreement(np.full((5, 3), 2.0))) == 1.0


@pytest.mark.parametrize("name", NAMES)
def test_dataframe_and_array_give_the_same_value(name):
    import pandas as pd

    data = sample(name, 5)
    frame = pd.DataFrame(data, columns=[f"R{i}" for i in range(data.shape[1])]).astype("Float64")
    assert value_of(name, frame) == pytest.approx(value_of(name, data), abs=1e-12)
