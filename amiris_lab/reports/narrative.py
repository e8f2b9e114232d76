"""Numbers into plain sentences for the report's non-statistician reader (fr/en).

Each helper takes a tidy table (key figures, agreement table...) and returns
Markdown text; the template shows it with ``IPython.display.Markdown``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from ..analysis.reading import RELIABLE, TENTATIVE, reliability_reading
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
    alpha_min: float = TENTATIVE,
    statistic: str | None = None,
    markers: pd.DataFrame | None = None,
    lang: str | None = None,
) -> str:
    """Which markers the committee applies reliably, in the one reading of alpha.

    The bullets follow the verdict of
    :func:`~amiris_lab.analysis.reliability_reading` on the point value
    (Krippendorff's thresholds: « fiable » from 0.800, « conclusions provisoires »
    from ``alpha_min``, « insuffisant » below), the words of the table and of its
    legend. A last sentence says, separately and named as such, how sure the
    confidence interval makes those verdicts: which markers have an interval
    straddling a threshold.

    Parameters
    ----------
    table : DataFrame
        Columns ``marker, statistic, value`` and optionally ``ci_low, ci_high``
        (the output of ``agreement_table``).
    alpha_min : float, default 0.667
        The lower threshold (« conclusions provisoires »); the upper one stays
        0.800, or ``alpha_min`` itself when higher (then no « conclusions
        provisoires » band is left).
    statistic : str, optional
        Row filter on ``statistic``; by default the first statistic of the table.
    markers : DataFrame, optional
        Marker definitions for labels (default markers otherwise).
    lang : {"fr", "en"}, optional

    Returns
    -------
    str
        Markdown: one bullet per verdict present, then the sentence on certainty.

    Examples
    --------
    >>> t = pd.DataFrame({"marker": ["M01", "M02", "M03"], "statistic": "alpha",
    ...                   "value": [0.85, 0.5, 0.70], "ci_low": [0.81, 0.4, 0.60],
    ...                   "ci_high": [0.9, 0.6, 0.78]})
    >>> print(agreement_text(t, lang="en"))  # doctest: +ELLIPSIS
    - **Reliable** (α ≥ 0.800): ... (M01).
    - **Tentative conclusions** (0.667 ≤ α < 0.800): ... (M03).
    - **Insufficient** (α < 0.667): ... (M02).
    <BLANKLINE>
    *How sure (from the confidence interval):* ... (M03): interval straddles 0.667.
    """
    lang = get_language(lang)
    if statistic is None and len(table):
        statistic = str(table["statistic"].iloc[0])
    t = table[table["statistic"].astype(str) == statistic] if statistic else table
    t = t[t["marker"].notna() & (t["marker"].astype(str) != "")]
    reliable = max(RELIABLE, alpha_min)
    tentative = min(alpha_min, reliable - 1e-9)  # alpha_min >= 0.800: no tentative band
    reading = reliability_reading(
        t, statistic=None, digits=3, tentative=tentative, reliable=reliable, lang=lang
    )
    low, high = format_number(alpha_min, digits=3, lang=lang), format_number(
        reliable, digits=3, lang=lang
    )
    heads = {
        "reliable": t_("- **Fiable** (α ≥ {high}) : ", high=high, lang=lang),
        "tentative": t_(
            "- **Conclusions provisoires** ({low} ≤ α < {high}) : ", low=low, high=high, lang=lang
        ),
        "insufficient": t_("- **Insuffisant** (α < {low}) : ", low=low, lang=lang),
        "undefined": t_(
            "- **Non calculable** (pas assez de notes ou aucune variation) : ", lang=lang
        ),
    }
    lines = []
    for verdict, head in heads.items():
        codes = reading.loc[reading["verdict"] == verdict, "marker"].astype(str).tolist()
        if codes:
            lines.append(head + enumerate_words(_labels(codes, markers, lang), lang=lang) + ".")
    if not lines:
        return ""
    unsure = reading[reading["certainty"] == "straddles"]
    if len(unsure):
        parts = [
            f"{label} : {words}" if lang == "fr" else f"{label}: {words}"
            for label, words in zip(
                _labels(unsure["marker"].astype(str).tolist(), markers, lang),
                unsure["certainty_label"],
                strict=True,
            )
        ]
        sure = t_(
            "*Certitude (d'après l'intervalle de confiance) :* {parts}.",
            parts=" ; ".join(parts) if lang == "fr" else "; ".join(parts),
            lang=lang,
        )
    elif reading["certainty"].isin(["no_interval"]).all():
        sure = ""
    else:
        sure = t_(
            "*Certitude (d'après l'intervalle de confiance) :* aucun intervalle n'est à "
            "cheval sur un seuil.",
            lang=lang,
        )
    return "\n".join(lines) + ("\n\n" + sure if sure else "")


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
