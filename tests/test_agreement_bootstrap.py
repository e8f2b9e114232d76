"""bootstrap_alpha: reproducibility, the shared resample counts, memory blocks, R1 sanity.

Exactness of each resample and of the BCa bounds against ``krippendorff`` and
``scipy.stats.bootstrap`` is in ``test_agreement_packages.py``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from amiris_lab.agreement import bootstrap as bootstrap_module
from amiris_lab.agreement import bootstrap_alpha

R1 = pd.read_csv(
    Path(__file__).parent / "data" / "agreement" / "r1_krippendorff2011.csv", index_col=0
)


def ratings(seed: int, units: int = 80) -> np.ndarray:
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 4, size=(units, 1))
    data = np.clip(truth + rng.integers(-1, 2, size=(units, 6)), 0, 3).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan
    return data


def test_same_seed_same_result_and_generator_equals_integer_seed():
    data = ratings(0)
    first = bootstrap_alpha(data, n_boot=300, seed=7)
    again = bootstrap_alpha(data, n_boot=300, seed=7)  # served from the cached counts
    from_generator = bootstrap_alpha(data, n_boot=300, seed=np.random.default_rng(7))
    np.testing.assert_array_equal(first.samples, again.samples)
    np.testing.assert_array_equal(first.samples, from_generator.samples)
    other = bootstrap_alpha(data, n_boot=300, seed=8)
    assert not np.array_equal(first.samples, other.samples)


def test_cached_counts_are_read_only():
    counts = bootstrap_module._seeded_counts(3, 10, 5)
    assert not counts.flags.writeable
    assert (counts.sum(axis=1) == 5).all()  # each resample draws as many units as there are


def test_memory_blocks_give_a_valid_distribution(monkeypatch):
    data = ratings(1)
    whole = bootstrap_alpha(data, n_boot=400, seed=1)
    monkeypatch.setattr(bootstrap_module, "_CHUNK_CELLS", 80 * 7)  # blocks of 7 resamples
    blocks = bootstrap_alpha(data, n_boot=400, seed=1)
    assert blocks.n_degenerate == 0 and not np.isnan(blocks.samples).any()
    assert blocks.value == whole.value
    # two independent sets of 400 resamples: same distribution within Monte Carlo error
    assert blocks.se == pytest.approx(whole.se, rel=0.2)
    assert blocks.samples.mean() == pytest.approx(whole.samples.mean(), abs=3 * whole.se / 20**0.5)


@pytest.mark.parametrize(
    ("level", "ci_low", "se"),
    # not published values: the reference note's own 2000-resample run (seed 1, R1 data)
    [("nominal", 0.40, 0.145), ("ordinal", 0.46, 0.146), ("interval", 0.42, 0.150)],
)
def test_r1_bootstrap_close_to_the_reference_note(level, ci_low, se):
    boot = bootstrap_alpha(R1, level=level, n_boot=2000, seed=1)
    assert boot.ci_high == 1.0
    # Monte Carlo tolerance for 2000 resamples of 11 pairable units
    assert boot.ci_low == pytest.approx(ci_low, abs=0.06)
    assert boot.se == pytest.approx(se, abs=0.02)
    assert boot.bca_low <= boot.value <= boot.bca_high


def test_interval_contains_value_and_probabilities_are_ordered():
    boot = bootstrap_alpha(ratings(2), n_boot=500, seed=0, alpha_min=(0.5, 0.667, 0.8))
    assert boot.ci_low < boot.value < boot.ci_high
    assert boot.p_below[0.5] <= boot.p_below[0.667] <= boot.p_below[0.8]
    assert boot.level == "ordinal" and boot.confidence == 0.95 and float(boot) == boot.value
