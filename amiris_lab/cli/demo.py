"""``amiris-lab demo-data``: write the synthetic demo dataset."""

from __future__ import annotations

import argparse

from ..exceptions import ParameterError
from ..i18n import tr
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
            tr(
                f"--seed attend un entier positif ou nul ; reçu {seed}.",
                f"--seed expects a non-negative integer; got {seed}.",
            )
        )
    from ..data.demo import make_demo_dataset
    from ..data.io import write_dataset

    dataset = make_demo_dataset(seed=seed, years=years)
    write_dataset(dataset, args.out, format=args.format)
    n_scores = int(dataset.scores["score"].notna().sum())
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    print(
        tr(
            f"Jeu de démonstration (synthétique) écrit dans {args.out} : "
            f"{len(dataset.projects)} projets, {len(dataset.raters)} évaluateurs, "
            f"{n_scores} notes ; graine {seed}, années {span}.",
            f"Demo dataset (synthetic) written to {args.out}: "
            f"{len(dataset.projects)} projects, {len(dataset.raters)} raters, "
            f"{n_scores} scores; seed {seed}, years {span}.",
        )
    )
    return 0


def register(subparsers) -> None:
    """Add the ``demo-data`` command."""
    parser = subparsers.add_parser(
        "demo-data",
        help=tr("écrire le jeu de démonstration synthétique", "write the synthetic demo dataset"),
        description=tr(
            "Tire un jeu de données synthétique du modèle génératif documenté dans "
            "amiris_lab.data.demo (typologies de projets, sévérité par collège, bruit ordinal, "
            "notes manquantes, consensus) et l'écrit dans OUT. Même graine, mêmes octets.",
            "Draws a synthetic dataset from the generative model documented in amiris_lab.data.demo "
            "(project typologies, college severity, ordinal noise, missing scores, consensus) "
            "and writes it to OUT. Same seed, same bytes.",
        ),
    )
    parser.add_argument("out", metavar="OUT", help=tr("dossier de sortie", "output folder"))
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help=tr(f"graine (défaut {DEFAULT_SEED})", f"seed (default {DEFAULT_SEED})"),
    )
    parser.add_argument(
        "--years",
        default="2016-2019",
        help=tr("années, ex. 2016-2019 (défaut)", "years, e.g. 2016-2019 (default)"),
    )
    parser.add_argument(
        "--format",
        choices=("csv", "xlsx", "parquet"),
        default="csv",
        help=tr("format des fichiers (csv par défaut)", "file format (default csv)"),
    )
    parser.set_defaults(func=run_demo_data)
