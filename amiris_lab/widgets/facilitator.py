"""The facilitator mode: the trainer records several participants' cards in turn,
for rooms without devices.

CSS hooks: ``amiris-facilitator``, ``amiris-fac-participant``, ``amiris-fac-pseudonym``,
``amiris-fac-college``, ``amiris-fac-add``, ``amiris-fac-message``.
"""

from __future__ import annotations

import ipywidgets as widgets

from ..exceptions import AmirisError
from ..i18n import render, t_
from ..workshop.model import COLLEGES, college_label
from ..workshop.store import WorkshopStore
from ._html import error_html, esc
from .scoring import ScoringCardModel, ScoringCardView


class FacilitatorApp:
    """One screen where the trainer records several participants' cards in turn.

    Pick a participant (or add one with a pseudonym and a college), fill the card,
    record it; the card clears for the next person. Cards go to the round that is open.
    """

    def __init__(self, store: WorkshopStore, name: str, token: str, *, lang: str | None = None):
        self.store = store
        self.name = name
        self.token = token
        self.lang = lang
        self.message = widgets.HTML()
        self.message.add_class("amiris-fac-message")
        store.check_trainer(name, token)
        snap = store.snapshot(name)
        self.case = snap.case
        self.case_no = snap.case_no  # the current case: cards are recorded into it
        self.title = widgets.HTML(self._title_html(snap))
        self.title.add_class("amiris-fac-case")
        self.who = widgets.Dropdown(description=t_("Participant", lang=lang))
        self.who.add_class("amiris-fac-participant")
        self.pseudonym = widgets.Text(description=t_("Pseudonyme", lang=lang))
        self.pseudonym.add_class("amiris-fac-pseudonym")
        self.college = widgets.Dropdown(
            options=[(college_label(c, lang=lang), c) for c in COLLEGES],
            value="expert",
            description=t_("Collège", lang=lang),
        )
        self.college.add_class("amiris-fac-college")
        self.add_button = widgets.Button(description=t_("Ajouter", lang=lang))
        self.add_button.add_class("amiris-fac-add")
        self.add_button.on_click(lambda _b: self.add())
        self._new_card()
        self.widget = widgets.VBox(
            [
                widgets.HTML(t_("<h3>Saisie par le formateur</h3>", lang=lang)),
                self.title,
                widgets.HBox([self.pseudonym, self.college, self.add_button]),
                self.who,
                self.view,
                self.message,
            ]
        )
        self.widget.add_class("amiris-facilitator")
        self.reload_people()

    def _new_card(self) -> None:
        self.model = ScoringCardModel(self.case, lang=self.lang)
        self.view = ScoringCardView(
            self.model,
            on_submit=self._record,
            submit_label=t_("Enregistrer cette fiche", lang=self.lang),
        )

    def _title_html(self, snap) -> str:
        if snap.n_cases < 2:
            return ""
        return esc(
            t_(
                "Cas {number} sur {count} — ",
                number=snap.case_no,
                count=snap.n_cases,
                lang=self.lang,
            )
            + snap.case.title
        ).join(("<p><b>", "</b></p>"))

    def reload_people(self, select: str | None = None) -> None:
        """Re-read the participants (those still to record first), and follow the
        trainer to another case (a fresh card for it)."""
        snap = self.store.snapshot(self.name)
        if snap.case_no != self.case_no:
            old = self.view
            self.case, self.case_no = snap.case, snap.case_no
            self._new_card()
            self.widget.children = tuple(
                self.view if child is old else child for child in self.widget.children
            )
            old.close()
            self.title.value = self._title_html(snap)
        round_name = snap.current_round or "individuel"
        done = snap.submitted.get(round_name, set())
        options = [
            (
                f"{p.participant_id} {p.pseudonym}{' ✔' if p.participant_id in done else ''}",
                p.participant_id,
            )
            for p in snap.participants
        ]
        self.who.options = options
        todo = [v for _label, v in options if v not in done]
        if select is not None:
            self.who.value = select
        elif todo:
            self.who.value = todo[0]

    def add(self) -> None:
        """Register a participant without a device."""
        try:
            p = self.store.add_participant(
                self.name, self.pseudonym.value, self.college.value, token=self.token
            )
        except AmirisError as exc:
            self.message.value = error_html(exc, self.lang)
            return
        self.pseudonym.value = ""
        self.message.value = esc(
            t_("{participant_id} ajouté.", participant_id=p.participant_id, lang=self.lang)
        )
        self.reload_people(select=p.participant_id)

    def _record(self, model: ScoringCardModel) -> None:
        snap = self.store.snapshot(self.name)
        round_name = snap.current_round
        if self.who.value is None:
            model.fail(t_("Choisissez d'abord un participant.", lang=self.lang))
            return
        try:
            self.store.record_card(
                self.name,
                self.who.value,
                round_name or "individuel",
                model.answers,
                token=self.token,
                case_no=self.case_no,
            )
        except AmirisError as exc:
            model.fail(render(exc, self.lang))
            return
        recorded = self.who.value
        model.load({})
        model.notify(t_("Fiche de {recorded} enregistrée.", recorded=recorded, lang=self.lang))
        self.reload_people()
