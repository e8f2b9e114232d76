"""argparse in the language of the run: its own texts from our catalogue, "did you mean".

argparse looks its texts up with the module-level ``argparse._`` and ``argparse.ngettext``
(stdlib gettext) while the parser is built, when it formats help and usage, and when it
reports an error. :func:`argparse_language` points them, for the duration of a command,
to the catalogue ``amiris_lab/locale/<lang>/LC_MESSAGES/argparse.po`` of the language in
force (English: argparse's own text), then puts them back.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
from collections.abc import Iterator

from ..i18n import get_language, gnu_translations, t_


def _gettext(message: str) -> str:
    return gnu_translations("argparse", get_language()).gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return gnu_translations("argparse", get_language()).ngettext(singular, plural, n)


@contextlib.contextmanager
def argparse_language() -> Iterator[None]:
    """Inside the block, argparse speaks the language in force (read at each message)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class ArgumentParser(argparse.ArgumentParser):
    """An argparse parser that suggests the closest choice of a mistyped value.

    Examples
    --------
    >>> parser = ArgumentParser(prog="demo", exit_on_error=False)
    >>> _ = parser.add_argument("command", choices=["report", "validate"])
    >>> with argparse_language():
    ...     try:
    ...         parser.parse_args(["reprot"])
    ...     except argparse.ArgumentError as error:
    ...         print(error.message)
    choix invalide : 'reprot' (choisissez parmi 'report', 'validate') ; vouliez-vous dire 'report' ?
    """

    def _check_value(self, action: argparse.Action, value) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        message = argparse._("invalid choice: %(value)r (choose from %(choices)s)") % {
            "value": value,
            "choices": ", ".join(map(repr, choices)),
        }
        close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1)
        if close:
            message = t_(
                "{message} ; vouliez-vous dire '{guess}' ?", message=message, guess=close[0]
            )
        raise argparse.ArgumentError(action, message)
