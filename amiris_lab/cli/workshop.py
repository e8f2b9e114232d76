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
    """Add ``workshop create|serve|token|status|export|add-case|next-case`` to the command line."""
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
    _case_options(create)
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
    serve.add_argument("--port", type=int, default=8866, help=t_("port d'écoute (8866)"))
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
    token.add_argument("--name", required=True, help=t_("nom de l'atelier"))
    token.add_argument("--store", default=None, help=store_help)
    token.set_defaults(func=_token)

    status = sub.add_parser("status", help=t_("état d'un atelier"))
    status.add_argument("--name", required=True, help=t_("nom de l'atelier"))
    status.add_argument("--store", default=None, help=store_help)
    status.set_defaults(func=_status)

    export = sub.add_parser("export", help=t_("exporter en jeu de données"))
    export.add_argument("--name", required=True, help=t_("nom de l'atelier"))
    export.add_argument("--out", required=True, help=t_("dossier de sortie"))
    export.add_argument(
        "--with-pseudonyms",
        action="store_true",
        help=t_("garder les pseudonymes dans raters.csv"),
    )
    export.add_argument("--store", default=None, help=store_help)
    export.set_defaults(func=_export)

    add_case = sub.add_parser("add-case", help=t_("ajouter un cas à un atelier"))
    add_case.add_argument("--name", required=True, help=t_("nom de l'atelier"))
    _case_options(add_case)
    add_case.add_argument("--store", default=None, help=store_help)
    add_case.set_defaults(func=_add_case)

    next_case = sub.add_parser(
        "next-case",
        help=t_("faire passer les participants au cas suivant"),
    )
    next_case.add_argument("--name", required=True, help=t_("nom de l'atelier"))
    next_case.add_argument("--store", default=None, help=store_help)
    next_case.set_defaults(func=_next_case)

    handout = sub.add_parser(
        "handout",
        help=t_("fiche PDF d'une page pour les participants (après le dévoilement)"),
    )
    handout.add_argument("--name", required=True, help=t_("nom de l'atelier"))
    handout.add_argument("--out", required=True, help=t_("fichier PDF à écrire"))
    handout.add_argument(
        "--case",
        type=int,
        default=None,
        help=t_("numéro du cas (défaut : le cas en cours)"),
    )
    handout.add_argument("--store", default=None, help=store_help)
    handout.set_defaults(func=_handout)
    parser.set_defaults(func=lambda args: _help(parser))


def _case_options(parser: argparse.ArgumentParser) -> None:
    """``--case`` (repeatable) or ``--dataset`` with ``--project`` (repeatable)."""
    parser.add_argument(
        "--case",
        action="append",
        default=None,
        help=t_(
            "fichier de cas (.toml) ou nom d'un cas fourni (epicerie_solidaire, garage_solidaire) ; à répéter pour plusieurs cas, joués dans cet ordre ; défaut : le cas d'exemple"
        ),
    )
    parser.add_argument("--dataset", default=None, help=t_("dossier d'un jeu de données"))
    parser.add_argument(
        "--project",
        action="append",
        default=None,
        help=t_("projet du jeu de données à coter (à répéter pour plusieurs cas)"),
    )


def _cases_from_args(args) -> list:
    from ..workshop.case import case_from_dataset, load_case

    if args.dataset or args.project:
        if not (args.dataset and args.project):
            raise ParameterError(lazy_("--dataset et --project vont ensemble."))
        if args.case:
            raise ParameterError(lazy_("Choisissez --case ou --dataset/--project, pas les deux."))
        from .. import load_dataset

        dataset = load_dataset(args.dataset)
        return [case_from_dataset(dataset, project) for project in args.project]
    return [load_case(path) for path in (args.case or [None])]


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
    from ..workshop.server import page_urls
    from ..workshop.store import WorkshopStore

    cases = _cases_from_args(args)
    path = _store_path(args)
    with WorkshopStore(path) as store:
        code, token = store.create_workshop(args.name, cases, join_code=args.code)
    titles = (
        cases[0].title
        if len(cases) == 1
        else " ; ".join(f"{i}. {c.title}" for i, c in enumerate(cases, start=1))
    )
    print(
        t_(
            "Atelier {name!r} créé dans {path} (cas : {title}).\n  Code pour les participants : "
            "{code}\n  Jeton formateur (à garder pour vous) : {token}\nEnsuite : {command}",
            name=args.name,
            path=path,
            title=titles,
            code=code,
            token=token,
            command=_serve_hint(args.name, path, token),
        )
    )
    _print_qr(page_urls("0.0.0.0", 8866, join_code=code)["participant"], served=False)
    return 0


def _print_qr(url: str, *, served: bool) -> None:
    """The participants' address as a QR code in the terminal (scanned from the screen)."""
    from ..workshop.qr import terminal_qr

    if served:
        intro = t_("QR code de l'adresse des participants (avec le code) : {url}", url=url)
    else:
        intro = t_(
            "QR code de l'adresse des participants une fois l'atelier servi avec --host 0.0.0.0 (port 8866) : {url}",
            url=url,
        )
    print(intro, terminal_qr(url), sep="\n", flush=True)


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
        store.set_join_url(args.name, urls["participant"])  # the dashboard draws its QR code
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
    _print_qr(urls["participant"], served=True)

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
        snaps = [store.snapshot(args.name, i) for i in range(1, snap.n_cases + 1)]
    print(f"{args.name} — {snap.case.title} — code {snap.join_code}")
    print(t_("Participants : {n_participants}", n_participants=len(snap.participants)))
    for one in snaps:
        if len(snaps) > 1:
            now = t_(" (en cours)") if one.case_no == snap.current_case else ""
            print(
                t_(
                    "Cas {number} sur {count} : {title}{now}",
                    number=one.case_no,
                    count=len(snaps),
                    title=one.case.title,
                    now=now,
                )
            )
        for r in WORKSHOP_ROUNDS:
            done = len(one.submitted[r])
            extra = (
                f" — {done}/{len(one.participants)}" if r in PARTICIPANT_ROUNDS else f" — {done}"
            )
            print(f"  {round_label(r)} : {status_label(one.statuses[r])}{extra}")
    return 0


def _add_case(args) -> int:
    cases = _cases_from_args(args)
    with _existing_store(args) as store:
        numbers = [store.add_case(args.name, case, token=None, trusted=True) for case in cases]
    for number, case in zip(numbers, cases, strict=True):
        print(
            t_(
                "Cas {number} ajouté à l'atelier {name!r} : {title}.",
                number=number,
                name=args.name,
                title=case.title,
            )
        )
    return 0


def _next_case(args) -> int:
    with _existing_store(args) as store:
        number = store.next_case(args.name, token=None, trusted=True)
        title = store.case(args.name, number).title
    print(
        t_(
            "Les participants de {name!r} passent au cas {number} : {title}.",
            name=args.name,
            number=number,
            title=title,
        )
    )
    return 0


def _export(args) -> int:
    from ..workshop.export import export_workshop

    with _existing_store(args) as store:
        out = export_workshop(
            store, args.name, args.out, token=None, include_pseudonyms=args.with_pseudonyms
        )
    print(t_("Jeu de données écrit dans {out} (projects.csv, raters.csv, scores.csv).", out=out))
    return 0


def _handout(args) -> int:
    from ..workshop.handout import handout_pdf

    with _existing_store(args) as store:
        out = handout_pdf(store, args.name, args.out, token=None, case_no=args.case)
    print(t_("Fiche des participants écrite dans {out}.", out=out))
    return 0
