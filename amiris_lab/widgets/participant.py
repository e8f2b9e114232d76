"""The participant page: join with the code, score the case, see the group once revealed.

Light on purpose (one kernel per participant): ipywidgets, traitlets and the
workshop store only; no pandas, no matplotlib.

CSS hooks: ``amiris-participant``, ``amiris-join``, ``amiris-join-code``,
``amiris-join-pseudonym``, ``amiris-join-college``, ``amiris-join-button``,
``amiris-join-message``, ``amiris-case``, ``amiris-round-status``,
``amiris-personal-link``, ``amiris-refresh``, ``amiris-revealed`` (+ the card's hooks).
"""

from __future__ import annotations

import statistics
import threading
from urllib.parse import parse_qs, urlencode

import ipywidgets as widgets

from ..exceptions import StoreError
from ..i18n import render, t_
from ..workshop.model import (
    COLLEGES,
    NOT_EVALUATED,
    PARTICIPANT_ROUNDS,
    Participant,
    college_label,
    round_label,
    status_label,
)
from ..workshop.store import WorkshopStore
from ._html import esc as _esc
from .scoring import ScoringCardModel, ScoringCardView


def parse_query(query_string: str | None) -> dict[str, str]:
    """The page's query string as a dict of single values.

    Examples
    --------
    >>> parse_query("code=AB7K9Q&participant=P02&key=x-y")
    {'code': 'AB7K9Q', 'participant': 'P02', 'key': 'x-y'}
    """
    return {k: v[-1] for k, v in parse_qs(query_string or "", keep_blank_values=False).items()}


class ParticipantApp:
    """Wires the join form, the scoring card and the store for one participant.

    Parameters
    ----------
    store : WorkshopStore
    name : str
        Workshop name.
    query_string : str, optional
        The page's query string (Voila passes it as ``QUERY_STRING``): ``code`` fills
        the join code; ``participant`` and ``key`` resume a card after a reload.
    poll_interval : float or None, default None
        Seconds between checks of the rounds' state (None: only the refresh button).
    lang : {'fr', 'en'}, optional

    Attributes
    ----------
    widget : ipywidgets.VBox
        What to display.
    participant : Participant or None
    """

    def __init__(
        self,
        store: WorkshopStore,
        name: str,
        *,
        query_string: str | None = None,
        poll_interval: float | None = None,
        lang: str | None = None,
    ):
        self.store = store
        self.name = name
        self.lang = lang
        self.participant: Participant | None = None
        snap = store.snapshot(name)
        self.case = snap.case
        self._case_no = snap.case_no  # the case this page shows (follows the trainer's)
        self._round: str | None = None
        self._last_state = None
        self._stop = threading.Event()
        self._lock = threading.RLock()
        query = parse_query(query_string)

        wide = {"description_width": "7em"}
        self.code = widgets.Text(
            style=wide,
            value=query.get("code", ""),
            description=t_("Code", lang=lang),
            placeholder="AB7K9Q",
        )
        self.code.add_class("amiris-join-code")
        self.pseudonym = widgets.Text(
            style=wide,
            description=t_("Pseudonyme", lang=lang),
            placeholder=t_("ex. Camille", lang=lang),
        )
        self.pseudonym.add_class("amiris-join-pseudonym")
        self.college = widgets.Dropdown(
            style=wide,
            options=[(college_label(c, lang=lang), c) for c in COLLEGES],
            value="expert",
            description=t_("Collège", lang=lang),
        )
        self.college.add_class("amiris-join-college")
        self.join_button = widgets.Button(
            description=t_("Rejoindre l'atelier", lang=lang), button_style="primary"
        )
        self.join_button.add_class("amiris-join-button")
        self.join_button.on_click(self._join_clicked)
        self.join_message = widgets.HTML()
        self.join_message.add_class("amiris-join-message")
        intro = widgets.HTML(
            t_(
                "<p><b>Rejoindre l'atelier</b> : code affiché par le formateur, pseudonyme, "
                "collège.</p>",
                lang=lang,
            )
        )
        self.join_box = widgets.VBox(
            [intro, self.code, self.pseudonym, self.college, self.join_button, self.join_message]
        )
        self.join_box.add_class("amiris-join")

        self.case_html = widgets.HTML(self._case_text(snap))
        self.case_html.add_class("amiris-case")
        self.status = widgets.HTML()
        self.status.add_class("amiris-round-status")
        self.link = widgets.HTML()
        self.link.add_class("amiris-personal-link")
        self.refresh_button = widgets.Button(description=t_("Actualiser", lang=lang))
        self.refresh_button.add_class("amiris-refresh")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.card_model = ScoringCardModel(self.case, lang=lang)
        self.card_view = ScoringCardView(
            self.card_model, on_submit=self._submit, on_change=self._save_draft
        )
        self.revealed = widgets.HTML()
        self.revealed.add_class("amiris-revealed")
        self.work_box = widgets.VBox(
            [
                self.case_html,
                self.link,
                self.status,
                self.refresh_button,
                self.card_view,
                self.revealed,
            ]
        )
        self.work_box.layout.display = "none"
        self.widget = widgets.VBox([self.join_box, self.work_box])
        self.widget.add_class("amiris-participant")

        self.apply_query(query_string)
        if poll_interval:
            threading.Thread(target=self._poll, args=(float(poll_interval),), daemon=True).start()

    def apply_query(self, query_string: str | None) -> None:
        """Take the page's address into account: ``code`` fills the join code;
        ``participant`` and ``key`` (the personal link) resume the card.

        A preheated page is built before its participant arrives, then given the
        address here.
        """
        query = parse_query(query_string)
        if query.get("code") and self.participant is None:
            self.code.value = query["code"]
        if query.get("participant") and query.get("key"):
            try:
                who = self.store.resume(
                    self.name, query.get("code", ""), query["participant"], query["key"]
                )
            except StoreError as exc:
                self.join_message.value = (
                    f"<span style='color:#b00'>{_esc(render(exc, self.lang))}</span>"
                )
            else:
                self._enter(who)

    # ---------------------------------------------------------------- actions

    def _join_clicked(self, _button=None) -> None:
        try:
            who = self.store.join(
                self.name, self.code.value, self.pseudonym.value, self.college.value
            )
        except StoreError as exc:
            self.join_message.value = (
                f"<span style='color:#b00'>{_esc(render(exc, self.lang))}</span>"
            )
            return
        self._enter(who)

    def _enter(self, who: Participant) -> None:
        self.participant = who
        self.join_box.layout.display = "none"
        self.work_box.layout.display = None
        query = urlencode(
            {"code": self.code.value.strip(), "participant": who.participant_id, "key": who.key}
        )
        self.link.value = t_(
            "Bonjour <b>{esc}</b> ({participant_id}). <a href='?{esc_2}'>Votre lien "
            "personnel</a> (à garder pour revenir à votre fiche).",
            esc=_esc(who.pseudonym),
            participant_id=who.participant_id,
            esc_2=_esc(query),
            lang=self.lang,
        )
        self.refresh(force=True)

    def _save_draft(self, model: ScoringCardModel) -> None:
        if self.participant is None or model.locked:
            return
        try:
            self.store.save_draft(self.name, self.participant, model.answers, case_no=self._case_no)
        except StoreError as exc:
            model.fail(render(exc, self.lang))

    def _submit(self, model: ScoringCardModel) -> None:
        if self.participant is None:
            return
        try:
            self.store.submit(self.name, self.participant, model.answers, case_no=self._case_no)
        except StoreError as exc:
            model.fail(render(exc, self.lang))
            return
        model.locked = True
        model.notify(t_("Fiche envoyée. Merci !", lang=self.lang))
        self.refresh(force=True)

    # ---------------------------------------------------------------- display
    def _poll(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.refresh()
            except Exception:
                continue

    def stop(self) -> None:
        """Stop polling the store."""
        self._stop.set()

    def refresh(self, *, force: bool = False) -> None:
        """Read the rounds' state and update the page (only when something changed)."""
        if self.participant is None:
            return
        with self._lock:
            snap = self.store.snapshot(self.name)
            state = (
                snap.case_no,
                tuple(sorted(snap.statuses.items())),
                tuple(sorted((r, len(s)) for r, s in snap.submitted.items())),
            )
            if state == self._last_state and not force:
                return
            self._last_state = state
            self._show(snap)

    def _case_text(self, snap) -> str:
        case = snap.case
        number = (
            t_(
                "Cas {number} sur {count} — ",
                number=snap.case_no,
                count=snap.n_cases,
                lang=self.lang,
            )
            if snap.n_cases > 1
            else ""
        )
        return f"<h3>{_esc(number)}{_esc(case.title)}</h3><p>{_esc(case.description)}</p>"

    def _follow_case(self, snap) -> None:
        """The trainer moved to another case: a fresh card for it, no rejoining (the
        title changes last, in :meth:`_show`, once the card and status are the new case's)."""
        self.case = snap.case
        self._case_no = snap.case_no
        self._round = None
        old = self.card_view
        self.card_model = ScoringCardModel(self.case, lang=self.lang)
        self.card_view = ScoringCardView(
            self.card_model, on_submit=self._submit, on_change=self._save_draft
        )
        self.work_box.children = tuple(
            self.card_view if child is old else child for child in self.work_box.children
        )
        old.close()

    def _show(self, snap) -> None:
        if snap.case_no != self._case_no:
            self._follow_case(snap)
        self._show_round(snap)
        case_text = self._case_text(snap)
        if self.case_html.value != case_text:
            self.case_html.value = case_text

    def _show_round(self, snap) -> None:
        who = self.participant
        round_name = snap.current_round
        statuses = snap.statuses
        if round_name is None:
            self.status.value = t_(
                "<b>En attente</b> : le formateur n'a pas encore ouvert le tour 1.", lang=self.lang
            )
            self.card_model.locked = True
            self.card_view.layout.display = "none"
        elif round_name == "consensus":
            self.status.value = t_(
                "<b>Consensus</b> : le groupe construit sa position commune avec le formateur.",
                lang=self.lang,
            )
            self.card_view.layout.display = "none"
        else:
            status = statuses[round_name]
            n_sub = len(snap.submitted[round_name])
            self.status.value = t_(
                "<b>{round_label}</b> : {status_label} ({n_sub} fiche(s) envoyée(s) sur "
                "{n_participants} participant(s)).",
                round_label=round_label(round_name, lang=self.lang),
                status_label=status_label(status, lang=self.lang),
                n_sub=n_sub,
                n_participants=len(snap.participants),
                lang=self.lang,
            )
            self.card_view.layout.display = None
            if round_name != self._round:
                self._round = round_name
                mine = self.store.my_card(self.name, who, round_name, case_no=self._case_no)
                if mine is None and round_name == "revise":
                    first = self.store.my_card(self.name, who, "individuel", case_no=self._case_no)
                    answers = first.answers if first is not None and first.submitted else {}
                else:
                    answers = mine.answers if mine is not None else {}
                self.card_model.load(answers)
                self.card_model.message = ""
                self.card_model.locked = mine is not None and mine.submitted
                if self.card_model.locked:
                    self.card_model.notify(t_("Fiche envoyée. Merci !", lang=self.lang))
            already = who.participant_id in snap.submitted[round_name]
            self.card_model.locked = already or status != "open"
            if status != "open" and not already:
                self.card_model.notify(
                    t_("Le tour n'est pas ouvert : votre brouillon est conservé.", lang=self.lang)
                )
        self.revealed.value = self._revealed_html(snap)

    def _revealed_html(self, snap) -> str:
        parts = []
        for round_name in PARTICIPANT_ROUNDS:
            if snap.statuses.get(round_name) != "revealed":
                continue
            cards = self.store.revealed_cards(
                self.name, self.participant, round_name, case_no=self._case_no
            )
            parts.append(self._group_table(round_name, cards))
        return "".join(parts)

    def _group_table(self, round_name: str, cards) -> str:
        en = t_("fr", lang=self.lang) == "en"
        levels = self.case.levels
        mine = {
            c.round: c for c in cards if c.participant_id == self.participant.participant_id
        }.get(round_name)
        head = "".join(f"<th>{_esc(lv.label_en if en else lv.label_fr)}</th>" for lv in levels)
        rows = []
        for marker in self.case.markers:
            values = [c.answers.get(marker.code) for c in cards]
            numbers = [int(v) for v in values if v not in (None, NOT_EVALUATED)]
            counts = "".join(
                f"<td style='text-align:center'>{'●' * numbers.count(lv.level) or '·'}</td>"
                for lv in levels
            )
            median = f"{statistics.median(numbers):g}" if numbers else "–"
            own = mine.answers.get(marker.code) if mine else None
            own_text = (
                "–"
                if own is None
                else (t_("n.é.", lang=self.lang) if own == NOT_EVALUATED else str(own))
            )
            rows.append(
                f"<tr><td>{marker.code}</td>{counts}<td style='text-align:center'>{median}</td>"
                f"<td style='text-align:center'>{own_text}</td></tr>"
            )
        title = t_(
            "Le groupe, {round_label} ({n_cards} fiches)",
            round_label=round_label(round_name, lang=self.lang),
            n_cards=len(cards),
            lang=self.lang,
        )
        return (
            "<style>.amiris-group-table td,.amiris-group-table th{padding:2px 8px;"
            "border-bottom:1px solid #ddd}</style>"
            f"<h4>{_esc(title)}</h4><table class='amiris-group-table'><tr><th></th>{head}"
            f"<th>{t_('médiane', lang=self.lang)}</th><th>{t_('vous', lang=self.lang)}</th></tr>{''.join(rows)}</table>"
        )


def unavailable(message: str) -> widgets.HTML:
    """What a page shows when its workshop cannot be opened."""
    box = widgets.HTML(f"<p style='color:#b00'>{_esc(message)}</p>")
    box.add_class("amiris-unavailable")
    return box


def participant_page(
    store_path: str,
    name: str,
    *,
    query_string: str | None = None,
    poll_interval: float | None = 3.0,
    lang: str | None = None,
) -> ParticipantApp | _Unavailable:
    """Build the participant page for a workshop stored in ``store_path``.

    Used by ``notebooks/atelier_participant.ipynb``; display ``app.widget``. When the
    file or the workshop does not exist, returns an explanation widget instead.
    """
    from pathlib import Path

    if not Path(store_path).exists():
        return _Unavailable(
            t_(
                "Aucun fichier d'ateliers {name!r} : lancez la page avec amiris-lab workshop serve.",
                name=Path(store_path).name,
                lang=lang,
            )
        )
    try:
        return ParticipantApp(
            WorkshopStore(store_path),
            name,
            query_string=query_string,
            poll_interval=poll_interval,
            lang=lang,
        )
    except StoreError as exc:
        return _Unavailable(render(exc, lang))


class _Unavailable:
    """Stands in for an app when the workshop cannot be opened (same ``widget`` attribute)."""

    def __init__(self, message: str):
        self.message = message
        self.widget = unavailable(message)
