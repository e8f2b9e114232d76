"""Numbers into plain sentences for the report's non-statistician reader (fr/en).

Each helper takes a tidy table (key figures, agreement table...) and returns
Markdown text; the template shows it with ``IPython.display.Markdown``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..definitions import default_markers, marker_labels
from ..i18n import get_language, t_
from ..numbers import format_number, format_percent


def fmt(value: float | None, *, digits: int = 2, lang: str | None = None) -> str:
    """A number as a reader writes it (:func:`amiris_lab.numbers.format_number`).

    Examples
    --------
    >>> fmt(0.6667, lang="fr"), fmt(0.6667, lang="en"), fmt(float("nan"), lang="fr")
    ('0,67', '0.67', 'n.d.')
    """
    return format_number(value, digits=digits, lang=lang)


def percent(share: float | None, *, lang: str | None = None) -> str:
    """A share as a rounded percentage (:func:`amiris_lab.numbers.format_percent`).

    Examples
    --------
    >>> percent(0.4237, lang="fr") == "42\\u00a0%", percent(0.4237, lang="en")
    (True, '42%')
    """
    return format_percent(share, lang=lang)


def enumerate_words(words: Sequence[str], *, lang: str | None = None) -> str:
    """Join words as in a sentence.

    Examples
    --------
    >>> enumerate_words(["a", "b", "c"], lang="fr")
    'a, b et c'
    >>> enumerate_words(["a", "b"], lang="en")
    'a and b'
    """
    lang = get_language(lang)
    words = list(words)
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + t_(" et ", lang=lang) + words[-1]


def _figure(kf: pd.DataFrame, indicator: str, marker: str = "") -> float:
    sel = kf[(kf["indicator"] == indicator) & (kf["marker"].fillna("") == marker)]
    return float(sel["value"].iloc[0]) if len(sel) else float("nan")


def key_figures_text(kf: pd.DataFrame, *, lang: str | None = None) -> str:
    """The year in three sentences, from :func:`amiris_lab.reports.key_figures`.

    Examples
    --------
    >>> kf = pd.DataFrame({"year": 2019, "indicator": ["applications", "decision_labellise",
    ...     "decision_ajourne", "decision_non_labellise", "labelled_share", "raters",
    ...     "individual_scores", "not_scored_share"],
    ...     "marker": "", "value": [10, 4, 1, 5, 0.4, 6, 500, 0.05]})
    >>> print(key_figures_text(kf, lang="en"))  # doctest: +NORMALIZE_WHITESPACE
    In 2019, **10 projects** applied: 4 were labelled (40%), 1 postponed and 5 not labelled.
    6 committee members gave 500 individual scores; 5% of the possible scores were left
    empty ("not scored", which is not a 0).
    """
    lang = get_language(lang)
    year = int(kf["year"].iloc[0])
    n = int(_figure(kf, "applications"))
    lab, post, non = (
        int(_figure(kf, f"decision_{c}")) for c in ("labellise", "ajourne", "non_labellise")
    )
    share = percent(_figure(kf, "labelled_share"), lang=lang)
    raters = int(_figure(kf, "raters"))
    scores = format_number(_figure(kf, "individual_scores"), digits=0, lang=lang)
    empty = percent(_figure(kf, "not_scored_share"), lang=lang)
    return t_(
        "En {year}, **{n} projets** ont candidaté : {lab} ont été labellisés ({share}), "
        "{post} ajournés et {non} non labellisés.\n{raters} membres du comité ont donné "
        "{scores} notes individuelles ; {empty} des notes possibles sont restées vides (« "
        "non noté », ce qui n'est pas un 0).",
        year=year,
        n=n,
        lab=lab,
        share=share,
        post=post,
        non=non,
        raters=raters,
        scores=scores,
        empty=empty,
        lang=lang,
    )


def _labels(codes: Sequence[str], markers: pd.DataFrame | None, lang: str) -> list[str]:
    names = marker_labels(markers if markers is not None else default_markers(), lang=lang)
    if isinstance(names, Mapping):
        return [f"{names.get(c, c)} ({c})" for c in codes]
    return [f"{c}" for c in codes]


def agreement_text(
    table: pd.DataFrame,
    *,
    alpha_min: float = 0.667,
    statistic: str | None = None,
    markers: pd.DataFrame | None = None,
    lang: str | None = None,
) -> str:
    """Which markers the committee applies consistently, which it does not.

    A marker is *consistent* when its whole confidence interval lies at or above
    ``alpha_min`` (Krippendorff's usual threshold 0.667 for tentative conclusions),
    *not consistent* when the whole interval lies below it, and *uncertain*
    otherwise (without intervals the point value decides).

    Parameters
    ----------
    table : DataFrame
        Columns ``marker, statistic, value`` and optionally ``ci_low, ci_high``
        (the output of ``agreement_table``).
    alpha_min : float, default 0.667
    statistic : str, optional
        Row filter on ``statistic``; by default the first statistic of the table.
    markers : DataFrame, optional
        Marker definitions for labels (default markers otherwise).
    lang : {"fr", "en"}, optional

    Returns
    -------
    str
        Markdown bullet list.

    Examples
    --------
    >>> t = pd.DataFrame({"marker": ["M01", "M02", "M03"], "statistic": "alpha",
    ...                   "value": [0.8, 0.5, 0.66], "ci_low": [0.7, 0.4, 0.55],
    ...                   "ci_high": [0.9, 0.6, 0.75]})
    >>> print(agreement_text(t, lang="en"))  # doctest: +ELLIPSIS
    - **Applied consistently** (whole interval at or above 0.67): ... (M01).
    - **Not applied consistently** (whole interval below 0.67): ... (M02).
    - **Uncertain** (the interval straddles 0.67): ... (M03).
    """
    lang = get_language(lang)
    if statistic is None and len(table):
        statistic = str(table["statistic"].iloc[0])
    t = table[table["statistic"].astype(str) == statistic] if statistic else table
    t = t[t["marker"].notna() & (t["marker"].astype(str) != "")]
    low = t["ci_low"] if "ci_low" in t else t["value"]
    high = t["ci_high"] if "ci_high" in t else t["value"]
    low, high = low.fillna(t["value"]), high.fillna(t["value"])
    good = t.loc[low >= alpha_min, "marker"].astype(str).tolist()
    bad = t.loc[high < alpha_min, "marker"].astype(str).tolist()
    undefined = t.loc[t["value"].isna(), "marker"].astype(str).tolist()
    unsure = [m for m in t["marker"].astype(str) if m not in good + bad + undefined]
    threshold = fmt(alpha_min, lang=lang)
    lines = []
    none = t_("aucun marqueur", lang=lang)
    lines.append(
        t_(
            "- **Appliqués de façon cohérente** (tout l'intervalle au-dessus de {threshold}) : ",
            threshold=threshold,
            lang=lang,
        )
        + (enumerate_words(_labels(good, markers, lang), lang=lang) or none)
        + "."
    )
    lines.append(
        t_(
            "- **Pas appliqués de façon cohérente** (tout l'intervalle sous {threshold}) : ",
            threshold=threshold,
            lang=lang,
        )
        + (enumerate_words(_labels(bad, markers, lang), lang=lang) or none)
        + "."
    )
    if unsure:
        lines.append(
            t_(
                "- **Incertains** (l'intervalle chevauche {threshold}) : ",
                threshold=threshold,
                lang=lang,
            )
            + enumerate_words(_labels(unsure, markers, lang), lang=lang)
            + "."
        )
    if undefined:
        lines.append(
            t_("- **Non calculable** (pas assez de notes ou aucune variation) : ", lang=lang)
            + enumerate_words(_labels(undefined, markers, lang), lang=lang)
            + "."
        )
    return "\n".join(lines)


def _signed(value: float, *, lang: str) -> str:
    return format_number(value, signed=True, lang=lang)


def consensus_movement(kf: pd.DataFrame, *, digits: int = 2) -> pd.DataFrame:
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
    >>> consensus_movement(kf)["direction"].tolist()
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
    (see :func:`consensus_movement`): the markers said to rise are those whose
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
    move = consensus_movement(kf)
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


def trend_text(
    trend: pd.DataFrame,
    *,
    indicator: str,
    label: str,
    percent: bool | None = None,
    lang: str | None = None,
) -> str:
    """One sentence on how an indicator evolved over the years.

    ``trend`` has columns ``year, indicator, marker, value`` (key figures of several
    years concatenated); ``label`` is the French name of the indicator, a message of the
    catalogue (marked with ``N_``), shown in the language in force. Shares
    (``percent=True``, the default for indicators ending in ``_share``) read as
    percentages.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2017, 2018, 2019], "indicator": "applications",
    ...                   "marker": "", "value": [80.0, 90.0, 100.0]})
    >>> trend_text(t, indicator="applications", label="candidatures", lang="en")
    'applications: 80 in 2017, 90 in 2018, 100 in 2019 (up from 80 to 100).'
    """
    lang = get_language(lang)
    t = trend[(trend["indicator"] == indicator) & (trend["marker"].fillna("") == "")].sort_values(
        "year"
    )
    if t.empty:
        return ""
    if percent is None:
        percent = indicator.endswith("_share")
    digits = 0 if all(float(v).is_integer() for v in t["value"].dropna()) else 2

    def shown(v: float) -> str:
        return format_percent(v, lang=lang) if percent else fmt(v, digits=digits, lang=lang)

    parts = [
        t_("{fmt} en {y}", fmt=shown(v), y=y, lang=lang)
        for y, v in zip(t["year"], t["value"], strict=True)
    ]
    first, last = float(t["value"].iloc[0]), float(t["value"].iloc[-1])
    if len(t) > 1 and last != first:
        word = t_("en hausse", lang=lang) if last > first else t_("en baisse", lang=lang)
        end = t_(
            " ({word} de {first} à {last})",
            word=word,
            first=shown(first),
            last=shown(last),
            lang=lang,
        )
    else:
        end = ""
    name = t_(label, lang=lang)
    sep = " : " if lang == "fr" else ": "
    return f"{name}{sep}{', '.join(parts)}{end}."


def severity_text(
    table: pd.DataFrame,
    *,
    consensus_gap: pd.DataFrame | None = None,
    lang: str | None = None,
) -> str:
    """College (or rater) severity in words: most lenient, most severe, and which differ for sure.

    ``table`` is ``rater_severity(dataset, by="college")`` (columns ``college,
    severity, ci_low, ci_high``) or ``rater_severity(dataset)`` (raters are then
    named by ``rater_id``).
    A group "differs for sure" when its interval excludes 0. With
    ``consensus_gap`` (the output of :func:`amiris_lab.analysis.rater_consensus_gap`)
    that sentence is replaced by :func:`amiris_lab.analysis.flag_raters`'s: the
    members whose difference to the consensus passes a test adjusted for multiple
    comparisons, and which test was used.

    Examples
    --------
    >>> t = pd.DataFrame({"college": ["expert", "financeur_public"], "severity": [0.2, -0.1],
    ...                   "ci_low": [0.1, -0.3], "ci_high": [0.3, 0.1]})
    >>> print(severity_text(t, lang="en"))
    The most lenient is Expert (+0.20 level), the most severe Public funder (-0.10 level). Differs from the rest of the committee beyond doubt (interval excluding 0): Expert.
    """
    from ..definitions import vocabulary_label

    lang = get_language(lang)
    key = "rater_id" if "rater_id" in table.columns else "college"
    t = table.dropna(subset=["severity"]).sort_values("severity")
    if t.empty:
        return t_("Sévérité non calculable.", lang=lang)

    def name(value) -> str:
        if key == "college":
            try:
                return vocabulary_label("college", str(value), lang=lang)
            except Exception:  # a college outside the vocabulary keeps its code
                return str(value)
        return str(value)

    def signed(v: float) -> str:
        return format_number(v, signed=True, lang=lang)

    top, bottom = t.iloc[-1], t.iloc[0]
    text = t_(
        "Le plus indulgent est {name} ({signed} niveau), le plus sévère {name_2} ({signed_2} "
        "niveau).",
        name=name(top[key]),
        signed=signed(top["severity"]),
        name_2=name(bottom[key]),
        signed_2=signed(bottom["severity"]),
        lang=lang,
    )
    if consensus_gap is not None:
        from ..analysis import flag_raters

        return text + " " + flag_raters(consensus_gap, lang=lang).text
    if "ci_low" in t and "ci_high" in t:
        sure = [name(r[key]) for _, r in t.iterrows() if r["ci_low"] > 0 or r["ci_high"] < 0]
        text += " " + t_("Écart au reste du comité net (intervalle excluant 0) : ", lang=lang)
        text += (enumerate_words(sure, lang=lang) or t_("aucun", lang=lang)) + "."
    return text
