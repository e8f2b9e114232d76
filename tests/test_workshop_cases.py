"""Several cases in one workshop: the store's rules, the migration of a one-case file,
the export of every case as a project, and the summary across cases."""

from __future__ import annotations

import base64
import json
import multiprocessing as mp
import shutil
import sqlite3
from pathlib import Path

import pytest

from amiris_lab.exceptions import StoreError
from amiris_lab.workshop import WorkshopStore, load_case
from amiris_lab.workshop.model import Participant
from amiris_lab.workshop.schema import SCHEMA_VERSION

DATA = Path(__file__).parent / "data"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
MARKERS = [f"M{i:02d}" for i in range(1, 13)]


@pytest.fixture
def two(tmp_path):
    store = WorkshopStore(tmp_path / "ateliers.sqlite")
    cases = [load_case("epicerie_solidaire"), load_case("garage_solidaire")]
    code, token = store.create_workshop("w", cases, join_code="ABC234")
    yield store, code, token
    store.close()


def test_participants_stay_joined_and_each_case_has_its_rounds_and_cards(two):
    store, code, token = two
    ana = store.join("w", code, "Ana", "expert")
    ben = store.join("w", code, "Ben", "financeur_public")
    snap = store.snapshot("w")
    assert (snap.case_no, snap.current_case, snap.n_cases) == (1, 1, 2)
    assert snap.case_titles == ("L'Épicerie des Deux Rives", "Le Garage Solidaire du Vimeu")
    store.set_round("w", "individuel", "open", token=token)
    store.submit("w", ana, {m: 1 for m in MARKERS}, case_no=1)
    store.save_draft("w", ben, {"M01": 3}, case_no=1)
    with pytest.raises(StoreError, match="Fermez d'abord le tour Tour 1 \\(individuel\\) du cas 1"):
        store.next_case("w", token=token)
    with pytest.raises(StoreError, match="Jeton formateur invalide"):
        store.next_case("w", token="wrong")
    store.set_round("w", "individuel", "reveal", token=token)
    assert store.next_case("w", token=token) == 2
    with pytest.raises(StoreError, match="Le cas 2 est le dernier"):
        store.next_case("w", token=token)
    # the page still showing case 1 cannot write into case 2
    store.set_round("w", "individuel", "open", token=token)
    with pytest.raises(StoreError, match="Le formateur est passé au cas 2 \\(Le Garage"):
        store.save_draft("w", ben, {"M01": 0}, case_no=1)
    store.submit("w", ben, {m: 2 for m in MARKERS}, case_no=2)
    # rounds and submissions are per case; the participants are the same
    assert store.snapshot("w").statuses["individuel"] == "open"
    assert store.snapshot("w").submitted["individuel"] == {"P02"}
    first = store.snapshot("w", 1)
    assert first.statuses["individuel"] == "revealed" and first.submitted["individuel"] == {"P01"}
    assert [p.participant_id for p in first.participants] == ["P01", "P02"]
    assert store.my_card("w", ben, "individuel", case_no=1).answers == {"M01": 3}  # draft kept
    cards = store.all_cards("w", token=token, case_no="all", submitted_only=False)
    assert [(c.case_no, c.participant_id, c.submitted) for c in cards] == [
        (1, "P01", True),
        (1, "P02", False),
        (2, "P02", True),
    ]
    # a revealed round of an earlier case stays visible; the current one is not revealed
    assert len(store.revealed_cards("w", ana, "individuel", case_no=1)) == 1
    with pytest.raises(StoreError, match="pas encore dévoilées"):
        store.revealed_cards("w", ana, "individuel")
    # only the current case's rounds open; going back is allowed once nothing is open
    with pytest.raises(StoreError, match="Fermez d'abord"):
        store.go_to_case("w", 1, token=token)
    store.set_round("w", "individuel", "close", token=token)
    with pytest.raises(StoreError, match="Le cas 1 n'est pas le cas en cours"):
        store.set_round("w", "revise", "open", token=token, case_no=1)
    assert store.go_to_case("w", 1, token=token) == 1
    with pytest.raises(StoreError, match="Cas 3 introuvable : l'atelier 'w' a 2 cas"):
        store.go_to_case("w", 3, token=token)


def test_cases_are_added_up_to_four_with_distinct_projects(two):
    from dataclasses import replace

    store, _code, token = two
    with pytest.raises(StoreError, match="Le projet 'CAS-GARAGE' est déjà le cas 2"):
        store.add_case("w", load_case("garage_solidaire"), token=token)
    base = load_case()
    assert store.add_case("w", replace(base, project_id="CAS-3"), token=token) == 3
    with pytest.raises(StoreError, match="Jeton formateur invalide"):
        store.add_case("w", replace(base, project_id="CAS-4"), token="wrong")
    assert store.add_case("w", replace(base, project_id="CAS-4"), token=None, trusted=True) == 4
    with pytest.raises(StoreError, match="a déjà 4 cas \\(au plus 4\\)"):
        store.add_case("w", replace(base, project_id="CAS-5"), token=token)
    assert [c.project_id for c in store.cases("w")] == [
        "CAS-EPICERIE",
        "CAS-GARAGE",
        "CAS-3",
        "CAS-4",
    ]
    assert store.snapshot("w").statuses == {
        "individuel": "pending",
        "revise": "pending",
        "consensus": "pending",
    }


# ---------------------------------------------------------------- migration of a one-case file
def _expected():
    return json.loads((DATA / "workshop_v1.json").read_text(encoding="utf-8"))


def test_a_one_case_file_is_migrated_and_nothing_acknowledged_is_lost(tmp_path):
    path = tmp_path / "ancien.sqlite"
    shutil.copy(DATA / "workshop_v1.sqlite", path)
    old = _expected()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == old["user_version"] == 1
    with WorkshopStore(path) as store:
        assert store.integrity_check() == "ok"
        snap = store.snapshot("ancien")
        cards = store.all_cards("ancien", token=old["token"], submitted_only=False)
        assert [[p.participant_id, p.pseudonym, p.college] for p in snap.participants] == old[
            "participants"
        ]
        assert snap.statuses == old["statuses"] and snap.join_code == old["join_code"]
        assert [[c.participant_id, c.round, c.answers, c.submitted] for c in cards] == old["cards"]
        assert {c.case_no for c in cards} == {1} and snap.n_cases == 1
        assert snap.case.project_id == "CAS-EPICERIE"
        # the workshop goes on: a participant resumes with the personal key and submits
        chloe = store.resume("ancien", "OLD234", "P03", old["keys"]["P03"])
        assert store.my_card("ancien", chloe, "revise").answers == {"M01": 2, "M02": "ne"}
        store.submit("ancien", chloe, {m: 2 for m in MARKERS})
        store.add_case("ancien", load_case("garage_solidaire"), token=old["token"])
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        events = conn.execute("SELECT action, detail FROM events WHERE action = 'migrate'")
        assert events.fetchall() == [("migrate", "1->2")]
    with WorkshopStore(path) as store:  # opened again: no second migration, nothing changed
        assert store.snapshot("ancien").n_cases == 2
        assert len(store.all_cards("ancien", token=old["token"], case_no=1)) == 7


def _open_and_read(path, queue):
    with WorkshopStore(path) as store:
        queue.put(len(store.all_cards("ancien", token=None, trusted=True, submitted_only=False)))


def test_many_pages_opening_an_old_file_at_once_migrate_it_once(tmp_path):
    path = tmp_path / "ancien.sqlite"
    shutil.copy(DATA / "workshop_v1.sqlite", path)
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_open_and_read, args=(path, queue)) for _ in range(8)]
    for p in procs:
        p.start()
    counts = [queue.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    assert [p.exitcode for p in procs] == [0] * 8
    assert counts == [len(_expected()["cards"])] * 8
    with sqlite3.connect(path) as conn:
        migrations = conn.execute("SELECT count(*) FROM events WHERE action = 'migrate'")
        assert migrations.fetchone()[0] == 1


def test_a_file_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "futur.sqlite"
    with WorkshopStore(path):
        pass
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="vient d'une version plus récente d'amiris_lab"):
        WorkshopStore(path)


def test_a_stale_page_cannot_submit_into_the_next_case(two):
    store, code, token = two
    ana = store.join("w", code, "Ana", "expert")
    store.set_round("w", "individuel", "open", token=token)
    store.save_draft("w", ana, {"M01": 1}, case_no=1)
    store.set_round("w", "individuel", "close", token=token)
    store.next_case("w", token=token)
    store.set_round("w", "individuel", "open", token=token)
    with pytest.raises(StoreError, match="actualisez la page"):
        store.submit("w", Participant(ana.participant_id, "", "", ana.key), {}, case_no=1)
    assert store.all_cards("w", token=token, case_no=2, submitted_only=False) == []


def test_the_export_holds_every_case_as_a_project_and_validates(two, tmp_path):
    from amiris_lab import load_dataset
    from amiris_lab.cli.main import main
    from amiris_lab.workshop.export import export_workshop

    store, code, token = two
    people = [store.join("w", code, n, "expert") for n in ("Ana", "Ben", "Chloé")]
    for case_no, level in ((1, 1), (2, 3)):
        store.set_round("w", "individuel", "open", token=token)
        for who in people:
            store.submit("w", who, {m: level for m in MARKERS} | {"M05": "ne"}, case_no=case_no)
        store.set_round("w", "individuel", "reveal", token=token)
        store.set_round("w", "revise", "open", token=token)
        store.submit("w", people[0], {m: level for m in MARKERS}, case_no=case_no)
        store.set_round("w", "revise", "close", token=token)
        if case_no == 1:
            store.next_case("w", token=token)
    out = export_workshop(store, "w", tmp_path / "export", token=token)
    assert main(["validate", str(out)]) == 0
    ds = load_dataset(out)
    assert list(ds.projects["project_id"].astype(str)) == ["CAS-EPICERIE", "CAS-GARAGE"]
    scores = ds.scores.assign(project_id=ds.scores["project_id"].astype(str))
    per = scores.groupby(["project_id", "round"], observed=True).size().to_dict()
    assert per == {
        ("CAS-EPICERIE", "individuel"): 36,
        ("CAS-EPICERIE", "revise"): 12,
        ("CAS-GARAGE", "individuel"): 36,
        ("CAS-GARAGE", "revise"): 12,
    }
    garage = scores[scores["project_id"] == "CAS-GARAGE"]
    assert set(garage["score"].dropna().astype(int)) == {3}
    assert int(garage["score"].isna().sum()) == 3  # M05 "not evaluated" in round 1


# ---------------------------------------------------------------- pages across cases
def _fill(view, values: dict) -> None:
    for marker, value in values.items():
        view.selectors[marker].value = value


def test_participant_page_follows_the_next_case_and_the_dashboard_keeps_each_case(two):
    import krippendorff

    from amiris_lab.widgets.dashboard import DashboardApp
    from amiris_lab.widgets.dashboard_model import fmt
    from amiris_lab.widgets.participant import ParticipantApp

    store, _code, token = two
    dash = DashboardApp(store, "w", token)
    assert [label for label, _ in dash.case.options] == [
        "1. L'Épicerie des Deux Rives (en cours)",
        "2. Le Garage Solidaire du Vimeu",
    ]
    apps = []
    for name in ("Ana", "Ben", "Chloé"):
        app = ParticipantApp(store, "w", query_string="code=ABC234")
        app.pseudonym.value = name
        app.join_button.click()
        apps.append(app)
    assert "Cas 1 sur 2 — L'Épicerie" in apps[0].case_html.value
    levels = {1: [[1] * 12, [2] * 12, [1] * 6 + [2] * 6], 2: [[0] * 12, [3] * 12, [0] * 12]}
    second = {1: [[2] * 12, [2] * 12, [1] * 6 + [2] * 6], 2: [[1] * 12, [2] * 12, [0] * 12]}
    for case_no in (1, 2):
        for round_name, table in (("individuel", levels), ("revise", second)):
            dash.round.value = round_name
            dash.act("open")
            for app, row in zip(apps, table[case_no], strict=True):
                app.refresh()
                _fill(app.card_view, dict(zip(MARKERS, row, strict=True)))
                app.card_view.submit_button.click()
                assert "Fiche envoyée" in app.card_view.message.value
            dash.act("reveal")
        if case_no == 1:
            dash.next_case()
            assert "Les participants passent au cas 2" in dash.message.value
            apps[0].refresh()  # the page follows without rejoining
            assert apps[0].participant.participant_id == "P01"
            assert "Cas 2 sur 2 — Le Garage Solidaire" in apps[0].case_html.value
            assert "En attente" in apps[0].status.value or "Tour 1" in apps[0].status.value
            assert apps[0].card_model.answers == {}
    assert "cas 2 sur 2 : Le Garage Solidaire du Vimeu (en cours)" in dash.header.value
    # each case keeps its own view
    agreement = next(c for c in dash.results.children if "amiris-dash-agreement" in c._dom_classes)
    garage = krippendorff.alpha(reliability_data=second[2], level_of_measurement="ordinal")
    assert f"<b>{fmt(garage)}</b>" in agreement.value
    dash.case.value = 1
    assert "cas 1 sur 2 : L'Épicerie des Deux Rives (les participants sont sur le cas 2)" in (
        dash.header.value
    )
    agreement = next(c for c in dash.results.children if "amiris-dash-agreement" in c._dom_classes)
    epicerie = krippendorff.alpha(reliability_data=second[1], level_of_measurement="ordinal")
    assert f"<b>{fmt(epicerie)}</b>" in agreement.value
    # the summary across cases: agreement per case and round, who moved toward the reference
    text = dash.summary.value
    for case_no, table in ((1, levels), (1, second), (2, levels), (2, second)):
        alpha = krippendorff.alpha(reliability_data=table[case_no], level_of_measurement="ordinal")
        assert f"<td>{fmt(alpha)}</td>" in text
    assert "Qui s’est rapproché de la référence" in text
    # Ana on the garage (reference M01=3, M02=1, ..., M11 not evaluated): all 0 -> all 1
    ref = load_case("garage_solidaire").reference
    scored = [m for m in MARKERS if ref[m] != "ne"]
    gap_1 = sum(abs(0 - ref[m]) for m in scored) / len(scored)
    gap_2 = sum(abs(1 - ref[m]) for m in scored) / len(scored)
    ana = text.split("<td>P01 (Ana)</td>")[1].split("</tr>")[0]
    assert f"{fmt(gap_1)} → {fmt(gap_2)}" in ana
    assert ("↘" if gap_2 < gap_1 else "↗") in ana.split("</td>")[1]
    # the page of a participant shows the group of the case it is on
    apps[1].refresh()
    assert "Le groupe, Tour 2 (révisé) (3 fiches)" in apps[1].revealed.value
    dash.stop()
    for app in apps:
        app.stop()


@pytest.mark.notebook
@pytest.mark.slow
def test_research_notebook_04_reads_a_several_case_export(two, tmp_path):
    import numpy as np

    from amiris_lab.reports.execute import execute_notebook
    from amiris_lab.workshop.export import export_workshop

    store, code, token = two
    people = [store.join("w", code, n, "expert") for n in ("Ana", "Ben", "Chloé", "Dan")]
    rng = np.random.default_rng(8)
    for case_no in (1, 2):
        for round_name in ("individuel", "revise"):
            store.set_round("w", round_name, "open", token=token)
            for who in people:
                answers = {m: int(rng.integers(0, 4)) for m in MARKERS}
                store.submit("w", who, answers, case_no=case_no)
            store.set_round("w", round_name, "reveal", token=token)
        store.set_round("w", "consensus", "open", token=token)
        store.record_card("w", "COMITE", "consensus", {m: 2 for m in MARKERS}, token=token)
        store.set_round("w", "consensus", "close", token=token)
        if case_no == 1:
            store.next_case("w", token=token)
    folder = export_workshop(store, "w", tmp_path / "export", token=token)
    name = "04_analyser_un_atelier.ipynb"
    nb = execute_notebook(
        Path(__file__).parents[1] / "notebooks" / name,
        tmp_path / name,
        {"export_dir": str(folder), "n_boot": 50},
    )
    text = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert '"output_type": "error"' not in text
    assert "2 cas (CAS-EPICERIE, CAS-GARAGE) : 4 participants" in text
    assert "image/png" in text
    moves = nb.cells[-1]["outputs"][0]["data"]["text/plain"]
    assert all(word in moves for word in ("CAS-EPICERIE", "CAS-GARAGE", "gap_1", "direction"))
    png = next(
        o["data"]["image/png"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "image/png" in o.get("data", {})
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "notebook04_radars.png").write_bytes(base64.b64decode(png))


def test_the_command_line_creates_several_cases_adds_one_and_moves_on(tmp_path, capsys):
    from amiris_lab.cli.main import main

    store = str(tmp_path / "a.sqlite")
    base = ["workshop", "create", "--name", "s", "--store", store, "--code", "ABC234"]
    assert main([*base, "--case", "epicerie_solidaire", "--case", "garage_solidaire"]) == 0
    out = capsys.readouterr().out
    assert "(cas : 1. L'Épicerie des Deux Rives ; 2. Le Garage Solidaire du Vimeu)" in out
    case3 = tmp_path / "cas3.toml"
    text = (DATA.parents[1] / "amiris_lab/resources/cases/garage_solidaire.toml").read_text()
    case3.write_text(text.replace("CAS-GARAGE", "CAS-TROIS").replace("Vimeu", "Ponthieu"))
    add = ["workshop", "add-case", "--name", "s", "--store", store, "--case"]
    assert main([*add, str(case3)]) == 0
    assert "Cas 3 ajouté à l'atelier 's' : Le Garage Solidaire du Ponthieu." in (
        capsys.readouterr().out
    )
    assert main([*add, "garage_solidaire"]) == 1
    assert "Le projet 'CAS-GARAGE' est déjà le cas 2" in capsys.readouterr().err
    assert main(["workshop", "next-case", "--name", "s", "--store", store]) == 0
    assert "passent au cas 2 : Le Garage Solidaire du Vimeu" in capsys.readouterr().out
    assert main(["workshop", "status", "--name", "s", "--store", store]) == 0
    out = capsys.readouterr().out
    assert "Cas 2 sur 3 : Le Garage Solidaire du Vimeu (en cours)" in out
    assert "Cas 1 sur 3 : L'Épicerie des Deux Rives\n" in out
    with WorkshopStore(store) as s:
        assert s.snapshot("s").current_case == 2


def test_a_refusal_raised_by_the_store_reads_in_english_on_an_english_page(two):
    from amiris_lab.i18n import language

    store, code, token = two
    store.set_round("w", "individuel", "open", token=token)
    with pytest.raises(StoreError) as refused:
        store.next_case("w", token=token)
    with language("en"):
        assert str(refused.value) == (
            "Close round Round 1 (individual) of case 1 before changing case."
        )


def test_the_facilitator_mode_follows_the_current_case(two):
    from amiris_lab.widgets.facilitator import FacilitatorApp

    store, _code, token = two
    fac = FacilitatorApp(store, "w", token)
    assert "Cas 1 sur 2 — L'Épicerie des Deux Rives" in fac.title.value
    fac.pseudonym.value = "Ana"
    fac.add_button.click()
    store.next_case("w", token=token)
    store.set_round("w", "individuel", "open", token=token)
    fac.reload_people()
    assert "Cas 2 sur 2 — Le Garage Solidaire du Vimeu" in fac.title.value
    assert fac.view in fac.widget.children
    _fill(fac.view, {m: 3 for m in MARKERS})
    fac.view.submit_button.click()
    assert "Fiche de P01 enregistrée" in fac.view.message.value
    cards = store.all_cards("w", token=token, case_no="all")
    assert [(c.case_no, c.participant_id) for c in cards] == [(2, "P01")]
