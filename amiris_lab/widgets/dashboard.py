"""The trainer dashboard and the facilitator mode.

Dashboard: who joined and submitted; open / close / reveal each round; once a round
is revealed, the radar overlay with the group median, a strip plot per marker, the
markers with most disagreement first, the round's agreement (Krippendorff's alpha
with interval, percent agreement; markers as units, participants as raters), round 1
vs round 2, the gap to the reference; recording the consensus; an export button.
Every action needs the trainer token (checked by the store).

Facilitator mode (:class:`FacilitatorApp`): the trainer records several participants'
cards in turn, for rooms without devices.

CSS hooks: ``amiris-dashboard``, ``amiris-dash-header``, ``amiris-dash-participants``,
``amiris-dash-round``, ``amiris-dash-open``, ``amiris-dash-close``,
``amiris-dash-reveal``, ``amiris-dash-refresh``, ``amiris-dash-message``,
``amiris-dash-results``, ``amiris-dash-agreement``, ``amiris-dash-radar``,
``amiris-dash-strip``, ``amiris-dash-spread``, ``amiris-dash-compare``,
``amiris-dash-gap``, ``amiris-dash-consensus``, ``amiris-dash-export-dir``,
``amiris-dash-export``, ``amiris-dash-export-message``; facilitator:
``amiris-facilitator``, ``amiris-fac-participant``, ``amiris-fac-pseudonym``,
``amiris-fac-college``, ``amiris-fac-add``, ``amiris-fac-message``.
"""

from __future__ import annotations

import html
import math
import threading
import warnings
from pathlib import Path

import ipywidgets as widgets

from ..exceptions import AmirisError, StoreError, UndefinedStatisticWarning
from ..format import COLLEGE_LABELS, CONSENSUS_RATER, vocabulary_label
from ..i18n import N_, t_
from ..workshop.model import PARTICIPANT_ROUNDS, WORKSHOP_ROUNDS, round_label, status_label
from ..workshop.store import WorkshopStore
from .scoring import ScoringCardModel, ScoringCardView


def _esc(text) -> str:
    """Escape text shown inside HTML elements (apostrophes stay readable)."""
    return html.escape(str(text), quote=False)


def _fmt(value: float, digits: int = 2) -> str:
    return (
        "–"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else f"{value:.{digits}f}"
    )


def _error(text: str) -> str:
    return f"<span style='color:#b00'>{_esc(text)}</span>"


def _quiet_agreement(summary, profiles) -> dict:
    """The round's agreement, quietly: an undefined statistic (one card, a single
    level used by everybody) is NaN, shown "–", without a warning in the trainer's log."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedStatisticWarning)
        return summary.round_agreement(profiles, n_boot=300)


class DashboardApp:
    """Wires the trainer's dashboard to the store.

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
        self.token = token
        self.lang = lang
        self._stop = threading.Event()
        self.header = widgets.HTML()
        self.header.add_class("amiris-dash-header")
        self.message = widgets.HTML()
        self.message.add_class("amiris-dash-message")
        try:
            store.check_trainer(name, token)
        except StoreError as exc:
            self.message.value = _error(str(exc))
            self.widget = widgets.VBox([self.message])
            self.widget.add_class("amiris-dashboard")
            self.ok = False
            return
        self.ok = True
        self.case = store.case(name)
        self.participants = widgets.HTML()
        self.participants.add_class("amiris-dash-participants")
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
        self.consensus_model = ScoringCardModel(self.case, lang=lang)
        self.consensus_view = ScoringCardView(
            self.consensus_model,
            on_submit=self._record_consensus,
            submit_label=t_("Enregistrer le consensus", lang=self.lang),
        )
        self.consensus_box = widgets.VBox(
            [
                widgets.HTML(t_("<h4>Consensus du groupe</h4>", lang=self.lang)),
                self.consensus_view,
            ]
        )
        self.consensus_box.add_class("amiris-dash-consensus")
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
        self.export_message = widgets.HTML()
        self.export_message.add_class("amiris-dash-export-message")
        style = widgets.HTML(
            "<style>.amiris-dashboard table{border-collapse:collapse;margin:0.3em 0}"
            ".amiris-dashboard td,.amiris-dashboard th{padding:2px 10px;border-bottom:1px solid #ddd;"
            "text-align:left}</style>"
        )
        self.widget = widgets.VBox(
            [
                style,
                self.header,
                self.participants,
                widgets.HBox([self.round, *buttons, self.refresh_button]),
                self.message,
                self.consensus_box,
                self.results,
                widgets.HBox([self.export_dir, self.export_button]),
                self.export_message,
            ]
        )
        self.widget.add_class("amiris-dashboard")
        snap = store.snapshot(name)
        self.round.value = snap.current_round or "individuel"
        self.refresh()
        if poll_interval:
            threading.Thread(target=self._poll, args=(float(poll_interval),), daemon=True).start()

    # ---------------------------------------------------------------- actions
    def act(self, action: str) -> None:
        """Open, close or reveal the selected round."""
        try:
            status = self.store.set_round(self.name, self.round.value, action, token=self.token)
        except AmirisError as exc:
            self.message.value = _error(str(exc))
            return
        self.message.value = _esc(
            t_(
                "{round_label} : {status_label}.",
                round_label=round_label(self.round.value, lang=self.lang),
                status_label=status_label(status, lang=self.lang),
                lang=self.lang,
            )
        )
        self.refresh()

    def _record_consensus(self, model: ScoringCardModel) -> None:
        try:
            self.store.record_card(
                self.name, CONSENSUS_RATER, "consensus", model.answers, token=self.token
            )
        except AmirisError as exc:
            model.fail(str(exc))
            return
        model.notify(t_("Consensus enregistré.", lang=self.lang))
        self.refresh()

    def export(self) -> None:
        """Write the workshop as a dataset folder (``projects.csv, raters.csv, scores.csv``)."""
        from ..workshop.export import export_workshop

        try:
            out = export_workshop(self.store, self.name, self.export_dir.value, token=self.token)
        except (AmirisError, OSError) as exc:
            self.export_message.value = _error(str(exc))
            return
        self.export_message.value = _esc(
            t_(
                "Jeu de données écrit dans {out} (à analyser avec amiris_lab).",
                out=out,
                lang=self.lang,
            )
        )

    # ---------------------------------------------------------------- display
    def refresh(self) -> None:
        """Re-read the store and redraw."""
        snap = self.store.snapshot(self.name)
        self._show_people(snap)
        self._show_round(snap)

    def _poll(self, interval: float) -> None:
        last = None
        while not self._stop.wait(interval):
            try:
                snap = self.store.snapshot(self.name)
                state = (
                    len(snap.participants),
                    tuple(sorted((r, len(v)) for r, v in snap.submitted.items())),
                )
                if state != last:
                    last = state
                    self._show_people(snap)
            except Exception:
                continue

    def stop(self) -> None:
        """Stop following joins and submissions."""
        self._stop.set()

    def _show_people(self, snap) -> None:
        self.header.value = t_(
            "<h3>Atelier {esc} — {esc_2}</h3><p>Code à donner aux participants : <b "
            "style='font-size:1.4em;letter-spacing:0.1em'>{join_code}</b></p>",
            esc=_esc(self.name),
            esc_2=_esc(self.case.title),
            join_code=snap.join_code,
            lang=self.lang,
        )
        rounds_head = "".join(
            f"<th>{_esc(round_label(r, lang=self.lang))}<br><small>{status_label(snap.statuses[r], lang=self.lang)}</small></th>"
            for r in PARTICIPANT_ROUNDS
        )
        rows = "".join(
            f"<tr><td>{p.participant_id}</td><td>{_esc(p.pseudonym)}</td>"
            f"<td>{_esc(vocabulary_label('college', p.college, lang=self.lang))}</td>"
            + "".join(
                f"<td style='text-align:center'>{'✔' if p.participant_id in snap.submitted[r] else '…'}</td>"
                for r in PARTICIPANT_ROUNDS
            )
            + "</tr>"
            for p in snap.participants
        )
        counts = ", ".join(
            f"{round_label(r, lang=self.lang)} {len(snap.submitted[r])}/{len(snap.participants)}"
            for r in PARTICIPANT_ROUNDS
        )
        self.participants.value = (
            f"<p>{t_('Participants', lang=self.lang)} : {len(snap.participants)} — "
            f"{t_('fiches envoyées', lang=self.lang)} : {counts}</p>"
            f"<table><tr><th>id</th><th>{t_('pseudonyme', lang=self.lang)}</th><th>{t_('collège', lang=self.lang)}</th>"
            f"{rounds_head}</tr>{rows}</table>"
        )

    def _show_round(self, snap) -> None:
        selected = self.round.value
        self.consensus_box.layout.display = None if selected == "consensus" else "none"
        if selected == "consensus":
            cons = [
                c for c in self.store.all_cards(self.name, token=self.token, round_name="consensus")
            ]
            if cons and not self.consensus_model.answers:
                self.consensus_model.load(cons[0].answers)
            self.consensus_model.locked = snap.statuses["consensus"] != "open"
        self.results.children = self._results(snap, selected)

    def _results(self, snap, round_name: str) -> list:
        from ..workshop import summary
        from .figures import figure_png, radar_overlay, strip_plot

        if round_name == "consensus":
            round_name = "revise"
        if snap.statuses[round_name] != "revealed":
            note = widgets.HTML(
                t_(
                    "<p><i>Les résultats de {round_label} s'affichent une fois le tour dévoilé.</i></p>",
                    round_label=round_label(round_name, lang=self.lang),
                    lang=self.lang,
                )
            )
            return [note]
        cards = self.store.all_cards(self.name, token=self.token)
        markers = self.case.marker_codes
        levels = self.case.level_values
        profiles = summary.round_profiles(cards, markers, round_name=round_name)
        if profiles.empty:
            return [widgets.HTML(t_("<p>Aucune fiche envoyée.</p>", lang=self.lang))]
        agree = _quiet_agreement(summary, profiles)
        spread = summary.marker_spread(profiles)
        agreement = widgets.HTML(
            t_(
                "<h4>Accord du groupe — {round_label} ({n_profiles} fiches)</h4><p>α de Krippendorff "
                "(ordinal) = <b>{fmt}</b> [IC 95 % {fmt_2} ; {fmt_3}] — accord brut = <b>{fmt_4} "
                "%</b><br><small>Unités = les 12 marqueurs, juges = les participants : le groupe "
                "lit-il ce projet de la même façon ?</small></p>",
                round_label=round_label(round_name, lang=self.lang),
                n_profiles=len(profiles),
                fmt=_fmt(agree["alpha"]),
                fmt_2=_fmt(agree["ci_low"]),
                fmt_3=_fmt(agree["ci_high"]),
                fmt_4=_fmt(100 * agree["percent_agreement"], 0),
                lang=self.lang,
            )
        )
        agreement.add_class("amiris-dash-agreement")
        radar = widgets.Image(
            value=figure_png(
                radar_overlay,
                profiles,
                reference=self.case.reference,
                polar=True,
                figsize=(8.2, 5.2),
                lang=self.lang,
            ),
            format="png",
            width=650,
        )
        radar.add_class("amiris-dash-radar")
        strip = widgets.Image(
            value=figure_png(
                strip_plot,
                profiles,
                levels=levels,
                order=list(spread["marker"]),
                figsize=(5.2, 0.32 * len(markers) + 0.9),
                lang=self.lang,
            ),
            format="png",
            width=420,
        )
        strip.add_class("amiris-dash-strip")
        rows = "".join(
            f"<tr><td>{r.marker}</td><td>{r.n}</td><td>{_fmt(r.median, 1)}</td><td>{_fmt(r.iqr, 1)}</td>"
            f"<td>{_fmt(r.low, 0)}–{_fmt(r.high, 0)}</td></tr>"
            for r in spread.itertuples()
        )
        spread_html = widgets.HTML(
            f"<h4>{t_('Marqueurs les plus discutés d’abord', lang=self.lang)}</h4>"
            f"<table><tr><th>{t_('marqueur', lang=self.lang)}</th><th>n</th><th>{t_('médiane', lang=self.lang)}</th>"
            f"<th>{t_('écart interquartile', lang=self.lang)}</th><th>{t_('étendue', lang=self.lang)}</th></tr>{rows}</table>"
        )
        spread_html.add_class("amiris-dash-spread")
        names = {p.participant_id: p.pseudonym for p in snap.participants}
        shown = ", ".join(f"{pid} ({_esc(names.get(pid, ''))})" for pid in profiles.index)
        with_reference = t_(" ; référence", lang=self.lang) if self.case.reference else ""
        legend = widgets.HTML(
            t_(
                "<small>Profils sur le radar : {shown} ; médiane du groupe{with_reference}</small>",
                shown=shown,
                with_reference=with_reference,
                lang=self.lang,
            )
        )
        legend.add_class("amiris-dash-profiles")
        out = [
            agreement,
            widgets.HBox([radar, strip], layout=widgets.Layout(flex_flow="row wrap")),
            legend,
            spread_html,
        ]
        if round_name == "revise" and snap.statuses["individuel"] == "revealed":
            first = summary.round_profiles(cards, markers, round_name="individuel")
            agree1 = _quiet_agreement(summary, first) if len(first) else None
            comp = summary.round_comparison(first, profiles)
            rows = "".join(
                f"<tr><td>{r.marker}</td><td>{_fmt(r.median_1, 1)} → {_fmt(r.median_2, 1)}</td>"
                f"<td>{_fmt(r.iqr_1, 1)} → {_fmt(r.iqr_2, 1)}</td><td>{r.n_changed}/{r.n_both}</td></tr>"
                for r in comp.itertuples()
            )
            alpha1 = _fmt(agree1["alpha"]) if agree1 else "–"
            compare = widgets.HTML(
                f"<h4>{t_('Tour 1 → tour 2', lang=self.lang)}</h4>"
                f"<p>α : {alpha1} → {_fmt(agree['alpha'])}</p>"
                f"<table><tr><th>{t_('marqueur', lang=self.lang)}</th><th>{t_('médiane', lang=self.lang)}</th>"
                f"<th>{t_('écart interquartile', lang=self.lang)}</th><th>{t_('ont changé', lang=self.lang)}</th></tr>{rows}</table>"
            )
            compare.add_class("amiris-dash-compare")
            out.append(compare)
        if self.case.reference:
            gap = summary.reference_gap(profiles, self.case.reference)
            rows = "".join(
                f"<tr><td>{r.marker}</td><td>{_fmt(r.reference, 0)}</td><td>{_fmt(r.median, 1)}</td>"
                f"<td>{r.gap:+.1f}</td><td>{_fmt(r.mean_abs_gap, 2)}</td></tr>"
                for r in gap.itertuples()
            )
            source = _esc(self.case.reference_source or t_("référence", lang=self.lang))
            gap_html = widgets.HTML(
                f"<h4>{t_('Écart à la référence', lang=self.lang)} ({source})</h4>"
                f"<table><tr><th>{t_('marqueur', lang=self.lang)}</th><th>{t_('référence', lang=self.lang)}</th>"
                f"<th>{t_('médiane', lang=self.lang)}</th><th>{t_('écart', lang=self.lang)}</th>"
                f"<th>{t_('écart absolu moyen', lang=self.lang)}</th></tr>{rows}</table>"
            )
            gap_html.add_class("amiris-dash-gap")
            out.append(gap_html)
        return out


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
        self.case = store.case(name)
        self.who = widgets.Dropdown(description=t_("Participant", lang=lang))
        self.who.add_class("amiris-fac-participant")
        self.pseudonym = widgets.Text(description=t_("Pseudonyme", lang=lang))
        self.pseudonym.add_class("amiris-fac-pseudonym")
        self.college = widgets.Dropdown(
            options=[(vocabulary_label("college", c, lang=lang), c) for c in COLLEGE_LABELS],
            value="expert",
            description=t_("Collège", lang=lang),
        )
        self.college.add_class("amiris-fac-college")
        self.add_button = widgets.Button(description=t_("Ajouter", lang=lang))
        self.add_button.add_class("amiris-fac-add")
        self.add_button.on_click(lambda _b: self.add())
        self.model = ScoringCardModel(self.case, lang=lang)
        self.view = ScoringCardView(
            self.model,
            on_submit=self._record,
            submit_label=t_("Enregistrer cette fiche", lang=lang),
        )
        self.widget = widgets.VBox(
            [
                widgets.HTML(t_("<h3>Saisie par le formateur</h3>", lang=lang)),
                widgets.HBox([self.pseudonym, self.college, self.add_button]),
                self.who,
                self.view,
                self.message,
            ]
        )
        self.widget.add_class("amiris-facilitator")
        self._reload_people()

    def _reload_people(self, select: str | None = None) -> None:
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
            self.message.value = _error(str(exc))
            return
        self.pseudonym.value = ""
        self.message.value = _esc(
            t_("{participant_id} ajouté.", participant_id=p.participant_id, lang=self.lang)
        )
        self._reload_people(select=p.participant_id)

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
            )
        except AmirisError as exc:
            model.fail(str(exc))
            return
        recorded = self.who.value
        model.load({})
        model.notify(t_("Fiche de {recorded} enregistrée.", recorded=recorded, lang=self.lang))
        self._reload_people()


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
        lambda c: dashboard.refresh() if c["new"] == 0 else facilitator._reload_people(),
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
        message.value = _error(
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
            message.value = _error(str(exc))
            box.children = form
            return
        box.children = [trainer_page(store_path, name, value, lang=lang)]

    button.on_click(lambda _b: open_with(field.value))
    if token:
        open_with(token)
    else:
        box.children = form
    return box
