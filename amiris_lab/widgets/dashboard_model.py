"""The trainer dashboard's headless view model: statistics and the text to show.

:class:`DashboardModel` reads the workshop store, computes what the dashboard shows
(the round's agreement, spread per marker, round 1 vs round 2, gap to the reference,
the figures as PNG) and formats it as HTML strings. It imports no ipywidgets, so it is
tested without widgets; :mod:`amiris_lab.widgets.dashboard` only lays the strings
and images out in widgets and wires the buttons, the way
:class:`~amiris_lab.widgets.scoring.ScoringCardModel` and
:class:`~amiris_lab.widgets.scoring.ScoringCardView` share the scoring card.
"""

from __future__ import annotations

import base64
import math
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..exceptions import UndefinedStatisticWarning
from ..i18n import t_
from ..plotting.workshop import figure_png, radar_overlay, strip_plot
from ..workshop import summary
from ..workshop.export import export_workshop
from ..workshop.handout import handout_pdf
from ..workshop.model import (
    PARTICIPANT_ROUNDS,
    Workshop,
    college_label,
    round_label,
    status_label,
)
from ..workshop.qr import svg_qr
from ..workshop.store import CONSENSUS_RATER, WorkshopStore
from ._html import esc


def fmt(value: float | None, digits: int = 2) -> str:
    """A number with ``digits`` decimals; "–" for a missing or undefined value.

    Examples
    --------
    >>> fmt(0.4567), fmt(float("nan")), fmt(None), fmt(2.0, 0)
    ('0.46', '–', '–', '2')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def quiet_agreement(profiles) -> dict:
    """The round's agreement, quietly: an undefined statistic (one card, a single level
    used by everybody) is NaN, shown "–", without a warning in the trainer's log."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedStatisticWarning)
        return summary.round_agreement(profiles, n_boot=300)


@dataclass(frozen=True)
class RoundResults:
    """What the dashboard shows for a round (HTML strings and PNG images).

    ``note`` alone is set when there is nothing to show yet (round not revealed, no
    card); ``compare`` and ``gap`` are empty when they do not apply.
    """

    note: str = ""
    agreement: str = ""
    radar_png: bytes = b""
    strip_png: bytes = b""
    legend: str = ""
    spread: str = ""
    compare: str = ""
    gap: str = ""


class DashboardModel:
    """Headless state of the trainer dashboard for one workshop.

    Parameters
    ----------
    store : WorkshopStore
    name : str
    token : str
        The trainer token (checked now: :class:`~amiris_lab.exceptions.StoreError` if wrong).
    lang : {'fr', 'en'}, optional

    Examples
    --------
    >>> import tempfile, os
    >>> from amiris_lab.workshop import WorkshopStore, load_case
    >>> store = WorkshopStore(os.path.join(tempfile.mkdtemp(), "w.sqlite"))
    >>> code, token = store.create_workshop("w", load_case(), join_code="ABC234")
    >>> model = DashboardModel(store, "w", token, lang="en")
    >>> model.act("individuel", "open")
    'Round 1 (individual): open.'
    >>> model.results(model.snapshot(), "individuel").note
    '<p><i>Results of Round 1 (individual) show once the round is revealed.</i></p>'
    """

    def __init__(self, store: WorkshopStore, name: str, token: str, *, lang: str | None = None):
        store.check_trainer(name, token)
        self.store = store
        self.name = name
        self.token = token
        self.lang = lang
        self.case_no = store.snapshot(name).current_case
        self.case = store.case(name, self.case_no)

    def select_case(self, case_no: int) -> None:
        """Show another case of the workshop (what participants work on does not change)."""
        self.case = self.store.case(self.name, case_no)
        self.case_no = case_no

    def case_options(self, snap: Workshop) -> list[tuple[str, int]]:
        """``(label, case number)`` of every case, the current one marked."""
        now = t_(" (en cours)", lang=self.lang)
        return [
            (f"{i}. {title}{now if i == snap.current_case else ''}", i)
            for i, title in enumerate(snap.case_titles, start=1)
        ]

    # ---------------------------------------------------------------- reading
    def snapshot(self) -> Workshop:
        """The shown case now (rounds, participants, who submitted)."""
        return self.store.snapshot(self.name, self.case_no)

    @staticmethod
    def people_state(snap: Workshop) -> tuple:
        """What the participants table depends on (to redraw only when it changes)."""
        return (
            snap.current_case,
            snap.n_cases,
            len(snap.participants),
            tuple(sorted((r, len(v)) for r, v in snap.submitted.items())),
        )

    def consensus_answers(self) -> dict | None:
        """The consensus card recorded so far, or None."""
        cards = self.store.all_cards(
            self.name, token=self.token, round_name="consensus", case_no=self.case_no
        )
        return cards[0].answers if cards else None

    # ---------------------------------------------------------------- actions
    def act(self, round_name: str, action: str) -> str:
        """Open, close or reveal a round; return the message to show.

        Raises the store's :class:`~amiris_lab.exceptions.AmirisError` when refused.
        """
        status = self.store.set_round(
            self.name, round_name, action, token=self.token, case_no=self.case_no
        )
        return esc(
            t_(
                "{round_label} : {status_label}.",
                round_label=round_label(round_name, lang=self.lang),
                status_label=status_label(status, lang=self.lang),
                lang=self.lang,
            )
        )

    def record_consensus(self, answers: dict) -> str:
        """Record the group's consensus card (rater ``COMITE``); return the message."""
        self.store.record_card(
            self.name,
            CONSENSUS_RATER,
            "consensus",
            answers,
            token=self.token,
            case_no=self.case_no,
        )
        return t_("Consensus enregistré.", lang=self.lang)

    def next_case(self) -> str:
        """Move participants to the next case and show it; return the message."""
        number = self.store.next_case(self.name, token=self.token)
        self.select_case(number)
        return esc(
            t_(
                "Les participants passent au cas {number} : {title}.",
                number=number,
                title=self.case.title,
                lang=self.lang,
            )
        )

    def export(self, folder: str) -> str:
        """Write the workshop as a dataset folder; return the message (HTML)."""
        out = export_workshop(self.store, self.name, folder, token=self.token)
        return esc(
            t_(
                "Jeu de données écrit dans {out} (à analyser avec amiris_lab).",
                out=out,
                lang=self.lang,
            )
        )

    def handout(self, folder: str) -> str:
        """Write the shown case's one-page PDF handout into ``folder``; return the message
        (HTML, with a link that downloads the file from the page itself)."""
        path = Path(folder) / f"fiche-{self.name}-cas{self.case_no}.pdf"
        out = handout_pdf(
            self.store, self.name, path, token=self.token, case_no=self.case_no, lang=self.lang
        )
        data = base64.b64encode(out.read_bytes()).decode("ascii")
        link = (
            f"<a download='{esc(out.name)}' href='data:application/pdf;base64,{data}'>"
            f"{t_('Télécharger la fiche', lang=self.lang)}</a>"
        )
        return (
            esc(
                t_(
                    "Fiche des participants écrite dans {out} (une page, à imprimer). ",
                    out=out,
                    lang=self.lang,
                )
            )
            + link
        )

    # ---------------------------------------------------------------- text
    def header_html(self, snap: Workshop) -> str:
        """Title, the case shown and the join code."""
        code = f"<b style='font-size:1.4em;letter-spacing:0.1em'>{snap.join_code}</b>"
        title = esc(self.case.title)
        if snap.n_cases > 1:
            where = (
                t_(" (en cours)", lang=self.lang)
                if snap.case_no == snap.current_case
                else t_(
                    " (les participants sont sur le cas {current_case})",
                    current_case=snap.current_case,
                    lang=self.lang,
                )
            )
            title = t_(
                "cas {case_no} sur {n_cases} : {title}{where}",
                case_no=snap.case_no,
                n_cases=snap.n_cases,
                title=title,
                where=where,
                lang=self.lang,
            )
        return t_(
            "<h3>Atelier {esc} — {title}</h3><p>Code à donner aux participants : {code}</p>",
            esc=esc(self.name),
            title=title,
            code=code,
            lang=self.lang,
        )

    def qr_html(self, snap: Workshop, *, size_px: int = 360) -> str:
        """The participants' address as a QR code to project, with the address and code.

        The address is the one ``workshop serve`` announced (it holds the join code).
        """
        url = self.store.join_url(self.name)
        if not url:
            return t_(
                "<p><i>Le QR code s'affiche quand l'atelier est servi (amiris-lab workshop serve).</i></p>",
                lang=self.lang,
            )
        return (
            f"<div style='text-align:center'>{svg_qr(url, size_px=size_px)}"
            f"<p style='font-size:1.3em;margin:0.2em'>{esc(url)}</p>"
            f"<p style='font-size:2.4em;letter-spacing:0.15em;margin:0.2em'><b>{snap.join_code}</b>"
            "</p></div>"
        )

    def participants_html(self, snap: Workshop) -> str:
        """Who joined, and who submitted each round."""
        rounds_head = "".join(
            f"<th>{esc(round_label(r, lang=self.lang))}<br>"
            f"<small>{status_label(snap.statuses[r], lang=self.lang)}</small></th>"
            for r in PARTICIPANT_ROUNDS
        )
        rows = "".join(
            f"<tr><td>{p.participant_id}</td><td>{esc(p.pseudonym)}</td>"
            f"<td>{esc(college_label(p.college, lang=self.lang))}</td>"
            + "".join(
                "<td style='text-align:center'>"
                f"{'✔' if p.participant_id in snap.submitted[r] else '…'}</td>"
                for r in PARTICIPANT_ROUNDS
            )
            + "</tr>"
            for p in snap.participants
        )
        counts = ", ".join(
            f"{round_label(r, lang=self.lang)} {len(snap.submitted[r])}/{len(snap.participants)}"
            for r in PARTICIPANT_ROUNDS
        )
        return (
            f"<p>{t_('Participants', lang=self.lang)} : {len(snap.participants)} — "
            f"{t_('fiches envoyées', lang=self.lang)} : {counts}</p>"
            f"<table><tr><th>id</th><th>{t_('pseudonyme', lang=self.lang)}</th>"
            f"<th>{t_('collège', lang=self.lang)}</th>{rounds_head}</tr>{rows}</table>"
        )

    def results(self, snap: Workshop, round_name: str) -> RoundResults:
        """Everything shown for a round (the consensus view shows round 2's results)."""
        lang = self.lang
        if round_name == "consensus":
            round_name = "revise"
        label = round_label(round_name, lang=self.lang)
        if snap.statuses[round_name] != "revealed":
            return RoundResults(
                note=t_(
                    "<p><i>Les résultats de {label} s'affichent une fois le tour dévoilé.</i></p>",
                    label=label,
                    lang=self.lang,
                )
            )
        cards = self.store.all_cards(self.name, token=self.token, case_no=self.case_no)
        markers = self.case.marker_codes
        profiles = summary.round_profiles(cards, markers, round_name=round_name)
        if profiles.empty:
            return RoundResults(note=t_("<p>Aucune fiche envoyée.</p>", lang=self.lang))
        agree = quiet_agreement(profiles)
        spread = summary.marker_spread(profiles)
        compare = ""
        if round_name == "revise" and snap.statuses["individuel"] == "revealed":
            first = summary.round_profiles(cards, markers, round_name="individuel")
            compare = self._compare_html(first, profiles, agree)
        return RoundResults(
            agreement=self._agreement_html(label, len(profiles), agree),
            radar_png=figure_png(
                radar_overlay,
                profiles,
                reference=self.case.reference,
                polar=True,
                figsize=(8.2, 5.2),
                lang=lang,
            ),
            strip_png=figure_png(
                strip_plot,
                profiles,
                levels=self.case.level_values,
                order=list(spread["marker"]),
                figsize=(5.2, 0.32 * len(markers) + 0.9),
                lang=lang,
            ),
            legend=self._legend_html(snap, profiles),
            spread=self._spread_html(spread),
            compare=compare,
            gap=self._gap_html(profiles) if self.case.reference else "",
        )

    def _agreement_html(self, label: str, n_cards: int, agree: dict) -> str:
        alpha, low, high = fmt(agree["alpha"]), fmt(agree["ci_low"]), fmt(agree["ci_high"])
        percent = fmt(100 * agree["percent_agreement"], 0)
        return t_(
            "<h4>Accord du groupe — {label} ({n_cards} fiches)</h4><p>α de Krippendorff (ordinal) = <b>{alpha}</b> [IC 95 % {low} ; {high}] — accord brut = <b>{percent} %</b><br><small>Unités = les 12 marqueurs, juges = les participants : le groupe lit-il ce projet de la même façon ?</small></p>",
            label=label,
            n_cards=n_cards,
            alpha=alpha,
            low=low,
            high=high,
            percent=percent,
            lang=self.lang,
        )

    def _legend_html(self, snap: Workshop, profiles) -> str:
        names = {p.participant_id: p.pseudonym for p in snap.participants}
        shown = ", ".join(f"{pid} ({esc(names.get(pid, ''))})" for pid in profiles.index)
        with_reference = t_(" ; référence", lang=self.lang) if self.case.reference else ""
        return t_(
            "<small>Profils sur le radar : {shown} ; médiane du groupe{with_reference}</small>",
            shown=shown,
            with_reference=with_reference,
            lang=self.lang,
        )

    def _spread_html(self, spread) -> str:
        rows = "".join(
            f"<tr><td>{r.marker}</td><td>{r.n}</td><td>{fmt(r.median, 1)}</td>"
            f"<td>{fmt(r.iqr, 1)}</td><td>{fmt(r.low, 0)}–{fmt(r.high, 0)}</td></tr>"
            for r in spread.itertuples()
        )
        return (
            f"<h4>{t_('Marqueurs les plus discutés d’abord', lang=self.lang)}</h4>"
            f"<table><tr><th>{t_('marqueur', lang=self.lang)}</th><th>n</th>"
            f"<th>{t_('médiane', lang=self.lang)}</th><th>{t_('écart interquartile', lang=self.lang)}</th>"
            f"<th>{t_('étendue', lang=self.lang)}</th></tr>{rows}</table>"
        )

    def _compare_html(self, first, second, agree2: dict) -> str:
        agree1 = quiet_agreement(first) if len(first) else None
        comp = summary.round_comparison(first, second)
        rows = "".join(
            f"<tr><td>{r.marker}</td><td>{fmt(r.median_1, 1)} → {fmt(r.median_2, 1)}</td>"
            f"<td>{fmt(r.iqr_1, 1)} → {fmt(r.iqr_2, 1)}</td><td>{r.n_changed}/{r.n_both}</td></tr>"
            for r in comp.itertuples()
        )
        alpha1 = fmt(agree1["alpha"]) if agree1 else "–"
        return (
            f"<h4>{t_('Tour 1 → tour 2', lang=self.lang)}</h4>"
            f"<p>α : {alpha1} → {fmt(agree2['alpha'])}</p>"
            f"<table><tr><th>{t_('marqueur', lang=self.lang)}</th><th>{t_('médiane', lang=self.lang)}</th>"
            f"<th>{t_('écart interquartile', lang=self.lang)}</th><th>{t_('ont changé', lang=self.lang)}</th>"
            f"</tr>{rows}</table>"
        )

    def _gap_html(self, profiles) -> str:
        gap = summary.reference_gap(profiles, self.case.reference)
        rows = "".join(
            f"<tr><td>{r.marker}</td><td>{fmt(r.reference, 0)}</td><td>{fmt(r.median, 1)}</td>"
            f"<td>{r.gap:+.1f}</td><td>{fmt(r.mean_abs_gap, 2)}</td></tr>"
            for r in gap.itertuples()
        )
        source = esc(self.case.reference_source or t_("référence", lang=self.lang))
        return (
            f"<h4>{t_('Écart à la référence', lang=self.lang)} ({source})</h4>"
            f"<table><tr><th>{t_('marqueur', lang=self.lang)}</th><th>{t_('référence', lang=self.lang)}</th>"
            f"<th>{t_('médiane', lang=self.lang)}</th><th>{t_('écart', lang=self.lang)}</th>"
            f"<th>{t_('écart absolu moyen', lang=self.lang)}</th></tr>{rows}</table>"
        )

    # ---------------------------------------------------------------- across cases
    def summary_html(self) -> str:
        """The session across cases: agreement per case and round, distance to the
        reference, and who moved toward it between rounds (revealed rounds only).
        '' while no round is revealed."""
        cases = self.store.cases(self.name)
        statuses = {i: self.store.snapshot(self.name, i).statuses for i in range(1, len(cases) + 1)}
        cards = self.store.all_cards(self.name, token=self.token, case_no="all")
        overview = summary.session_overview(cases, cards, statuses)
        if overview.empty:
            return ""
        rows = "".join(
            f"<tr><td>{r.case_no}. {esc(r.title)}</td><td>{esc(round_label(r.round, lang=self.lang))}</td>"
            f"<td>{r.n_cards}</td><td>{fmt(r.alpha)}</td>"
            f"<td>{fmt(100 * r.percent_agreement, 0)} %</td><td>{fmt(r.mean_abs_gap)}</td>"
            f"<td>{'' if r.n_toward is pd.NA else f'{r.n_toward} ↘ / {r.n_away} ↗'}</td></tr>"
            for r in overview.itertuples()
        )
        table = (
            f"<h4>{t_('Synthèse de la session', lang=self.lang)}</h4>"
            f"<table><tr><th>{t_('cas', lang=self.lang)}</th><th>{t_('tour', lang=self.lang)}</th>"
            f"<th>{t_('fiches', lang=self.lang)}</th><th>α</th><th>{t_('accord brut', lang=self.lang)}</th>"
            f"<th>{t_('écart moyen à la référence', lang=self.lang)}</th>"
            f"<th>{t_('vers / loin de la référence', lang=self.lang)}</th>"
            f"</tr>{rows}</table>"
        )
        return table + self._moves_html(cases, cards, statuses)

    def _moves_html(self, cases, cards, statuses) -> str:
        arrows = {"toward": "↘", "away": "↗", "same": "="}
        moves: dict[str, dict[int, str]] = {}
        shown = []
        for i, case in enumerate(cases, start=1):
            if not case.reference or any(statuses[i][r] != "revealed" for r in PARTICIPANT_ROUNDS):
                continue
            mine = [c for c in cards if c.case_no == i]
            first, second = (
                summary.round_profiles(mine, case.marker_codes, round_name=r)
                for r in PARTICIPANT_ROUNDS
            )
            table = summary.reference_moves(first, second, case.reference)
            if table.empty:
                continue
            shown.append(i)
            for r in table.itertuples():
                moves.setdefault(r.participant_id, {})[i] = (
                    f"{arrows[r.direction]} {fmt(r.gap_1)} → {fmt(r.gap_2)}"
                )
        if not shown:
            return ""
        names = {p.participant_id: p.pseudonym for p in self.store.snapshot(self.name).participants}
        head = "".join(f"<th>{t_('cas', lang=self.lang)} {i}</th>" for i in shown)
        rows = "".join(
            f"<tr><td>{pid} ({esc(names.get(pid, ''))})</td>"
            + "".join(f"<td>{moves[pid].get(i, '')}</td>" for i in shown)
            + "</tr>"
            for pid in sorted(moves)
        )
        return (
            f"<h4>{t_('Qui s’est rapproché de la référence entre les tours', lang=self.lang)}</h4>"
            f"<p><small>{t_('Écart absolu moyen à la référence, tour 1 → tour 2 ; ↘ plus proche, ↗ plus loin.', lang=self.lang)}</small></p>"
            f"<table><tr><th>{t_('participant', lang=self.lang)}</th>{head}</tr>{rows}</table>"
        )
