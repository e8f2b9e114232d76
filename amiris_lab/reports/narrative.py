"""Numbers into plain sentences for the report's non-statistician reader (fr/en).

Each helper takes a tidy table (key figures, agreement table...) and returns
Markdown text; the template shows it with ``IPython.display.Markdown``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from ..definitions import default_markers, marker_labels
from ..i18n import get_language, t_


def fmt(value: float | None, *, digits: int = 2, lang: str | None = None) -> str:
    """A number as a reader writes it (decimal comma in French, "n.d." if missing).

    Examples
    --------
    >>> fmt(0.6667, lang="fr"), fmt(0.6667, lang="en"), fmt(float("nan"), lang="fr")
    ('0,67', '0.67', 'n.d.')
    """
    lang = get_language(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t_("n.d.", lang=lang)
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text


def percent(share: float | None, *, lang: str | None = None) -> str:
    """A share as a rounded percentage.

    Examples
    --------
    >>> percent(0.4237, lang="fr"), percent(0.4237, lang="en")
    ('42 %', '42%')
    """
    lang = get_language(lang)
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return t_("n.d.", lang=lang)
    return f"{round(100 * share):d} %" if lang == "fr" else f"{round(100 * share):d}%"


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
    raters, scores = int(_figure(kf, "raters")), int(_figure(kf, "individual_scores"))
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


def movement_text(
    kf: pd.DataFrame, *, markers: pd.DataFrame | None = None, lang: str | None = None
) -> str:
    """How the consensus differs from the mean of individual scores, in words.

    Examples
    --------
    >>> kf = pd.DataFrame({"year": 2019, "indicator": "consensus_shift",
    ...                    "marker": ["", "M01", "M02"], "value": [0.1, 0.4, -0.3]})
    >>> print(movement_text(kf, lang="en"))  # doctest: +ELLIPSIS
    On average the consensus is 0.10 level above the mean of the individual scores. ...
    """
    lang = get_language(lang)
    overall = _figure(kf, "consensus_shift")
    per = kf[(kf["indicator"] == "consensus_shift") & (kf["marker"].fillna("") != "")]
    per = per.sort_values("value")
    direction = t_("au-dessus de", lang=lang) if overall >= 0 else t_("en dessous de", lang=lang)
    text = t_(
        "En moyenne, le consensus se situe {fmt} niveau {direction} la moyenne des notes "
        "individuelles.",
        fmt=fmt(abs(overall), lang=lang),
        direction=direction,
        lang=lang,
    )
    if len(per):
        down, up = per.iloc[0], per.iloc[-1]
        text += t_(
            " Le comité relève le plus {labels_first} ({fmt}) et abaisse le plus "
            "{labels_first_2} ({fmt_2}).",
            labels_first=_labels([up["marker"]], markers, lang)[0],
            fmt=fmt(up["value"], lang=lang),
            labels_first_2=_labels([down["marker"]], markers, lang)[0],
            fmt_2=fmt(down["value"], lang=lang),
            lang=lang,
        )
    return text


def trend_text(trend: pd.DataFrame, *, indicator: str, label: str, lang: str | None = None) -> str:
    """One sentence on how an indicator evolved over the years.

    ``trend`` has columns ``year, indicator, marker, value`` (key figures of several
    years concatenated); ``label`` is the French name of the indicator, a message of the
    catalogue (marked with ``N_``), shown in the language in force.

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
    digits = 0 if all(float(v).is_integer() for v in t["value"].dropna()) else 2
    parts = [
        t_("{fmt} en {y}", fmt=fmt(v, digits=digits, lang=lang), y=y, lang=lang)
        for y, v in zip(t["year"], t["value"], strict=True)
    ]
    first, last = float(t["value"].iloc[0]), float(t["value"].iloc[-1])
    if len(t) > 1 and last != first:
        word = t_("en hausse", lang=lang) if last > first else t_("en baisse", lang=lang)
        end = t_(
            " ({word} de {first} à {last})",
            word=word,
            first=fmt(first, digits=digits, lang=lang),
            last=fmt(last, digits=digits, lang=lang),
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
        return ("+" if v >= 0 else "-") + fmt(abs(v), lang=lang)

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
