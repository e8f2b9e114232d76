"""``amiris-lab notebooks``: write the packaged notebooks into a folder to open in JupyterLab."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..exceptions import ParameterError
from ..i18n import tr
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
            tr(
                f"Carnet inconnu : {', '.join(unknown)}. Carnets fournis : {', '.join(NOTEBOOKS)}.",
                f"Unknown notebook: {', '.join(unknown)}. Notebooks shipped: {', '.join(NOTEBOOKS)}.",
            )
        )
    out = Path(args.out)
    existing = [n for n in names if (out / f"{n}.ipynb").exists()]
    if existing and not args.overwrite:
        raise ParameterError(
            tr(
                f"{out} contient déjà {', '.join(existing)} : ajoutez --overwrite pour les remplacer.",
                f"{out} already holds {', '.join(existing)}: add --overwrite to replace them.",
            )
        )
    for path in write_notebooks(out, names):
        print(path)
    return 0


def register(subparsers) -> None:
    """Add the ``notebooks`` command."""
    parser = subparsers.add_parser(
        "notebooks",
        help=tr(
            "copier les carnets de recherche et le modèle du rapport dans un dossier",
            "copy the research notebooks and the report template into a folder",
        ),
        description=tr(
            "Écrit dans OUT les carnets fournis avec le paquet (galerie des figures, carnets de "
            "recherche 01 à 04, modèle du rapport annuel, pages de l'atelier), sans sorties, "
            "à ouvrir dans JupyterLab.",
            "Writes into OUT the notebooks shipped with the package (figure gallery, research "
            "notebooks 01 to 04, annual report template, workshop pages), without outputs, "
            "to open in JupyterLab.",
        ),
    )
    parser.add_argument("out", metavar="OUT", help=tr("dossier de sortie", "output folder"))
    parser.add_argument(
        "--only",
        default=None,
        help=tr(
            "noms séparés par des virgules (ex. 01_decouvrir_les_donnees,rapport_annuel)",
            "comma-separated names (e.g. 01_decouvrir_les_donnees,rapport_annuel)",
        ),
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help=tr("remplacer les carnets déjà présents", "replace notebooks already there"),
    )
    parser.set_defaults(func=run_notebooks)
