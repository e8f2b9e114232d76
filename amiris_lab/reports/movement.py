"""The consensus movement in words: every statement read from the table it summarises.

§5 of the report once said « Le comité ... abaisse le plus M02 » in a year where the
consensus rose on all twelve markers. Here the direction of each marker is read
from its shown (rounded) shift, and the sentence says « all up », « all down », the
ties, the unchanged markers and the single-marker case as they are.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..i18n import get_language, t_
from ..numbers import format_number
from .narrative import _figure, _labels, enumerate_words, fmt


def _signed(value: float, *, lang: str) -> str:
    return format_number(value, signed=True, lang=lang)


def movement_directions(kf: pd.DataFrame, *, digits: int = 2) -> pd.DataFrame:
    """Per-marker consensus shift with its direction, as the sentences read it.

    Parameters
    ----------
    kf : DataFrame
        Key figures (:func:`amiris_lab.reports.key_figures`) with the
        ``consensus_shift`` rows.
    digits : int, default 2
        Decimals shown to the reader; the direction is read on the value rounded
        to them, so that a marker printed « 0,00 » is never said to rise or fall.

    Returns
    -------
    DataFrame
        Columns ``marker, shift, shown, direction`` (``up``, ``down`` or ``same``),
        in the table's marker order.

    Examples
    --------
    >>> kf = pd.DataFrame({"year": 2019, "indicator": "consensus_shift",
    ...                    "marker": ["", "M01", "M02", "M03"], "value": [0.1, 0.4, -0.3, 0.001]})
    >>> movement_directions(kf)["direction"].tolist()
    ['up', 'down', 'same']
    """
    per = kf[(kf["indicator"] == "consensus_shift") & (kf["marker"].fillna("") != "")]
    per = per.dropna(subset=["value"])
    shown = per["value"].astype(float).round(digits) + 0.0  # + 0.0 turns -0.0 into 0.0
    direction = np.select([shown > 0, shown < 0], ["up", "down"], default="same")
    return pd.DataFrame(
        {
            "marker": per["marker"].astype(str).to_numpy(),
            "shift": per["value"].astype(float).to_numpy(),
            "shown": shown.to_numpy(),
            "direction": direction,
        }
    )


def _markers_word(k: int, lang: str) -> str:
    return t_("{k} marqueur", k=k, lang=lang) if k == 1 else t_("{k} marqueurs", k=k, lang=lang)


def movement_text(
    kf: pd.DataFrame, *, markers: pd.DataFrame | None = None, lang: str | None = None
) -> str:
    """How the consensus differs from the mean of individual scores, in words.

    Every statement is read from the ``consensus_shift`` rows of the key figures
    (see :func:`movement_directions`): the markers said to rise are those whose
    shown shift is positive, the « most » and « least » are the largest and
    smallest shown shifts (all of them when tied), and when every marker moved the
    same way the text says so instead of naming one as lowered.

    Examples
    --------
    >>> kf = pd.DataFrame({"year": 2019, "indicator": "consensus_shift",
    ...                    "marker": ["", "M01", "M02"], "value": [0.1, 0.4, -0.3]})
    >>> print(movement_text(kf, lang="en"))  # doctest: +NORMALIZE_WHITESPACE
    On average the consensus is 0.10 level above the mean of the individual scores.
    The committee raises 1 marker of 2, Contextualisation of need and aspiration (M01)
    (+0.40), and lowers 1, Place of beneficiaries (M02) (-0.30).
    """
    lang = get_language(lang)
    overall = round(_figure(kf, "consensus_shift"), 2) + 0.0
    if math.isnan(overall):
        return t_("Pas de note de consensus cette année : pas de comparaison possible.", lang=lang)
    if overall == 0:
        text = t_("En moyenne, le consensus rejoint la moyenne des notes individuelles.", lang=lang)
    else:
        direction = t_("au-dessus de", lang=lang) if overall > 0 else t_("en dessous de", lang=lang)
        text = t_(
            "En moyenne, le consensus se situe {fmt} niveau {direction} la moyenne des notes "
            "individuelles.",
            fmt=fmt(abs(overall), lang=lang),
            direction=direction,
            lang=lang,
        )
    move = movement_directions(kf)
    if move.empty:
        return text
    n = len(move)

    def names(values: pd.DataFrame, which: float) -> str:
        codes = values.loc[values["shown"] == which, "marker"].tolist()
        return enumerate_words(_labels(codes, markers, lang), lang=lang)

    up = move[move["direction"] == "up"]
    down = move[move["direction"] == "down"]
    same = move[move["direction"] == "same"]
    if n == 1:
        marker = _labels([move["marker"].iloc[0]], markers, lang)[0]
        return text + t_(" Un seul marqueur est noté : {marker}.", marker=marker, lang=lang)
    if len(same) == n:
        return text + t_(" Il en va de même pour chacun des {n} marqueurs.", n=n, lang=lang)
    if len(up) == n or len(down) == n:
        rows, sign = (up, 1.0) if len(up) == n else (down, -1.0)
        hi, lo = sign * rows["shown"].abs().max(), sign * rows["shown"].abs().min()
        if hi == lo:
            each = (
                t_(" Le comité relève les {n} marqueurs, chacun de {value}.", n=n,
                   value=_signed(hi, lang=lang), lang=lang)
                if sign > 0
                else t_(" Le comité abaisse les {n} marqueurs, chacun de {value}.", n=n,
                        value=_signed(hi, lang=lang), lang=lang)
            )  # fmt: skip
            return text + each
        values = {
            "n": n,
            "most": names(rows, hi),
            "high": _signed(hi, lang=lang),
            "least": names(rows, lo),
            "low": _signed(lo, lang=lang),
        }
        if sign > 0:
            return text + t_(
                " Le comité relève les {n} marqueurs : le plus {most} ({high}), "
                "le moins {least} ({low}).",
                lang=lang,
                **values,
            )
        return text + t_(
            " Le comité abaisse les {n} marqueurs : le plus {most} ({high}), "
            "le moins {least} ({low}).",
            lang=lang,
            **values,
        )
    parts = []
    if len(up):
        top = up["shown"].max()
        values = {"count": _markers_word(len(up), lang), "n": n, "most": names(up, top),
                  "value": _signed(top, lang=lang)}  # fmt: skip
        parts.append(
            t_("relève {count} sur {n}, le plus {most} ({value})", lang=lang, **values)
            if len(up) > 1
            else t_("relève {count} sur {n}, {most} ({value})", lang=lang, **values)
        )
    if len(down):
        bottom = down["shown"].min()
        values = {"k": len(down), "count": _markers_word(len(down), lang), "n": n,
                  "most": names(down, bottom), "value": _signed(bottom, lang=lang)}  # fmt: skip
        several = len(down) > 1
        if len(up) and several:
            part = t_("en abaisse {k}, le plus {most} ({value})", lang=lang, **values)
        elif len(up):
            part = t_("en abaisse {k}, {most} ({value})", lang=lang, **values)
        elif several:
            part = t_("abaisse {count} sur {n}, le plus {most} ({value})", lang=lang, **values)
        else:
            part = t_("abaisse {count} sur {n}, {most} ({value})", lang=lang, **values)
        parts.append(part)
    text += t_(" Le comité {parts}", parts=t_(", et ", lang=lang).join(parts), lang=lang)
    if len(same):
        codes = enumerate_words(_labels(same["marker"].tolist(), markers, lang), lang=lang)
        text += (
            t_(" ; inchangés : {markers}", markers=codes, lang=lang)
            if len(same) > 1
            else t_(" ; inchangé : {markers}", markers=codes, lang=lang)
        )
    return text + "."
