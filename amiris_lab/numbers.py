"""Numbers as a reader of the report's language writes them (Babel, CLDR data).

One home for number formatting in user-facing output: tables, axis ticks and
sentences all go through these functions. In French: decimal comma, a
non-breaking space before « % » and inside intervals « [0,29 ; 0,47] » so they
never wrap, thousands grouped with a narrow non-breaking space, and never
« -0,00 » (a value that rounds to zero is shown unsigned).
"""

from __future__ import annotations

import math
from numbers import Real

import pandas as pd
from babel.numbers import format_decimal

from .i18n import get_language, t_

NBSP = "\u00a0"

_LOCALES = {"fr": "fr_FR", "en": "en_GB"}

__all__ = [
    "NBSP",
    "format_interval",
    "format_number",
    "format_percent",
    "format_table",
    "is_missing",
    "tick_formatter",
]


def is_missing(value) -> bool:
    """True for None, NaN and pandas' missing values."""
    if value is None or value is pd.NA:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _pattern(digits: int | None) -> str:
    if digits is None:
        return "#,##0.###"
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


def format_number(
    value, *, digits: int | None = 2, signed: bool = False, lang: str | None = None
) -> str:
    """One number in the reader's language.

    Parameters
    ----------
    value : float or int
        Missing values give « n.d. » (« n/a » in English).
    digits : int or None, default 2
        Decimals shown; None shows up to three, without trailing zeros.
    signed : bool, default False
        Show « + » before positive values.
    lang : {"fr", "en"}, optional

    Examples
    --------
    >>> format_number(0.6655, digits=3, lang="fr"), format_number(1234.5, digits=1, lang="en")
    ('0,666', '1,234.5')
    >>> format_number(-0.001, lang="fr"), format_number(0.22, signed=True, lang="fr")
    ('0,00', '+0,22')
    >>> format_number(12345, digits=0, lang="fr") == "12\\u202f345"
    True
    """
    lang = get_language(lang)
    if is_missing(value):
        return t_("n.d.", lang=lang)
    value = float(value)
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    shown = round(value, digits if digits is not None else 3)
    if shown == 0:
        value = 0.0  # never « -0,00 »
    text = format_decimal(value, format=_pattern(digits), locale=_LOCALES[lang])
    if signed and shown > 0:
        text = "+" + text
    return text


def format_percent(share, *, digits: int = 0, lang: str | None = None) -> str:
    """A share (0-1) as a percentage, with a non-breaking space before « % » in French.

    Examples
    --------
    >>> format_percent(0.4237, lang="fr") == "42\\u00a0%", format_percent(0.4237, digits=1, lang="en")
    (True, '42.4%')
    """
    lang = get_language(lang)
    if is_missing(share):
        return t_("n.d.", lang=lang)
    number = format_number(100 * float(share), digits=digits, lang=lang)
    return f"{number}{NBSP}%" if lang == "fr" else f"{number}%"


def format_interval(low, high, *, digits: int = 2, lang: str | None = None) -> str:
    """A confidence interval that never wraps: « [0,29 ; 0,47] » / « [0.29, 0.47] ».

    Examples
    --------
    >>> format_interval(0.29, 0.471, lang="fr") == "[0,29\\u00a0;\\u00a00,47]"
    True
    >>> format_interval(0.29, 0.471, lang="en")
    '[0.29,\\xa00.47]'
    """
    lang = get_language(lang)
    if is_missing(low) or is_missing(high):
        return t_("n.d.", lang=lang)
    a = format_number(low, digits=digits, lang=lang)
    b = format_number(high, digits=digits, lang=lang)
    return f"[{a}{NBSP};{NBSP}{b}]" if lang == "fr" else f"[{a},{NBSP}{b}]"


def tick_formatter(*, digits: int | None = None, percent: bool = False, lang: str | None = None):
    """A matplotlib tick formatter writing ticks in the reader's language.

    ``percent=True`` reads the axis as shares (0-1) and writes percentages.

    Examples
    --------
    >>> tick_formatter(lang="fr")(0.5, 0), tick_formatter(percent=True, lang="en")(0.25, 0)
    ('0,5', '25%')
    """
    from matplotlib.ticker import FuncFormatter

    lang = get_language(lang)
    if percent:
        return FuncFormatter(lambda x, _pos: format_percent(x, digits=digits or 0, lang=lang))
    return FuncFormatter(lambda x, _pos: format_number(x, digits=digits, lang=lang))


def format_table(
    table: pd.DataFrame,
    *,
    digits: int | dict = 2,
    percent: tuple = (),
    lang: str | None = None,
) -> pd.DataFrame:
    """A copy of ``table`` whose numbers are text in the reader's language.

    Integers keep no decimals; floats get ``digits`` (one number, or a
    ``{column: digits}`` mapping); columns listed in ``percent`` are shares shown
    as percentages; missing values read « n.d. ». Text columns are left as they are.

    Examples
    --------
    >>> t = pd.DataFrame({"n": [3, 12], "mean": [1.5, -0.0001], "share": [0.5, 0.25]})
    >>> format_table(t, percent=("share",), lang="fr").values.tolist() == [
    ...     ["3", "1,50", "50\\u00a0%"], ["12", "0,00", "25\\u00a0%"]]
    True
    """
    lang = get_language(lang)
    out = table.copy()
    for col in out.columns:
        values = table[col]
        if not (pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)):
            continue
        if col in percent:
            out[col] = [format_percent(v, lang=lang) for v in values]
            continue
        whole = pd.api.types.is_integer_dtype(values)
        d = digits.get(col, 2) if isinstance(digits, dict) else digits
        out[col] = [
            format_number(v, digits=0 if whole else d, lang=lang)
            if is_missing(v) or isinstance(v, Real)
            else str(v)
            for v in values
        ]
    return out
