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
from ..i18n import lazy_, t_

DEFAULT_STORE = "ateliers.sqlite"


def register(subparsers) -> None:
    """Add ``workshop create|serve|token|status|export`` to the command line."""
    parser = subparsers.add_parser(
        "workshop",
        help=t_("ateliers de cotation collective"),
        description=t_(
            "Ateliers de cotation collective : créer, servir aux participants (Voila), suivre, "
            "exporter."
        ),
    )
    sub = parser.add_subparsers(dest="workshop_command", metavar="ACTION")
    store_help = t_(
        "fichier SQLite des ateliers (défaut : {default_store}, ou $AMIRIS_WORKSHOP_STORE)",
        default_store=DEFAULT_STORE,
    )

    create = sub.add_parser("create", help=t_("créer un atelier"))
    create.add_argument("--name", required=True, help=t_("nom de l'atelier"))
    create.add_argument(
        "--case",
        default=None,
        help=t_("fichier de cas (.toml) ; défaut : le cas d'exemple fourni"),
    )
    create.add_argument("--dataset", default=None, help=t_("dossier d'un jeu de données"))
    create.add_argument(
        "--project",
        default=None,
        help=t_("projet du jeu de données à coter"),
    )
    create.add_argument("--code", default=None, help=t_("code imposé"))
    create.add_argument("--store", default=None, help=store_help)
    create.set_defaults(func=_create)

    serve = sub.add_parser("serve", help=t_("servir l'atelier aux participants"))
    serve.add_argument("--name", required=True, help=t_("nom de l'atelier"))
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help=t_("adresse d'écoute (0.0.0.0 pour le réseau de la salle)"),
    )
    serve.add_argument("--port", type=int, default=8866)
    serve.add_argument("--store", default=None, help=store_help)
    serve.add_argument(
        "--cull-idle",
        type=int,
        default=600,
        help=t_("secondes avant de libérer un noyau sans onglet ouvert (600)"),
    )
    serve.add_argument(
        "--token",
        default=None,
        help=t_("jeton formateur (pour afficher l'adresse de la page formateur)"),
    )
    serve.add_argument(
        "--pool",
        type=int,
        default=None,
        metavar="N",
        help=t_(
            "pages participant préparées d'avance pour une salle qui se connecte d'un coup "
            "(défaut : 60 ; environ 45 Mo chacune ; 0 : aucune)"
        ),
    )
    # how Voila talks to its kernels: 'tcp' only to compare with the old serving (benchmarks)
    serve.add_argument(
        "--kernel-transport", choices=("ipc", "tcp"), default="ipc", help=argparse.SUPPRESS
    )
    serve.set_defaults(func=_serve)

    token = sub.add_parser(
        "token",
        help=t_("nouveau jeton formateur (l'ancien ne marche plus)"),
    )
    token.add_argument("--name", required=True)
    token.add_argument("--store", default=None, help=store_help)
    token.set_defaults(func=_token)

    status = sub.add_parser("status", help=t_("état d'un atelier"))
    status.add_argument("--name", required=True)
    status.add_argument("--store", default=None, help=store_help)
    status.set_defaults(func=_status)

    export = sub.add_parser("export", help=t_("exporter en jeu de données"))
    export.add_argument("--name", required=True)
    export.add_argument("--out", required=True, help=t_("dossier de sortie"))
    export.add_argument(
        "--with-pseudonyms",
        action="store_true",
        help=t_("garder les pseudonymes dans raters.csv"),
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
            lazy_(
                "Fichier d'ateliers {str_path!r} introuvable : créez d'abord l'atelier (amiris-lab "
                "workshop create --name ...) ou indiquez --store.",
                str_path=str(path),
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
            raise ParameterError(lazy_("--dataset et --project vont ensemble."))
        if args.case:
            raise ParameterError(lazy_("Choisissez --case ou --dataset/--project, pas les deux."))
        from ..data.io import load_dataset

        case = case_from_dataset(load_dataset(args.dataset), args.project)
    else:
        case = load_case(args.case)
    path = _store_path(args)
    with WorkshopStore(path) as store:
        code, token = store.create_workshop(args.name, case, join_code=args.code)
    print(
        t_(
            "Atelier {name!r} créé dans {path} (cas : {title}).\n  Code pour les participants : "
            "{code}\n  Jeton formateur (à garder pour vous) : {token}\nEnsuite : {command}",
            name=args.name,
            path=path,
            title=case.title,
            code=code,
            token=token,
            command=_serve_hint(args.name, path, token),
        )
    )
    return 0


def _serve(args) -> int:
    from ..workshop.server import (
        DEFAULT_POOL,
        ServerWatch,
        page_urls,
        start_server,
        sweep_stale_pages,
    )

    pool = DEFAULT_POOL if args.pool is None else args.pool
    if pool < 0:
        raise ParameterError(lazy_("--pool doit être 0 ou plus (reçu {pool}).", pool=pool))
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
        "\n  "
        + t_(
            "{pool} pages participant se préparent (quelques dizaines de secondes) : "
            "attendez « Prêt » avant de projeter l'adresse.",
            pool=pool,
        )
        if pool
        else ""
    )
    trainer_hint = "" if args.token else t_(" (saisir le jeton sur la page)")
    print(
        t_(
            "Atelier {name!r} servi par Voila (processus {pid}).\n  Participants : {participant}\n "
            " Code d'atelier : {join_code}\n  Formateur : {trainer}{trainer_hint}\n  Noyaux "
            "inactifs libérés après {cull_idle} s sans onglet ouvert.{ready}\nCtrl-C pour arrêter.",
            name=args.name,
            pid=proc.pid,
            participant=urls["participant"],
            join_code=snap.join_code,
            trainer=urls["trainer"],
            trainer_hint=trainer_hint,
            cull_idle=args.cull_idle,
            ready=ready,
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
    watch = ServerWatch(pages / "signals", pool)
    try:
        while proc.poll() is None:
            time.sleep(0.5)
            for line in watch.poll():
                print(line, flush=True)
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
        t_(
            "Nouveau jeton formateur pour {name!r} : {token}\nEnsuite : {command}",
            name=args.name,
            token=token,
            command=_serve_hint(args.name, _store_path(args), token),
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
                lazy_(
                    "Impossible d'écouter sur {host}:{port} ({strerror}) : choisissez un autre --port ou "
                    "arrêtez l'autre serveur.",
                    host=host,
                    port=port,
                    strerror=exc.strerror,
                )
            ) from None


def _status(args) -> int:
    from ..workshop.model import PARTICIPANT_ROUNDS, WORKSHOP_ROUNDS, round_label, status_label

    with _existing_store(args) as store:
        snap = store.snapshot(args.name)
    print(f"{args.name} — {snap.case.title} — code {snap.join_code}")
    print(t_("Participants : {n_participants}", n_participants=len(snap.participants)))
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
    print(t_("Jeu de données écrit dans {out} (projects.csv, raters.csv, scores.csv).", out=out))
    return 0
