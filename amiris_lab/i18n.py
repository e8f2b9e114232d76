"""User-facing language: French by default, English on request, one message catalogue.

Every text shown to a user is written once, in French, in the code::

    t_("Année {year} absente des données.", year=year)

and translated into English in the gettext catalogue
``amiris_lab/locale/en/LC_MESSAGES/amiris_lab.po`` (French source text as ``msgid``,
English as ``msgstr``), maintained with Babel (see the README's development section).

Three functions mark a message for the catalogue:

- :func:`t_` translates and formats now, in the language in force, and returns a ``str``;
- :func:`lazy_` returns a :class:`Message` that keeps the ``msgid`` and its arguments and
  is translated only when shown (``str()``, ``format()``, an exception's traceback), so a
  message raised in one place and shown on an English page reads in English;
- :func:`N_` only marks a literal for extraction (tables of labels translated later with
  ``t_(label)``).

Placeholders use :meth:`str.format` syntax with names (``{year}``, ``{value!r}``,
``{share:.0%}``); they are filled after translation, so both languages see the same values.

The language in force is, in order: the ``lang`` argument of a call, the language of the
current context (:func:`set_language` or the :func:`language` context manager, stored in a
:mod:`contextvars` variable so that a page or a command sets it once), the
``AMIRIS_LAB_LANG`` environment variable, then French.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext
import io
import os
from collections.abc import Iterator, Mapping
from importlib import resources

from .exceptions import ParameterError

LANGUAGES = ("fr", "en")
SOURCE_LANGUAGE = "fr"
DOMAIN = "amiris_lab"

_context: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "amiris_lab_language", default=None
)
# set_language also records the choice for the whole process, so that code running in
# another context (a thread, a widget callback) still follows it.
_session: str | None = None


def _check(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ParameterError(
            f"The 'lang' parameter must be one of {{'fr', 'en'}}. Got {lang!r} instead."
        )
    return lang


def set_language(lang: str | None) -> None:
    """Set the language (``"fr"`` or ``"en"``) of the current context and of the session.

    None goes back to the default (``AMIRIS_LAB_LANG``, then French).

    Examples
    --------
    >>> set_language("en")
    >>> get_language()
    'en'
    >>> set_language(None)
    """
    global _session
    checked = None if lang is None else _check(lang)
    _session = checked
    _context.set(checked)


@contextlib.contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Use ``lang`` inside a ``with`` block only (a page, a command, a test).

    Examples
    --------
    >>> with language("en"):
    ...     t_("Marqueur")
    'Marker'
    """
    token = _context.set(None if lang is None else _check(lang))
    try:
        yield get_language()
    finally:
        _context.reset(token)


def get_language(lang: str | None = None) -> str:
    """Return the language in force: ``lang`` if given, else the context's, else ``fr``.

    Examples
    --------
    >>> get_language("en")
    'en'
    """
    if lang is not None:
        return _check(lang)
    current = _context.get()
    if current is not None:
        return current
    if _session is not None:
        return _session
    env = os.environ.get("AMIRIS_LAB_LANG", "").strip().lower()
    return env if env in LANGUAGES else SOURCE_LANGUAGE


@functools.cache
def catalogue(lang: str) -> Mapping[str, str]:
    """Return the translations of ``lang`` as a mapping French ``msgid`` -> text.

    French is the source language: its catalogue is empty. Entries marked fuzzy or
    left empty are ignored (the French text is shown).
    """
    if _check(lang) == SOURCE_LANGUAGE:
        return {}
    # Babel is imported here, on the first English message, so that French runs and
    # ``import amiris_lab`` do not pay for it.
    from babel.messages.pofile import read_po

    po = resources.files("amiris_lab").joinpath("locale", lang, "LC_MESSAGES", f"{DOMAIN}.po")
    with po.open("rb") as handle:
        cat = read_po(handle, locale=lang, domain=DOMAIN)
    return {
        m.id: m.string for m in cat if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


@functools.cache
def gnu_translations(domain: str, lang: str) -> gettext.NullTranslations:
    """The catalogue ``locale/<lang>/LC_MESSAGES/<domain>.po`` as stdlib gettext translations.

    Used to give other libraries our translations in their own gettext calls (argparse
    in French: domain ``argparse``). Without a catalogue: :class:`gettext.NullTranslations`.

    Examples
    --------
    >>> gnu_translations("argparse", "fr").gettext("show this help message and exit")
    'afficher cette aide et quitter'
    >>> gnu_translations("argparse", "en").gettext("show this help message and exit")
    'show this help message and exit'
    """
    po = resources.files("amiris_lab").joinpath("locale", lang, "LC_MESSAGES", f"{domain}.po")
    if not po.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # see catalogue(): Babel only when needed
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        cat = read_po(handle, locale=lang, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, cat)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def translate(msgid: str, lang: str | None = None) -> str:
    """Translate a French ``msgid`` into the language in force, without formatting."""
    return catalogue(get_language(lang)).get(msgid, msgid)


def t_(msgid: str, /, *, lang: str | None = None, **params: object) -> str:
    """Translate ``msgid`` (French) into the language in force, then fill its placeholders.

    Parameters
    ----------
    msgid : str
        French text, a literal (so Babel can extract it), with ``{name}`` placeholders.
    lang : {"fr", "en"}, optional
        Language; by default the language in force (see :func:`get_language`).
    **params
        Values of the placeholders, formatted after translation.

    Examples
    --------
    >>> t_("Marqueur", lang="en")
    'Marker'
    >>> t_("Marqueur", lang="fr")
    'Marqueur'
    """
    text = translate(msgid, lang)
    return text.format(**params) if params else text


class Message:
    """A message kept as ``msgid`` and arguments, translated when shown.

    ``str(message)`` and ``format(message)`` give the text in the language in force at
    that moment; :meth:`render` takes a language. Use it as an exception's message.

    Examples
    --------
    >>> m = lazy_("{n_errors} problème(s) dans {path} : corrigez-les puis relancez "
    ...           "'amiris-lab validate {path}'.", n_errors=2, path="data")
    >>> error = ValueError(m)
    >>> with language("en"):
    ...     str(error)
    "2 problem(s) in data: fix them, then run 'amiris-lab validate data' again."
    >>> with language("fr"):
    ...     str(error)
    "2 problème(s) dans data : corrigez-les puis relancez 'amiris-lab validate data'."
    """

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, params: Mapping[str, object] | None = None) -> None:
        self.msgid = msgid
        self.params = dict(params or {})

    def render(self, lang: str | None = None) -> str:
        """Return the message in ``lang`` (default: the language in force)."""
        return t_(self.msgid, lang=lang, **self.params)

    def __str__(self) -> str:
        return self.render()

    def __format__(self, spec: str) -> str:
        return format(self.render(), spec)

    def __repr__(self) -> str:
        return f"lazy_({self.msgid!r}{''.join(f', {k}={v!r}' for k, v in self.params.items())})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Message):
            return (self.msgid, self.params) == (other.msgid, other.params)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.msgid)

    def __add__(self, other: object) -> str:
        return self.render() + str(other)

    def __radd__(self, other: object) -> str:
        return str(other) + self.render()


def render(obj: object, lang: str | None = None) -> str:
    """``str(obj)`` in ``lang``: an exception or a :class:`Message` shown on a page of its own language.

    Examples
    --------
    >>> error = ValueError(lazy_("Marqueur"))
    >>> render(error, "en"), render(error, "fr")
    ('Marker', 'Marqueur')
    """
    if lang is None:
        return str(obj)
    with language(lang):
        return str(obj)


def lazy_(msgid: str, /, **params: object) -> Message:
    """Return a :class:`Message` translated when shown (for exceptions and constants).

    Examples
    --------
    >>> print(lazy_("Marqueur").render("en"))
    Marker
    """
    return Message(msgid, params)


def N_(msgid: str, /) -> str:
    """Mark a literal for the catalogue without translating it (translate later with ``t_``).

    Examples
    --------
    >>> N_("Marqueur")
    'Marqueur'
    """
    return msgid


def extract_python(fileobj, keywords, comment_tags, options):
    """Babel extraction method for Python read with :mod:`ast` (``babel.cfg``).

    Babel's own method reads tokens, and on Python 3.11 an f-string is one token, so
    ``f"<th>{t_('médiane')}</th>"`` would hide its message; the syntax tree does not.
    Yields ``(line, keyword, msgid, [])`` for each call of a keyword whose first
    argument is a literal.
    """
    import ast

    source = fileobj.read()
    if isinstance(source, bytes):
        source = source.decode(options.get("encoding", "utf-8"))
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in keywords
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.func.id, node.args[0].value, []


def extract_notebook(fileobj, keywords, comment_tags, options):
    """Babel extraction method for the code cells of a Jupyter notebook (``babel.cfg``).

    IPython magics (``%``, ``!`` lines) are blanked, then each cell goes through
    :func:`extract_python`.
    """
    import json

    notebook = json.load(fileobj)
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        lines = ["" if x.lstrip().startswith(("%", "!")) else x for x in source.splitlines()]
        code = io.StringIO("\n".join(lines))
        yield from extract_python(code, keywords, comment_tags, options)
