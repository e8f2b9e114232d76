"""French and English numbers of every user-facing output (amiris_lab.numbers, Babel)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from babel.numbers import format_decimal

from amiris_lab.numbers import (
    NBSP,
    format_interval,
    format_number,
    format_percent,
    format_table,
    tick_formatter,
)


@pytest.mark.parametrize("value", [-0.001, -0.004999, -1e-9, 0.0, -0.0])
def test_no_negative_zero(value):
    assert format_number(value, lang="fr") == "0,00"
    assert format_number(value, digits=0, lang="en") in ("0", "-0") and "-" not in format_number(
        value, digits=0, lang="en"
    )
    assert format_number(value, signed=True, lang="fr") == "0,00"


def test_decimal_comma_and_grouping_follow_cldr():
    # reference: Babel's own French pattern, not our replacement of "." by ","
    assert format_number(1234.567, digits=2, lang="fr") == format_decimal(
        1234.567, format="#,##0.00", locale="fr_FR"
    )
    assert "," in format_number(0.5, lang="fr") and "." not in format_number(0.5, lang="fr")
    assert format_number(0.5, digits=None, lang="fr") == "0,5"
    assert format_number(-0.3, signed=True, lang="fr") == "-0,30"
    assert format_number(np.nan, lang="fr") == "n.d." and format_number(pd.NA, lang="en") == "n/a"


def test_percent_and_interval_never_wrap():
    text = format_percent(0.293, lang="fr")
    assert text == f"29{NBSP}%" and " " not in text
    interval = format_interval(0.29, 0.47, lang="fr")
    assert interval == f"[0,29{NBSP};{NBSP}0,47]" and " " not in interval
    assert format_interval(0.29, 0.47, lang="en") == f"[0.29,{NBSP}0.47]"
    assert format_interval(np.nan, 0.4, lang="fr") == "n.d."


def test_tick_formatter_french_and_percent():
    f = tick_formatter(lang="fr")
    assert [f(v, 0) for v in (0, 0.5, 1.5, 2)] == ["0", "0,5", "1,5", "2"]
    p = tick_formatter(percent=True, lang="fr")
    assert p(0.25, 0) == f"25{NBSP}%"


def test_format_table_keeps_text_and_formats_numbers():
    t = pd.DataFrame(
        {
            "marker": ["M01", "M02"],
            "n": [40, 38],
            "alpha": [0.6655, -0.0001],
            "share": [0.5, np.nan],
        }
    )
    out = format_table(t, digits={"alpha": 3}, percent=("share",), lang="fr")
    assert out["marker"].tolist() == ["M01", "M02"]
    assert out["n"].tolist() == ["40", "38"]
    assert out["alpha"].tolist() == ["0,666", "0,000"]
    assert out["share"].tolist() == [f"50{NBSP}%", "n.d."]
