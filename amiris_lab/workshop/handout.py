"""A one-page PDF handout for participants, once a round is revealed.

The page shows the case, the group's radar (every card thin, the group median, the
reference dashed when the case has one), the spread per marker (one dot per
participant, the median as a red bar, most disputed markers first), the group's
agreement, and the markers furthest from the reference. Drawn with matplotlib (the
radar by :func:`amiris_lab.plotting.radar`) into a single A4 page.

Reveal rules hold: only revealed rounds are printed, with pseudonymous ids (P01...).
"""

from __future__ import annotations

import datetime as _dt
import textwrap
import warnings
from pathlib import Path

from ..exceptions import StoreError, UndefinedStatisticWarning
from ..i18n import t_
from .model import round_label
from .store import WorkshopStore

_A4 = (8.27, 11.69)


def _fmt(value: float, digits: int = 2) -> str:
    return "–" if value != value else f"{value:.{digits}f}"  # NaN != NaN


def _wrap(text: str, *, width: int, lines: int) -> str:
    """At most ``lines`` lines of ``width`` characters, an ellipsis when cut."""
    wrapped = textwrap.wrap(text, width)
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 2] + " …"
    return "\n".join(wrapped)


def handout_round(statuses: dict) -> str | None:
    """The round a handout shows: round 2 once revealed, else round 1 once revealed.

    Examples
    --------
    >>> handout_round({"individuel": "revealed", "revise": "open", "consensus": "pending"})
    'individuel'
    >>> handout_round({"individuel": "closed", "revise": "pending"}) is None
    True
    """
    for round_name in ("revise", "individuel"):
        if statuses.get(round_name) == "revealed":
            return round_name
    return None


def handout_pdf(
    store: WorkshopStore,
    name: str,
    out: str | Path,
    *,
    token: str | None,
    case_no: int | None = None,
    lang: str | None = None,
) -> Path:
    """Write the one-page handout of a case (None: the current case) to ``out``.

    ``token=None`` means direct access to the file (the command line); the dashboard
    passes the trainer token.

    Raises
    ------
    StoreError
        No participants' round of that case is revealed yet, or no card was submitted.

    Examples
    --------
    >>> import tempfile, os
    >>> from amiris_lab.workshop import WorkshopStore, load_case
    >>> folder = tempfile.mkdtemp()
    >>> store = WorkshopStore(os.path.join(folder, "w.sqlite"))
    >>> code, token = store.create_workshop("w", load_case())
    >>> for who in (store.join("w", code, n, "expert") for n in ("Ana", "Ben")):
    ...     _ = store.set_round("w", "individuel", "open", token=token) if who.pseudonym == "Ana" else None
    ...     _ = store.submit("w", who, {m: 2 for m in store.case("w").marker_codes})
    >>> _ = store.set_round("w", "individuel", "reveal", token=token)
    >>> handout_pdf(store, "w", os.path.join(folder, "fiche.pdf"), token=token).name
    'fiche.pdf'
    """
    import pandas as pd  # noqa: F401  (the participant page never imports this module)
    from matplotlib.figure import Figure

    from ..plotting.workshop import radar_overlay, strip_plot
    from . import summary

    snap = store.snapshot(name, case_no)
    case = snap.case
    round_name = handout_round(snap.statuses)
    if round_name is None:
        raise StoreError(
            t_(
                "Pas encore de fiche pour le cas {case_no} : dévoilez d'abord le tour 1 (la fiche montre les réponses du groupe).",
                case_no=snap.case_no,
                lang=lang,
            )
        )
    cards = store.all_cards(name, token=token, trusted=token is None, case_no=snap.case_no)
    profiles = summary.round_profiles(cards, case.marker_codes, round_name=round_name)
    if profiles.empty:
        raise StoreError(
            t_(
                "Aucune fiche envoyée au {round_label} du cas {case_no} : rien à imprimer.",
                round_label=round_label(round_name, lang=lang),
                case_no=snap.case_no,
                lang=lang,
            )
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedStatisticWarning)
        agree = summary.round_agreement(profiles, n_boot=300)
    spread = summary.marker_spread(profiles)

    fig = Figure(figsize=_A4)
    fig.text(0.06, 0.965, case.title, fontsize=17, weight="bold", va="top")
    number = t_(
        "cas {case_no} sur {n_cases} — ", case_no=snap.case_no, n_cases=snap.n_cases, lang=lang
    )
    fig.text(
        0.06,
        0.935,
        t_(
            "Atelier {name} — {case_number}{round_label} — {n_cards} fiches — {day}",
            name=name,
            case_number=number if snap.n_cases > 1 else "",
            round_label=round_label(round_name, lang=lang),
            n_cards=len(profiles),
            day=_dt.date.today().isoformat(),
            lang=lang,
        ),
        fontsize=10,
        color="#444",
        va="top",
    )
    fig.text(
        0.06,
        0.915,
        _wrap(case.description, width=118, lines=5),
        fontsize=8.5,
        va="top",
        color="#222",
    )
    radar_ax = fig.add_axes((0.08, 0.42, 0.60, 0.37), projection="polar")
    radar_overlay(profiles, reference=case.reference, ax=radar_ax, lang=lang)
    radar_ax.set_title(t_("Le radar du groupe", lang=lang), fontsize=12, weight="bold", pad=16)
    strip_ax = fig.add_axes((0.10, 0.085, 0.36, 0.27))
    strip_plot(
        profiles, levels=case.level_values, order=list(spread["marker"]), ax=strip_ax, lang=lang
    )
    strip_ax.set_title(
        t_("Dispersion par marqueur\n(les plus discutés en haut)", lang=lang),
        fontsize=10,
        weight="bold",
    )
    lines = [
        t_("Accord du groupe", lang=lang),
        t_("α de Krippendorff (ordinal) = {fmt}", fmt=_fmt(agree["alpha"]), lang=lang),
        t_(
            "IC 95 % [{fmt} ; {fmt_2}]",
            fmt=_fmt(agree["ci_low"]),
            fmt_2=_fmt(agree["ci_high"]),
            lang=lang,
        ),
        t_("accord brut = {fmt} %", fmt=_fmt(100 * agree["percent_agreement"], 0), lang=lang),
        "",
    ]
    if case.reference:
        gap = summary.reference_gap(profiles, case.reference)
        gap = gap.reindex(gap["gap"].abs().sort_values(ascending=False, kind="mergesort").index)
        source = case.reference_source or t_("référence", lang=lang)
        lines += [t_("Écart à la référence ({source})", source=source, lang=lang)]
        lines += [
            t_(
                "{marker} : médiane {fmt}, référence {fmt_2}",
                marker=r.marker,
                fmt=_fmt(r.median, 1),
                fmt_2=_fmt(r.reference, 0),
                lang=lang,
            )
            for r in gap.head(5).itertuples()
        ]
    else:
        lines += [t_("Pas de référence pour ce cas.", lang=lang)]
    fig.text(0.56, 0.35, lines[0], fontsize=11, weight="bold", va="top")
    fig.text(0.56, 0.325, "\n".join(lines[1:]), fontsize=9.5, va="top", linespacing=1.6)
    fig.text(
        0.06,
        0.015,
        t_(
            "Méthode de qualification de l'innovation sociale de l'Institut Godin — unités = les 12 marqueurs, juges = les participants.",
            lang=lang,
        ),
        fontsize=7,
        color="#666",
    )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(
        out,
        format="pdf",
        metadata={"Title": f"{case.title} — {name}", "Subject": round_label(round_name, lang=lang)},
    )
    return out
