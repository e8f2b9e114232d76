"""The declared parameter checks: one module drives every check and its message."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import numpy as np
import pytest

import amiris_lab
from amiris_lab import agreement, analysis
from amiris_lab._param_validation import (
    CONFIDENCE,
    N_BOOT,
    Interval,
    Options,
    check_option,
    check_param,
    validate_params,
)
from amiris_lab.exceptions import ParameterError

PACKAGE = Path(amiris_lab.__file__).parent


@pytest.mark.parametrize("value", [0.5, 0.95, np.float32(0.9), 1e-9])
def test_confidence_accepts_numbers_strictly_inside(value):
    assert CONFIDENCE.is_satisfied_by(value)


@pytest.mark.parametrize("value", [0, 1, 95, -0.1, float("nan"), True, "0.95", None])
def test_confidence_refuses(value):
    with pytest.raises(
        ParameterError,
        match=r"^The 'confidence' parameter of f must be a number strictly between 0 and 1 "
        r"\(e\.g\. 0\.95\)\. Got .* instead\.$",
    ):
        check_param(value, CONFIDENCE, name="confidence", func="f")


@pytest.mark.parametrize("value", [1, 2000, np.int64(5)])
def test_n_boot_accepts_positive_integers(value):
    assert check_param(value, N_BOOT, name="n_boot", func="f") == value


@pytest.mark.parametrize("value", [0, -3, 10.5, True, "100", None])
def test_n_boot_refuses(value):
    with pytest.raises(
        ParameterError,
        match=rf"^The 'n_boot' parameter of f must be a positive integer\. Got {re.escape(repr(value))} instead\.$",
    ):
        check_param(value, N_BOOT, name="n_boot", func="f")


def test_options_message_keeps_the_declared_order_and_none():
    with pytest.raises(
        ParameterError,
        match=r"^The 'weights' parameter of g must be one of \{None, 'linear', 'quadratic'\}\. "
        r"Got 'identity' instead\.$",
    ):
        check_option("identity", (None, "linear", "quadratic"), name="weights", func="g")
    # an array is not an option (and does not raise numpy's ambiguous-truth error)
    assert not Options(("a", "b")).is_satisfied_by(np.array(["a", "b"]))


def test_interval_bounds_open_and_closed():
    closed = Interval(int, 0, 3, closed="both", description="an integer from 0 to 3")
    assert closed.is_satisfied_by(0) and closed.is_satisfied_by(3)
    right = Interval(float, 0.0, 1.0, closed="right", description="x")
    assert not right.is_satisfied_by(0.0) and right.is_satisfied_by(1.0)
    with pytest.raises(ValueError, match="closed must be"):
        Interval(int, 0, 1, closed="open", description="x")


def test_decorator_checks_positional_keyword_and_default_values():
    @validate_params({"level": ("a", "b"), "n": N_BOOT})
    def f(data, level="a", *, n=3):
        return level, n

    assert f(None) == ("a", 3) and f(None, "b", n=1) == ("b", 1)
    with pytest.raises(ParameterError, match=r"The 'level' parameter of f must be one of"):
        f(None, "c")
    with pytest.raises(ParameterError, match=r"The 'level' parameter of f"):
        f(None, level="c")
    with pytest.raises(ParameterError, match=r"The 'n' parameter of f must be a positive integer"):
        f(None, n=0)
    assert inspect.signature(f) == inspect.signature(f.__wrapped__)
    assert f._parameter_constraints["n"] is N_BOOT


def test_decorator_refuses_a_declaration_that_does_not_fit():
    with pytest.raises(TypeError, match="has no parameter"):
        validate_params({"levle": ("a",)})(lambda data, *, level="a": None)
    with pytest.raises(TypeError, match="default 'c' of 'level' breaks one of"):
        validate_params({"level": ("a", "b")})(lambda data, *, level="c": None)


PUBLIC_WITH_CONFIDENCE = [
    agreement.percent_agreement,
    agreement.fleiss_kappa,
    agreement.conger_kappa,
    agreement.gwet_ac,
    agreement.brennan_prediger,
    agreement.cohen_kappa,
    agreement.bootstrap_alpha,
    analysis.agreement_table,
    analysis.rater_severity,
    analysis.cronbach_alpha,
    analysis.marker_consistency,
    analysis.round_comparison,
    analysis.rater_consensus_gap,
]


@pytest.mark.parametrize("func", PUBLIC_WITH_CONFIDENCE, ids=lambda f: f.__name__)
def test_every_confidence_parameter_uses_the_one_declaration(func):
    assert func._parameter_constraints["confidence"] is CONFIDENCE


@pytest.mark.parametrize(
    "func",
    [agreement.bootstrap_alpha, analysis.agreement_table, analysis.round_comparison],
    ids=lambda f: f.__name__,
)
def test_every_n_boot_parameter_uses_the_one_declaration(func):
    assert func._parameter_constraints["n_boot"] is N_BOOT


def test_no_hand_written_copy_of_the_shared_checks_is_left():
    """The confidence, n_boot and option messages are written in one module only."""
    phrases = ("strictly between 0 and 1", "must be a positive integer", "must be one of {")
    offenders = []
    for folder in ("agreement", "analysis", "clustering"):
        for path in sorted((PACKAGE / folder).glob("*.py")):
            text = path.read_text(encoding="utf-8")
            offenders += [f"{folder}/{path.name}: {p}" for p in phrases if p in text]
    assert not offenders
    assert not [
        path.name
        for folder in ("agreement", "analysis", "clustering")
        for path in (PACKAGE / folder).glob("*.py")
        if re.search(r"^def check_option", path.read_text(encoding="utf-8"), re.M)
    ]


@pytest.mark.parametrize(
    "call",
    [
        lambda: agreement.krippendorff_alpha([[1, np.nan], [2, np.nan]]),
        lambda: agreement.gwet_ac([[1, np.nan], [2, np.nan]]),
        lambda: agreement.bootstrap_alpha([[1, np.nan], [2, np.nan]], n_boot=5, seed=0),
        lambda: agreement.cohen_kappa([1, 1, 1], [1, 1, 1]),
        lambda: analysis.cronbach_alpha(np.ones((5, 1))),
    ],
    ids=["krippendorff_alpha", "gwet_ac", "bootstrap_alpha", "cohen_kappa", "cronbach_alpha"],
)
def test_undefined_warnings_still_point_at_the_caller(call):
    """The decorator adds a frame; the warnings' stacklevel accounts for it."""
    with pytest.warns(UserWarning) as record:
        call()
    assert Path(record[0].filename).name == Path(__file__).name
