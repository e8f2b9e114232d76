"""User-facing language: French by default, English on request.

The language is chosen, in order, by the ``lang`` argument of a function, then by
:func:`set_language`, then by the ``AMIRIS_LAB_LANG`` environment variable, then French.
Code, identifiers and docstrings stay in English; only text shown to users goes
through :func:`tr`.
"""

from __future__ import annotations

import os

from .exceptions import ParameterError

LANGUAGES = ("fr", "en")
_current: str | None = None


def _check(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ParameterError(
            f"The 'lang' parameter must be one of {{'fr', 'en'}}. Got {lang!r} instead."
        )
    return lang


def set_language(lang: str | None) -> None:
    """Set the session's language (``"fr"`` or ``"en"``); None goes back to the default."""
    global _current
    _current = None if lang is None else _check(lang)


def get_language(lang: str | None = None) -> str:
    """Return the language in force: ``lang`` if given, else the session's, else ``fr``.

    Examples
    --------
    >>> get_language("en")
    'en'
    """
    if lang is not None:
        return _check(lang)
    if _current is not None:
        return _current
    env = os.environ.get("AMIRIS_LAB_LANG", "").strip().lower()
    return env if env in LANGUAGES else "fr"


def tr(fr: str, en: str, *, lang: str | None = None) -> str:
    """Pick the French or English text.

    Examples
    --------
    >>> tr("Marqueur", "Marker", lang="en")
    'Marker'
    """
    return fr if get_language(lang) == "fr" else en
