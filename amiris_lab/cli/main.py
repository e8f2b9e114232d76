"""Entry point of the ``amiris-lab`` command.

Sub-commands live in small modules of this package, each with a
``register(subparsers)`` function that adds its parsers and sets ``func`` (a
callable taking the parsed arguments and returning an exit code). Heavy imports
happen inside those callables, so ``amiris-lab --help`` stays quick.

Errors raised on purpose (:class:`amiris_lab.exceptions.AmirisError`) are printed
as a message, without a traceback, and give the exit code documented in
:mod:`amiris_lab.exceptions`. A run speaks one language (``--lang``, else
``AMIRIS_LAB_LANG``, else French), argparse's own texts included
(:mod:`amiris_lab.cli._argparse`). When the reader of the output goes away
(``amiris-lab validate X | head -1``), the command ends quietly with code 141.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .. import __version__
from ..exceptions import AmirisError
from ..i18n import set_language, t_
from ._argparse import ArgumentParser, argparse_language

COMMAND_MODULES = (
    "amiris_lab.cli.data",
    "amiris_lab.cli.demo",
    "amiris_lab.cli.privacy",
    "amiris_lab.cli.agreement",
    "amiris_lab.cli.gtheory",
    "amiris_lab.cli.rasch",
    "amiris_lab.cli.report",
    "amiris_lab.cli.workshop",
    "amiris_lab.cli.notebooks",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command that is installed."""
    parser = ArgumentParser(
        prog="amiris-lab",
        description=t_(
            "Atelier de recherche sur les marqueurs d'innovation sociale de l'Institut Godin."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"amiris-lab {__version__}",
        help=t_("afficher la version du programme et quitter"),
    )
    parser.add_argument(
        "--lang",
        choices=("fr", "en"),
        default=None,
        help=t_("langue des messages (fr par défaut)"),
    )
    subparsers = parser.add_subparsers(dest="command", metavar=t_("COMMANDE"))
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(subparsers)
    return parser


def _preselect_language(argv: list[str]) -> None:
    """Honour --lang before the parser is built, so help texts use it too."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("fr", "en"):
            set_language(argv[i + 1])
        elif arg.startswith("--lang=") and arg.split("=", 1)[1] in ("fr", "en"):
            set_language(arg.split("=", 1)[1])


#: Exit code when the reader of the output went away (128 + SIGPIPE, as Unix tools).
EXIT_BROKEN_PIPE = 141


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        code = _run(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader closed the pipe (| head): stop writing, and keep Python's own final
        # flush from printing a traceback, by pointing stdout at /dev/null.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_BROKEN_PIPE
    return code


def _run(argv: list[str]) -> int:
    _preselect_language(argv)
    with argparse_language():
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.lang:
            set_language(args.lang)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
    try:
        return int(args.func(args) or 0)
    except AmirisError as exc:
        print(t_("Erreur : {exc}", exc=exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(t_("Interrompu."), file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
