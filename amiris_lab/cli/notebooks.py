"""``amiris-lab notebooks``: write the packaged notebooks into a folder to open in JupyterLab."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..exceptions import ParameterError
from ..i18n import lazy_, t_
from ._common import split_list


def run_notebooks(args: argparse.Namespace) -> int:
    """Write the research notebooks (or those named) into ``args.out``."""
    from ..notebooks import NOTEBOOKS, write_notebooks

    names = (
        tuple(n.removesuffix(".ipynb") for n in split_list(args.only)) if args.only else NOTEBOOKS
    )
    unknown = [n for n in names if n not in NOTEBOOKS]
    if unknown:
        raise ParameterError(
            lazy_(
                "Carnet inconnu : {unknown}. Carnets fournis : {available}.",
                unknown=", ".join(unknown),
                available=", ".join(NOTEBOOKS),
            )
        )
    out = Path(args.out)
    existing = [n for n in names if (out / f"{n}.ipynb").exists()]
    if existing and not args.overwrite:
        raise ParameterError(
            lazy_(
                "{out} contient déjà {join} : ajoutez --overwrite pour les remplacer.",
                out=out,
                join=", ".join(existing),
            )
        )
    for path in write_notebooks(out, names):
        print(path)
    return 0


def register(subparsers) -> None:
    """Add the ``notebooks`` command."""
    parser = subparsers.add_parser(
        "notebooks",
        help=t_("copier les carnets de recherche et le modèle du rapport dans un dossier"),
        description=t_(
            "Écrit dans OUT les carnets fournis avec le paquet (galerie des figures, carnets de "
            "recherche 01 à 04, modèle du rapport annuel, pages de l'atelier), sans sorties, à "
            "ouvrir dans JupyterLab."
        ),
    )
    parser.add_argument("out", metavar="OUT", help=t_("dossier de sortie"))
    parser.add_argument(
        "--only",
        default=None,
        help=t_("noms séparés par des virgules (ex. 01_decouvrir_les_donnees,rapport_annuel)"),
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help=t_("remplacer les carnets déjà présents"),
    )
    parser.set_defaults(func=run_notebooks)
