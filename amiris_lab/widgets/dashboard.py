"""The trainer dashboard (the view) and the trainer's page behind its token.

Dashboard: who joined and submitted; open / close / reveal each round; once a round
is revealed, the radar overlay with the group median, a strip plot per marker, the
markers with most disagreement first, the round's agreement (Krippendorff's alpha
with interval, percent agreement; markers as units, participants as raters), round 1
vs round 2, the gap to the reference; recording the consensus; an export button.
Every action needs the trainer token (checked by the store).

What is shown is computed by the headless
:class:`~amiris_lab.widgets.dashboard_model.DashboardModel`; this module only lays it
out in widgets and wires the buttons. The facilitator mode lives in
:mod:`amiris_lab.widgets.facilitator`.

CSS hooks: ``amiris-dashboard``, ``amiris-dash-header``, ``amiris-dash-participants``,
``amiris-dash-round``, ``amiris-dash-open``, ``amiris-dash-close``,
``amiris-dash-reveal``, ``amiris-dash-refresh``, ``amiris-dash-message``,
``amiris-dash-results``, ``amiris-dash-agreement``, ``amiris-dash-radar``,
``amiris-dash-strip``, ``amiris-dash-profiles``, ``amiris-dash-spread``,
``amiris-dash-compare``, ``amiris-dash-gap``, ``amiris-dash-consensus``,
``amiris-dash-export-dir``, ``amiris-dash-export``, ``amiris-dash-export-message``,
``amiris-dash-handout`` (the PDF handout; its message goes to the export message),
``amiris-dash-qr-toggle``, ``amiris-dash-qr`` (the QR code to project),
``amiris-dash-case``, ``amiris-dash-next-case``, ``amiris-dash-summary`` (several cases).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

import ipywidgets as widgets

from ..exceptions import AmirisError, StoreError
from ..i18n import N_, render, t_
from ..workshop.model import WORKSHOP_ROUNDS, round_label
from ..workshop.store import WorkshopStore
from ._html import error_html
from .dashboard_model import DashboardModel, RoundResults
from .facilitator import FacilitatorApp
from .scoring import ScoringCardModel, ScoringCardView

_log = logging.getLogger(__name__)

_STYLE = (
    "<style>.amiris-dashboard table{border-collapse:collapse;margin:0.3em 0}"
    ".amiris-dashboard td,.amiris-dashboard th{padding:2px 10px;border-bottom:1px solid #ddd;"
    "text-align:left}</style>"
)


def _html(value: str, css_class: str) -> widgets.HTML:
    box = widgets.HTML(value)
    box.add_class(css_class)
    return box


class DashboardApp:
    """The trainer's dashboard: widgets over a :class:`DashboardModel`.

    Parameters
    ----------
    store : WorkshopStore
    name : str
    token : str
        The trainer token (checked now: a wrong token shows only an error).
    export_dir : str, optional
        Default folder of the export.
    poll_interval : float or None
        Seconds between checks for new participants and cards (None: refresh button only).
    lang : {'fr', 'en'}, optional

    Attributes
    ----------
    widget : ipywidgets.VBox
    model : DashboardModel or None
        None when the token was refused.
    ok : bool
        False when the token was refused.
    """

    def __init__(
        self,
        store: WorkshopStore,
        name: str,
        token: str,
        *,
        export_dir: str | None = None,
        poll_interval: float | None = None,
        lang: str | None = None,
    ):
        self.store = store
        self.name = name
        self.lang = lang
        self._stop = threading.Event()
        self._syncing = False
        self.header = _html("", "amiris-dash-header")
        self.message = _html("", "amiris-dash-message")
        try:
            self.model: DashboardModel | None = DashboardModel(store, name, token, lang=lang)
        except StoreError as exc:
            self.model = None
            self.message.value = error_html(exc, self.lang)
            self.widget = widgets.VBox([self.message])
            self.widget.add_class("amiris-dashboard")
            self.ok = False
            return
        self.ok = True
        self.participants = _html("", "amiris-dash-participants")
        snap = self.model.snapshot()
        self.case = widgets.Dropdown(
            options=self.model.case_options(snap),
            value=self.model.case_no,
            description=t_("Cas", lang=lang),
            layout=widgets.Layout(width="auto"),
        )
        self.case.add_class("amiris-dash-case")
        self.case.observe(lambda c: self.show_case(c["new"]), names="value")
        self.next_case_button = widgets.Button(
            description=t_("Passer au cas suivant", lang=lang),
            layout=widgets.Layout(width="auto"),
        )
        self.next_case_button.add_class("amiris-dash-next-case")
        self.next_case_button.on_click(lambda _b: self.next_case())
        self.cases_box = widgets.HBox([self.case, self.next_case_button])
        self.summary = _html("", "amiris-dash-summary")
        self.qr = _html(self.model.qr_html(snap), "amiris-dash-qr")
        self.qr_button = widgets.ToggleButton(
            value=True,
            description=t_("QR code à projeter", lang=lang),
            icon="qrcode",
            layout=widgets.Layout(width="auto"),
        )
        self.qr_button.add_class("amiris-dash-qr-toggle")
        self.qr_button.observe(self._toggle_qr, names="value")
        self.round = widgets.Dropdown(
            options=[(round_label(r, lang=lang), r) for r in WORKSHOP_ROUNDS],
            description=t_("Tour", lang=self.lang),
        )
        self.round.add_class("amiris-dash-round")
        self.round.observe(lambda _c: self.refresh(), names="value")
        buttons = []
        for action, label in (
            ("open", N_("Ouvrir")),
            ("close", N_("Fermer")),
            ("reveal", N_("Dévoiler")),
        ):
            b = widgets.Button(
                description=t_(label, lang=lang), layout=widgets.Layout(width="auto")
            )
            b.add_class(f"amiris-dash-{action}")
            b.on_click(lambda _b, a=action: self.act(a))
            buttons.append(b)
        self.refresh_button = widgets.Button(
            description=t_("Actualiser", lang=self.lang), layout=widgets.Layout(width="auto")
        )
        self.refresh_button.add_class("amiris-dash-refresh")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.results = widgets.VBox()
        self.results.add_class("amiris-dash-results")
        self.consensus_box = widgets.VBox()
        self.consensus_box.add_class("amiris-dash-consensus")
        self._new_consensus_card()
        self.export_dir = widgets.Text(
            value=export_dir or f"atelier-{name}",
            description=t_("Dossier", lang=self.lang),
        )
        self.export_dir.add_class("amiris-dash-export-dir")
        self.export_button = widgets.Button(
            description=t_("Exporter le jeu de données", lang=self.lang),
            layout=widgets.Layout(width="auto"),
        )
        self.export_button.add_class("amiris-dash-export")
        self.export_button.on_click(lambda _b: self.export())
        self.export_message = _html("", "amiris-dash-export-message")
        self.handout_button = widgets.Button(
            description=t_("Fiche PDF des participants", lang=lang),
            icon="file-pdf",
            layout=widgets.Layout(width="auto"),
        )
        self.handout_button.add_class("amiris-dash-handout")
        self.handout_button.on_click(lambda _b: self.handout())
        self.widget = widgets.VBox(
            [
                widgets.HTML(_STYLE),
                self.header,
                self.qr_button,
                self.qr,
                self.cases_box,
                self.participants,
                widgets.HBox([self.round, *buttons, self.refresh_button]),
                self.message,
                self.consensus_box,
                self.results,
                self.summary,
                widgets.HBox([self.export_dir, self.export_button, self.handout_button]),
                self.export_message,
            ]
        )
        self.widget.add_class("amiris-dashboard")
        self.round.value = snap.current_round or "individuel"
        self.refresh()
        if poll_interval:
            self._poll_thread(float(poll_interval))

    def _poll_thread(self, interval: float) -> threading.Thread:
        thread = threading.Thread(target=self._poll, args=(interval,), daemon=True)
        thread.start()
        return thread

    def _new_consensus_card(self) -> None:
        """The consensus card of the case shown."""
        self.consensus_model = ScoringCardModel(self.model.case, lang=self.lang)
        self.consensus_view = ScoringCardView(
            self.consensus_model,
            on_submit=self._record_consensus,
            submit_label=t_("Enregistrer le consensus", lang=self.lang),
        )
        self.consensus_box.children = [
            widgets.HTML(t_("<h4>Consensus du groupe</h4>", lang=self.lang)),
            self.consensus_view,
        ]

    def _toggle_qr(self, change) -> None:
        if change["new"]:
            self.qr.value = self.model.qr_html(self.model.snapshot())
        self.qr.layout.display = None if change["new"] else "none"

    # ---------------------------------------------------------------- actions
    def show_case(self, case_no: int) -> None:
        """Show another case (its rounds, results and consensus); participants stay put."""
        if self._syncing or case_no is None or case_no == self.model.case_no:
            return
        self.model.select_case(case_no)
        self._new_consensus_card()
        self._show_round_of(self.model.snapshot().current_round or "individuel")

    def next_case(self) -> None:
        """Move participants to the next case, and show it."""
        try:
            self.message.value = self.model.next_case()
        except AmirisError as exc:
            self.message.value = error_html(exc, self.lang)
            return
        self._new_consensus_card()
        self._show_round_of("individuel")

    def _show_round_of(self, round_name: str) -> None:
        """Select a round and redraw once (a new value redraws through the menu)."""
        if self.round.value != round_name:
            self.round.value = round_name
        else:
            self.refresh()

    def act(self, action: str) -> None:
        """Open, close or reveal the selected round."""
        try:
            self.message.value = self.model.act(self.round.value, action)
        except AmirisError as exc:
            self.message.value = error_html(exc, self.lang)
            return
        self.refresh()

    def _record_consensus(self, card: ScoringCardModel) -> None:
        try:
            text = self.model.record_consensus(card.answers)
        except AmirisError as exc:
            card.fail(render(exc, self.lang))
            return
        card.notify(text)
        self.refresh()

    def export(self) -> None:
        """Write the workshop as a dataset folder (``projects.csv, raters.csv, scores.csv``)."""
        try:
            self.export_message.value = self.model.export(self.export_dir.value)
        except (AmirisError, OSError) as exc:
            self.export_message.value = error_html(exc, self.lang)

    def handout(self) -> None:
        """Write the shown case's one-page PDF handout into the export folder."""
        self.export_message.value = t_("Fiche en cours…", lang=self.lang)
        try:
            self.export_message.value = self.model.handout(self.export_dir.value)
        except (AmirisError, OSError) as exc:
            self.export_message.value = error_html(exc, self.lang)

    # ---------------------------------------------------------------- display
    def refresh(self) -> None:
        """Re-read the store and redraw."""
        snap = self.model.snapshot()
        self._show_people(snap)
        self._show_round(snap)
        self.summary.value = self.model.summary_html()

    def _poll(self, interval: float) -> None:
        """Follow joins and submissions until :meth:`stop`.

        A busy or briefly unreadable file (``sqlite3.OperationalError``) or a refusal of
        the store is shown and retried at the next tick; anything else is a bug: it is
        shown and logged, and the following stops (the refresh button still works).
        """
        last = None
        while not self._stop.wait(interval):
            try:
                snap = self.model.snapshot()
                state = self.model.people_state(snap)
                if state != last:
                    last = state
                    self._show_people(snap)
            except (StoreError, sqlite3.OperationalError) as exc:
                self.message.value = error_html(exc, self.lang)
            except Exception as exc:
                _log.exception("the dashboard stopped following the workshop")
                self.message.value = error_html(
                    t_(
                        "Suivi automatique arrêté après une erreur inattendue ({exc!r}) : utilisez « Actualiser ».",
                        exc=exc,
                        lang=self.lang,
                    )
                )
                return

    def stop(self) -> None:
        """Stop following joins and submissions."""
        self._stop.set()

    def _show_people(self, snap) -> None:
        self.header.value = self.model.header_html(snap)
        options = self.model.case_options(snap)
        if list(self.case.options) != options:
            self._syncing = True  # new options reset the value: not a choice of the trainer
            try:
                self.case.options = options
                self.case.value = self.model.case_no
            finally:
                self._syncing = False
        self.cases_box.layout.display = None if snap.n_cases > 1 else "none"
        self.participants.value = self.model.participants_html(snap)

    def _show_round(self, snap) -> None:
        selected = self.round.value
        self.consensus_box.layout.display = None if selected == "consensus" else "none"
        if selected == "consensus":
            answers = self.model.consensus_answers()
            if answers and not self.consensus_model.answers:
                self.consensus_model.load(answers)
            self.consensus_model.locked = snap.statuses["consensus"] != "open"
        self.results.children = self._result_widgets(self.model.results(snap, selected))

    @staticmethod
    def _result_widgets(res: RoundResults) -> list:
        if res.note:
            return [widgets.HTML(res.note)]
        radar = widgets.Image(value=res.radar_png, format="png", width=650)
        radar.add_class("amiris-dash-radar")
        strip = widgets.Image(value=res.strip_png, format="png", width=420)
        strip.add_class("amiris-dash-strip")
        out = [
            _html(res.agreement, "amiris-dash-agreement"),
            widgets.HBox([radar, strip], layout=widgets.Layout(flex_flow="row wrap")),
            _html(res.legend, "amiris-dash-profiles"),
            _html(res.spread, "amiris-dash-spread"),
        ]
        if res.compare:
            out.append(_html(res.compare, "amiris-dash-compare"))
        if res.gap:
            out.append(_html(res.gap, "amiris-dash-gap"))
        return out


def trainer_page(
    store_path: str | Path, name: str, token: str, *, lang: str | None = None
) -> widgets.Tab:
    """The trainer's page: a tab with the dashboard and one with the facilitator mode."""
    store = WorkshopStore(store_path)
    dashboard = DashboardApp(store, name, token, poll_interval=3.0, lang=lang)
    if not dashboard.ok:
        return dashboard.widget
    facilitator = FacilitatorApp(store, name, token, lang=lang)
    tabs = widgets.Tab(children=[dashboard.widget, facilitator.widget])
    tabs.set_title(0, t_("Tableau de bord", lang=lang))
    tabs.set_title(1, t_("Saisie formateur", lang=lang))
    tabs.add_class("amiris-trainer")
    tabs.observe(
        lambda c: dashboard.refresh() if c["new"] == 0 else facilitator.reload_people(),
        names="selected_index",
    )
    tabs.apps = (dashboard, facilitator)  # keep the apps alive with the widget
    return tabs


def trainer_gate(
    store_path: str | Path,
    name: str,
    *,
    token: str | None = None,
    query_string: str | None = None,
    lang: str | None = None,
) -> widgets.VBox:
    """The trainer page behind its token: from ``token``, the page's ``?token=``, or a form.

    CSS hooks: ``amiris-gate``, ``amiris-gate-token`` (password field),
    ``amiris-gate-button``, ``amiris-gate-message``.
    """
    from .participant import parse_query

    token = token or parse_query(query_string).get("token")
    box = widgets.VBox()
    box.add_class("amiris-gate")
    field = widgets.Password(description=t_("Jeton", lang=lang))
    field.add_class("amiris-gate-token")
    button = widgets.Button(
        description=t_("Ouvrir le tableau de bord", lang=lang),
        button_style="primary",
        layout=widgets.Layout(width="auto", align_self="flex-start"),  # the whole label
    )
    button.add_class("amiris-gate-button")
    message = widgets.HTML()
    message.add_class("amiris-gate-message")
    form = [
        widgets.HTML(t_("<h3>Page du formateur</h3>", lang=lang)),
        field,
        button,
        message,
    ]

    if not Path(store_path).exists():
        message.value = error_html(
            t_(
                "Aucun fichier d'ateliers {name!r} : créez l'atelier avec amiris-lab workshop create.",
                name=Path(store_path).name,
                lang=lang,
            )
        )
        box.children = [message]
        return box

    def open_with(value: str | None) -> None:
        try:
            with WorkshopStore(store_path) as check:
                check.check_trainer(name, value)
        except StoreError as exc:
            message.value = error_html(exc, lang)
            box.children = form
            return
        box.children = [trainer_page(store_path, name, value, lang=lang)]

    button.on_click(lambda _b: open_with(field.value))
    if token:
        open_with(token)
    else:
        box.children = form
    return box
