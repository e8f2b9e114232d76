"""The command line: one language per run, argparse included; exit codes; quiet broken pipes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from io_fixtures import SCORES, write_folder

import amiris_lab
from amiris_lab.cli.main import build_parser, main
from amiris_lab.exceptions import Problem, SchemaError
from amiris_lab.i18n import language, set_language

ROOT = Path(__file__).resolve().parents[1]
ARGPARSE_FR = ROOT / "amiris_lab" / "locale" / "fr" / "LC_MESSAGES" / "argparse.po"
# English words that must never reach a French run of the commands below.
ENGLISH = re.compile(
    r"\b(usage:|positional arguments|show this help|invalid choice|choose from|error:|"
    r"problem\(s\)|found in|column '|is not in the|did you mean|required)\b"
)


@pytest.fixture(autouse=True)
def _french(monkeypatch):
    monkeypatch.delenv("AMIRIS_LAB_LANG", raising=False)
    set_language(None)
    yield
    set_language(None)


def run(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse's own errors and --help
        code = stop.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def invalid_folder(tmp_path):
    """A dataset with one wrong score: validate finds one problem."""
    return write_folder(tmp_path / "bad", {"scores.csv": SCORES.replace("M01,3", "M01,5")})


# ------------------------------------------------------------------ one language per run
def test_every_argparse_message_has_a_french_translation():
    catalogue = read_po(ARGPARSE_FR.open("rb"), locale="fr")
    with open(__import__("argparse").__file__, "rb") as handle:
        extracted = {
            (m if isinstance(m, str) else m[0])
            for _line, m, _comments, _context in extract_from_file(
                "python", handle.name, keywords={"_": None, "ngettext": (1, 2)}
            )
        }
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalogue
        if m.id and (m.string if isinstance(m.string, str) else all(m.string))
    }
    assert extracted and extracted <= translated, sorted(extracted - translated)


def test_help_is_french_throughout(capsys):
    code, out, _err = run(["--help"], capsys)
    assert code == 0
    assert out.startswith("usage : amiris-lab")
    assert "arguments positionnels\u00a0:" in out and "options\u00a0:" in out
    assert "afficher cette aide et quitter" in out
    assert "afficher la version du programme et quitter" in out
    assert not ENGLISH.search(out), ENGLISH.search(out)


def test_help_is_english_with_lang_en(capsys):
    code, out, _err = run(["--lang", "en", "workshop", "--help"], capsys)
    assert code == 0
    assert out.startswith("usage: amiris-lab workshop")
    assert "show this help message and exit" in out and "arguments positionnels" not in out


def test_mistyped_command_is_refused_in_french_with_a_suggestion(capsys):
    code, out, err = run(["reprot"], capsys)
    assert code == 2 and out == ""
    last = err.strip().splitlines()[-1]
    assert last.startswith("amiris-lab : erreur : argument COMMANDE : choix invalide : 'reprot'")
    assert last.endswith("; vouliez-vous dire 'report' ?")


def test_mistyped_command_in_english(capsys):
    code, _out, err = run(["--lang", "en", "valdate", "x"], capsys)
    assert code == 2
    last = err.strip().splitlines()[-1]
    assert last.startswith("amiris-lab: error: argument COMMAND: invalid choice: 'valdate'")
    assert last.endswith("; did you mean 'validate'?")


def test_missing_required_option_is_french(capsys):
    code, _out, err = run(["workshop", "status"], capsys)
    assert code == 2
    assert "arguments obligatoires manquants : --name" in err
    assert not ENGLISH.search(err), err


def test_validate_speaks_one_language(invalid_folder, capsys):
    code, out, err = run(["validate", str(invalid_folder)], capsys)
    assert code == 1
    assert "scores.csv:3: colonne 'score': '5' n'est pas un niveau" in out
    assert not ENGLISH.search(out + err), ENGLISH.search(out + err)
    code, out, _err = run(["--lang", "en", "validate", str(invalid_folder)], capsys)
    assert code == 1 and "scores.csv:3: column 'score': '5' is not a level" in out


def test_schema_error_header_and_location_follow_the_language_when_shown():
    error = SchemaError([Problem("scores.csv", 3, "score", "x")])
    assert str(error) == "1 problème(s) dans le jeu de données\nscores.csv:3: colonne 'score': x"
    with language("en"):
        assert str(error) == "1 problem(s) found in the dataset\nscores.csv:3: column 'score': x"


def test_year_absent_from_the_data_is_said_in_french(tmp_path, capsys):
    folder = write_folder(tmp_path / "ok")
    code, _out, err = run(["agreement", str(folder), "--year", "2030"], capsys)
    assert code == 2
    assert err.startswith("Erreur : L'année 2030 n'est pas dans le jeu de données")
    assert not ENGLISH.search(err), err


# ------------------------------------------------------------------ help lines
def _subparsers(parser):
    for action in parser._actions:
        if action.__class__.__name__ == "_SubParsersAction":
            return action
    return None


def test_every_workshop_action_and_option_has_a_help_line():
    workshop = _subparsers(build_parser()).choices["workshop"]
    actions = _subparsers(workshop)
    helped = {a.dest: a.help for a in actions._choices_actions}
    missing = []
    for name, sub in actions.choices.items():
        if not helped.get(name):
            missing.append(name)
        missing += [
            f"{name} {'/'.join(a.option_strings) or a.dest}"
            for a in sub._actions
            if not a.help and a.help is not __import__("argparse").SUPPRESS
        ]
    assert {"create", "export", "serve", "status", "token"} <= set(actions.choices)
    assert missing == []


# ------------------------------------------------------------------ exit codes
def test_exit_code_table_of_the_readme_documents_every_code():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (\d+) \| (.+) \|$", text, flags=re.M))
    assert set(table) >= {"0", "1", "2", "3", "4", "130", "141"}
    assert "k-anonymity" in table["1"] and "groupe de moins de k" in table["1"]
    assert "introuvable" in table["2"] and "toutes les commandes" in table["2"]
    assert "head" in table["141"]


def test_k_anonymity_exits_1_for_a_group_under_k(tmp_path, capsys):
    folder = write_folder(tmp_path / "ds")
    code, out, _err = run(["k-anonymity", str(folder), "--k", "5"], capsys)
    assert code == 1 and out.strip()


# ------------------------------------------------------------------ broken pipe
def test_output_closed_early_ends_quietly(tmp_path):
    """``amiris-lab validate X | head -1`` with a real pipe: no traceback, code 141."""
    many = "project_id,rater_id,round,marker,score\n" + "".join(
        f"P1,R1,individuel,M01,{9 + i % 3}\n" for i in range(5000)
    )
    folder = write_folder(tmp_path / "big", {"scores.csv": many})
    env = {**os.environ, "PYTHONPATH": str(Path(amiris_lab.__file__).parents[1])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "amiris_lab", "validate", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    first = proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does after its line
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    assert first.startswith(b"scores.csv:2: ")
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert err == ""
    assert code == 141
