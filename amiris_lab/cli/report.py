"""``amiris-lab report``: the annual evaluation report, one command, unattended.

Exit codes (for schedulers such as cron):

- 0: report(s) written (a skipped PDF, when Chromium is absent, is only a message);
- 1: the data are invalid (the message names file, line and value);
- 2: a parameter is wrong (unknown, wrong type, year absent from the data, lang, format);
- 3: a cell of the report failed (the executed notebook with the error is kept);
- 4: a needed component is missing (template, Jupyter kernel, data reader).
"""

from __future__ import annotations

import argparse
import sys

from ..exceptions import ParameterError
from ..i18n import lazy_, t_
from ._common import parse_years, split_list


def _int_option(text: str | None, name: str) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise ParameterError(
            lazy_("{name} attend un entier ; reçu '{text}'.", name=name, text=text)
        ) from None


def run_report_command(args: argparse.Namespace) -> int:
    """Run one report (``--year``) or several (``--years``); return the exit code."""
    if args.year is not None and args.years is not None:
        raise ParameterError(lazy_("Donnez --year ou --years, pas les deux."))
    formats = split_list(args.format)
    options = {
        "data_dir": args.data,
        "out_dir": args.out,
        "formats": formats,
        "lang": args.report_lang,
        "n_boot": _int_option(args.n_boot, "--n-boot"),
        "seed": _int_option(args.seed, "--seed"),
    }
    from ..reports import run_report, run_reports

    if args.years is not None:
        results = run_reports(parse_years(args.years), progress=not args.quiet, **options)
    else:
        results = [run_report(args.year, **options)]
    for result in results:
        for message in result.messages:
            print(message, file=sys.stderr)
        if not args.quiet:
            kinds = ", ".join(sorted(result.files))
            print(
                t_(
                    "Rapport {year} écrit dans {out_dir} ({kinds}) en {seconds:.1f} s.",
                    year=result.year,
                    out_dir=result.out_dir,
                    kinds=kinds,
                    seconds=result.seconds,
                )
            )
    return 0


def register(subparsers) -> None:
    """Add the ``report`` command."""
    parser = subparsers.add_parser(
        "report",
        help=t_("produire le rapport annuel d'évaluation"),
        description=t_(
            "Exécute le modèle du rapport fourni avec le paquet (papermill) et écrit dans "
            "<sortie>/<année>/ : rapport_<année>.html (autonome, sans code), .ipynb, .pdf (si "
            "Chromium est installé), chiffres_cles_<année>.csv et .json, provenance_<année>.json."
        ),
        epilog=t_(
            "Codes de sortie : 0 réussi ; 1 données invalides ; 2 paramètre erroné ; 3 une "
            "cellule du rapport a échoué (carnet exécuté gardé) ; 4 composant manquant."
        ),
    )
    parser.add_argument(
        "--year",
        default=None,
        help=t_("année du rapport, ou 'latest' (par défaut : la dernière des données)"),
    )
    parser.add_argument(
        "--years",
        default=None,
        help=t_("plusieurs années en un seul processus : 2016-2019 ou 2016,2018"),
    )
    parser.add_argument(
        "--data",
        default="data/demo",
        help=t_("dossier des données (data/demo)"),
    )
    parser.add_argument(
        "--out",
        default="reports",
        help=t_("dossier de sortie (reports)"),
    )
    parser.add_argument(
        "--format",
        default="html,pdf,ipynb",
        help=t_("formats séparés par des virgules (html,pdf,ipynb)"),
    )
    parser.add_argument(
        "--lang",
        dest="report_lang",
        choices=("fr", "en"),
        default=None,
        help=t_("langue du rapport et des messages (fr par défaut)"),
    )
    parser.add_argument(
        "--n-boot",
        dest="n_boot",
        default=None,
        help=t_("tirages bootstrap (1000)"),
    )
    parser.add_argument("--seed", default=None, help=t_("graine (2024)"))
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help=t_("sans barre de progression"),
    )
    parser.set_defaults(func=_dispatch)


def _dispatch(args: argparse.Namespace) -> int:
    if args.report_lang is None:
        args.report_lang = args.lang  # global --lang also sets the report's language
    return run_report_command(args)
