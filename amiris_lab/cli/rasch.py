"""``amiris-lab rasch``: fair scores of a dataset (many-facet Rasch model), printed or written."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from ..exceptions import DisorderedThresholdsWarning
from ..i18n import get_language, tr
from ._common import parse_years


def _fmt(value: float, digits: int = 2) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if get_language() == "fr" else text


def _separation_lines(model) -> list[str]:
    names = {
        "project_id": tr("projets", "projects"),
        "marker": tr("marqueurs", "markers"),
        "rater_id": tr("membres", "members"),
    }
    lines = []
    for facet, row in model.separation_.iterrows():
        lines.append(
            tr(
                f"  {names.get(facet, facet)} : {int(row['n_elements'])} éléments, séparation "
                f"{_fmt(row['separation'])}, strates {_fmt(row['strata'])}, fiabilité "
                f"{_fmt(row['reliability'])}",
                f"  {names.get(facet, facet)}: {int(row['n_elements'])} elements, separation "
                f"{_fmt(row['separation'])}, strata {_fmt(row['strata'])}, reliability "
                f"{_fmt(row['reliability'])}",
            )
        )
    return lines


def _members_table(model):
    from ..rasch import flagged_members

    members = model.measures_.loc["rater_id"].copy()
    flagged = flagged_members(model).set_index("rater_id")["flags"]
    words = {
        "severe": tr("sévère", "severe"),
        "lenient": tr("indulgent", "lenient"),
        "misfit": tr("mal ajusté", "misfit"),
    }
    members["flags"] = [
        ", ".join(words[w] for w in flagged.get(r, "").split(", ") if w) for r in members.index
    ]
    table = members[["measure", "se", "infit", "outfit", "fair_average", "flags"]].round(2)
    table = table.sort_values("measure", ascending=False)
    table.index.name = tr("membre", "member")
    table.columns = [
        tr("sévérité", "severity"),
        tr("erreur type", "SE"),
        "infit",
        "outfit",
        tr("moyenne juste", "fair average"),
        tr("signalement", "flag"),
    ]
    return table


def _write(model, dataset, out: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..plotting.rasch import category_curves_plot, severity_plot, wright_map
    from ..rasch import fair_score_changes, flagged_members

    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "measures.csv": model.measures_.reset_index(),
        "thresholds.csv": model.thresholds_,
        "separation.csv": model.separation_.reset_index(),
        "categories.csv": model.category_stats_,
        "interactions.csv": model.interactions_,
        "notes_justes_projets.csv": fair_score_changes(model),
        "notes_justes_membres.csv": flagged_members(model),
    }
    for name, table in tables.items():
        table.to_csv(out / name, index=False, lineterminator="\n")
    labels = list(dataset.scale["label_fr" if get_language() == "fr" else "label_en"])
    pictures = {
        "carte_de_wright.png": lambda: wright_map(model.measures_, model.thresholds_),
        "courbes_des_categories.png": lambda: category_curves_plot(
            model.thresholds_, labels=labels if model.model == "rating_scale" else None
        ),
        "severite_des_membres.png": lambda: severity_plot(model.measures_),
    }
    for name, draw in pictures.items():
        ax = draw()
        ax.figure.savefig(out / name, dpi=120, bbox_inches="tight")
        plt.close(ax.figure)
    return [*tables, *pictures]


def run_rasch(args: argparse.Namespace) -> int:
    """Fit the many-facet Rasch model to ``args.path``; print a summary, write ``args.out``."""
    import amiris_lab

    from ..rasch import FacetsModel, fair_score_changes, flagged_members, notes_justes_sentences

    years = None if args.year is None else parse_years(args.year, option="--year")
    dataset = amiris_lab.load_dataset(args.path)
    model = FacetsModel(model=args.model, estimation=args.estimation)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DisorderedThresholdsWarning)
        model.fit(dataset, round=args.round, year=years)
    for w in caught:
        if issubclass(w.category, DisorderedThresholdsWarning | RuntimeWarning):
            print(tr(f"Attention : {w.message}", f"Warning: {w.message}"), file=sys.stderr)
    obs = model.observations_
    shown = years if years is not None else dataset.years
    span = ", ".join(map(str, shown))
    annees = "année" if len(shown) == 1 else "années"
    years_en = "year" if len(shown) == 1 else "years"
    print(
        tr(
            f"Modèle de Rasch à facettes multiples ({args.model}, {args.estimation}) — tour "
            f"{args.round}, {annees} {span} : {obs['project_id'].nunique()} projets, "
            f"{obs['rater_id'].nunique()} membres, {len(obs)} notes, "
            f"{model.n_iter_} itérations.",
            f"Many-facet Rasch model ({args.model}, {args.estimation}) — round {args.round}, "
            f"{years_en} {span}: {obs['project_id'].nunique()} projects, "
            f"{obs['rater_id'].nunique()} members, {len(obs)} scores, "
            f"{model.n_iter_} iterations.",
        )
    )
    print()
    print(tr("Séparation et fiabilité par facette :", "Separation and reliability per facet:"))
    print("\n".join(_separation_lines(model)))
    print()
    tau = model.thresholds_.groupby("category")["threshold"].mean()
    sep = " : " if get_language() == "fr" else ": "
    steps = ", ".join(f"{int(c) - 1}→{int(c)}{sep}{_fmt(t)}" for c, t in tau.items())
    print(tr(f"Seuils d'Andrich (logits) : {steps}", f"Andrich thresholds (logits): {steps}"))
    print()
    print(tr("Membres du comité :", "Committee members:"))
    sys.stdout.write(_members_table(model).to_string(float_format=_fmt) + "\n")
    print()
    print(tr("Notes justes :", "Fair scores:"))
    for sentence in notes_justes_sentences(
        fair_score_changes(model), flagged_members(model), lang=get_language()
    ):
        print(f"  {sentence}")
    if args.out:
        out = Path(args.out)
        written = _write(model, dataset, out)
        print()
        print(
            tr(
                f"{len(written)} fichiers écrits dans {out} : {', '.join(written)}.",
                f"{len(written)} files written to {out}: {', '.join(written)}.",
            )
        )
    return 0


def register(subparsers) -> None:
    """Add the ``rasch`` command."""
    parser = subparsers.add_parser(
        "rasch",
        help=tr(
            "notes justes : modèle de Rasch à facettes (projets, marqueurs, membres)",
            "fair scores: many-facet Rasch model (projects, markers, members)",
        ),
        description=tr(
            "Ajuste le modèle de Rasch à facettes multiples (projets, marqueurs, membres du "
            "comité) : sévérité des membres, notes justes des projets, fonctionnement de "
            "l'échelle. Affiche un résumé ; --out écrit les tableaux (CSV) et les figures "
            "(PNG) dans un dossier. Codes de sortie : 0 succès, 1 données invalides ou "
            "inadaptées au modèle, 2 paramètres.",
            "Fits the many-facet Rasch model (projects, markers, committee members): member "
            "severity, fair scores of projects, how the scale works. Prints a summary; --out "
            "writes the tables (CSV) and pictures (PNG) to a folder. Exit codes: 0 success, "
            "1 invalid data or data the model cannot use, 2 bad parameters.",
        ),
    )
    parser.add_argument(
        "path", metavar="DATA", help=tr("dossier ou classeur", "folder or workbook")
    )
    parser.add_argument(
        "--year",
        default=None,
        help=tr("année ou plage (2019, 2016-2019)", "year or range (2019, 2016-2019)"),
    )
    parser.add_argument(
        "--round", default="individuel", choices=("individuel", "revise"), help=tr("tour", "round")
    )
    parser.add_argument(
        "--model",
        default="rating_scale",
        choices=("rating_scale", "partial_credit"),
        help=tr(
            "échelle commune à tous les marqueurs, ou propre à chacun",
            "one scale for all markers, or one per marker",
        ),
    )
    parser.add_argument(
        "--estimation",
        default="jmle",
        choices=("jmle", "cml"),
        help=tr(
            "vraisemblance jointe (FACETS) ou conditionnelle (eRm, plus lente)",
            "joint (FACETS) or conditional (eRm, slower) likelihood",
        ),
    )
    parser.add_argument(
        "--out",
        default=None,
        help=tr(
            "dossier où écrire tableaux CSV et figures PNG",
            "folder to write CSV tables and PNG pictures to",
        ),
    )
    parser.set_defaults(func=run_rasch)
