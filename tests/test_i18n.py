"""The message catalogue: complete, in step with the code, lazy, in the reader's language."""

from __future__ import annotations

import contextvars
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
    tr,
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


def test_n_marks_without_translating_and_tr_still_works():
    assert N_("Marqueur") == "Marqueur"
    assert tr("Marqueur", "Marker", lang="en") == "Marker"
    assert tr("Marqueur", "Marker") == "Marqueur"
