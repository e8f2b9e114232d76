"""``amiris-lab workshop``: create, serve, follow and export collective scoring workshops."""

from __future__ import annotations

import argparse
import os
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
    """Add ``workshop create|serve|token|status|export|add-case|next-case`` to the command line."""
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
    _case_options(create)
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

    add_case = sub.add_parser(
        "add-case", help=tr("ajouter un cas à un atelier", "add a case to a workshop")
    )
    add_case.add_argument("--name", required=True)
    _case_options(add_case)
    add_case.add_argument("--store", default=None, help=store_help)
    add_case.set_defaults(func=_add_case)

    next_case = sub.add_parser(
        "next-case",
        help=tr(
            "faire passer les participants au cas suivant",
            "move the participants on to the next case",
        ),
    )
    next_case.add_argument("--name", required=True)
    next_case.add_argument("--store", default=None, help=store_help)
    next_case.set_defaults(func=_next_case)

    handout = sub.add_parser(
        "handout",
        help=tr(
            "fiche PDF d'une page pour les participants (après le dévoilement)",
            "one-page PDF handout for participants (after the reveal)",
        ),
    )
    handout.add_argument("--name", required=True)
    handout.add_argument(
        "--out", required=True, help=tr("fichier PDF à écrire", "PDF file to write")
    )
    handout.add_argument(
        "--case",
        type=int,
        default=None,
        help=tr(
            "numéro du cas (défaut : le cas en cours)", "case number (default: the current case)"
        ),
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
        help=tr(
            "fichier de cas (.toml) ou nom d'un cas fourni (epicerie_solidaire, "
            "garage_solidaire) ; à répéter pour plusieurs cas, joués dans cet ordre ; "
            "défaut : le cas d'exemple",
            "case file (.toml) or name of a shipped case (epicerie_solidaire, "
            "garage_solidaire); repeat for several cases, played in that order; "
            "default: the example case",
        ),
    )
    parser.add_argument(
        "--dataset", default=None, help=tr("dossier d'un jeu de données", "a dataset folder")
    )
    parser.add_argument(
        "--project",
        action="append",
        default=None,
        help=tr(
            "projet du jeu de données à coter (à répéter pour plusieurs cas)",
            "project of the dataset to score (repeat for several cases)",
        ),
    )


def _cases_from_args(args) -> list:
    from ..workshop.case import case_from_dataset, load_case

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
            tr(
                f"Fichier d'ateliers {str(path)!r} introuvable : créez d'abord l'atelier "
                "(amiris-lab workshop create --name ...) ou indiquez --store.",
                f"Workshop file {str(path)!r} not found: create the workshop first "
                "(amiris-lab workshop create --name ...) or give --store.",
            )
        )
    return WorkshopStore(path)


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
        tr(
            f"Atelier {args.name!r} créé dans {path} (cas : {titles}).\n"
            f"  Code pour les participants : {code}\n"
            f"  Jeton formateur (à garder pour vous) : {token}\n"
            f"Ensuite : amiris-lab workshop serve --name {args.name} --store {path} --token {token}",
            f"Workshop {args.name!r} created in {path} (case: {titles}).\n"
            f"  Code for participants: {code}\n"
            f"  Trainer token (keep it to yourself): {token}\n"
            f"Next: amiris-lab workshop serve --name {args.name} --store {path} --token {token}",
        )
    )
    _print_qr(page_urls("0.0.0.0", 8866, join_code=code)["participant"], served=False)
    return 0


def _print_qr(url: str, *, served: bool) -> None:
    """The participants' address as a QR code in the terminal (scanned from the screen)."""
    from ..workshop.qr import terminal_qr

    if served:
        intro = tr(
            f"QR code de l'adresse des participants (avec le code) : {url}",
            f"QR code of the participants' address (with the code): {url}",
        )
    else:
        intro = tr(
            f"QR code de l'adresse des participants une fois l'atelier servi avec --host 0.0.0.0 "
            f"(port 8866) : {url}",
            f"QR code of the participants' address once served with --host 0.0.0.0 "
            f"(port 8866): {url}",
        )
    print(intro, terminal_qr(url), sep="\n", flush=True)


def _serve(args) -> int:
    from ..workshop.server import page_urls, start_server

    with _existing_store(args) as store:
        snap = store.snapshot(args.name)
        if args.token:
            store.check_trainer(args.name, args.token)
        _check_port(args.host, args.port)
        urls = page_urls(args.host, args.port, join_code=snap.join_code, token=args.token)
        store.set_join_url(args.name, urls["participant"])  # the dashboard draws its QR code
    pages = Path(tempfile.mkdtemp(prefix=f"amiris-atelier-{args.name}-"))
    proc = start_server(
        _store_path(args),
        args.name,
        pages,
        host=args.host,
        port=args.port,
        cull_idle_timeout=args.cull_idle,
        cull_interval=max(10, min(60, args.cull_idle // 4)),
    )
    print(
        tr(
            f"Atelier {args.name!r} servi par Voila (processus {proc.pid}).\n"
            f"  Participants : {urls['participant']}\n"
            f"  Code d'atelier : {snap.join_code}\n"
            f"  Formateur : {urls['trainer']}"
            + ("" if args.token else " (saisir le jeton sur la page)")
            + f"\n  Noyaux inactifs libérés après {args.cull_idle} s sans onglet ouvert.\n"
            "Ctrl-C pour arrêter.",
            f"Workshop {args.name!r} served by Voila (process {proc.pid}).\n"
            f"  Participants: {urls['participant']}\n"
            f"  Join code: {snap.join_code}\n"
            f"  Trainer: {urls['trainer']}"
            + ("" if args.token else " (type the token on the page)")
            + f"\n  Idle kernels reclaimed after {args.cull_idle} s with no open tab.\n"
            "Ctrl-C to stop.",
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
            f"Nouveau jeton formateur pour {args.name!r} : {token}",
            f"New trainer token for {args.name!r}: {token}",
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
        snaps = [store.snapshot(args.name, i) for i in range(1, snap.n_cases + 1)]
    print(f"{args.name} — {snap.case.title} — code {snap.join_code}")
    print(tr(f"Participants : {len(snap.participants)}", f"Participants: {len(snap.participants)}"))
    for one in snaps:
        if len(snaps) > 1:
            now = tr(" (en cours)", " (current)") if one.case_no == snap.current_case else ""
            print(
                tr(
                    f"Cas {one.case_no} sur {len(snaps)} : {one.case.title}{now}",
                    f"Case {one.case_no} of {len(snaps)}: {one.case.title}{now}",
                )
            )
        for r in WORKSHOP_ROUNDS:
            done = len(one.submitted[r])
            extra = (
                f" — {done}/{len(one.participants)}" if r in PARTICIPANT_ROUNDS else f" — {done}"
            )
            print(f"  {round_label(r)}{tr(' : ', ': ')}{status_label(one.statuses[r])}{extra}")
    return 0


def _add_case(args) -> int:
    cases = _cases_from_args(args)
    with _existing_store(args) as store:
        numbers = [store.add_case(args.name, case, token=None, trusted=True) for case in cases]
    for number, case in zip(numbers, cases, strict=True):
        print(
            tr(
                f"Cas {number} ajouté à l'atelier {args.name!r} : {case.title}.",
                f"Case {number} added to workshop {args.name!r}: {case.title}.",
            )
        )
    return 0


def _next_case(args) -> int:
    with _existing_store(args) as store:
        number = store.next_case(args.name, token=None, trusted=True)
        title = store.case(args.name, number).title
    print(
        tr(
            f"Les participants de {args.name!r} passent au cas {number} : {title}.",
            f"Participants of {args.name!r} move on to case {number}: {title}.",
        )
    )
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


def _handout(args) -> int:
    from ..workshop.handout import handout_pdf

    with _existing_store(args) as store:
        out = handout_pdf(store, args.name, args.out, token=None, case_no=args.case)
    print(
        tr(f"Fiche des participants écrite dans {out}.", f"Participants' handout written to {out}.")
    )
    return 0
