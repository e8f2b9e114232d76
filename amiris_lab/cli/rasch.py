"""``amiris-lab rasch``: fair scores of a dataset (many-facet Rasch model), printed or written."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from ..exceptions import DisorderedThresholdsWarning
from ..i18n import get_language, t_
from ._common import parse_years


def _fmt(value: float, digits: int = 2) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if get_language() == "fr" else text


def _separation_lines(model) -> list[str]:
    names = {
        "project_id": t_("projets"),
        "marker": t_("marqueurs"),
        "rater_id": t_("membres"),
    }
    lines = []
    for facet, row in model.separation_.iterrows():
        lines.append(
            t_(
                "  {facet} : {count} éléments, séparation {separation}, strates {strata}, "
                "fiabilité {reliability}",
                facet=names.get(facet, facet),
                count=int(row["n_elements"]),
                separation=_fmt(row["separation"]),
                strata=_fmt(row["strata"]),
                reliability=_fmt(row["reliability"]),
            )
        )
    return lines


def _members_table(model):
    from ..rasch import flagged_members

    members = model.measures_.loc["rater_id"].copy()
    flagged = flagged_members(model).set_index("rater_id")["flags"]
    words = {
        "severe": t_("sévère"),
        "lenient": t_("indulgent"),
        "misfit": t_("mal ajusté"),
    }
    members["flags"] = [
        ", ".join(words[w] for w in flagged.get(r, "").split(", ") if w) for r in members.index
    ]
    table = members[["measure", "se", "infit", "outfit", "fair_average", "flags"]].round(2)
    table = table.sort_values("measure", ascending=False)
    table.index.name = t_("membre")
    table.columns = [
        t_("sévérité"),
        t_("erreur type"),
        "infit",
        "outfit",
        t_("moyenne juste"),
        t_("signalement"),
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
    if args.estimation == "cml":  # the only slow path (about half a minute on the demo)
        print(
            t_("Estimation conditionnelle en cours (quelques dizaines de secondes)…"),
            file=sys.stderr,
            flush=True,
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DisorderedThresholdsWarning)
        model.fit(dataset, round=args.round, year=years)
    for w in caught:
        if issubclass(w.category, DisorderedThresholdsWarning | RuntimeWarning):
            print(t_("Attention : {message}", message=w.message), file=sys.stderr)
    obs = model.observations_
    shown = years if years is not None else dataset.years
    span = ", ".join(map(str, shown))
    years_word = t_("année") if len(shown) == 1 else t_("années")
    print(
        t_(
            "Modèle de Rasch à facettes multiples ({model}, {estimation}) — tour {round}, "
            "{years_word} {span} : {projects} projets, {members} membres, {scores} notes, "
            "{iterations} itérations.",
            model=args.model,
            estimation=args.estimation,
            round=args.round,
            years_word=years_word,
            span=span,
            projects=obs["project_id"].nunique(),
            members=obs["rater_id"].nunique(),
            scores=len(obs),
            iterations=model.n_iter_,
        )
    )
    print()
    print(t_("Séparation et fiabilité par facette :"))
    print("\n".join(_separation_lines(model)))
    print()
    tau = model.thresholds_.groupby("category")["threshold"].mean()
    sep = " : " if get_language() == "fr" else ": "
    steps = ", ".join(f"{int(c) - 1}→{int(c)}{sep}{_fmt(t)}" for c, t in tau.items())
    print(t_("Seuils d'Andrich (logits) : {steps}", steps=steps))
    print()
    print(t_("Membres du comité :"))
    sys.stdout.write(_members_table(model).to_string(float_format=_fmt) + "\n")
    print()
    print(t_("Notes justes :"))
    for sentence in notes_justes_sentences(
        fair_score_changes(model), flagged_members(model), lang=get_language()
    ):
        print(f"  {sentence}")
    if args.out:
        out = Path(args.out)
        written = _write(model, dataset, out)
        print()
        print(
            t_(
                "{count} fichiers écrits dans {out} : {files}.",
                count=len(written),
                out=out,
                files=", ".join(written),
            )
        )
    return 0


def register(subparsers) -> None:
    """Add the ``rasch`` command."""
    parser = subparsers.add_parser(
        "rasch",
        help=t_("notes justes : modèle de Rasch à facettes (projets, marqueurs, membres)"),
        description=t_(
            "Ajuste le modèle de Rasch à facettes multiples (projets, marqueurs, "
            "membres du comité) : sévérité des membres, notes justes des projets, "
            "fonctionnement de l'échelle. Affiche un résumé ; --out écrit les "
            "tableaux (CSV) et les figures (PNG) dans un dossier. Codes de sortie "
            ": 0 succès, 1 données invalides ou inadaptées au modèle, 2 paramètres."
        ),
    )
    parser.add_argument("path", metavar="DATA", help=t_("dossier ou classeur"))
    parser.add_argument(
        "--year",
        default=None,
        help=t_("année ou plage (2019, 2016-2019)"),
    )
    parser.add_argument(
        "--round", default="individuel", choices=("individuel", "revise"), help=t_("tour")
    )
    parser.add_argument(
        "--model",
        default="rating_scale",
        choices=("rating_scale", "partial_credit"),
        help=t_("échelle commune à tous les marqueurs, ou propre à chacun"),
    )
    parser.add_argument(
        "--estimation",
        default="jmle",
        choices=("jmle", "cml"),
        help=t_("vraisemblance jointe (FACETS) ou conditionnelle (eRm, plus lente)"),
    )
    parser.add_argument(
        "--out",
        default=None,
        help=t_("dossier où écrire tableaux CSV et figures PNG"),
    )
    parser.set_defaults(func=run_rasch)
