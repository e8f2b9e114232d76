"""``amiris-lab workshop``: create, serve, follow and export collective scoring workshops."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from ..exceptions import ParameterError
from ..i18n import tr

DEFAULT_STORE = "ateliers.sqlite"


def register(subparsers) -> None:
    """Add ``workshop create|serve|token|status|export`` to the command line."""
    parser = subparsers.add_parser(
        "workshop",
        help=tr("ateliers de cotation collective", "collective scoring workshops"),
        description=tr(
            "Ateliers de cotation collective : créer, servir aux participants (Voila), suivre, exporter.",
            "Collective scoring workshops: create, serve to participants (Voila), follow, export.",
        ),
    )
    sub = parser.add_subparsers(dest="workshop_command", metavar="ACTION")
    store_help = tr(
        f"fichier SQLite des ateliers (défaut : {DEFAULT_STORE}, ou $AMIRIS_WORKSHOP_STORE)",
        f"SQLite file of the workshops (default: {DEFAULT_STORE}, or $AMIRIS_WORKSHOP_STORE)",
    )

    create = sub.add_parser("create", help=tr("créer un atelier", "create a workshop"))
    create.add_argument("--name", required=True, help=tr("nom de l'atelier", "workshop name"))
    create.add_argument(
        "--case",
        default=None,
        help=tr(
            "fichier de cas (.toml) ; défaut : le cas d'exemple fourni",
            "case file (.toml); default: the shipped example case",
        ),
    )
    create.add_argument(
        "--dataset", default=None, help=tr("dossier d'un jeu de données", "a dataset folder")
    )
    create.add_argument(
        "--project",
        default=None,
        help=tr("projet du jeu de données à coter", "project of the dataset to score"),
    )
    create.add_argument("--code", default=None, help=tr("code imposé", "chosen join code"))
    create.add_argument("--store", default=None, help=store_help)
    create.set_defaults(func=_create)

    serve = sub.add_parser(
        "serve", help=tr("servir l'atelier aux participants", "serve the workshop")
    )
    serve.add_argument("--name", required=True, help=tr("nom de l'atelier", "workshop name"))
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help=tr(
            "adresse d'écoute (0.0.0.0 pour le réseau de la salle)",
            "address to listen on (0.0.0.0 for the room's network)",
        ),
    )
    serve.add_argument("--port", type=int, default=8866)
    serve.add_argument("--store", default=None, help=store_help)
    serve.add_argument(
        "--cull-idle",
        type=int,
        default=600,
        help=tr(
            "secondes avant de libérer un noyau sans onglet ouvert (600)",
            "seconds before a kernel with no open tab is reclaimed (600)",
        ),
    )
    serve.add_argument(
        "--token",
        default=None,
        help=tr(
            "jeton formateur (pour afficher l'adresse de la page formateur)",
            "trainer token (to print the trainer page's address)",
        ),
    )
    serve.add_argument(
        "--pool",
        type=int,
        default=None,
        metavar="N",
        help=tr(
            "pages participant préparées d'avance pour une salle qui se connecte d'un coup "
            "(défaut : 60 ; environ 45 Mo chacune ; 0 : aucune)",
            "participant pages prepared ahead for a room joining at once "
            "(default: 60; about 45 MB each; 0: none)",
        ),
    )
    # how Voila talks to its kernels: 'tcp' only to compare with the old serving (benchmarks)
    serve.add_argument(
        "--kernel-transport", choices=("ipc", "tcp"), default="ipc", help=argparse.SUPPRESS
    )
    serve.set_defaults(func=_serve)

    token = sub.add_parser(
        "token",
        help=tr(
            "nouveau jeton formateur (l'ancien ne marche plus)",
            "new trainer token (the old one stops working)",
        ),
    )
    token.add_argument("--name", required=True)
    token.add_argument("--store", default=None, help=store_help)
    token.set_defaults(func=_token)

    status = sub.add_parser("status", help=tr("état d'un atelier", "state of a workshop"))
    status.add_argument("--name", required=True)
    status.add_argument("--store", default=None, help=store_help)
    status.set_defaults(func=_status)

    export = sub.add_parser("export", help=tr("exporter en jeu de données", "export as a dataset"))
    export.add_argument("--name", required=True)
    export.add_argument("--out", required=True, help=tr("dossier de sortie", "output folder"))
    export.add_argument(
        "--with-pseudonyms",
        action="store_true",
        help=tr(
            "garder les pseudonymes dans raters.csv",
            "keep pseudonyms in raters.csv",
        ),
    )
    export.add_argument("--store", default=None, help=store_help)
    export.set_defaults(func=_export)
    parser.set_defaults(func=lambda args: _help(parser))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _store_path(args) -> Path:
    return Path(args.store or os.environ.get("AMIRIS_WORKSHOP_STORE") or DEFAULT_STORE)


def _existing_store(args):
    from ..workshop.store import WorkshopStore

    path = _store_path(args)
    if not path.exists():
        raise ParameterError(
            tr(
                f"Fichier d'ateliers {str(path)!r} introuvable : créez d'abord l'atelier "
                "(amiris-lab workshop create --name ...) ou indiquez --store.",
                f"Workshop file {str(path)!r} not found: create the workshop first "
                "(amiris-lab workshop create --name ...) or give --store.",
            )
        )
    return WorkshopStore(path)


def _serve_hint(name: str, store: Path, token: str) -> str:
    """The serve command to copy: ``--option=value`` so no value is read as an option."""
    return (
        f"amiris-lab workshop serve --name={shlex.quote(name)} "
        f"--store={shlex.quote(str(store))} --token={shlex.quote(token)}"
    )


def _create(args) -> int:
    from ..workshop.case import case_from_dataset, load_case
    from ..workshop.store import WorkshopStore

    if args.dataset or args.project:
        if not (args.dataset and args.project):
            raise ParameterError(
                tr(
                    "--dataset et --project vont ensemble.",
                    "--dataset and --project go together.",
                )
            )
        if args.case:
            raise ParameterError(
                tr(
                    "Choisissez --case ou --dataset/--project, pas les deux.",
                    "Choose --case or --dataset/--project, not both.",
                )
            )
        from ..data.io import load_dataset

        case = case_from_dataset(load_dataset(args.dataset), args.project)
    else:
        case = load_case(args.case)
    path = _store_path(args)
    with WorkshopStore(path) as store:
        code, token = store.create_workshop(args.name, case, join_code=args.code)
    print(
        tr(
            f"Atelier {args.name!r} créé dans {path} (cas : {case.title}).\n"
            f"  Code pour les participants : {code}\n"
            f"  Jeton formateur (à garder pour vous) : {token}\n"
            f"Ensuite : {_serve_hint(args.name, path, token)}",
            f"Workshop {args.name!r} created in {path} (case: {case.title}).\n"
            f"  Code for participants: {code}\n"
            f"  Trainer token (keep it to yourself): {token}\n"
            f"Next: {_serve_hint(args.name, path, token)}",
        )
    )
    return 0


def _serve(args) -> int:
    from ..workshop.server import DEFAULT_POOL, page_urls, start_server, sweep_stale_pages

    pool = DEFAULT_POOL if args.pool is None else args.pool
    if pool < 0:
        raise ParameterError(
            tr(
                f"--pool doit être 0 ou plus (reçu {pool}).",
                f"--pool must be 0 or more (got {pool}).",
            )
        )
    with _existing_store(args) as store:
        snap = store.snapshot(args.name)
        if args.token:
            store.check_trainer(args.name, args.token)
    _check_port(args.host, args.port)
    urls = page_urls(args.host, args.port, join_code=snap.join_code, token=args.token)
    sweep_stale_pages()  # what a server killed with kill -9 left behind
    pages = Path(tempfile.mkdtemp(prefix="amiris-atelier-"))
    (pages / "serve.pid").write_text(str(os.getpid()))
    proc = start_server(
        _store_path(args),
        args.name,
        pages,
        host=args.host,
        port=args.port,
        cull_idle_timeout=args.cull_idle,
        cull_interval=max(10, min(60, args.cull_idle // 4)),
        pool=pool,
        transport=args.kernel_transport,
    )
    ready = (
        tr(
            f"\n  {pool} pages participant se préparent (quelques dizaines de secondes) : "
            "attendez « Prêt » avant de projeter l'adresse.",
            f"\n  {pool} participant pages are being prepared (a few tens of seconds): "
            "wait for « Ready » before projecting the address.",
        )
        if pool
        else ""
    )
    print(
        tr(
            f"Atelier {args.name!r} servi par Voila (processus {proc.pid}).\n"
            f"  Participants : {urls['participant']}\n"
            f"  Code d'atelier : {snap.join_code}\n"
            f"  Formateur : {urls['trainer']}"
            + ("" if args.token else " (saisir le jeton sur la page)")
            + f"\n  Noyaux inactifs libérés après {args.cull_idle} s sans onglet ouvert."
            + ready
            + "\nCtrl-C pour arrêter.",
            f"Workshop {args.name!r} served by Voila (process {proc.pid}).\n"
            f"  Participants: {urls['participant']}\n"
            f"  Join code: {snap.join_code}\n"
            f"  Trainer: {urls['trainer']}"
            + ("" if args.token else " (type the token on the page)")
            + f"\n  Idle kernels reclaimed after {args.cull_idle} s with no open tab."
            + ready
            + "\nCtrl-C to stop.",
        ),
        flush=True,
    )

    def stop(_signum=None, _frame=None) -> None:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except Exception:
                proc.kill()

    signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
    try:
        while proc.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        stop()
        return 0
    finally:
        shutil.rmtree(pages, ignore_errors=True)
    return int(proc.returncode or 0)


def _token(args) -> int:
    with _existing_store(args) as store:
        token = store.reset_token(args.name)
    print(
        tr(
            f"Nouveau jeton formateur pour {args.name!r} : {token}\n"
            f"Ensuite : {_serve_hint(args.name, _store_path(args), token)}",
            f"New trainer token for {args.name!r}: {token}\n"
            f"Next: {_serve_hint(args.name, _store_path(args), token)}",
        )
    )
    return 0


def _check_port(host: str, port: int) -> None:
    import socket

    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise ParameterError(
                tr(
                    f"Impossible d'écouter sur {host}:{port} ({exc.strerror}) : "
                    "choisissez un autre --port ou arrêtez l'autre serveur.",
                    f"Cannot listen on {host}:{port} ({exc.strerror}): "
                    "choose another --port or stop the other server.",
                )
            ) from None


def _status(args) -> int:
    from ..workshop.model import PARTICIPANT_ROUNDS, WORKSHOP_ROUNDS, round_label, status_label

    with _existing_store(args) as store:
        snap = store.snapshot(args.name)
    print(f"{args.name} — {snap.case.title} — code {snap.join_code}")
    print(tr(f"Participants : {len(snap.participants)}", f"Participants: {len(snap.participants)}"))
    for r in WORKSHOP_ROUNDS:
        done = len(snap.submitted[r])
        extra = f" — {done}/{len(snap.participants)}" if r in PARTICIPANT_ROUNDS else f" — {done}"
        print(f"  {round_label(r)} : {status_label(snap.statuses[r])}{extra}")
    return 0


def _export(args) -> int:
    from ..workshop.export import export_workshop

    with _existing_store(args) as store:
        out = export_workshop(
            store, args.name, args.out, token=None, include_pseudonyms=args.with_pseudonyms
        )
    print(
        tr(
            f"Jeu de données écrit dans {out} (projects.csv, raters.csv, scores.csv).",
            f"Dataset written to {out} (projects.csv, raters.csv, scores.csv).",
        )
    )
    return 0
