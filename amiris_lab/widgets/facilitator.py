"""The facilitator mode: the trainer records several participants' cards in turn,
for rooms without devices.

CSS hooks: ``amiris-facilitator``, ``amiris-fac-participant``, ``amiris-fac-pseudonym``,
``amiris-fac-college``, ``amiris-fac-add``, ``amiris-fac-message``.
"""

from __future__ import annotations

import ipywidgets as widgets

from ..exceptions import AmirisError
from ..i18n import tr
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
        t = lambda fr, en: tr(fr, en, lang=lang)  # noqa: E731
        self._t = t
        self.message = widgets.HTML()
        self.message.add_class("amiris-fac-message")
        store.check_trainer(name, token)
        self.case = store.case(name)
        self.who = widgets.Dropdown(description=t("Participant", "Participant"))
        self.who.add_class("amiris-fac-participant")
        self.pseudonym = widgets.Text(description=t("Pseudonyme", "Pseudonym"))
        self.pseudonym.add_class("amiris-fac-pseudonym")
        self.college = widgets.Dropdown(
            options=[(college_label(c, lang=lang), c) for c in COLLEGES],
            value="expert",
            description=t("Collège", "College"),
        )
        self.college.add_class("amiris-fac-college")
        self.add_button = widgets.Button(description=t("Ajouter", "Add"))
        self.add_button.add_class("amiris-fac-add")
        self.add_button.on_click(lambda _b: self.add())
        self.model = ScoringCardModel(self.case, lang=lang)
        self.view = ScoringCardView(
            self.model,
            on_submit=self._record,
            submit_label=t("Enregistrer cette fiche", "Record this card"),
        )
        self.widget = widgets.VBox(
            [
                widgets.HTML(t("<h3>Saisie par le formateur</h3>", "<h3>Facilitator entry</h3>")),
                widgets.HBox([self.pseudonym, self.college, self.add_button]),
                self.who,
                self.view,
                self.message,
            ]
        )
        self.widget.add_class("amiris-facilitator")
        self.reload_people()

    def reload_people(self, select: str | None = None) -> None:
        """Re-read the participants (those still to record first)."""
        snap = self.store.snapshot(self.name)
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
            self.message.value = error_html(exc)
            return
        self.pseudonym.value = ""
        self.message.value = esc(
            self._t(f"{p.participant_id} ajouté.", f"{p.participant_id} added.")
        )
        self.reload_people(select=p.participant_id)

    def _record(self, model: ScoringCardModel) -> None:
        snap = self.store.snapshot(self.name)
        round_name = snap.current_round
        if self.who.value is None:
            model.fail(self._t("Choisissez d'abord un participant.", "Pick a participant first."))
            return
        try:
            self.store.record_card(
                self.name,
                self.who.value,
                round_name or "individuel",
                model.answers,
                token=self.token,
            )
        except AmirisError as exc:
            model.fail(str(exc))
            return
        recorded = self.who.value
        model.load({})
        model.notify(self._t(f"Fiche de {recorded} enregistrée.", f"Card of {recorded} recorded."))
        self.reload_people()
