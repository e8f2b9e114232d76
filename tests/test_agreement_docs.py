"""Shared docstring fragments of the agreement coefficients: written once, shown everywhere."""

from __future__ import annotations

import inspect
import re

import pytest

from amiris_lab.agreement import chance
from amiris_lab.agreement._docstrings import DocstringComponents, share_docstring

FAMILY = [
    chance.percent_agreement,
    chance.fleiss_kappa,
    chance.conger_kappa,
    chance.gwet_ac,
    chance.brennan_prediger,
]


@pytest.mark.parametrize("func", FAMILY, ids=lambda f: f.__name__)
def test_each_coefficient_shows_the_conventions_and_no_placeholder(func):
    doc = func.__doc__
    assert "{chance." not in doc
    assert "Conventions (as irrCAC, Gwet 2014): units nobody rated are dropped" in doc
    assert "truncated to [-1, 1]." in doc
    assert 'weights : {"identity", "linear", "quadratic", "ordinal"}, default "identity"' in doc
    # the fragment keeps the numpydoc indentation of the line it replaces
    assert "\n    confidence : float, default 0.95\n        Confidence level" in doc


def test_the_conventions_paragraph_is_written_once_in_the_source():
    source = inspect.getsource(chance)
    assert len(re.findall(r"Conventions \(as irrCAC", source)) == 1


def test_unknown_fragment_fails_at_import_time_and_other_braces_stay():
    parts = DocstringComponents({"se": "analytic"})
    assert share_docstring(chance=parts)(lambda: None).__doc__ is None  # nothing to fill
    with pytest.raises(KeyError):

        @share_docstring(chance=parts)
        def f():
            """{chance.sd}"""

    @share_docstring(chance=parts)
    def g():
        """{chance.se} {other.x} {"a"}"""

    assert g.__doc__ == """analytic {other.x} {"a"}"""
