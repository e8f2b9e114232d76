"""The serving pieces without a browser: the page built before its request, the request
read over Voila's websocket, the failure notice, the trainer's terminal, stale folders."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading

import pytest

from amiris_lab.widgets.participant_page import ParticipantPage, participant_card_page
from amiris_lab.workshop import WorkshopStore, load_case
from amiris_lab.workshop.request import ENV_SIGNALS, page_query_string, tell_server
from amiris_lab.workshop.server import ServerWatch, _relay, page_notebook, sweep_stale_pages


@pytest.fixture
def workshop(tmp_path):
    path = tmp_path / "ateliers.sqlite"
    with WorkshopStore(path) as s:
        code, token = s.create_workshop("salle", load_case(), join_code="ABC234")
        s.set_round("salle", "individuel", "open", token=token)
        who = s.join("salle", code, "Alice", "expert")
        s.save_draft("salle", who, {"M01": 3, "M02": 1})
    return path, who


def test_a_page_built_ahead_takes_its_address_afterwards(workshop):
    path, alice = workshop
    fresh = ParticipantPage(str(path), "salle", poll_interval=None)
    assert fresh.app is not None and fresh.app.code.value == ""  # built before any request
    shown = fresh.show("code=ABC234")
    assert shown is fresh.widget and "amiris-page" in shown._dom_classes
    assert fresh.app.code.value == "ABC234" and fresh.app.participant is None

    back = ParticipantPage(str(path), "salle", poll_interval=None)
    back.show(f"code=ABC234&participant={alice.participant_id}&key={alice.key}")
    assert back.app.participant.pseudonym == "Alice"
    assert back.app.join_box.layout.display == "none"
    assert back.app.card_model.answers == {"M01": 3, "M02": 1}  # the draft, nothing retyped


def test_a_page_that_cannot_be_built_says_so_and_offers_to_retry(workshop, tmp_path, capfd):
    path, _ = workshop
    missing = participant_card_page(str(tmp_path / "absent.sqlite"), "salle", query_string="code=X")
    assert "amiris-page-error" in missing.data and "Aucun fichier d'ateliers" in missing.data
    assert "href='?code=X'" in missing.data and "Réessayer" in missing.data
    unknown = participant_card_page(str(path), "autre")
    assert "Atelier 'autre' introuvable" in unknown.data and "Réessayer" in unknown.data

    broken = ParticipantPage(str(path), "salle", poll_interval=None)

    def fails(_query):
        raise OSError("disque plein")

    broken.app.apply_query = fails
    notice = broken.show("code=ABC234")
    assert "amiris-page-error" in notice.data
    assert "Le serveur de l'atelier n'a pas pu préparer votre fiche." in notice.data
    assert "disque plein" not in notice.data  # the details go to the trainer's terminal
    assert "OSError: disque plein" in capfd.readouterr().err  # no signals folder here
    english = participant_card_page(str(tmp_path / "absent.sqlite"), "salle", lang="en")
    assert "Try again" in english.data and "No workshop file" in english.data


def test_a_preheated_kernel_reads_its_request_from_voila(monkeypatch):
    """The protocol of voila.utils.wait_for_request: a websocket at
    /voila/query/<kernel id> sends the request's variables once the request comes."""
    from websockets.sync.server import serve

    seen = {}

    def handler(ws):
        seen["path"] = ws.request.path
        ws.send(json.dumps({"QUERY_STRING": "code=ABC234&participant=P01&key=k", "X": "1"}))

    with serve(handler, "127.0.0.1", 0) as server:
        port = server.socket.getsockname()[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        for name, value in {
            "VOILA_PREHEAT": "True",
            "VOILA_APP_IP": "127.0.0.1",
            "VOILA_APP_PORT": str(port),
            "VOILA_SERVER_URL": "/",
            "VOILA_KERNEL_ID": "k-123",
            "QUERY_STRING": "",
            "X": "",
        }.items():
            monkeypatch.setenv(name, value)
        assert page_query_string() == "code=ABC234&participant=P01&key=k"
        server.shutdown()
    assert seen["path"] == "/voila/query/k-123"
    assert os.environ["X"] == "1"


def test_the_trainer_terminal_keeps_what_the_trainer_needs():
    lines = [
        "[Voila] WARNING | Notebook atelier_participant.ipynb is not trusted\n",
        "[Voila] Kernel started: 5d44152c\n",
        "\n",
        "[IPKernelApp] WARNING | Kernel is running over TCP without encryption. All ...\n",
        "[Voila] ERROR | Uncaught exception GET /voila/render/x\n",
    ]
    out = io.StringIO()
    _relay(iter(lines), out)
    assert out.getvalue() == "[Voila] ERROR | Uncaught exception GET /voila/render/x\n"


def test_pages_leave_word_for_the_trainer_not_on_their_own_output(tmp_path, monkeypatch, capfd):
    """Ready pages and failures reach serve through its signals folder: a kernel's stderr
    would be copied into the participant's page by ipykernel."""
    watch = ServerWatch(tmp_path, 2)
    monkeypatch.setenv(ENV_SIGNALS, str(tmp_path))
    assert watch.poll() == []
    monkeypatch.setenv("VOILA_KERNEL_ID", "k1")
    tell_server("ready")
    tell_server("message", "amiris-lab: participant page not built: OSError: disque\nplein")
    assert watch.poll() == ["amiris-lab: participant page not built: OSError: disque plein"]
    monkeypatch.setenv("VOILA_KERNEL_ID", "k2")
    tell_server("ready")
    assert watch.poll() == ["Prêt : 2 pages participant préchauffées, la salle peut se connecter."]
    monkeypatch.setenv("VOILA_KERNEL_ID", "k3")  # the pool refilled: said once only
    tell_server("ready")
    assert watch.poll() == []
    assert capfd.readouterr() == ("", "")
    monkeypatch.delenv(ENV_SIGNALS)  # outside the server (JupyterLab): stderr
    tell_server("message", "hors serveur")
    assert capfd.readouterr().err == "hors serveur\n"


def test_folders_of_killed_servers_are_swept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale, live, other = (tmp_path / f"amiris-atelier-{n}" for n in ("a", "b", "c"))
    for folder in (stale, live, other):
        folder.mkdir()
    (stale / "serve.pid").write_text(str(dead.pid))
    (live / "serve.pid").write_text(str(os.getpid()))
    assert sweep_stale_pages(tmp_path) == [stale]
    assert not stale.exists() and live.exists() and other.exists()


def test_the_participant_page_loads_nothing_heavy(workshop):
    """The page's cells, run in a fresh interpreter: no pandas, matplotlib, nor what
    serving needs (jupytext, nbformat, Voila, jupyter_server): every preheated kernel pays it."""
    path, _ = workshop
    cells = ["".join(c["source"]) for c in page_notebook("participant")["cells"]]
    code = "\n".join(
        [f"store = {str(path)!r}; workshop = 'salle'", cells[2], cells[3]]
        + [
            "import sys",
            "heavy = {'pandas', 'matplotlib', 'jupytext', 'nbformat', 'voila', 'jupyter_server'}",
            "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))",
        ]
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"
