"""``amiris-lab agreement``: the agreement table of a dataset, printed or written as CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..exceptions import ParameterError
from ..i18n import tr
from ._common import parse_years, split_list

DEFAULT_STATISTICS = "alpha,ac2,percent_agreement"


def run_agreement(args: argparse.Namespace) -> int:
    """Compute the agreement table of ``args.path`` and print it or write ``args.out``."""
    years = None if args.year is None else parse_years(args.year, option="--year")
    if args.n_boot < 1:
        raise ParameterError(
            tr(
                f"--n-boot attend un entier strictement positif ; reçu {args.n_boot}.",
                f"--n-boot expects a positive integer; got {args.n_boot}.",
            )
        )
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() != ".csv":
        raise ParameterError(
            tr(
                f"--out attend un fichier .csv ; reçu '{args.out}'.",
                f"--out expects a .csv file; got '{args.out}'.",
            )
        )
    from ..analysis.tables import agreement_table, readable_agreement_table
    from ..data.io import load_dataset

    dataset = load_dataset(args.path)
    table = agreement_table(
        dataset,
        by=split_list(args.by),
        statistics=split_list(args.statistics),
        round=args.round,
        level=args.level,
        weights=args.weights,
        n_boot=args.n_boot,
        confidence=args.confidence,
        seed=args.seed,
        year=years,
    )
    n_projects = (
        len(dataset.projects) if years is None else len(dataset.filter(year=years).projects)
    )
    shown = years if years is not None else dataset.years
    span = ", ".join(map(str, shown))
    annees = "année" if len(shown) == 1 else "années"
    years_en = "year" if len(shown) == 1 else "years"
    percent = round(100 * args.confidence, 1)
    percent = int(percent) if percent == int(percent) else percent
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(out, index=False, lineterminator="\n")
        print(
            tr(
                f"Tableau d'accord écrit dans {out} : {len(table)} lignes "
                f"({n_projects} projets, années {span}, tour {args.round}, graine {args.seed}).",
                f"Agreement table written to {out}: {len(table)} rows "
                f"({n_projects} projects, years {span}, round {args.round}, seed {args.seed}).",
            )
        )
        return 0
    print(
        tr(
            f"Accord entre membres du comité — tour {args.round}, {n_projects} projets, "
            f"{annees} {span} ; intervalles à {percent} % "
            f"(bootstrap {args.n_boot} tirages, graine {args.seed}).",
            f"Agreement between committee members — round {args.round}, {n_projects} projects, "
            f"{years_en} {span}; {percent}% intervals "
            f"({args.n_boot} bootstrap resamples, seed {args.seed}).",
        )
    )
    print()
    text = readable_agreement_table(table).to_string(index=False)
    sys.stdout.write(text + "\n")
    return 0


def register(subparsers) -> None:
    """Add the ``agreement`` command."""
    parser = subparsers.add_parser(
        "agreement",
        help=tr("tableau d'accord entre membres par marqueur", "agreement table per marker"),
        description=tr(
            "Calcule l'accord entre membres du comité par marqueur (et par année, collège ou "
            "toute colonne des projets) avec intervalles de confiance, puis l'affiche ou "
            "l'écrit en CSV. Codes de sortie : 0 succès, 1 données invalides, 2 paramètres.",
            "Computes the agreement between committee members per marker (and per year, "
            "college or any project column) with confidence intervals, then prints it or "
            "writes it as CSV. Exit codes: 0 success, 1 invalid data, 2 bad parameters.",
        ),
    )
    parser.add_argument(
        "path", metavar="PATH", help=tr("dossier ou classeur", "folder or workbook")
    )
    parser.add_argument(
        "--year",
        default=None,
        help=tr("année ou plage (2019, 2016-2019)", "year or range (2019, 2016-2019)"),
    )
    parser.add_argument(
        "--by",
        default="marker",
        help=tr(
            "regroupements séparés par des virgules : marker, year, college, department, "
            "stage, decision... (défaut : marker)",
            "comma-separated groupings: marker, year, college, department, stage, "
            "decision... (default: marker)",
        ),
    )
    parser.add_argument(
        "--statistics",
        default=DEFAULT_STATISTICS,
        help=tr(
            "statistiques séparées par des virgules parmi alpha, ac1, ac2, fleiss, conger, bp, "
            f"percent_agreement, icc (défaut : {DEFAULT_STATISTICS})",
            "comma-separated statistics among alpha, ac1, ac2, fleiss, conger, bp, "
            f"percent_agreement, icc (default: {DEFAULT_STATISTICS})",
        ),
    )
    parser.add_argument(
        "--round", default="individuel", choices=("individuel", "revise"), help=tr("tour", "round")
    )
    parser.add_argument(
        "--level",
        default="ordinal",
        choices=("nominal", "ordinal", "interval", "ratio"),
        help=tr("niveau de mesure de l'alpha", "alpha's level of measurement"),
    )
    parser.add_argument(
        "--weights",
        default="ordinal",
        choices=("identity", "linear", "quadratic", "ordinal"),
        help=tr("pondération de l'AC2", "weights of AC2"),
    )
    parser.add_argument(
        "--n-boot",
        type=int,
        default=1000,
        help=tr("tirages bootstrap (défaut 1000)", "bootstrap resamples (default 1000)"),
    )
    parser.add_argument(
        "--confidence",
        type=float,
        default=0.95,
        help=tr("niveau de confiance (défaut 0.95)", "confidence level (default 0.95)"),
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help=tr("graine du bootstrap (défaut 0)", "bootstrap seed (default 0)"),
    )
    parser.add_argument(
        "--out",
        default=None,
        help=tr("écrire le tableau dans ce fichier .csv", "write the table to this .csv file"),
    )
    parser.set_defaults(func=run_agreement)
