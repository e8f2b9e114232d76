"""``amiris-lab gstudy``: variance components and D study of a dataset's scores."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..exceptions import ParameterError
from ..i18n import lazy_, t_
from ._common import parse_years

#: Committee sizes shown in the printed D study.
D_SIZES = (1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15)


def run_gstudy(args: argparse.Namespace) -> int:
    """Fit the G study of ``args.path``; print it, or write the components to ``args.out``."""
    years = None if args.year is None else parse_years(args.year, option="--year")
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() != ".csv":
        raise ParameterError(lazy_("--out attend un fichier .csv ; reçu '{out}'.", out=args.out))
    from ..data.io import load_dataset
    from ..gtheory import dstudy, gstudy
    from ..plotting._style import number
    from ..plotting.gtheory import source_label

    dataset = load_dataset(args.path)
    result = gstudy(
        dataset,
        marker=args.marker,
        year=years,
        round=args.round,
        method=args.method,
        strata="year" if args.by_year else None,
    )
    if args.by_year:
        table = result.components
        studies = result.studies
    else:
        table = result.components.reset_index()
        studies = {"": result}
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(out, index=False, lineterminator="\n")
        print(
            t_(
                "Composantes de variance écrites dans {out} : {n_rows} lignes (méthode {method}, "
                "tour {round}).",
                out=out,
                n_rows=len(table),
                method=args.method.upper(),
                round=args.round,
            )
        )
        return 0
    for key, g in studies.items():
        design = g.design
        print(
            t_(
                "Étude G {what}— {n_projects} projets, {n_scores} scores, en moyenne {mean} "
                "membres par projet (moyenne harmonique {harmonic}) ; méthode {method}.",
                what=f"{key} " if key != "" else (f"{g.label} " if g.label else ""),
                n_projects=design["n_projects"],
                n_scores=design["n_scores"],
                mean=number(design["raters_per_project_mean"], digits=1),
                harmonic=number(design["raters_per_project_harmonic"], digits=2),
                method=g.method.upper(),
            )
        )
        shown = g.components.copy()
        shown.index = [source_label(s) for s in shown.index]
        shown["share"] = (100 * shown["share"]).round(1)
        shown = shown.rename(
            columns={
                "variance": t_("variance"),
                "share": t_("part (%)"),
                "se": t_("erreur type"),
                "n_levels": t_("niveaux"),
            }
        )
        sys.stdout.write(shown.round(4).to_string() + "\n")
        for note in g.notes:
            print("  · " + note)
        d = dstudy(g, rater_id=list(D_SIZES))
        what = (
            t_("moyenne des {n} marqueurs", n=design["n_marker"])
            if "marker" in g.facets
            else t_("marqueur {code}", code=args.marker or g.label)
        )
        print(
            t_(
                "Étude D : fiabilité de la note du projet ({what}) selon le nombre de membres "
                "qui le notent (Eρ² pour classer les projets, Φ pour les situer par rapport à un "
                "seuil).",
                what=what,
            )
        )
        line = d[["rater_id", "g_coef", "phi"]].round(3)
        line.columns = [t_("membres"), "Eρ²", "Φ"]
        sys.stdout.write(line.to_string(index=False) + "\n\n")
    return 0


def register(subparsers) -> None:
    """Add the ``gstudy`` command."""
    parser = subparsers.add_parser(
        "gstudy",
        help=t_("composantes de variance et étude D (théorie de la généralisabilité)"),
        description=t_(
            "Estime par REML la part de la variance des scores due aux projets, aux membres, "
            "aux marqueurs et à leurs interactions, sur le plan réel (incomplet) du comité, puis "
            "la fiabilité de la moyenne de n membres. Codes de sortie : 0 succès, 1 données "
            "invalides ou plan inestimable, 2 paramètres."
        ),
    )
    parser.add_argument("path", metavar="DATA", help=t_("dossier ou classeur"))
    parser.add_argument("--year", default=None, help=t_("année ou plage (2019, 2016-2019)"))
    parser.add_argument(
        "--marker",
        default=None,
        help=t_("un marqueur (M01...) : étude projet × membre de ce marqueur"),
    )
    parser.add_argument(
        "--by-year",
        action="store_true",
        help=t_("une étude par année, plus l'étude de toutes les années"),
    )
    parser.add_argument(
        "--method", default="reml", choices=("reml", "anova"), help=t_("méthode d'estimation")
    )
    parser.add_argument(
        "--round", default="individuel", choices=("individuel", "revise"), help=t_("tour")
    )
    parser.add_argument(
        "--out", default=None, help=t_("écrire les composantes dans ce fichier .csv")
    )
    parser.set_defaults(func=run_gstudy)
