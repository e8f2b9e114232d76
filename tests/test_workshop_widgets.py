"""Widgets driven headlessly (no browser): scoring card, participant page, dashboard,
facilitator mode; the dashboard's statistics against the reference krippendorff package."""

from __future__ import annotations

import html
import subprocess
import sys

import krippendorff
import numpy as np
import pandas as pd
import pytest

from amiris_lab.widgets.dashboard import DashboardApp, FacilitatorApp, trainer_gate
from amiris_lab.widgets.participant import ParticipantApp, participant_page
from amiris_lab.widgets.scoring import ScoringCardModel, ScoringCardView
from amiris_lab.workshop import WorkshopStore, load_case, summary

MARKERS = [f"M{i:02d}" for i in range(1, 13)]


@pytest.fixture
def ws(tmp_path):
    store = WorkshopStore(tmp_path / "ateliers.sqlite")
    code, token = store.create_workshop("w", load_case(), join_code="ABC234")
    yield store, code, token
    store.close()


def fill(view: ScoringCardView, values: dict) -> None:
    for marker, value in values.items():
        view.selectors[marker].value = value


def join(store, name: str, college: str = "expert", code: str = "ABC234") -> ParticipantApp:
    app = ParticipantApp(store, "w", query_string=f"code={code}")
    app.pseudonym.value = name
    app.college.value = college
    app.join_button.click()
    return app


def test_card_groups_markers_by_dimension_and_shows_level_names():
    view = ScoringCardView(ScoringCardModel(load_case()))
    heads = [c.value for c in view.children if "amiris-dimension" in c._dom_classes]
    assert [html.unescape(h.split(">")[1].split("<")[0]) for h in heads] == [
        "Contexte d'émergence",
        "Processus",
        "Résultat",
        "Diffusion et changements",
    ]
    m02 = view.selectors["M02"]
    assert [label for label, _ in m02.options] == [
        "absent",
        "faible",
        "affirmé",
        "structurant",
        "non évalué",
    ]
    assert m02.tooltips[3] == "Bénéficiaires co-décideurs"  # descriptors as help
    assert m02.value is None and "amiris-level-M02" in m02._dom_classes
    en = ScoringCardView(ScoringCardModel(load_case(), lang="en"))
    assert [label for label, _ in en.selectors["M01"].options][-1] == "not evaluated"


def test_card_refuses_submission_with_the_reason_until_complete():
    submitted = []
    model = ScoringCardModel(load_case())
    view = ScoringCardView(model, on_submit=submitted.append)
    fill(view, {m: 1 for m in MARKERS[:11]})
    view.submit_button.click()
    assert submitted == []
    assert "Envoi refusé : 1 marqueur(s) sans niveau ni « non évalué » : M12." in view.message.value
    assert "11 / 12" in view.progress.value
    view.selectors["M12"].value = "ne"
    view.submit_button.click()
    assert submitted == [model] and model.answers["M12"] == "ne"


def test_participant_joins_scores_and_sees_the_group_only_after_reveal(ws):
    store, code, token = ws
    wrong = join(store, "Eve", code="ZZZ999")
    assert "Code d'atelier incorrect" in wrong.join_message.value and wrong.participant is None
    alice = join(store, "Alice")
    bob = join(store, "Bob", "financeur_public")
    assert "En attente" in alice.status.value
    dash = DashboardApp(store, "w", token)
    dash.act("open")
    for app, level in ((alice, 1), (bob, 3)):
        app.refresh()
        assert "ouvert" in app.status.value
        fill(app.card_view, {m: level for m in MARKERS})
        app.card_view.submit_button.click()
        assert app.card_model.locked and "Fiche envoyée" in app.card_view.message.value
    alice.refresh()
    assert alice.revealed.value == ""  # nothing of Bob's before the reveal
    dash.act("reveal")
    alice.refresh()
    assert "Le groupe, Tour 1 (individuel) (2 fiches)" in alice.revealed.value
    # round 2 starts from one's own round-1 answers
    dash.round.value = "revise"
    dash.act("open")
    bob.refresh()
    assert bob.card_model.answers == {m: 3 for m in MARKERS} and not bob.card_model.locked


def test_reload_resumes_the_draft_through_the_personal_link(ws):
    store, code, token = ws
    store.set_round("w", "individuel", "open", token=token)
    alice = join(store, "Alice")
    fill(alice.card_view, {"M01": 2, "M05": "ne"})
    href = alice.link.value.split("href='")[1].split("'")[0].replace("&amp;", "&")
    again = ParticipantApp(WorkshopStore(store.path), "w", query_string=href.lstrip("?"))
    assert again.participant.participant_id == "P01"
    assert again.card_model.answers == {"M01": 2, "M05": "ne"}
    forged = ParticipantApp(store, "w", query_string="code=ABC234&participant=P01&key=guess")
    assert forged.participant is None and "clé personnelle invalide" in forged.join_message.value


def test_dashboard_needs_the_token(ws, tmp_path):
    store, _code, _token = ws
    bad = DashboardApp(store, "w", "wrong")
    assert not bad.ok and "Jeton formateur invalide" in bad.message.value
    gate = trainer_gate(store.path, "w", query_string="token=wrong")
    assert any("Jeton formateur invalide" in getattr(c, "value", "") for c in gate.children)
    missing = trainer_gate(tmp_path / "absent.sqlite", "w")
    assert "Aucun fichier d'ateliers" in missing.children[0].value
    assert not (tmp_path / "absent.sqlite").exists()
    assert "Aucun fichier" in participant_page(str(tmp_path / "absent.sqlite"), "w").widget.value


def test_dashboard_results_once_revealed(ws, tmp_path):
    store, code, token = ws
    dash = DashboardApp(store, "w", token, export_dir=str(tmp_path / "export"))
    assert "ABC234" in dash.header.value
    dash.act("open")
    apps = [join(store, f"p{i}") for i in range(3)]
    rng = np.random.default_rng(5)
    for app in apps:
        app.refresh()
        fill(app.card_view, {m: int(rng.integers(0, 4)) for m in MARKERS})
        app.card_view.submit_button.click()
    dash.refresh()
    assert dash.participants.value.count("✔") == 3
    assert "une fois le tour dévoilé" in dash.results.children[0].value
    dash.act("reveal")
    classes = [c._dom_classes for c in dash.results.children]
    assert ("amiris-dash-agreement",) in classes and ("amiris-dash-spread",) in classes
    assert ("amiris-dash-gap",) in classes  # the example case has reference scores
    legend = next(c for c in dash.results.children if "amiris-dash-profiles" in c._dom_classes)
    assert "P01 (p0), P02 (p1), P03 (p2)" in legend.value
    images = dash.results.children[1].children
    assert [i._dom_classes for i in images] == [("amiris-dash-radar",), ("amiris-dash-strip",)]
    assert all(i.value[:8] == b"\x89PNG\r\n\x1a\n" for i in images)
    dash.export()
    assert "Jeu de données écrit" in dash.export_message.value
    assert (tmp_path / "export" / "scores.csv").exists()


def test_facilitator_records_cards_in_turn(ws):
    store, _code, token = ws
    store.set_round("w", "individuel", "open", token=token)
    fac = FacilitatorApp(store, "w", token)
    for name in ("Ana", "Ben"):
        fac.pseudonym.value = name
        fac.add_button.click()
    assert [v for _, v in fac.who.options] == ["P01", "P02"]
    fac.who.value = "P01"
    fill(fac.view, {m: 2 for m in MARKERS[:6]})
    fac.view.submit_button.click()
    assert "Envoi refusé : 6 marqueur(s)" in fac.view.message.value
    fill(fac.view, {m: 2 for m in MARKERS})
    fac.view.submit_button.click()
    assert "Fiche de P01 enregistrée" in fac.view.message.value
    assert fac.model.answers == {} and fac.who.value == "P02"  # cleared, next person
    fac.pseudonym.value = "Ana"
    fac.add_button.click()
    assert "déjà pris" in fac.message.value
    assert [c.participant_id for c in store.all_cards("w", token=token)] == ["P01"]


def test_participant_page_imports_no_analysis_stack():
    code = (
        "import sys; from amiris_lab.widgets.participant import participant_page; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'matplotlib', 'sklearn', 'seaborn', 'scipy', 'numpy'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- statistics of the dashboard
def test_round_agreement_matches_the_krippendorff_package():
    # markers are the units, participants the raters
    rng = np.random.default_rng(11)
    base = rng.integers(0, 4, size=12)
    profiles = pd.DataFrame(
        np.clip(base[None, :] + rng.integers(-1, 2, size=(6, 12)), 0, 3).astype(float),
        columns=MARKERS,
        index=[f"P{i:02d}" for i in range(1, 7)],
    )
    profiles.iloc[0, 3] = np.nan
    got = summary.round_agreement(profiles, n_boot=200)
    expected = krippendorff.alpha(
        reliability_data=profiles.to_numpy(), level_of_measurement="ordinal"
    )
    assert got["alpha"] == pytest.approx(expected, abs=1e-9)
    assert got["ci_low"] <= got["alpha"] <= got["ci_high"]
    assert (got["n_units"], got["n_raters"]) == (12, 6)


def test_percent_agreement_worked_example():
    # unit 1: values 1,1,2 -> 1 agreeing ordered pair of 3 pairs; unit 2: 0,0,0 -> all pairs agree
    profiles = pd.DataFrame({"M01": [1.0, 1.0, 2.0], "M02": [0.0, 0.0, 0.0]})
    assert summary.round_agreement(profiles, n_boot=20)["percent_agreement"] == pytest.approx(
        (1 / 3 + 1) / 2
    )


def test_agreement_with_one_card_warns_and_gives_nan():
    from amiris_lab.exceptions import UndefinedStatisticWarning

    with pytest.warns(UndefinedStatisticWarning, match="au moins deux participants"):
        got = summary.round_agreement(pd.DataFrame({"M01": [1.0]}))
    assert np.isnan(got["alpha"])


def test_spread_comparison_and_reference_gap():
    first = pd.DataFrame(
        {"M01": [0.0, 3.0, 3.0], "M02": [2.0, 2.0, 1.0]}, index=["P01", "P02", "P03"]
    )
    second = pd.DataFrame(
        {"M01": [2.0, 3.0, 3.0], "M02": [2.0, 2.0, 2.0]}, index=["P01", "P02", "P03"]
    )
    spread = summary.marker_spread(first)
    assert spread["marker"].tolist() == ["M01", "M02"]
    assert spread.loc[0, "iqr"] == pytest.approx(
        np.percentile([0, 3, 3], 75) - np.percentile([0, 3, 3], 25)
    )
    comp = summary.round_comparison(first, second).set_index("marker")
    assert comp.loc["M01", "n_changed"] == 1 and comp.loc["M02", "n_changed"] == 1
    gap = summary.reference_gap(second, {"M01": 3, "M02": "ne"})
    assert gap.to_dict("records") == [
        {
            "marker": "M01",
            "reference": 3.0,
            "median": 3.0,
            "gap": 0.0,
            "mean_abs_gap": pytest.approx(1 / 3),
        }
    ]


def test_round_two_comparison_and_consensus_on_the_dashboard(ws):
    store, _code, token = ws
    dash = DashboardApp(store, "w", token)
    dash.act("open")
    apps = [join(store, name) for name in ("Ana", "Ben", "Chloé")]
    first = ({m: 0 for m in MARKERS}, {m: 3 for m in MARKERS}, {m: 1 for m in MARKERS})
    for app, answers in zip(apps, first, strict=True):
        app.refresh()
        fill(app.card_view, answers)
        app.card_view.submit_button.click()
    dash.act("reveal")
    dash.round.value = "revise"
    dash.act("open")
    for app in apps:  # after the debate everyone moves to 2, except Ben on M12
        app.refresh()
        fill(app.card_view, {m: 2 for m in MARKERS})
        if app.participant.pseudonym == "Ben":
            app.card_view.selectors["M12"].value = 3
        app.card_view.submit_button.click()
    dash.act("reveal")
    compare = next(c for c in dash.results.children if "amiris-dash-compare" in c._dom_classes)
    assert "<td>M01</td><td>1.0 → 2.0</td><td>1.5 → 0.0</td><td>3/3</td>" in compare.value
    assert "<td>M12</td><td>1.0 → 2.0</td><td>1.5 → 0.5</td><td>2/3</td>" in compare.value
    dash.round.value = "consensus"
    dash.act("open")
    assert dash.consensus_box.layout.display is None
    fill(dash.consensus_view, {m: 2 for m in MARKERS[:11]})
    dash.consensus_view.submit_button.click()
    assert "Envoi refusé : 1 marqueur(s)" in dash.consensus_view.message.value
    dash.consensus_view.selectors["M12"].value = "ne"
    dash.consensus_view.submit_button.click()
    assert "Consensus enregistré" in dash.consensus_view.message.value
    cons = store.all_cards("w", token=token, round_name="consensus")
    assert [(c.participant_id, c.answers["M12"]) for c in cons] == [("COMITE", "ne")]


def test_trainer_gate_opens_the_tabs_with_the_right_token(ws):
    store, _code, token = ws
    gate = trainer_gate(store.path, "w")
    field = next(c for c in gate.children if "amiris-gate-token" in c._dom_classes)
    button = next(c for c in gate.children if "amiris-gate-button" in c._dom_classes)
    field.value = "wrong"
    button.click()
    assert "Jeton formateur invalide" in gate.children[-1].value
    field.value = token
    button.click()
    (tabs,) = gate.children
    assert "amiris-trainer" in tabs._dom_classes
    assert [tabs.get_title(i) for i in range(2)] == ["Tableau de bord", "Saisie formateur"]
    for app in tabs.apps:
        getattr(app, "stop", lambda: None)()


def test_an_english_page_shows_a_store_error_in_english_whatever_the_context(ws):
    """The error is raised (lazily) in the store; the page renders it in its own language."""
    from amiris_lab.i18n import language

    store, _code, _token = ws
    with language("fr"):
        page = ParticipantApp(store, "w", query_string="code=ZZZ999", lang="en")
        page.pseudonym.value = "Eve"
        page.join_button.click()
        assert "Code d'atelier incorrect" not in page.join_message.value
        english = page.join_message.value
    with language("en"):
        french = ParticipantApp(store, "w", query_string="code=ZZZ999", lang="fr")
        french.pseudonym.value = "Eve"
        french.join_button.click()
        assert "Code d'atelier incorrect" in french.join_message.value
    assert "Wrong workshop code: check the code shown by the trainer." in english
