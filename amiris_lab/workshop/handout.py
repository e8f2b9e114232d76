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
from ..i18n import tr
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
            tr(
                f"Pas encore de fiche pour le cas {snap.case_no} : dévoilez d'abord le tour 1 "
                "(la fiche montre les réponses du groupe).",
                f"No handout yet for case {snap.case_no}: reveal round 1 first "
                "(the handout shows the group's answers).",
                lang=lang,
            )
        )
    cards = store.all_cards(name, token=token, trusted=token is None, case_no=snap.case_no)
    profiles = summary.round_profiles(cards, case.marker_codes, round_name=round_name)
    if profiles.empty:
        raise StoreError(
            tr(
                f"Aucune fiche envoyée au {round_label(round_name, lang='fr')} du cas "
                f"{snap.case_no} : rien à imprimer.",
                f"No card submitted in {round_label(round_name, lang='en')} of case "
                f"{snap.case_no}: nothing to print.",
                lang=lang,
            )
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedStatisticWarning)
        agree = summary.round_agreement(profiles, n_boot=300)
    spread = summary.marker_spread(profiles)

    def t(fr: str, en: str) -> str:
        return tr(fr, en, lang=lang)

    fig = Figure(figsize=_A4)
    fig.text(0.06, 0.965, case.title, fontsize=17, weight="bold", va="top")
    number = t(
        f"cas {snap.case_no} sur {snap.n_cases} — ", f"case {snap.case_no} of {snap.n_cases} — "
    )
    fig.text(
        0.06,
        0.935,
        t(
            f"Atelier {name} — {number if snap.n_cases > 1 else ''}"
            f"{round_label(round_name, lang=lang)} — {len(profiles)} fiches — "
            f"{_dt.date.today():%d/%m/%Y}",
            f"Workshop {name} — {number if snap.n_cases > 1 else ''}"
            f"{round_label(round_name, lang=lang)} — {len(profiles)} cards — "
            f"{_dt.date.today():%Y-%m-%d}",
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
    radar_ax.set_title(
        t("Le radar du groupe", "The group's radar"), fontsize=12, weight="bold", pad=16
    )
    strip_ax = fig.add_axes((0.10, 0.085, 0.36, 0.27))
    strip_plot(
        profiles, levels=case.level_values, order=list(spread["marker"]), ax=strip_ax, lang=lang
    )
    strip_ax.set_title(
        t(
            "Dispersion par marqueur\n(les plus discutés en haut)",
            "Spread per marker\n(most disputed on top)",
        ),
        fontsize=10,
        weight="bold",
    )
    lines = [
        t("Accord du groupe", "Group agreement"),
        t(
            f"α de Krippendorff (ordinal) = {_fmt(agree['alpha'])}",
            f"Krippendorff's α (ordinal) = {_fmt(agree['alpha'])}",
        ),
        t(
            f"IC 95 % [{_fmt(agree['ci_low'])} ; {_fmt(agree['ci_high'])}]",
            f"95 % CI [{_fmt(agree['ci_low'])}; {_fmt(agree['ci_high'])}]",
        ),
        t(
            f"accord brut = {_fmt(100 * agree['percent_agreement'], 0)} %",
            f"percent agreement = {_fmt(100 * agree['percent_agreement'], 0)} %",
        ),
        "",
    ]
    if case.reference:
        gap = summary.reference_gap(profiles, case.reference)
        gap = gap.reindex(gap["gap"].abs().sort_values(ascending=False, kind="mergesort").index)
        source = case.reference_source or t("référence", "reference")
        lines += [t(f"Écart à la référence ({source})", f"Gap to the reference ({source})")]
        lines += [
            t(
                f"{r.marker} : médiane {_fmt(r.median, 1)}, référence {_fmt(r.reference, 0)}",
                f"{r.marker}: median {_fmt(r.median, 1)}, reference {_fmt(r.reference, 0)}",
            )
            for r in gap.head(5).itertuples()
        ]
    else:
        lines += [t("Pas de référence pour ce cas.", "No reference for this case.")]
    fig.text(0.56, 0.35, lines[0], fontsize=11, weight="bold", va="top")
    fig.text(0.56, 0.325, "\n".join(lines[1:]), fontsize=9.5, va="top", linespacing=1.6)
    fig.text(
        0.06,
        0.015,
        t(
            "Méthode de qualification de l'innovation sociale de l'Institut Godin — "
            "unités = les 12 marqueurs, juges = les participants.",
            "Institut Godin method of qualifying social innovation — "
            "units = the 12 markers, raters = the participants.",
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
