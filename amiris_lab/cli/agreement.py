"""``amiris-lab agreement``: the agreement table of a dataset, printed or written as CSV."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from ..exceptions import ParameterError
from ..i18n import lazy_, t_
from ._common import check_choices, parse_years, require_data_path, split_list

DEFAULT_STATISTICS = "alpha,ac2,percent_agreement"


def run_agreement(args: argparse.Namespace) -> int:
    """Compute the agreement table of ``args.path`` and print it or write ``args.out``."""
    years = None if args.year is None else parse_years(args.year, option="--year")
    if args.n_boot < 1:
        raise ParameterError(
            lazy_(
                "--n-boot attend un entier strictement positif ; reçu {n_boot}.", n_boot=args.n_boot
            )
        )
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() != ".csv":
        raise ParameterError(lazy_("--out attend un fichier .csv ; reçu '{out}'.", out=args.out))
    from ..analysis.table_statistics import STATISTICS
    from ..analysis.tables import agreement_table, agreement_table_legend, readable_agreement_table
    from ..data.io import load_dataset

    dataset = load_dataset(require_data_path(args.path))
    groupings = ["marker", "dimension", "college"]
    groupings += [c for c in dataset.projects.columns if c not in ("project_id", *groupings)]
    table = agreement_table(
        dataset,
        by=check_choices(split_list(args.by), groupings, option="--by"),
        statistics=check_choices(split_list(args.statistics), STATISTICS, option="--statistics"),
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
    years_word = t_("année") if len(shown) == 1 else t_("années")
    percent = round(100 * args.confidence, 1)
    percent = int(percent) if percent == int(percent) else percent
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(out, index=False, lineterminator="\n")
        print(
            t_(
                "Tableau d'accord écrit dans {out} : {n_table} lignes ({n_projects} projets, années "
                "{span}, tour {round}, graine {seed}).",
                out=out,
                n_table=len(table),
                n_projects=n_projects,
                span=span,
                round=args.round,
                seed=args.seed,
            )
        )
        return 0
    print(
        t_(
            "Accord entre membres du comité — tour {round}, {n_projects} projets, {years_word} "
            "{span} ; intervalles à {percent} % (bootstrap {n_boot} tirages, graine {seed}).",
            round=args.round,
            n_projects=n_projects,
            years_word=years_word,
            span=span,
            percent=percent,
            n_boot=args.n_boot,
            seed=args.seed,
        )
    )
    print()
    text = readable_agreement_table(table).to_string(index=False)
    legend = textwrap.fill(agreement_table_legend(table), width=100)
    sys.stdout.write(text + "\n\n" + legend + "\n")
    return 0


def register(subparsers) -> None:
    """Add the ``agreement`` command."""
    parser = subparsers.add_parser(
        "agreement",
        help=t_("tableau d'accord entre membres par marqueur"),
        description=t_(
            "Calcule l'accord entre membres du comité par marqueur (et par année, collège ou "
            "toute colonne des projets) avec intervalles de confiance, puis l'affiche ou l'écrit "
            "en CSV. Codes de sortie : 0 succès, 1 données invalides, 2 paramètres."
        ),
    )
    parser.add_argument("path", metavar="PATH", help=t_("dossier ou classeur"))
    parser.add_argument(
        "--year",
        default=None,
        help=t_("année ou plage (2019, 2016-2019)"),
    )
    parser.add_argument(
        "--by",
        default="marker",
        help=t_(
            "regroupements séparés par des virgules : marker, year, college, department, stage, "
            "decision... (défaut : marker)"
        ),
    )
    parser.add_argument(
        "--statistics",
        default=DEFAULT_STATISTICS,
        help=t_(
            "statistiques séparées par des virgules parmi alpha, ac1, ac2, fleiss, conger, bp, "
            "percent_agreement, icc (défaut : {default_statistics})",
            default_statistics=DEFAULT_STATISTICS,
        ),
    )
    parser.add_argument(
        "--round", default="individuel", choices=("individuel", "revise"), help=t_("tour")
    )
    parser.add_argument(
        "--level",
        default="ordinal",
        choices=("nominal", "ordinal", "interval", "ratio"),
        help=t_("niveau de mesure de l'alpha"),
    )
    parser.add_argument(
        "--weights",
        default="ordinal",
        choices=("identity", "linear", "quadratic", "ordinal"),
        help=t_("pondération de l'AC2"),
    )
    parser.add_argument(
        "--n-boot",
        type=int,
        default=1000,
        help=t_("tirages bootstrap (défaut 1000)"),
    )
    parser.add_argument(
        "--confidence",
        type=float,
        default=0.95,
        help=t_("niveau de confiance (défaut 0.95)"),
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help=t_("graine du bootstrap (défaut 0)"),
    )
    parser.add_argument(
        "--out",
        default=None,
        help=t_("écrire le tableau dans ce fichier .csv"),
    )
    parser.set_defaults(func=run_agreement)
