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
from ..i18n import tr
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
        now = self.t(" (en cours)", " (current)")
        return [
            (f"{i}. {title}{now if i == snap.current_case else ''}", i)
            for i, title in enumerate(snap.case_titles, start=1)
        ]

    def t(self, fr: str, en: str) -> str:
        """The text in the dashboard's language."""
        return tr(fr, en, lang=self.lang)

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
            f"{round_label(round_name, lang=self.lang)}{self.t(' : ', ': ')}"
            f"{status_label(status, lang=self.lang)}."
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
        return self.t("Consensus enregistré.", "Consensus recorded.")

    def next_case(self) -> str:
        """Move participants to the next case and show it; return the message."""
        number = self.store.next_case(self.name, token=self.token)
        self.select_case(number)
        return esc(
            self.t(
                f"Les participants passent au cas {number} : {self.case.title}.",
                f"Participants move on to case {number}: {self.case.title}.",
            )
        )

    def export(self, folder: str) -> str:
        """Write the workshop as a dataset folder; return the message (HTML)."""
        out = export_workshop(self.store, self.name, folder, token=self.token)
        return esc(
            self.t(
                f"Jeu de données écrit dans {out} (à analyser avec amiris_lab).",
                f"Dataset written to {out} (analyse it with amiris_lab).",
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
            f"{self.t('Télécharger la fiche', 'Download the handout')}</a>"
        )
        return (
            esc(
                self.t(
                    f"Fiche des participants écrite dans {out} (une page, à imprimer). ",
                    f"Participants' handout written to {out} (one page, to print). ",
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
                self.t(" (en cours)", " (current)")
                if snap.case_no == snap.current_case
                else self.t(
                    f" (les participants sont sur le cas {snap.current_case})",
                    f" (participants are on case {snap.current_case})",
                )
            )
            title = self.t(
                f"cas {snap.case_no} sur {snap.n_cases} : {title}{where}",
                f"case {snap.case_no} of {snap.n_cases}: {title}{where}",
            )
        return self.t(
            f"<h3>Atelier {esc(self.name)} — {title}</h3>"
            f"<p>Code à donner aux participants : {code}</p>",
            f"<h3>Workshop {esc(self.name)} — {title}</h3><p>Code for participants: {code}</p>",
        )

    def qr_html(self, snap: Workshop, *, size_px: int = 360) -> str:
        """The participants' address as a QR code to project, with the address and code.

        The address is the one ``workshop serve`` announced (it holds the join code).
        """
        url = self.store.join_url(self.name)
        if not url:
            return self.t(
                "<p><i>Le QR code s'affiche quand l'atelier est servi "
                "(amiris-lab workshop serve).</i></p>",
                "<p><i>The QR code shows once the workshop is served "
                "(amiris-lab workshop serve).</i></p>",
            )
        return (
            f"<div style='text-align:center'>{svg_qr(url, size_px=size_px)}"
            f"<p style='font-size:1.3em;margin:0.2em'>{esc(url)}</p>"
            f"<p style='font-size:2.4em;letter-spacing:0.15em;margin:0.2em'><b>{snap.join_code}</b>"
            "</p></div>"
        )

    def participants_html(self, snap: Workshop) -> str:
        """Who joined, and who submitted each round."""
        t, lang = self.t, self.lang
        rounds_head = "".join(
            f"<th>{esc(round_label(r, lang=lang))}<br>"
            f"<small>{status_label(snap.statuses[r], lang=lang)}</small></th>"
            for r in PARTICIPANT_ROUNDS
        )
        rows = "".join(
            f"<tr><td>{p.participant_id}</td><td>{esc(p.pseudonym)}</td>"
            f"<td>{esc(college_label(p.college, lang=lang))}</td>"
            + "".join(
                "<td style='text-align:center'>"
                f"{'✔' if p.participant_id in snap.submitted[r] else '…'}</td>"
                for r in PARTICIPANT_ROUNDS
            )
            + "</tr>"
            for p in snap.participants
        )
        counts = ", ".join(
            f"{round_label(r, lang=lang)} {len(snap.submitted[r])}/{len(snap.participants)}"
            for r in PARTICIPANT_ROUNDS
        )
        return (
            f"<p>{t('Participants', 'Participants')} : {len(snap.participants)} — "
            f"{t('fiches envoyées', 'cards submitted')} : {counts}</p>"
            f"<table><tr><th>id</th><th>{t('pseudonyme', 'pseudonym')}</th>"
            f"<th>{t('collège', 'college')}</th>{rounds_head}</tr>{rows}</table>"
        )

    def results(self, snap: Workshop, round_name: str) -> RoundResults:
        """Everything shown for a round (the consensus view shows round 2's results)."""
        t, lang = self.t, self.lang
        if round_name == "consensus":
            round_name = "revise"
        label = round_label(round_name, lang=lang)
        if snap.statuses[round_name] != "revealed":
            return RoundResults(
                note=t(
                    f"<p><i>Les résultats de {label} s'affichent une fois le tour dévoilé.</i></p>",
                    f"<p><i>Results of {label} show once the round is revealed.</i></p>",
                )
            )
        cards = self.store.all_cards(self.name, token=self.token, case_no=self.case_no)
        markers = self.case.marker_codes
        profiles = summary.round_profiles(cards, markers, round_name=round_name)
        if profiles.empty:
            return RoundResults(note=t("<p>Aucune fiche envoyée.</p>", "<p>No card submitted.</p>"))
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
        return self.t(
            f"<h4>Accord du groupe — {label} ({n_cards} fiches)</h4>"
            f"<p>α de Krippendorff (ordinal) = <b>{alpha}</b> [IC 95 % {low} ; {high}] — "
            f"accord brut = <b>{percent} %</b><br>"
            "<small>Unités = les 12 marqueurs, juges = les participants : le groupe lit-il "
            "ce projet de la même façon ?</small></p>",
            f"<h4>Group agreement — {label} ({n_cards} cards)</h4>"
            f"<p>Krippendorff's α (ordinal) = <b>{alpha}</b> [95 % CI {low}; {high}] — "
            f"percent agreement = <b>{percent} %</b><br>"
            "<small>Units = the 12 markers, raters = the participants: does the group read "
            "this project alike?</small></p>",
        )

    def _legend_html(self, snap: Workshop, profiles) -> str:
        names = {p.participant_id: p.pseudonym for p in snap.participants}
        shown = ", ".join(f"{pid} ({esc(names.get(pid, ''))})" for pid in profiles.index)
        ref = bool(self.case.reference)
        return self.t(
            f"<small>Profils sur le radar : {shown} ; médiane du groupe"
            + (" ; référence" if ref else "")
            + "</small>",
            f"<small>Profiles on the radar: {shown}; group median"
            + ("; reference" if ref else "")
            + "</small>",
        )

    def _spread_html(self, spread) -> str:
        t = self.t
        rows = "".join(
            f"<tr><td>{r.marker}</td><td>{r.n}</td><td>{fmt(r.median, 1)}</td>"
            f"<td>{fmt(r.iqr, 1)}</td><td>{fmt(r.low, 0)}–{fmt(r.high, 0)}</td></tr>"
            for r in spread.itertuples()
        )
        return (
            f"<h4>{t('Marqueurs les plus discutés d’abord', 'Most disputed markers first')}</h4>"
            f"<table><tr><th>{t('marqueur', 'marker')}</th><th>n</th>"
            f"<th>{t('médiane', 'median')}</th><th>{t('écart interquartile', 'IQR')}</th>"
            f"<th>{t('étendue', 'range')}</th></tr>{rows}</table>"
        )

    def _compare_html(self, first, second, agree2: dict) -> str:
        t = self.t
        agree1 = quiet_agreement(first) if len(first) else None
        comp = summary.round_comparison(first, second)
        rows = "".join(
            f"<tr><td>{r.marker}</td><td>{fmt(r.median_1, 1)} → {fmt(r.median_2, 1)}</td>"
            f"<td>{fmt(r.iqr_1, 1)} → {fmt(r.iqr_2, 1)}</td><td>{r.n_changed}/{r.n_both}</td></tr>"
            for r in comp.itertuples()
        )
        alpha1 = fmt(agree1["alpha"]) if agree1 else "–"
        return (
            f"<h4>{t('Tour 1 → tour 2', 'Round 1 → round 2')}</h4>"
            f"<p>α : {alpha1} → {fmt(agree2['alpha'])}</p>"
            f"<table><tr><th>{t('marqueur', 'marker')}</th><th>{t('médiane', 'median')}</th>"
            f"<th>{t('écart interquartile', 'IQR')}</th><th>{t('ont changé', 'changed')}</th>"
            f"</tr>{rows}</table>"
        )

    def _gap_html(self, profiles) -> str:
        t = self.t
        gap = summary.reference_gap(profiles, self.case.reference)
        rows = "".join(
            f"<tr><td>{r.marker}</td><td>{fmt(r.reference, 0)}</td><td>{fmt(r.median, 1)}</td>"
            f"<td>{r.gap:+.1f}</td><td>{fmt(r.mean_abs_gap, 2)}</td></tr>"
            for r in gap.itertuples()
        )
        source = esc(self.case.reference_source or t("référence", "reference"))
        return (
            f"<h4>{t('Écart à la référence', 'Gap to the reference')} ({source})</h4>"
            f"<table><tr><th>{t('marqueur', 'marker')}</th><th>{t('référence', 'reference')}</th>"
            f"<th>{t('médiane', 'median')}</th><th>{t('écart', 'gap')}</th>"
            f"<th>{t('écart absolu moyen', 'mean absolute gap')}</th></tr>{rows}</table>"
        )

    # ---------------------------------------------------------------- across cases
    def summary_html(self) -> str:
        """The session across cases: agreement per case and round, distance to the
        reference, and who moved toward it between rounds (revealed rounds only).
        '' while no round is revealed."""
        t, lang = self.t, self.lang
        cases = self.store.cases(self.name)
        statuses = {i: self.store.snapshot(self.name, i).statuses for i in range(1, len(cases) + 1)}
        cards = self.store.all_cards(self.name, token=self.token, case_no="all")
        overview = summary.session_overview(cases, cards, statuses)
        if overview.empty:
            return ""
        rows = "".join(
            f"<tr><td>{r.case_no}. {esc(r.title)}</td><td>{esc(round_label(r.round, lang=lang))}</td>"
            f"<td>{r.n_cards}</td><td>{fmt(r.alpha)}</td>"
            f"<td>{fmt(100 * r.percent_agreement, 0)} %</td><td>{fmt(r.mean_abs_gap)}</td>"
            f"<td>{'' if r.n_toward is pd.NA else f'{r.n_toward} ↘ / {r.n_away} ↗'}</td></tr>"
            for r in overview.itertuples()
        )
        table = (
            f"<h4>{t('Synthèse de la session', 'Session summary')}</h4>"
            f"<table><tr><th>{t('cas', 'case')}</th><th>{t('tour', 'round')}</th>"
            f"<th>{t('fiches', 'cards')}</th><th>α</th><th>{t('accord brut', 'agreement')}</th>"
            f"<th>{t('écart moyen à la référence', 'mean gap to the reference')}</th>"
            f"<th>{t('vers / loin de la référence', 'toward / away from the reference')}</th>"
            f"</tr>{rows}</table>"
        )
        return table + self._moves_html(cases, cards, statuses)

    def _moves_html(self, cases, cards, statuses) -> str:
        t = self.t
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
        head = "".join(f"<th>{t('cas', 'case')} {i}</th>" for i in shown)
        rows = "".join(
            f"<tr><td>{pid} ({esc(names.get(pid, ''))})</td>"
            + "".join(f"<td>{moves[pid].get(i, '')}</td>" for i in shown)
            + "</tr>"
            for pid in sorted(moves)
        )
        return (
            f"<h4>{t('Qui s’est rapproché de la référence entre les tours', 'Who moved toward the reference between rounds')}</h4>"
            f"<p><small>{t('Écart absolu moyen à la référence, tour 1 → tour 2 ; ↘ plus proche, ↗ plus loin.', 'Mean absolute gap to the reference, round 1 → round 2; ↘ closer, ↗ further.')}</small></p>"
            f"<table><tr><th>{t('participant', 'participant')}</th>{head}</tr>{rows}</table>"
        )
