"""``amiris-lab anonymise`` and ``amiris-lab k-anonymity``."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

from ..exceptions import AmirisError, ParameterError
from ..i18n import lazy_, t_
from ._common import require_data_path, split_list

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
                lazy_(
                    "Le fichier de clé '{path}' existe déjà : --new-key ne remplace jamais une clé (les "
                    "pseudonymes des années passées en dépendent). Retirez --new-key pour l'utiliser.",
                    path=path,
                )
            )
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32) + "\n")
        print(
            t_(
                "Nouvelle clé écrite dans {path} : conservez-la en lieu sûr, hors de tout dossier de "
                "données, et réutilisez-la chaque année.",
                path=path,
            ),
            file=sys.stderr,
        )
    if not path.is_file():
        raise ParameterError(
            lazy_("Fichier de clé '{path}' introuvable : créez-en un avec --new-key.", path=path)
        )
    key = path.read_bytes().strip()
    if len(key) < _KEY_MIN_BYTES:
        raise ParameterError(
            lazy_(
                "La clé de '{path}' est trop courte ({n_key} octets, il en faut au moins "
                "{key_min_bytes}) : créez une clé avec --new-key.",
                path=path,
                n_key=len(key),
                key_min_bytes=_KEY_MIN_BYTES,
            )
        )
    return key


def run_anonymise(args: argparse.Namespace) -> int:
    """Anonymise RAW into OUT with the key of --key-file."""
    from ..data.privacy import anonymise

    key_path, out = Path(args.key_file), Path(args.out)
    if _inside(key_path, out):
        raise ParameterError(
            lazy_(
                "Le fichier de clé '{key_path}' est dans le dossier de sortie '{out}' : gardez la "
                "clé hors de tout jeu de données.",
                key_path=key_path,
                out=out,
            )
        )
    key = read_key(key_path, new_key=args.new_key)
    report = anonymise(args.raw, out, key=key, drop_columns=args.drop, overwrite=args.overwrite)
    print(report.summary())
    print(
        t_(
            "Rapport écrit dans {out_anonymisation_report_json}.",
            out_anonymisation_report_json=out / "anonymisation_report.json",
        )
    )
    return 1 if report.remaining_problems else 0


def run_k_anonymity(args: argparse.Namespace) -> int:
    """Report (and optionally fix) the k-anonymity of a dataset's projects."""
    from ..data.dataset import MarkerDataset
    from ..data.io import load_dataset, write_dataset
    from ..data.privacy import generalise, k_anonymity

    qi = tuple(split_list(args.quasi_identifiers))
    dataset = load_dataset(require_data_path(args.path))
    report = k_anonymity(dataset, quasi_identifiers=qi, k=args.k)
    print(report.summary())
    out, strategy = (args.generalise, "generalise") if args.generalise else (args.suppress, None)
    if out is None:
        return 0 if report.is_k_anonymous else 1
    strategy = strategy or "suppress"
    result = generalise(dataset, k=args.k, strategy=strategy, quasi_identifiers=qi)
    if result.table.empty:
        raise AmirisError(
            lazy_(
                "Aucun projet ne resterait avec k = {k} sur {join} : rien n'est écrit. Essayez "
                "--generalise, un k plus petit ou moins de quasi-identifiants.",
                k=args.k,
                join=", ".join(qi),
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
        t_(
            "Jeu {k_word} écrit dans {out} : {n_recoded} valeur(s) généralisée(s), "
            "{n_suppressed} projet(s) supprimé(s) ; plus petit groupe : {smallest_group}.",
            k_word=_k_word(strategy),
            out=out,
            n_recoded=n_recoded,
            n_suppressed=len(result.suppressed),
            smallest_group=result.report.smallest_group,
        )
    )
    return 0


def _k_word(strategy: str) -> str:
    """Past participle of the strategy for messages."""
    return t_("généralisé") if strategy == "generalise" else t_("filtré")


def register(subparsers) -> None:
    """Add the ``anonymise`` and ``k-anonymity`` commands."""
    parser = subparsers.add_parser(
        "anonymise",
        help=t_("anonymiser un jeu brut (pseudonymes à clé)"),
        description=t_(
            "Écrit dans OUT une copie anonymisée du jeu brut RAW : identifiants de projets et "
            "d'évaluateurs remplacés par des pseudonymes HMAC-SHA256 (stables d'une année à "
            "l'autre avec la même clé), colonnes d'identification directe supprimées, e-mails, "
            "téléphones, SIREN/SIRET caviardés, et un rapport anonymisation_report.json. La clé "
            "n'est jamais écrite dans OUT."
        ),
    )
    parser.add_argument(
        "raw",
        metavar="RAW",
        help=t_("jeu brut (dossier ou .xlsx)"),
    )
    parser.add_argument("out", metavar="OUT", help=t_("dossier de sortie (neuf)"))
    parser.add_argument(
        "--key-file",
        required=True,
        metavar="KEY",
        help=t_("fichier de la clé secrète (hors de OUT)"),
    )
    parser.add_argument(
        "--new-key",
        action="store_true",
        help=t_("créer KEY avec une clé aléatoire"),
    )
    parser.add_argument(
        "--drop",
        action="append",
        default=[],
        metavar="COLONNE",
        help=t_("colonne supplémentaire à supprimer (répétable)"),
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help=t_("vider OUT s'il ne l'est pas, puis y écrire (les fichiers supprimés sont listés)"),
    )
    parser.set_defaults(func=run_anonymise)

    parser = subparsers.add_parser(
        "k-anonymity",
        help=t_("rapport de k-anonymat des projets"),
        description=t_(
            "Regroupe les projets selon les quasi-identifiants (année, département, forme "
            "juridique, stade, secteur) et liste les groupes de moins de k projets. Code de "
            "sortie 1 si un groupe est sous k. Avec --generalise ou --suppress, écrit dans OUT "
            "un jeu k-anonyme."
        ),
    )
    parser.add_argument("path", metavar="PATH", help=t_("jeu de données"))
    parser.add_argument("--k", type=int, default=5, help=t_("seuil (défaut 5)"))
    parser.add_argument(
        "--quasi-identifiers",
        default="year,department,legal_form,stage,sector",
        metavar="COLONNES",
        help=t_("colonnes séparées par des virgules"),
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--generalise",
        metavar="OUT",
        help=t_(
            "secteur puis forme juridique ramenés à « autre » dans les petits groupes, puis "
            "suppression du reste ; écrit le jeu dans OUT"
        ),
    )
    group.add_argument(
        "--suppress",
        metavar="OUT",
        help=t_("supprime les projets des petits groupes ; écrit le jeu dans OUT"),
    )
    parser.set_defaults(func=run_k_anonymity)
