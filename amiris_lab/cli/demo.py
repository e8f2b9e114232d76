"""``amiris-lab demo-data``: write the synthetic demo dataset."""

from __future__ import annotations

import argparse

from ..exceptions import ParameterError
from ..i18n import lazy_, t_
from ._common import parse_years

DEFAULT_SEED = (
    20240601  # same as amiris_lab.data.demo.DEFAULT_SEED (kept here so --help stays light)
)


def run_demo_data(args: argparse.Namespace) -> int:
    """Draw the demo dataset and write it to ``args.out``."""
    years = parse_years(args.years)
    seed = DEFAULT_SEED if args.seed is None else args.seed
    if seed < 0:
        raise ParameterError(
            lazy_("--seed attend un entier positif ou nul ; reçu {seed}.", seed=seed)
        )
    from ..data.demo import make_demo_dataset
    from ..data.io import write_dataset

    dataset = make_demo_dataset(seed=seed, years=years)
    write_dataset(dataset, args.out, format=args.format)
    n_scores = int(dataset.scores["score"].notna().sum())
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    print(
        t_(
            "Jeu de démonstration (synthétique) écrit dans {out} : {n_projects} projets, "
            "{n_raters} évaluateurs, {n_scores} notes ; graine {seed}, années {span}.",
            out=args.out,
            n_projects=len(dataset.projects),
            n_raters=len(dataset.raters),
            n_scores=n_scores,
            seed=seed,
            span=span,
        )
    )
    return 0


def register(subparsers) -> None:
    """Add the ``demo-data`` command."""
    parser = subparsers.add_parser(
        "demo-data",
        help=t_("écrire le jeu de démonstration synthétique"),
        description=t_(
            "Tire un jeu de données synthétique du modèle génératif documenté dans "
            "amiris_lab.data.demo (typologies de projets, sévérité par collège, bruit ordinal, "
            "notes manquantes, consensus) et l'écrit dans OUT. Même graine, mêmes octets."
        ),
    )
    parser.add_argument("out", metavar="OUT", help=t_("dossier de sortie"))
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help=t_("graine (défaut {default_seed})", default_seed=DEFAULT_SEED),
    )
    parser.add_argument(
        "--years",
        default="2016-2019",
        help=t_("années, ex. 2016-2019 (défaut)"),
    )
    parser.add_argument(
        "--format",
        choices=("csv", "xlsx", "parquet"),
        default="csv",
        help=t_("format des fichiers (csv par défaut)"),
    )
    parser.set_defaults(func=run_demo_data)
