"""Small HTML helpers shared by the widgets (no ipywidgets import, no pandas)."""

from __future__ import annotations

import html

from ..i18n import render


def esc(text) -> str:
    """Escape text shown inside HTML elements (apostrophes stay readable).

    Examples
    --------
    >>> esc("L'épicerie <b>")
    "L'épicerie &lt;b&gt;"
    """
    return html.escape(str(text), quote=False)


def error_html(text, lang: str | None = None) -> str:
    """A refusal or an error, escaped and shown in red, in ``lang`` (default: in force).

    An exception raised with a catalogue message is rendered in the page's language.

    Examples
    --------
    >>> error_html("Jeton <invalide>")
    "<span style='color:#b00'>Jeton &lt;invalide&gt;</span>"
    """
    return f"<span style='color:#b00'>{esc(render(text, lang))}</span>"
