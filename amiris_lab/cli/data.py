"""``amiris-lab validate PATH`` and ``amiris-lab describe DIR``.

``validate`` reads a dataset, reports every problem (one line each, located as
``file:line: column 'x': message``) and exits 1, or prints a summary and exits 0.
``describe`` writes the Frictionless ``datapackage.json`` of a valid dataset.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..format import CONSENSUS_RATER
from ..i18n import t_
from ._common import require_data_path


def _check(path: str):
    """Read and check; return (raw, tables, errors, notices). Reader errors become errors."""
    from ..data.readers import read_raw_tables
    from ..data.validation import split_notices, validate_tables
    from ..exceptions import SchemaError

    try:
        raw = read_raw_tables(path)
    except SchemaError as exc:
        return None, {}, list(exc.problems), []
    tables, problems = validate_tables(raw)
    errors, notices = split_notices(problems)
    return raw, tables, errors, notices


def _print_notices(notices) -> None:
    for notice in notices:
        print(t_("note : {notice}", notice=notice))


def _print_problems(path: str, errors, notices, *, show_notices: bool) -> None:
    for problem in errors:
        print(problem)
    if show_notices:
        _print_notices(notices)
    print(
        t_(
            "{n_errors} problème(s) dans {path} : corrigez-les puis relancez 'amiris-lab "
            "validate {path}'.",
            n_errors=len(errors),
            path=path,
        )
    )


def run_validate(args: argparse.Namespace) -> int:
    """Check a dataset; print every problem (exit 1) or a summary (exit 0)."""
    from ..data.io import dataset_from_tables
    from ..data.summary import format_summary, summary_table

    require_data_path(args.path)
    raw, tables, errors, notices = _check(args.path)
    if errors:
        _print_problems(args.path, errors, notices, show_notices=args.notices)
        return 1
    dataset = dataset_from_tables(tables, source=str(args.path))
    table = summary_table(dataset)
    scored = dataset.scores[dataset.scores["score"].notna()]
    n_raters = scored.loc[scored["rater_id"] != CONSENSUS_RATER, "rater_id"].nunique()
    n_scores = len(scored)
    print(
        t_(
            "Jeu de données valide : {path} — {n_projects} projets, {n_raters} évaluateurs, "
            "{n_scores} notes, {n_marker_codes} marqueurs, échelle {levels_first}-{levels_last}.",
            path=args.path,
            n_projects=len(dataset.projects),
            n_raters=len(dataset.raters),
            n_scores=n_scores,
            n_marker_codes=len(dataset.marker_codes),
            levels_first=dataset.levels[0],
            levels_last=dataset.levels[-1],
        )
    )
    print(t_("Notes par année et par tour :"))
    print(format_summary(table, n_raters=int(n_raters)))
    print(t_("Empreinte SHA-256 : {fingerprint}", fingerprint=dataset.fingerprint))
    if notices:
        if args.notices:
            _print_notices(notices)
        else:
            print(
                t_(
                    "{n_notices} remarque(s) (colonnes supplémentaires conservées, fichiers ignorés) : "
                    "--notes pour les voir.",
                    n_notices=len(notices),
                )
            )
    return 0


def run_describe(args: argparse.Namespace) -> int:
    """Write the datapackage.json of a valid dataset folder (or beside a workbook)."""
    from ..data.datapackage import data_package, write_data_package
    from ..data.io import dataset_from_tables
    from ..definitions import normalise_token

    require_data_path(args.path)
    raw, tables, errors, notices = _check(args.path)
    if errors:
        _print_problems(args.path, errors, notices, show_notices=False)
        return 1
    dataset = dataset_from_tables(tables)
    path = Path(args.path)
    if raw.kind == "workbook":
        workbook = raw.source
        folder = path.parent if path.is_file() else path
        fmt = "xlsx"
    else:
        workbook = "dataset.xlsx"
        folder = path
        fmt = raw.extension or "csv"
    folded = {normalise_token(c) for c in raw["scores"].frame.columns}
    layout = "long" if {"marker", "score"} <= folded else "wide"
    extra = {name: [str(c) for c in table.frame.columns] for name, table in raw.items()}
    descriptor = data_package(
        markers=dataset.marker_codes,
        levels=dataset.levels,
        format=fmt,
        scores_layout=layout,
        extra_columns=extra,
        workbook=workbook,
        fingerprint=dataset.fingerprint,
    )
    # tables the folder does not have (markers, scale) are not described
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in raw]
    written = write_data_package(descriptor, folder)
    print(
        t_(
            "Descripteur Frictionless écrit : {written} ({n_resources} tables).",
            written=written,
            n_resources=len(descriptor["resources"]),
        )
    )
    return 0


def register(subparsers) -> None:
    """Add the ``validate`` and ``describe`` commands."""
    parser = subparsers.add_parser(
        "validate",
        help=t_("vérifier un jeu de données"),
        description=t_(
            "Vérifie tout le jeu de données PATH (dossier de CSV ou Parquet, ou classeur .xlsx) "
            "et affiche chaque problème sur une ligne « fichier:ligne: colonne 'x': message » "
            "(code de sortie 1), ou un résumé par année (code de sortie 0). Le format est décrit "
            "dans data/README.md."
        ),
    )
    parser.add_argument("path", metavar="PATH", help=t_("dossier ou classeur"))
    parser.add_argument(
        "--notes",
        dest="notices",
        action="store_true",
        help=t_("afficher aussi les remarques (colonnes supplémentaires, fichiers ignorés)"),
    )
    parser.set_defaults(func=run_validate)

    parser = subparsers.add_parser(
        "describe",
        help=t_("écrire datapackage.json"),
        description=t_(
            "Écrit le descripteur Frictionless datapackage.json (tables, types, valeurs admises, "
            "clés) d'un jeu de données valide, dans son dossier."
        ),
    )
    parser.add_argument("path", metavar="DIR", help=t_("dossier ou classeur"))
    parser.set_defaults(func=run_describe)
