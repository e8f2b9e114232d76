"""``amiris-lab anonymise`` and ``amiris-lab k-anonymity``."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

from ..exceptions import AmirisError, ParameterError
from ..i18n import tr
from ._common import split_list

_KEY_MIN_BYTES = 16


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def read_key(key_file: str | Path, *, new_key: bool = False) -> bytes:
    """The pseudonym key stored in ``key_file`` (created first with ``new_key``).

    The key is the file's content without surrounding white space; ``new_key``
    writes 32 random bytes as 64 hex digits, readable by the owner only, and
    never replaces an existing key (last year's pseudonyms depend on it).
    """
    path = Path(key_file)
    if new_key:
        if path.exists():
            raise ParameterError(
                tr(
                    f"Le fichier de clé '{path}' existe déjà : --new-key ne remplace jamais une "
                    "clé (les pseudonymes des années passées en dépendent). Retirez --new-key "
                    "pour l'utiliser.",
                    f"The key file '{path}' already exists: --new-key never replaces a key "
                    "(past years' pseudonyms depend on it). Drop --new-key to use it.",
                )
            )
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32) + "\n")
        print(
            tr(
                f"Nouvelle clé écrite dans {path} : conservez-la en lieu sûr, hors de tout "
                "dossier de données, et réutilisez-la chaque année.",
                f"New key written to {path}: keep it safe, outside any data folder, "
                "and reuse it every year.",
            ),
            file=sys.stderr,
        )
    if not path.is_file():
        raise ParameterError(
            tr(
                f"Fichier de clé '{path}' introuvable : créez-en un avec --new-key.",
                f"Key file '{path}' not found: create one with --new-key.",
            )
        )
    key = path.read_bytes().strip()
    if len(key) < _KEY_MIN_BYTES:
        raise ParameterError(
            tr(
                f"La clé de '{path}' est trop courte ({len(key)} octets, il en faut au moins "
                f"{_KEY_MIN_BYTES}) : créez une clé avec --new-key.",
                f"The key in '{path}' is too short ({len(key)} bytes, at least {_KEY_MIN_BYTES} "
                "needed): create one with --new-key.",
            )
        )
    return key


def run_anonymise(args: argparse.Namespace) -> int:
    """Anonymise RAW into OUT with the key of --key-file."""
    from ..data.privacy import anonymise

    key_path, out = Path(args.key_file), Path(args.out)
    if _inside(key_path, out):
        raise ParameterError(
            tr(
                f"Le fichier de clé '{key_path}' est dans le dossier de sortie '{out}' : "
                "gardez la clé hors de tout jeu de données.",
                f"The key file '{key_path}' is inside the output folder '{out}': "
                "keep the key outside any dataset.",
            )
        )
    key = read_key(key_path, new_key=args.new_key)
    report = anonymise(args.raw, out, key=key, drop_columns=args.drop, overwrite=args.overwrite)
    print(report.summary())
    print(
        tr(
            f"Rapport écrit dans {out / 'anonymisation_report.json'}.",
            f"Report written to {out / 'anonymisation_report.json'}.",
        )
    )
    return 1 if report.remaining_problems else 0


def run_k_anonymity(args: argparse.Namespace) -> int:
    """Report (and optionally fix) the k-anonymity of a dataset's projects."""
    from ..data.dataset import MarkerDataset
    from ..data.io import load_dataset, write_dataset
    from ..data.privacy import generalise, k_anonymity

    qi = tuple(split_list(args.quasi_identifiers))
    dataset = load_dataset(args.path)
    report = k_anonymity(dataset, quasi_identifiers=qi, k=args.k)
    print(report.summary())
    out, strategy = (args.generalise, "generalise") if args.generalise else (args.suppress, None)
    if out is None:
        return 0 if report.is_k_anonymous else 1
    strategy = strategy or "suppress"
    result = generalise(dataset, k=args.k, strategy=strategy, quasi_identifiers=qi)
    if result.table.empty:
        raise AmirisError(
            tr(
                f"Aucun projet ne resterait avec k = {args.k} sur {', '.join(qi)} : rien n'est "
                "écrit. Essayez --generalise, un k plus petit ou moins de quasi-identifiants.",
                f"No project would be left with k = {args.k} on {', '.join(qi)}: nothing "
                "written. Try --generalise, a smaller k or fewer quasi-identifiers.",
            )
        )
    kept = dataset.filter(projects=list(result.table["project_id"]))
    new = MarkerDataset.from_frames(
        result.table,
        kept.raters,
        kept.scores.astype({c: object for c in ("project_id", "rater_id", "round", "marker")}),
        markers=dataset.markers,
        scale=dataset.scale,
        descriptors=dataset.descriptors,
        source=dataset.source,
    )
    write_dataset(new, out)
    n_recoded = int((result.changes["action"] == "generalise").sum())
    print(
        tr(
            f"Jeu {_k_word(strategy, 'fr')} écrit dans {out} : {n_recoded} valeur(s) "
            f"généralisée(s), {len(result.suppressed)} projet(s) supprimé(s) ; plus petit "
            f"groupe : {result.report.smallest_group}.",
            f"Dataset {_k_word(strategy, 'en')} written to {out}: {n_recoded} value(s) "
            f"generalised, {len(result.suppressed)} project(s) removed; smallest group: "
            f"{result.report.smallest_group}.",
        )
    )
    return 0


def _k_word(strategy: str, lang: str) -> str:
    """Past participle of the strategy for messages."""
    words = {"generalise": ("généralisé", "generalised"), "suppress": ("filtré", "filtered")}
    return words[strategy][0 if lang == "fr" else 1]


def register(subparsers) -> None:
    """Add the ``anonymise`` and ``k-anonymity`` commands."""
    parser = subparsers.add_parser(
        "anonymise",
        help=tr(
            "anonymiser un jeu brut (pseudonymes à clé)",
            "anonymise a raw dataset (keyed pseudonyms)",
        ),
        description=tr(
            "Écrit dans OUT une copie anonymisée du jeu brut RAW : identifiants de projets et "
            "d'évaluateurs remplacés par des pseudonymes HMAC-SHA256 (stables d'une année à "
            "l'autre avec la même clé), colonnes d'identification directe supprimées, e-mails, "
            "téléphones, SIREN/SIRET caviardés, et un rapport anonymisation_report.json. "
            "La clé n'est jamais écrite dans OUT.",
            "Writes to OUT an anonymised copy of the raw dataset RAW: project and rater ids "
            "replaced by HMAC-SHA256 pseudonyms (stable across years with the same key), "
            "direct-identifier columns dropped, e-mails, phones, SIREN/SIRET redacted, and a "
            "report anonymisation_report.json. The key is never written to OUT.",
        ),
    )
    parser.add_argument(
        "raw",
        metavar="RAW",
        help=tr("jeu brut (dossier ou .xlsx)", "raw dataset (folder or .xlsx)"),
    )
    parser.add_argument(
        "out", metavar="OUT", help=tr("dossier de sortie (neuf)", "output folder (new)")
    )
    parser.add_argument(
        "--key-file",
        required=True,
        metavar="KEY",
        help=tr("fichier de la clé secrète (hors de OUT)", "secret key file (outside OUT)"),
    )
    parser.add_argument(
        "--new-key",
        action="store_true",
        help=tr("créer KEY avec une clé aléatoire", "create KEY with a random key"),
    )
    parser.add_argument(
        "--drop",
        action="append",
        default=[],
        metavar="COLONNE",
        help=tr(
            "colonne supplémentaire à supprimer (répétable)", "another column to drop (repeatable)"
        ),
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help=tr("écrire dans un dossier OUT non vide", "write into a non-empty OUT folder"),
    )
    parser.set_defaults(func=run_anonymise)

    parser = subparsers.add_parser(
        "k-anonymity",
        help=tr("rapport de k-anonymat des projets", "k-anonymity report of the projects"),
        description=tr(
            "Regroupe les projets selon les quasi-identifiants (année, département, forme "
            "juridique, stade, secteur) et liste les groupes de moins de k projets. Code de "
            "sortie 1 si un groupe est sous k. Avec --generalise ou --suppress, écrit dans OUT "
            "un jeu k-anonyme.",
            "Groups the projects on the quasi-identifiers (year, department, legal form, stage, "
            "sector) and lists the groups under k projects. Exit code 1 when a group is under k. "
            "With --generalise or --suppress, writes a k-anonymous dataset to OUT.",
        ),
    )
    parser.add_argument("path", metavar="PATH", help=tr("jeu de données", "dataset"))
    parser.add_argument(
        "--k", type=int, default=5, help=tr("seuil (défaut 5)", "threshold (default 5)")
    )
    parser.add_argument(
        "--quasi-identifiers",
        default="year,department,legal_form,stage,sector",
        metavar="COLONNES",
        help=tr("colonnes séparées par des virgules", "comma-separated columns"),
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--generalise",
        metavar="OUT",
        help=tr(
            "secteur puis forme juridique ramenés à « autre » dans les petits groupes, puis "
            "suppression du reste ; écrit le jeu dans OUT",
            "sector then legal form recoded to 'autre' in small groups, then the rest removed; "
            "writes the dataset to OUT",
        ),
    )
    group.add_argument(
        "--suppress",
        metavar="OUT",
        help=tr(
            "supprime les projets des petits groupes ; écrit le jeu dans OUT",
            "removes the projects of small groups; writes the dataset to OUT",
        ),
    )
    parser.set_defaults(func=run_k_anonymity)
