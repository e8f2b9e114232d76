"""One reading of Krippendorff's alpha, defined once, for tables, legends and sentences.

Two things are said about a marker, and they are kept apart:

* the **verdict**, from the point value and Krippendorff's (2004) thresholds:
  « fiable » from 0.800, « conclusions provisoires » from 0.667 to 0.800,
  « insuffisant » below 0.667 (the thresholds and labels are those of
  :data:`amiris_lab.agreement.bands.BANDS` ``["krippendorff"]``);
* the **certainty**, from where the whole confidence interval lies with respect
  to the same thresholds (« intervalle entièrement au-dessus de 0,800 »,
  « intervalle à cheval sur 0,667 »...).

Wording. Krippendorff writes that data below 0.667 should be *discarded*. In a
labelling report « à écarter » reads as "drop the marker from the grid", which
is not what the rule says: the committee's scores on that marker are not
consistent enough to draw conclusions from. « insuffisant » says that, and is
the word of the forest plot's legend. « conclusions provisoires » is
Krippendorff's "tentative conclusions".

Numbers are shown with enough decimals to stay on the same side of every
threshold as the true value: 0.6655 is never shown as « 0,67 » next to
« insuffisant » (it shows « 0,666 »). Below that rule, ``digits`` decimals.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from numbers import Real

import numpy as np
import pandas as pd
from babel.numbers import format_decimal

from .._param_validation import Interval, check_param
from ..agreement.bands import BANDS
from ..exceptions import ParameterError
from ..i18n import N_, get_language, t_

#: Krippendorff's thresholds, read from the published scale of ``bands``.
RELIABLE, TENTATIVE = (float(b[0]) for b in BANDS["krippendorff"][:2])

#: Verdict key -> label (a French msgid of the catalogue), the labels of the published scale.
VERDICTS: dict[str, str] = {
    key: band[2]
    for key, band in zip(
        ("reliable", "tentative", "insufficient"), BANDS["krippendorff"], strict=True
    )
}
VERDICTS["undefined"] = N_("non calculable")
#: Certainty key -> label (a French msgid); ``{reliable}`` and ``{tentative}`` are the
#: thresholds, formatted for the language.
CERTAINTIES: dict[str, str] = {
    "above_reliable": N_("intervalle entièrement au-dessus de {reliable}"),
    "above_tentative": N_("intervalle entièrement au-dessus de {tentative}"),
    "straddles": N_("intervalle à cheval sur {tentative}"),
    "below_tentative": N_("intervalle entièrement en dessous de {tentative}"),
    "no_interval": N_("sans intervalle"),
}
READING_COLUMNS = [
    "verdict",
    "verdict_label",
    "certainty",
    "certainty_label",
    "value_text",
    "interval_text",
]
_DIGITS = Interval(int, 0, 6, closed="both", description="an integer from 0 to 6")
_THRESHOLD = Interval(Real, 0, 1, closed="right", description="a number in ]0, 1]")
_MAX_DIGITS = 6
NBSP = "\u00a0"


def _rounded(value: float, digits: int, mode: str = ROUND_HALF_EVEN) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), mode)


def _shown(value: float, digits: int, thresholds) -> Decimal:
    """``value`` rounded to the fewest decimals, from ``digits``, that keep it on its side
    of every threshold; past six decimals it is rounded down (0.66699999 shows 0.666999)."""
    for d in range(digits, _MAX_DIGITS + 1):
        shown = _rounded(value, d)
        if all((float(shown) >= t) == (value >= t) for t in thresholds):
            return shown
    return _rounded(value, _MAX_DIGITS, ROUND_FLOOR)


def format_number(
    value: float, *, digits: int = 2, thresholds=(TENTATIVE, RELIABLE), lang: str | None = None
) -> str:
    """A number for readers: ``digits`` decimals, more when rounding would cross a threshold.

    Parameters
    ----------
    value : float
        NaN gives « – ».
    digits : int, default 2
    thresholds : sequence of float, default (0.667, 0.800)
        The rounded number stays on the same side of each (``>=``) as ``value``.
    lang : {"fr", "en"}, optional
        Decimal comma in French (Babel's locale data); no « -0,00 ».

    Examples
    --------
    >>> format_number(0.6655, lang="fr"), format_number(0.6669, lang="en")
    ('0,666', '0.6669')
    >>> format_number(0.712, lang="fr"), format_number(-0.001, lang="fr")
    ('0,71', '0,00')
    """
    if value is None or pd.isna(value):
        return "–"
    lang = get_language(lang)
    shown = _shown(float(value), digits, tuple(thresholds))
    if shown == 0:
        shown = abs(shown)  # no "-0,00"
    d = -shown.as_tuple().exponent
    pattern = "0." + "0" * d if d > 0 else "0"
    return format_decimal(shown, format=pattern, locale="fr_FR" if lang == "fr" else "en_GB")


def format_interval(
    low: float,
    high: float,
    *,
    digits: int = 2,
    thresholds=(TENTATIVE, RELIABLE),
    lang: str | None = None,
) -> str:
    """``[low ; high]`` with non-breaking spaces in French (never wraps); "" without bounds.

    Examples
    --------
    >>> format_interval(0.29, 0.47, lang="fr") == "[0,29\\u00a0;\\u00a00,47]"
    True
    >>> format_interval(0.29, 0.47, lang="en")
    '[0.29; 0.47]'
    """
    if pd.isna(low) or pd.isna(high):
        return ""
    lang = get_language(lang)
    a = format_number(low, digits=digits, thresholds=thresholds, lang=lang)
    b = format_number(high, digits=digits, thresholds=thresholds, lang=lang)
    return f"[{a}{NBSP};{NBSP}{b}]" if lang == "fr" else f"[{a}; {b}]"


def _verdict(value: float, tentative: float, reliable: float) -> str:
    if not np.isfinite(value):
        return "undefined"
    if value >= reliable:
        return "reliable"
    return "tentative" if value >= tentative else "insufficient"


def _certainty(low: float, high: float, tentative: float, reliable: float) -> str:
    if not (np.isfinite(low) and np.isfinite(high)):
        return "no_interval"
    if low >= reliable:
        return "above_reliable"
    if low >= tentative:
        return "above_tentative"
    return "below_tentative" if high < tentative else "straddles"


def _check_thresholds(tentative, reliable) -> None:
    for name, v in (("tentative", tentative), ("reliable", reliable)):
        check_param(v, _THRESHOLD, name=name, func="reliability_reading")
    if not tentative < reliable:
        raise ParameterError(
            f"reliability_reading needs tentative < reliable; got {tentative!r} and {reliable!r}."
        )


def reliability_reading(
    table: pd.DataFrame,
    *,
    statistic: str | None = "alpha",
    digits: int = 2,
    tentative: float = TENTATIVE,
    reliable: float = RELIABLE,
    lang: str | None = None,
) -> pd.DataFrame:
    """The verdict on each value of Krippendorff's alpha, and how sure the interval makes it.

    Parameters
    ----------
    table : DataFrame
        Columns ``value`` and, when available, ``ci_low, ci_high``: the output
        of :func:`~amiris_lab.analysis.agreement_table` or any table of alphas.
    statistic : str or None, default "alpha"
        When ``table`` has a ``statistic`` column, keep only these rows; None
        keeps every row.
    digits : int, default 2
        Decimals of ``value_text`` and ``interval_text``, more when rounding
        would cross a threshold (see :func:`format_number`).
    tentative, reliable : float, default 0.667 and 0.800
        Krippendorff's (2004) thresholds.
    lang : {"fr", "en"}, optional

    Returns
    -------
    DataFrame
        The rows kept, with their columns, plus:

        * ``verdict``: ``"reliable"`` (value >= 0.800), ``"tentative"``
          (0.667 <= value < 0.800), ``"insufficient"`` (value < 0.667) or
          ``"undefined"`` (NaN); ``verdict_label`` in words (« fiable »,
          « conclusions provisoires », « insuffisant », « non calculable »);
        * ``certainty``: where the whole interval lies, ``"above_reliable"``
          (ci_low >= 0.800), ``"above_tentative"`` (ci_low >= 0.667),
          ``"straddles"`` (ci_low < 0.667 <= ci_high), ``"below_tentative"``
          (ci_high < 0.667) or ``"no_interval"``; ``certainty_label`` in words;
        * ``value_text``, ``interval_text``: the numbers as a reader sees them.

    Examples
    --------
    >>> t = pd.DataFrame({"marker": ["M01", "M02", "M03"], "value": [0.85, 0.6655, 0.70],
    ...                   "ci_low": [0.81, 0.55, 0.60], "ci_high": [0.90, 0.75, 0.78]})
    >>> r = reliability_reading(t, lang="fr")
    >>> r[["marker", "value_text", "verdict_label"]].values.tolist()
    [['M01', '0,85', 'fiable'], ['M02', '0,666', 'insuffisant'], ['M03', '0,70', 'conclusions provisoires']]
    >>> r["certainty_label"].tolist()[:2]
    ['intervalle entièrement au-dessus de 0,800', 'intervalle à cheval sur 0,667']
    """
    lang = get_language(lang)
    check_param(digits, _DIGITS, name="digits", func="reliability_reading")
    _check_thresholds(tentative, reliable)
    if "value" not in table.columns:
        raise ParameterError(
            "reliability_reading needs a 'value' column (the output of agreement_table); "
            f"the table has {list(table.columns)}."
        )
    t = table
    if statistic is not None and "statistic" in t.columns:
        t = t[t["statistic"].astype(str) == statistic]
    out = t.copy()
    values = out["value"].to_numpy(dtype=float)
    nan = np.full(len(out), np.nan)
    lows = out["ci_low"].to_numpy(dtype=float) if "ci_low" in out else nan
    highs = out["ci_high"].to_numpy(dtype=float) if "ci_high" in out else nan
    thresholds = (tentative, reliable)
    words = {
        "reliable": format_number(reliable, digits=3, thresholds=(), lang=lang),
        "tentative": format_number(tentative, digits=3, thresholds=(), lang=lang),
    }
    verdicts = [_verdict(v, tentative, reliable) for v in values]
    certainties = [
        _certainty(lo, hi, tentative, reliable) for lo, hi in zip(lows, highs, strict=True)
    ]
    out["verdict"] = verdicts
    out["verdict_label"] = [t_(VERDICTS[v], lang=lang) for v in verdicts]
    out["certainty"] = certainties
    out["certainty_label"] = [t_(CERTAINTIES[c], lang=lang, **words) for c in certainties]
    out["value_text"] = [
        format_number(v, digits=digits, thresholds=thresholds, lang=lang) for v in values
    ]
    out["interval_text"] = [
        format_interval(lo, hi, digits=digits, thresholds=thresholds, lang=lang)
        for lo, hi in zip(lows, highs, strict=True)
    ]
    return out


def reliability_legend(
    *,
    confidence: float = 0.95,
    interval: str | None = None,
    tentative: float = TENTATIVE,
    reliable: float = RELIABLE,
    lang: str | None = None,
) -> str:
    """The legend of a reading: the thresholds, what « IC » means, what the certainty says.

    Parameters
    ----------
    confidence : float, default 0.95
    interval : str, optional
        How the interval was obtained, a French msgid (e.g. the ``interval`` of a
        statistic's record: « bootstrap des projets, percentiles »).
    tentative, reliable : float
    lang : {"fr", "en"}, optional

    Examples
    --------
    >>> print(reliability_legend(lang="en"))  # doctest: +NORMALIZE_WHITESPACE
    Reading (Krippendorff's thresholds, on the value of alpha): reliable from 0.800;
    tentative conclusions from 0.667 to 0.800; insufficient below 0.667. 95% CI: 95%
    confidence interval, the range where the true value most likely lies. Certainty:
    where the whole interval lies with respect to these thresholds; an interval
    straddling a threshold means the data cannot settle on which side the marker is.
    """
    lang = get_language(lang)
    _check_thresholds(tentative, reliable)
    hi = format_number(reliable, digits=3, thresholds=(), lang=lang)
    lo = format_number(tentative, digits=3, thresholds=(), lang=lang)
    pct = format_number(100 * confidence, digits=0, thresholds=(), lang=lang)
    how = "" if interval is None else f" ({t_(interval, lang=lang)})"
    return t_(
        "Lecture (seuils de Krippendorff, sur la valeur de l'alpha) : {reliable} à partir "
        "de {high} ; {tentative} de {low} à {high} ; {insufficient} en dessous de {low}. "
        "IC\u00a0{pct}\u00a0% : intervalle de confiance à {pct}\u00a0%{how}, la plage où se "
        "trouve le plus vraisemblablement la vraie valeur. Certitude : position de tout "
        "l'intervalle par rapport à ces seuils ; un intervalle à cheval sur un seuil signifie "
        "que les données ne permettent pas de dire de quel côté se trouve le marqueur.",
        lang=lang,
        reliable=t_(VERDICTS["reliable"], lang=lang),
        tentative=t_(VERDICTS["tentative"], lang=lang),
        insufficient=t_(VERDICTS["insufficient"], lang=lang),
        high=hi,
        low=lo,
        pct=pct,
        how=how,
    )
