"""Workshop model and store without a browser: state machine, who sees what, drafts,
completeness, the case file, the export."""

from __future__ import annotations

import csv
import sqlite3

import pytest

from amiris_lab.exceptions import ParameterError, SchemaError, StoreError
from amiris_lab.i18n import language
from amiris_lab.workshop import WorkshopStore, load_case
from amiris_lab.workshop.case import case_from_dataset
from amiris_lab.workshop.model import Participant, next_status

MARKERS = [f"M{i:02d}" for i in range(1, 13)]


@pytest.fixture
def store(tmp_path):
    with WorkshopStore(tmp_path / "ateliers.sqlite") as s:
        yield s


@pytest.fixture
def workshop(store):
    code, token = store.create_workshop(
        "w", load_case(), join_code="ABC234", trainer_token="secret-token"
    )
    return store, code, token


def full(level=2, **overrides):
    return {m: level for m in MARKERS} | overrides


# ---------------------------------------------------------------- state machine
def test_rounds_follow_the_state_machine(workshop):
    store, _code, token = workshop
    with pytest.raises(
        StoreError,
        match="ne peut pas s'ouvrir : le tour Tour 1 \\(individuel\\) n'est pas encore dévoilé",
    ):
        store.set_round("w", "revise", "open", token=token)
    with pytest.raises(
        StoreError, match="Action impossible : le tour Tour 1 \\(individuel\\) est à venir"
    ):
        store.set_round("w", "individuel", "close", token=token)
    assert store.set_round("w", "individuel", "open", token=token) == "open"
    assert store.set_round("w", "individuel", "close", token=token) == "closed"
    assert store.set_round("w", "individuel", "open", token=token) == "open"  # reopened
    assert store.set_round("w", "individuel", "reveal", token=token) == "revealed"
    with pytest.raises(StoreError, match="est dévoilé"):
        store.set_round("w", "individuel", "open", token=token)
    assert store.set_round("w", "revise", "open", token=token) == "open"
    with pytest.raises(StoreError, match="Tour 2 \\(révisé\\) n'est pas encore dévoilé"):
        store.set_round("w", "consensus", "open", token=token)
    store.set_round("w", "revise", "reveal", token=token)
    store.set_round("w", "consensus", "open", token=token)
    assert store.snapshot("w").statuses == {
        "individuel": "revealed",
        "revise": "revealed",
        "consensus": "open",
    }


def test_bad_round_and_action_names():
    with pytest.raises(
        ParameterError,
        match="The 'round' parameter must be one of \\{'individuel', 'revise', 'consensus'\\}. Got 'tour3' instead.",
    ):
        next_status({}, "tour3", "open")
    with pytest.raises(
        ParameterError,
        match="The 'action' parameter must be one of \\{'open', 'close', 'reveal'\\}. Got 'start' instead.",
    ):
        next_status({}, "individuel", "start")


# ---------------------------------------------------------------- who may do what
def test_join_code_is_checked_and_forgiving(workshop):
    store, _code, _token = workshop
    with pytest.raises(StoreError, match="Code d'atelier incorrect"):
        store.join("w", "ZZZ999", "Alice", "expert")
    alice = store.join("w", " abc 234 ", "Alice", "expert")
    assert alice.participant_id == "P01" and alice.key
    with pytest.raises(StoreError, match="Le pseudonyme 'alice' est déjà pris"):
        store.join("w", "ABC234", "alice", "expert")
    with pytest.raises(StoreError, match="Collège 'etudiant' inconnu"):
        store.join("w", "ABC234", "Bob", "etudiant")
    with pytest.raises(StoreError, match="Choisissez un pseudonyme"):
        store.join("w", "ABC234", "   ", "expert")
    with pytest.raises(
        StoreError, match="Atelier 'nope' introuvable dans ateliers.sqlite \\(ateliers : w\\)"
    ):
        store.join("nope", "ABC234", "Bob", "expert")


def test_trainer_actions_need_the_token(workshop):
    store, code, token = workshop
    alice = store.join("w", code, "Alice", "expert")
    for bad in (None, "", "wrong", alice.key):
        with pytest.raises(StoreError, match="Jeton formateur invalide"):
            store.set_round("w", "individuel", "open", token=bad)
    with pytest.raises(StoreError, match="Jeton formateur invalide"):
        store.all_cards("w", token="wrong")
    with pytest.raises(StoreError, match="Jeton formateur invalide"):
        store.record_card("w", "COMITE", "consensus", full(), token="wrong")
    with pytest.raises(StoreError, match="Jeton formateur invalide"):
        store.add_participant("w", "Zoé", "expert", token="wrong")
    # the token is stored hashed
    raw = sqlite3.connect(store.path).execute("SELECT token_hash FROM workshops").fetchone()[0]
    assert token not in raw and len(raw) == 64


def test_participant_acts_only_with_own_key(workshop):
    store, code, token = workshop
    alice = store.join("w", code, "Alice", "expert")
    bob = store.join("w", code, "Bob", "financeur_prive")
    store.set_round("w", "individuel", "open", token=token)
    forged = Participant(bob.participant_id, bob.pseudonym, bob.college, alice.key)
    with pytest.raises(StoreError, match="clé personnelle invalide"):
        store.save_draft("w", forged, {"M01": 1})
    with pytest.raises(StoreError, match="clé personnelle invalide"):
        store.my_card("w", forged, "individuel")
    with pytest.raises(StoreError, match="clé personnelle invalide"):
        store.resume("w", code, "P02", alice.key)
    assert store.resume("w", code, "P02", bob.key).pseudonym == "Bob"


def test_others_scores_are_seen_only_after_reveal(workshop):
    store, code, token = workshop
    alice = store.join("w", code, "Alice", "expert")
    bob = store.join("w", code, "Bob", "expert")
    store.set_round("w", "individuel", "open", token=token)
    store.submit("w", alice, full(1))
    store.submit("w", bob, full(3))
    with pytest.raises(StoreError, match="ne sont pas encore dévoilées"):
        store.revealed_cards("w", alice, "individuel")
    assert store.my_card("w", alice, "individuel").answers == full(1)
    snap = store.snapshot("w")  # what any page may read: no scores in it
    assert snap.submitted["individuel"] == {"P01", "P02"}
    assert "answers" not in repr(snap)
    store.set_round("w", "individuel", "reveal", token=token)
    seen = store.revealed_cards("w", alice, "individuel")
    assert {c.participant_id: c.answers["M01"] for c in seen} == {"P01": 1, "P02": 3}


# ---------------------------------------------------------------- cards
def test_completeness_rule_and_not_evaluated(workshop):
    store, code, token = workshop
    alice = store.join("w", code, "Alice", "expert")
    with pytest.raises(StoreError, match="Aucun tour n'est ouvert"):
        store.submit("w", alice, full())
    store.set_round("w", "individuel", "open", token=token)
    partial = {m: 1 for m in MARKERS[:10]}
    with pytest.raises(
        StoreError,
        match="Envoi refusé : 2 marqueur\\(s\\) sans niveau ni « non évalué » : M11, M12.",
    ):
        store.submit("w", alice, partial)
    with pytest.raises(StoreError, match="Marqueur M01 : niveau 7 inconnu"):
        store.submit("w", alice, full(M01=7))
    with pytest.raises(StoreError, match="Marqueur inconnu : 'M99'"):
        store.save_draft("w", alice, {"M99": 1})
    card = store.submit("w", alice, partial | {"M11": "ne", "M12": "ne"})
    assert card.submitted and card.answers["M12"] == "ne"
    with pytest.raises(StoreError, match="déjà envoyée"):
        store.submit("w", alice, full())
    with pytest.raises(StoreError, match="déjà envoyée"):
        store.save_draft("w", alice, full())


def test_draft_survives_a_reload(workshop, tmp_path):
    store, code, token = workshop
    alice = store.join("w", code, "Alice", "expert")
    store.set_round("w", "individuel", "open", token=token)
    store.save_draft("w", alice, {"M01": 3, "M02": "ne"})
    store.save_draft("w", alice, {"M01": 2, "M02": "ne", "M03": 0})
    store.close()
    with WorkshopStore(tmp_path / "ateliers.sqlite") as again:  # a new kernel after a reload
        back = again.resume("w", "abc234", alice.participant_id, alice.key)
        card = again.my_card("w", back, "individuel")
    assert card.answers == {"M01": 2, "M02": "ne", "M03": 0}
    assert not card.submitted


def test_drafts_are_kept_when_the_round_closes(workshop):
    store, code, token = workshop
    alice = store.join("w", code, "Alice", "expert")
    store.set_round("w", "individuel", "open", token=token)
    store.save_draft("w", alice, {"M01": 1})
    store.set_round("w", "individuel", "close", token=token)
    with pytest.raises(StoreError, match="Aucun tour n'est ouvert"):
        store.save_draft("w", alice, {"M01": 2})
    assert store.my_card("w", alice, "individuel").answers == {"M01": 1}
    assert store.all_cards("w", token=token) == []  # drafts are not scores


def test_consensus_is_recorded_by_the_trainer_as_comite(workshop):
    store, code, token = workshop
    alice = store.join("w", code, "Alice", "expert")
    for r in ("individuel", "revise"):
        store.set_round("w", r, "open", token=token)
        store.set_round("w", r, "reveal", token=token)
    store.set_round("w", "consensus", "open", token=token)
    with pytest.raises(StoreError, match="Aucun tour n'est ouvert"):
        store.submit("w", alice, full())
    with pytest.raises(StoreError, match="Le consensus s'enregistre au nom de COMITE"):
        store.record_card("w", "P01", "consensus", full(), token=token)
    card = store.record_card("w", "COMITE", "consensus", full(2), token=token)
    assert card.submitted
    with pytest.raises(StoreError, match="COMITE ne note que le tour Consensus"):
        store.record_card("w", "COMITE", "revise", full(), token=token)


def test_create_refuses_duplicates_and_bad_names(workshop):
    store, _code, _token = workshop
    with pytest.raises(StoreError, match="L'atelier 'w' existe déjà"):
        store.create_workshop("w", load_case())
    with pytest.raises(ParameterError, match="Le nom d'atelier doit compter de 1 à 60"):
        store.create_workshop("a b/c", load_case())


def test_store_uses_wal_and_a_busy_timeout(store):
    assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
    assert store.integrity_check() == "ok"


# ---------------------------------------------------------------- case files
def test_case_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "cas.toml"
    bad.write_text('project_id = "X"\ntitle = "t"\n', encoding="utf-8")
    with pytest.raises(SchemaError, match="cas.toml: colonne 'description': manquant"):
        load_case(bad)
    with (
        language("en"),
        pytest.raises(SchemaError, match="cas.toml: column 'description': missing"),
    ):
        load_case(bad)
    bad.write_text("project_id = \n", encoding="utf-8")
    with language("en"), pytest.raises(SchemaError, match="cas.toml: not valid TOML"):
        load_case(bad)
    with pytest.raises(ParameterError, match="Fichier de cas 'absent.toml' introuvable"):
        load_case(tmp_path / "absent.toml")
    with language("en"), pytest.raises(ParameterError, match="Case file 'absent.toml' not found"):
        load_case(tmp_path / "absent.toml")
    text = load_case().to_json()
    assert "Épicerie" in text
    good = tmp_path / "ok.toml"
    good.write_text(
        'project_id="X"\ntitle="t"\ndescription="d"\nyear=2023\ndepartment="80"\nlegal_form="sas"\n'
        'stage="emergence"\nsector="s"\ndecision="ajourne"\n[reference]\nM01 = 9\nM13 = 1\n',
        encoding="utf-8",
    )
    with (
        language("en"),
        pytest.raises(
            SchemaError,
            match="(?s)ok.toml: column 'reference': marker M01: level 9.*unknown marker 'M13'",
        ),
    ):
        load_case(good)


def test_case_from_dataset_takes_the_consensus_as_reference():
    from amiris_lab.data.demo import make_demo_dataset

    ds = make_demo_dataset(seed=3)
    cons = ds.scores[ds.scores["round"] == "consensus"]
    pid = str(cons["project_id"].iloc[0])
    case = case_from_dataset(ds, pid)
    expected = {
        str(r.marker): ("ne" if str(r.score) == "<NA>" else int(r.score))
        for r in cons[cons["project_id"] == pid].itertuples()
    }
    assert case.reference == expected and case.reference_source == "consensus"
    with pytest.raises(ParameterError, match="Le projet 'NOPE' n'est pas dans le jeu de données"):
        case_from_dataset(ds, "NOPE")
    with (
        language("en"),
        pytest.raises(ParameterError, match="Project 'NOPE' is not in the dataset"),
    ):
        case_from_dataset(ds, "NOPE")


# ---------------------------------------------------------------- export
def run_workshop(store, code, token):
    """Two participants, both rounds, a consensus; returns what was submitted."""
    alice = store.join("w", code, "Alice", "expert")
    bob = store.join("w", code, "Bob", "financeur_public")
    carl = store.join("w", code, "Carl", "accompagnement")  # joins, never submits
    submitted = {}
    store.set_round("w", "individuel", "open", token=token)
    submitted[("P01", "individuel")] = store.submit("w", alice, full(1, M05="ne")).answers
    submitted[("P02", "individuel")] = store.submit("w", bob, full(3)).answers
    store.save_draft("w", carl, {"M01": 0})
    store.set_round("w", "individuel", "reveal", token=token)
    store.set_round("w", "revise", "open", token=token)
    submitted[("P01", "revise")] = store.submit("w", alice, full(2)).answers
    submitted[("P02", "revise")] = store.submit("w", bob, full(2, M12=3)).answers
    store.set_round("w", "revise", "reveal", token=token)
    store.set_round("w", "consensus", "open", token=token)
    submitted[("COMITE", "consensus")] = store.record_card(
        "w", "COMITE", "consensus", full(2), token=token
    ).answers
    return submitted


def test_export_holds_exactly_the_submitted_cards(workshop, tmp_path):
    from amiris_lab.workshop.export import export_workshop

    store, code, token = workshop
    submitted = run_workshop(store, code, token)
    out = export_workshop(store, "w", tmp_path / "export", token=token)
    with open(out / "scores.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 12 * len(submitted)
    got = {}
    for r in rows:
        got.setdefault((r["rater_id"], r["round"]), {})[r["marker"]] = (
            "ne" if r["score"] == "" else int(r["score"])
        )
    assert got == submitted
    with open(out / "raters.csv", newline="", encoding="utf-8") as fh:
        raters = list(csv.DictReader(fh))
    assert raters == [
        {"rater_id": "P01", "college": "expert"},
        {"rater_id": "P02", "college": "financeur_public"},
        {"rater_id": "P03", "college": "accompagnement"},
    ]  # no pseudonyms by default
    with open(out / "projects.csv", newline="", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == [
            "project_id",
            "year",
            "department",
            "legal_form",
            "stage",
            "sector",
            "decision",
        ]


def test_export_loads_and_validates(workshop, tmp_path):
    from amiris_lab.data import io
    from amiris_lab.workshop.export import export_workshop

    store, code, token = workshop
    submitted = run_workshop(store, code, token)
    out = export_workshop(store, "w", tmp_path / "export", token=token)
    ds = io.load_dataset(out)
    assert len(ds.scores) == 12 * len(submitted)
    assert set(ds.scores["round"].astype(str)) == {"individuel", "revise", "consensus"}
    assert int(ds.scores["score"].isna().sum()) == 1  # Alice's "not evaluated" M05
    ratings = ds.ratings("M12", round="revise")
    assert ratings.loc["CAS-EPICERIE", ["P01", "P02"]].tolist() == [2.0, 3.0]
    from amiris_lab.cli.main import main
    from amiris_lab.data.validation import validate_dataset

    assert validate_dataset(out) == []
    assert main(["validate", str(out)]) == 0  # amiris-lab validate
