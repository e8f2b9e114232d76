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
from ..i18n import tr
from ._common import parse_years, split_list


def _int_option(text: str | None, name: str) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise ParameterError(
            tr(
                f"{name} attend un entier ; reçu '{text}'.",
                f"{name} expects an integer; got '{text}'.",
            )
        ) from None


def run_report_command(args: argparse.Namespace) -> int:
    """Run one report (``--year``) or several (``--years``); return the exit code."""
    if args.year is not None and args.years is not None:
        raise ParameterError(
            tr("Donnez --year ou --years, pas les deux.", "Give --year or --years, not both.")
        )
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
                tr(
                    f"Rapport {result.year} écrit dans {result.out_dir} ({kinds}) en {result.seconds:.1f} s.",
                    f"Report {result.year} written to {result.out_dir} ({kinds}) in {result.seconds:.1f} s.",
                )
            )
    return 0


def register(subparsers) -> None:
    """Add the ``report`` command."""
    parser = subparsers.add_parser(
        "report",
        help=tr("produire le rapport annuel d'évaluation", "produce the annual evaluation report"),
        description=tr(
            "Exécute le modèle du rapport fourni avec le paquet (papermill) et écrit dans "
            "<sortie>/<année>/ : rapport_<année>.html (autonome, sans code), .ipynb, .pdf (si "
            "Chromium est installé), chiffres_cles_<année>.csv et .json, provenance_<année>.json.",
            "Runs the report template shipped with the package (papermill) and writes to "
            "<out>/<year>/: rapport_<year>.html (self-contained, no code), .ipynb, .pdf (when "
            "Chromium is installed), chiffres_cles_<year>.csv and .json, provenance_<year>.json.",
        ),
        epilog=tr(
            "Codes de sortie : 0 réussi ; 1 données invalides ; 2 paramètre erroné ; "
            "3 une cellule du rapport a échoué (carnet exécuté gardé) ; 4 composant manquant.",
            "Exit codes: 0 success; 1 invalid data; 2 wrong parameter; "
            "3 a report cell failed (executed notebook kept); 4 missing component.",
        ),
    )
    parser.add_argument(
        "--year",
        default=None,
        help=tr(
            "année du rapport, ou 'latest' (par défaut : la dernière des données)",
            "year of the report, or 'latest' (default: the latest in the data)",
        ),
    )
    parser.add_argument(
        "--years",
        default=None,
        help=tr(
            "plusieurs années en un seul processus : 2016-2019 ou 2016,2018",
            "several years in one process: 2016-2019 or 2016,2018",
        ),
    )
    parser.add_argument(
        "--data",
        default="data/demo",
        help=tr("dossier des données (data/demo)", "data folder (data/demo)"),
    )
    parser.add_argument(
        "--out",
        default="reports",
        help=tr("dossier de sortie (reports)", "output folder (reports)"),
    )
    parser.add_argument(
        "--format",
        default="html,pdf,ipynb",
        help=tr(
            "formats séparés par des virgules (html,pdf,ipynb)",
            "comma-separated formats (html,pdf,ipynb)",
        ),
    )
    parser.add_argument(
        "--lang",
        dest="report_lang",
        choices=("fr", "en"),
        default=None,
        help=tr(
            "langue du rapport et des messages (fr par défaut)",
            "language of the report and messages (default fr)",
        ),
    )
    parser.add_argument(
        "--n-boot",
        dest="n_boot",
        default=None,
        help=tr("tirages bootstrap (1000)", "bootstrap draws (1000)"),
    )
    parser.add_argument("--seed", default=None, help=tr("graine (2024)", "seed (2024)"))
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help=tr("sans barre de progression", "no progress bar"),
    )
    parser.set_defaults(func=_dispatch)


def _dispatch(args: argparse.Namespace) -> int:
    if args.report_lang is None:
        args.report_lang = args.lang  # global --lang also sets the report's language
    return run_report_command(args)
