"""The message catalogue: complete, in step with the code, lazy, in the reader's language."""

from __future__ import annotations

import ast
import contextvars
import re
import string
import threading
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from amiris_lab.exceptions import ParameterError, StoreError
from amiris_lab.i18n import (
    N_,
    Message,
    catalogue,
    get_language,
    language,
    lazy_,
    set_language,
    t_,
)

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "amiris_lab" / "locale" / "en" / "LC_MESSAGES" / "amiris_lab.po"
KEYWORDS = {"t_": None, "lazy_": None, "N_": None}


@pytest.fixture(autouse=True)
def _reset_language(monkeypatch):
    monkeypatch.delenv("AMIRIS_LAB_LANG", raising=False)
    set_language(None)
    yield
    set_language(None)


def _po():
    with PO.open("rb") as handle:
        return read_po(handle, locale="en")


def _extracted() -> set[str]:
    """Every msgid Babel extracts with the maintainers' configuration (babel.cfg)."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    return {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS
        )
    }


def _fields(text: str) -> list[tuple[str, str, str]]:
    return sorted(
        (name, spec or "", conv or "")
        for _lit, name, spec, conv in string.Formatter().parse(text)
        if name is not None
    )


# ------------------------------------------------------------------ the catalogue
def test_every_message_has_an_english_translation_and_none_is_fuzzy_or_obsolete():
    po = _po()
    messages = [m for m in po if m.id]
    assert len(messages) > 300
    untranslated = [m.id for m in messages if not m.string]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == [], f"msgstr missing: {untranslated[:5]}"
    assert fuzzy == [], f"fuzzy: {fuzzy[:5]}"
    assert list(po.obsolete) == [], "obsolete entries: run `make messages`"


def test_catalogue_holds_exactly_the_messages_of_the_code():
    in_code = _extracted()
    in_po = {m.id for m in _po() if m.id}
    assert sorted(in_code - in_po) == [], "new messages: run `make messages` and translate"
    assert sorted(in_po - in_code) == [], "messages no longer in the code: run `make messages`"


def test_placeholders_are_the_same_in_french_and_english():
    different = [
        (m.id, m.string)
        for m in _po()
        if m.id and "{" in m.id + m.string and _fields(m.id) != _fields(m.string)
    ]
    assert different == []


def test_the_english_text_of_a_placeholder_message_formats():
    for m in _po():
        if m.id and _fields(m.id):
            values = {name: 1 for name, _spec, _conv in _fields(m.id)}
            m.string.format(**values)  # raises on a broken placeholder


# ------------------------------------------------------------------ choosing the language
def test_language_is_argument_then_context_then_environment_then_french(monkeypatch):
    assert get_language() == "fr"
    monkeypatch.setenv("AMIRIS_LAB_LANG", "en")
    assert get_language() == "en"
    with language("fr"):
        assert get_language() == "fr"
        assert get_language("en") == "en"
        assert t_("Marqueur") == "Marqueur"
        assert t_("Marqueur", lang="en") == "Marker"
    assert get_language() == "en"
    set_language("fr")
    assert get_language() == "fr"


def test_a_context_keeps_its_language_apart_from_another():
    seen = {}

    def page(lang):
        set_language(lang)
        seen[lang] = t_("Marqueur")

    contextvars.copy_context().run(page, "en")
    contextvars.copy_context().run(page, "fr")
    assert seen == {"en": "Marker", "fr": "Marqueur"}


def test_set_language_reaches_threads_started_later():
    set_language("en")
    out = []
    thread = threading.Thread(target=lambda: out.append(t_("Marqueur")))
    thread.start()
    thread.join()
    assert out == ["Marker"]


def test_unknown_language_is_refused():
    with pytest.raises(ParameterError, match="'lang' parameter must be one of"):
        t_("Marqueur", lang="de")
    with pytest.raises(ParameterError):
        set_language("de")


def test_french_needs_no_catalogue_and_unknown_text_passes_through():
    assert catalogue("fr") == {}
    assert t_("pas dans le catalogue {x}", x=3, lang="en") == "pas dans le catalogue 3"


# ------------------------------------------------------------------ lazy messages
def test_placeholders_are_filled_after_translation():
    text = t_(
        "{n_errors} problème(s) dans {path} : corrigez-les puis relancez "
        "'amiris-lab validate {path}'.",
        n_errors=2,
        path="x",
        lang="en",
    )
    assert text == "2 problem(s) in x: fix them, then run 'amiris-lab validate x' again."


def test_lazy_message_is_translated_when_shown():
    message = lazy_("Marqueur")
    assert isinstance(message, Message)
    with language("en"):
        assert str(message) == "Marker"
        assert f"[{message}]" == "[Marker]"
    assert str(message) == "Marqueur"
    assert message.render("en") == "Marker"


def test_a_store_error_raised_in_french_reads_in_english_on_an_english_page(tmp_path):
    from amiris_lab.workshop.store import WorkshopStore

    store = WorkshopStore(tmp_path / "ateliers.sqlite")
    with language("fr"), pytest.raises(StoreError) as caught:
        store.snapshot("absent")
    error = caught.value
    with language("en"):
        assert str(error).startswith("Workshop 'absent' not found in ateliers.sqlite")
    with language("fr"):
        assert str(error).startswith("Atelier 'absent' introuvable dans ateliers.sqlite")


def test_n_marks_without_translating_and_the_inline_form_is_gone():
    import amiris_lab.i18n as i18n

    assert N_("Marqueur") == "Marqueur"
    assert not hasattr(i18n, "tr")


# ------------------------------------------------------------------ nothing outside the catalogue
PACKAGE = ROOT / "amiris_lab"
#: Call sinks whose first argument a person reads.
TEXT_CALLS = {"print", "warn", "write", "error", "exit", "Markdown", "HTML", "Label"}
TEXT_CALLS |= {"set_title", "set_xlabel", "set_ylabel", "suptitle", "text", "annotate"}
#: Keyword arguments a person reads (argparse, ipywidgets, tqdm, matplotlib).
TEXT_KEYWORDS = {"help", "description", "epilog", "placeholder", "tooltip", "desc", "title"}
TEXT_KEYWORDS |= {"xlabel", "ylabel", "label", "submit_label", "header"}
#: The research notebooks are French documents by design (no English edition).
FRENCH_DOCUMENTS = {
    p.relative_to(ROOT).as_posix() for p in PACKAGE.glob("resources/notebooks/0*.py")
}
#: The statistics layer keeps scikit-learn's convention: its checks of a Python caller's
#: arguments and its "undefined statistic" warnings are written in English for programmers
#: (STYLE.md). Everything a command, a page, a widget or the report shows goes through the
#: catalogue. The files of that layer:
API_LAYER = (
    "amiris_lab/agreement/",
    "amiris_lab/analysis/",
    "amiris_lab/clustering/",
    "amiris_lab/plotting/",
    "amiris_lab/gtheory/",
    "amiris_lab/_param_validation.py",  # the shared checks of a Python caller's arguments
)
#: Written into files, not shown: the Frictionless descriptions of the format (datapackage.json).
FILE_METADATA = {"amiris_lab/format.py"}
#: Literals with letters that are not text for a reader: (file, start of the literal).
NOT_TEXT = {
    ("amiris_lab/widgets/dashboard.py", "<style>"),  # CSS
    ("amiris_lab/widgets/participant.py", "AB7K9Q"),  # an example join code
    ("amiris_lab/data/readers.py", "{name}.csv"),  # a file name
    ("amiris_lab/_lazy.py", "module {package} has no attribute"),  # Python's AttributeError
    ("amiris_lab/cli/workshop.py", "{args.name} — {snap.case.title} — code"),  # "code": same word
}
#: A parameter check of a Python caller, in scikit-learn's words (STYLE.md).
API_CHECK = re.compile(r"^The '\{?\w+\}?' parameter (of \{?\w+\}? )?(must|accepts)")


def _literal_text(node: ast.AST) -> str | None:
    """The literal's text if it holds words once tags, entities and placeholders are gone."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            "{" + ast.unparse(v.value) + "}" if isinstance(v, ast.FormattedValue) else v.value
            for v in node.values
        )
    elif isinstance(node, ast.BinOp):
        return _literal_text(node.left) or _literal_text(node.right)
    else:
        return None
    bare = re.sub(r"<[^>]*>|&\w+;", " ", re.sub(r"\{[^{}]*(\{[^{}]*\}[^{}]*)*\}", " ", text))
    return text if re.search(r"[^\W\d_]{2,}", bare) else None


def _reader_facing_literals(path: Path):
    """(line, sink, text) of every literal with words passed straight to a reader."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        candidates = []
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            candidates.append(("raise", node.exc.args[0]))
        if isinstance(node, ast.Call):
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", "")
            if name in ("t_", "lazy_", "N_"):
                continue
            if name in TEXT_CALLS and node.args:
                candidates.append((name, node.args[0]))
            candidates += [
                (f"{name}({k.arg}=)", k.value) for k in node.keywords if k.arg in TEXT_KEYWORDS
            ]
        for sink, value in candidates:
            text = _literal_text(value)
            if text is not None:
                yield value.lineno, sink, text


def test_no_tr_call_is_left():
    """No inline tr(fr, en) call is left: every message is in the catalogue."""
    left = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        left += [
            f"{path.relative_to(ROOT)}:{n.lineno}"
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "tr"
        ]
    assert left == []


def test_no_user_facing_text_outside_the_catalogue():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in FRENCH_DOCUMENTS or rel in FILE_METADATA or rel.startswith(API_LAYER):
            continue
        for line, sink, text in _reader_facing_literals(path):
            if any(rel == f and text.startswith(start) for f, start in NOT_TEXT):
                continue
            if sink == "raise" and API_CHECK.match(text):
                continue
            found.append(f"{rel}:{line}: {sink}: {text[:70]}")
    assert found == [], "\n".join(found)


def test_the_scan_sees_a_literal_message():
    """The scan itself: a print of a literal, an f-string error, an argparse help."""
    import tempfile

    code = (
        "import argparse\n"
        "print('Bonjour')\n"
        "raise ValueError(f'Année {y} absente')\n"
        "argparse.ArgumentParser().add_argument('-x', help='aide')\n"
        "print(t_('Bonjour'))\n"
        "print(f'{a}: {b}')\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.py"
        path.write_text(code, encoding="utf-8")
        sinks = sorted((line, sink) for line, sink, _text in _reader_facing_literals(path))
    assert sinks == [(2, "print"), (3, "raise"), (4, "add_argument(help=)")]
