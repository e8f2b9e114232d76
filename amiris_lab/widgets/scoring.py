"""The scoring card: a headless model (traitlets) and its view (ipywidgets VBox).

The model holds the answers and applies the completeness rule; the view shows the 12
markers grouped by dimension, one level selector each (the scale's level names plus
"non évalué"), the level descriptors as help, a submit button and the reason a
submission is refused. Apps (participant page, facilitator mode, consensus) wire the
card to the store.

CSS hooks (stable, for tests): ``amiris-card``, ``amiris-dimension``,
``amiris-marker amiris-marker-M01``, ``amiris-level amiris-level-M01`` (the
ToggleButtons; each button has ``data-value``... its label is the level name),
``amiris-help-M01``, ``amiris-submit``, ``amiris-card-message``, ``amiris-progress``.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import traitlets

from ..i18n import t_
from ..workshop.case import CaseProject
from ..workshop.model import NOT_EVALUATED, clean_answers, incomplete_reason, missing_markers
from ._html import esc as _esc

#: Style of the card (selected level clearly marked, also on phones).
CARD_CSS = """<style>
.amiris-level button.mod-active { background: #1f5f99 !important; color: #fff !important; font-weight: 600; }
.amiris-level button { min-width: 4.2em; }
.amiris-card-message { font-weight: 600; }
</style>"""


class ScoringCardModel(traitlets.HasTraits):
    """Headless state of a scoring card.

    Attributes
    ----------
    answers : dict
        ``{marker: level or "ne"}``; unanswered markers are absent.
    missing : list of str
        Markers still without an answer.
    message : str
        Feedback shown under the card (why a submission was refused, or that it went through).
    message_ok : bool
        True when the message is good news (shown green), False for a refusal (red).
    locked : bool
        True once submitted (or when the round is not open).

    Examples
    --------
    >>> from amiris_lab.workshop.case import load_case
    >>> m = ScoringCardModel(load_case())
    >>> m.set_answer("M01", 2); len(m.missing)
    11
    >>> m.try_submit()
    False
    >>> m.message.startswith("Envoi refusé : 11 marqueur(s)")
    True
    """

    answers = traitlets.Dict()
    missing = traitlets.List()
    message = traitlets.Unicode("")
    message_ok = traitlets.Bool(False)
    locked = traitlets.Bool(False)

    def __init__(self, case: CaseProject, *, answers: dict | None = None, lang: str | None = None):
        super().__init__()
        self.case = case
        self.lang = lang
        self.answers = clean_answers(answers or {}, case.marker_codes, case.level_values)
        self.missing = missing_markers(self.answers, case.marker_codes)

    @traitlets.observe("answers")
    def _update_missing(self, change) -> None:
        self.missing = missing_markers(change["new"], self.case.marker_codes)

    def set_answer(self, marker: str, value: int | str | None) -> None:
        """Set (or clear with None) one marker's answer."""
        new = dict(self.answers)
        if value is None:
            new.pop(marker, None)
        else:
            new.update(
                clean_answers({marker: value}, self.case.marker_codes, self.case.level_values)
            )
        self.answers = {m: new[m] for m in self.case.marker_codes if m in new}

    def load(self, answers: dict | None) -> None:
        """Replace every answer (e.g. a draft read from the store)."""
        self.answers = clean_answers(answers or {}, self.case.marker_codes, self.case.level_values)

    @property
    def complete(self) -> bool:
        """Every marker has a level or "not evaluated"."""
        return not self.missing

    def notify(self, text: str) -> None:
        """Show good news or information under the card."""
        self.message_ok = True
        self.message = text

    def fail(self, text: str) -> None:
        """Show why an action was refused."""
        self.message_ok = False
        self.message = text

    def try_submit(self) -> bool:
        """Apply the completeness rule; set ``message`` to the reason when refused."""
        reason = incomplete_reason(self.missing, lang=self.lang)
        if reason:
            self.fail(reason)
            return False
        return True


class ScoringCardView(widgets.VBox):
    """The card's widgets, kept in sync with a :class:`ScoringCardModel`.

    Parameters
    ----------
    model : ScoringCardModel
    on_submit : callable, optional
        Called with the model when the submit button is pressed and the card is complete.
    on_change : callable, optional
        Called with the model after every answer change (to save a draft).
    submit_label : str, optional
    """

    def __init__(
        self,
        model: ScoringCardModel,
        *,
        on_submit: Callable[[ScoringCardModel], None] | None = None,
        on_change: Callable[[ScoringCardModel], None] | None = None,
        submit_label: str | None = None,
    ):
        self.model = model
        self._on_submit = on_submit
        self._on_change = on_change
        self._syncing = False
        lang = model.lang
        case = model.case
        self.selectors: dict[str, widgets.ToggleButtons] = {}
        children: list[widgets.Widget] = []
        en = t_("fr", lang=lang) == "en"
        for dimension, markers in case.grouped_markers():
            label = case.dimensions.get(dimension, [dimension])[0] if en else dimension
            head = widgets.HTML(f"<h4 style='margin:0.6em 0 0.2em 0'>{_esc(label)}</h4>")
            head.add_class("amiris-dimension")
            children.append(head)
            for marker in markers:
                children.append(self._marker_row(marker, lang))
        self.progress = widgets.HTML()
        self.progress.add_class("amiris-progress")
        self.submit_button = widgets.Button(
            description=submit_label or t_("Envoyer ma fiche", lang=lang),
            button_style="primary",
            layout=widgets.Layout(width="auto"),
        )
        self.submit_button.add_class("amiris-submit")
        self.submit_button.on_click(self._submit_clicked)
        self.message = widgets.HTML()
        self.message.add_class("amiris-card-message")
        super().__init__(
            children=[
                widgets.HTML(CARD_CSS),
                *children,
                self.progress,
                self.submit_button,
                self.message,
            ]
        )
        self.add_class("amiris-card")
        model.observe(self._model_changed, names=["answers", "message", "message_ok", "locked"])
        self._model_changed(None)

    def _marker_row(self, marker, lang) -> widgets.Widget:
        case = self.model.case
        en = t_("fr", lang=lang) == "en"
        name = marker.label_en if en else marker.label_fr
        title = widgets.HTML(f"<b>{_esc(marker.code)}</b> · {_esc(name)}")
        options = [(lv.label_en if en else lv.label_fr, lv.level) for lv in case.levels]
        options.append((t_("non évalué", lang=lang), NOT_EVALUATED))
        tips = [
            case.descriptor(marker.code, lv.level, lang="en" if en else "fr") for lv in case.levels
        ]
        tips.append(t_("Ce marqueur n'est pas évalué", lang=lang))
        selector = widgets.ToggleButtons(
            options=options,
            value=None,
            tooltips=tips,
            style={"button_width": "auto"},
        )
        selector.add_class("amiris-level")
        selector.add_class(f"amiris-level-{marker.code}")
        selector.observe(
            lambda change, code=marker.code: self._selected(code, change["new"]), names="value"
        )
        self.selectors[marker.code] = selector
        parts = [title, selector]
        described = [
            (lv, case.descriptor(marker.code, lv.level, lang="en" if en else "fr"))
            for lv in case.levels
        ]
        described = [(lv, text) for lv, text in described if text]
        if described:
            text = " · ".join(
                f"<i>{_esc(lv.label_en if en else lv.label_fr)}</i> : {_esc(t)}"
                for lv, t in described
            )
            helper = widgets.HTML(f"<small style='color:#555'>{text}</small>")
            helper.add_class(f"amiris-help-{marker.code}")
            parts.append(helper)
        row = widgets.VBox(parts, layout=widgets.Layout(margin="0 0 0.4em 0"))
        row.add_class("amiris-marker")
        row.add_class(f"amiris-marker-{marker.code}")
        return row

    def _selected(self, marker: str, value) -> None:
        if self._syncing:
            return
        self.model.set_answer(marker, value)
        self.model.message = ""
        if self._on_change is not None:
            self._on_change(self.model)

    def _submit_clicked(self, _button=None) -> None:
        if self.model.locked:
            return
        if self.model.try_submit() and self._on_submit is not None:
            self._on_submit(self.model)

    def _model_changed(self, _change) -> None:
        self._syncing = True
        try:
            for code, selector in self.selectors.items():
                value = self.model.answers.get(code)
                if selector.value != value:
                    selector.value = value
                selector.disabled = self.model.locked
        finally:
            self._syncing = False
        lang = self.model.lang
        n_total = len(self.model.case.marker_codes)
        n_done = n_total - len(self.model.missing)
        self.progress.value = t_(
            "{n_done} / {n_total} marqueurs renseignés", n_done=n_done, n_total=n_total, lang=lang
        )
        self.submit_button.disabled = self.model.locked
        colour = "#1a7f37" if self.model.message_ok else "#a11"
        self.message.value = (
            f"<span style='color:{colour}'>{_esc(self.model.message)}</span>"
            if self.model.message
            else ""
        )
