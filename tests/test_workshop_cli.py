"""``amiris-lab workshop`` commands, the Voila command line, and the two workshop notebooks."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from amiris_lab.cli.main import main
from amiris_lab.exceptions import ParameterError, StoreError
from amiris_lab.i18n import set_language
from amiris_lab.workshop import WorkshopStore
from amiris_lab.workshop.server import page_notebook, page_urls, serve_command, write_pages

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def french_again():
    """``--lang en`` sets the session's language; give the next test French back."""
    yield
    set_language(None)


def create(tmp_path, capsys, *extra):
    store = tmp_path / "ateliers.sqlite"
    assert main(["workshop", "create", "--name", "atelier1", "--store", str(store), *extra]) == 0
    out = capsys.readouterr().out
    token = out.split("Jeton formateur (à garder pour vous) : ")[1].split()[0]
    code = out.split("Code pour les participants : ")[1].split()[0]
    return store, code, token


def test_create_status_export(tmp_path, capsys):
    store, code, token = create(tmp_path, capsys, "--code", "abc234")
    assert code == "ABC234"
    with WorkshopStore(store) as s:
        p = s.join("atelier1", code, "Alice", "expert")
        s.set_round("atelier1", "individuel", "open", token=token)
        s.submit("atelier1", p, {f"M{i:02d}": 1 for i in range(1, 13)})
    assert main(["workshop", "status", "--name", "atelier1", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "Tour 1 (individuel) : ouvert — 1/1" in out and "code ABC234" in out
    assert (
        main(
            [
                "--lang",
                "en",
                "workshop",
                "export",
                "--name",
                "atelier1",
                "--store",
                str(store),
                "--out",
                str(tmp_path / "x"),
            ]
        )
        == 0
    )
    assert "Dataset written to" in capsys.readouterr().out
    assert (tmp_path / "x" / "scores.csv").read_text(encoding="utf-8").count("\n") == 13


def test_create_from_a_dataset(tmp_path, capsys):
    from amiris_lab.data.demo import make_demo_dataset
    from amiris_lab.data.io import write_dataset

    ds = make_demo_dataset(seed=1)
    folder = write_dataset(ds, tmp_path / "data")
    project = str(ds.projects["project_id"].iloc[0])
    store, _code, _token = create(tmp_path, capsys, "--dataset", str(folder), "--project", project)
    with WorkshopStore(store) as s:
        assert s.case("atelier1").project_id == project


def test_cli_errors(tmp_path, capsys):
    store, _code, _token = create(tmp_path, capsys)
    assert main(["workshop", "create", "--name", "atelier1", "--store", str(store)]) == 1
    assert "L'atelier 'atelier1' existe déjà" in capsys.readouterr().err
    assert (
        main(["workshop", "status", "--name", "x", "--store", str(tmp_path / "absent.sqlite")]) == 2
    )
    assert (
        "Fichier d'ateliers" in capsys.readouterr().err
        and not (tmp_path / "absent.sqlite").exists()
    )
    assert (
        main(["workshop", "create", "--name", "b", "--store", str(store), "--project", "P1"]) == 2
    )
    assert "--dataset et --project vont ensemble" in capsys.readouterr().err
    assert (
        main(
            [
                "workshop",
                "create",
                "--name",
                "b",
                "--store",
                str(store),
                "--case",
                str(tmp_path / "no.toml"),
            ]
        )
        == 2
    )
    assert "Fichier de cas 'no.toml' introuvable" in capsys.readouterr().err
    assert (
        main(["workshop", "serve", "--name", "atelier1", "--store", str(store), "--token", "bad"])
        == 1
    )
    assert "Jeton formateur invalide" in capsys.readouterr().err
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        assert (
            main(["workshop", "serve", "--name", "atelier1", "--store", str(store), "--port", port])
            == 2
        )
    assert f"Impossible d'écouter sur 127.0.0.1:{port}" in capsys.readouterr().err


def test_lost_token_is_replaced(tmp_path, capsys):
    store, _code, old = create(tmp_path, capsys)
    assert main(["workshop", "token", "--name", "atelier1", "--store", str(store)]) == 0
    new = capsys.readouterr().out.split("Nouveau jeton formateur pour 'atelier1' : ")[1].split()[0]
    with WorkshopStore(store) as s:
        s.check_trainer("atelier1", new)
        with pytest.raises(StoreError, match="Jeton formateur invalide"):
            s.check_trainer("atelier1", old)


def test_serve_command_configures_culling_and_host():
    cmd = serve_command("pages", host="0.0.0.0", port=9001, cull_idle_timeout=300, cull_interval=30)
    assert cmd[1:4] == ["-m", "voila", "pages"]
    for flag in (
        "--no-browser",
        "--port=9001",
        "--Voila.ip=0.0.0.0",
        "--Voila.port_retries=0",  # never another port than the one printed
        "--MappingKernelManager.cull_idle_timeout=300",
        "--MappingKernelManager.cull_interval=30",
        "--MappingKernelManager.cull_connected=False",
        # a room joining at once: preheated participant kernels over IPC
        "--preheat_kernel=True",
        "--pool_size=60",
        "--VoilaKernelManager.preheat_denylist=atelier_formateur",
        "--KernelManager.transport=ipc",
    ):
        assert flag in cmd
    assert not any("disable_check_xsrf" in c for c in cmd)
    cold = serve_command("pages", pool=0, transport="tcp")
    assert "--KernelManager.transport=tcp" in cold
    assert not any(c.startswith(("--preheat_kernel", "--pool_size")) for c in cold)
    with pytest.raises(
        ParameterError, match="The 'transport' parameter must be one of \\{'ipc', 'tcp'\\}"
    ):
        serve_command("pages", transport="udp")
    with pytest.raises(
        ParameterError, match="Le paramètre 'port' doit être compris entre 1 et 65535 ; reçu 70000."
    ):
        serve_command("pages", port=70000)
    urls = page_urls("127.0.0.1", 8866, join_code="AB7K9Q", token="t k")
    assert urls["trainer"] == "http://127.0.0.1:8866/voila/render/atelier_formateur.ipynb?token=t+k"


def test_page_notebook_kind_is_checked():
    with pytest.raises(
        ParameterError,
        match="The 'kind' parameter of page_notebook must be one of \\{'participant', 'trainer'\\}. Got 'admin' instead.",
    ):
        page_notebook("admin")


@pytest.mark.parametrize("name", ["atelier_participant.ipynb", "atelier_formateur.ipynb"])
def test_committed_notebooks_are_the_served_pages_and_stripped(name, tmp_path):
    committed = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    served = json.loads((write_pages(tmp_path) / name).read_text(encoding="utf-8"))
    assert committed == served
    for cell in committed["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    assert committed["cells"][1]["metadata"]["tags"] == ["parameters"]


@pytest.mark.notebook
@pytest.mark.slow
def test_participant_notebook_runs_in_a_kernel(tmp_path):
    """Execute the participant notebook on a real workshop, as Voila would."""
    import nbformat
    from nbclient import NotebookClient

    from amiris_lab.workshop import load_case

    store = tmp_path / "ateliers.sqlite"
    with WorkshopStore(store) as s:
        code, _token = s.create_workshop("demo", load_case())
    nb = nbformat.read(ROOT / "notebooks" / "atelier_participant.ipynb", as_version=4)
    nb.cells[1].source = f"store = {str(store)!r}\nworkshop = 'demo'"
    NotebookClient(
        nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = nb.cells[-1].outputs  # the page, shown by the last cell
    assert outputs and "application/vnd.jupyter.widget-view+json" in outputs[0]["data"]


@pytest.mark.notebook
@pytest.mark.slow
def test_trainer_notebook_runs_in_a_kernel(tmp_path):
    """The trainer notebook as in JupyterLab: parameters store, workshop, token."""
    import nbformat
    from nbclient import NotebookClient

    from amiris_lab.workshop import load_case

    store = tmp_path / "ateliers.sqlite"
    with WorkshopStore(store) as s:
        _code, token = s.create_workshop("demo", load_case())
    nb = nbformat.read(ROOT / "notebooks" / "atelier_formateur.ipynb", as_version=4)
    nb.cells[1].source = f"store = {str(store)!r}\nworkshop = 'demo'\ntoken = {token!r}"
    NotebookClient(
        nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    assert "application/vnd.jupyter.widget-view+json" in nb.cells[2].outputs[0]["data"]


def test_served_pages_speak_the_language_of_the_command(tmp_path, monkeypatch):
    """`amiris-lab --lang en workshop serve` must give English pages: the language reaches Voila."""
    import subprocess

    from amiris_lab.i18n import set_language
    from amiris_lab.workshop import server

    seen = {}

    def fake_popen(cmd, env=None, **kwargs):
        seen["env"] = env
        return None

    monkeypatch.setattr(subprocess, "Popen", fake_popen)
    monkeypatch.delenv("AMIRIS_LAB_LANG", raising=False)
    try:
        set_language("en")
        server.start_server(tmp_path / "s.sqlite", "w", tmp_path / "pages")
        assert seen["env"]["AMIRIS_LAB_LANG"] == "en"
        set_language(None)
        server.start_server(tmp_path / "s.sqlite", "w", tmp_path / "pages")
        assert seen["env"]["AMIRIS_LAB_LANG"] == "fr"
    finally:
        set_language(None)


def test_generated_tokens_never_start_with_a_dash(tmp_path, monkeypatch):
    """About 1 token in 64 would start with '-' (then read as an option): never generated."""
    from amiris_lab.workshop import codes, load_case

    tokens = [codes.new_token() for _ in range(3000)]
    assert not [t for t in tokens if t.startswith("-")]
    assert len(set(tokens)) == len(tokens)
    # the store's own tokens (creation, reset) go through it, even when '-' comes first
    drawn = iter(["-Xy_dash_first", "-again", "Ok_token_3"] * 2)
    monkeypatch.setattr(codes.secrets, "token_urlsafe", lambda n=None: next(drawn))
    with WorkshopStore(tmp_path / "s.sqlite") as s:
        assert s.create_workshop("w", load_case())[1] == "Ok_token_3"
        assert s.reset_token("w") == "Ok_token_3"


def test_every_suggested_command_passes_the_token_with_equals(tmp_path, capsys):
    """The serve commands printed by create and token parse back to the same values."""
    import shlex

    from amiris_lab.cli.main import build_parser
    from amiris_lab.cli.workshop import _serve_hint

    store = tmp_path / "dossier avec espaces" / "ateliers.sqlite"
    assert main(["workshop", "create", "--name", "atelier1", "--store", str(store)]) == 0
    created = capsys.readouterr().out
    token = created.split("Jeton formateur (à garder pour vous) : ")[1].split()[0]
    assert main(["workshop", "token", "--name", "atelier1", "--store", str(store)]) == 0
    reset = capsys.readouterr().out
    new = reset.split("Nouveau jeton formateur pour 'atelier1' : ")[1].split()[0]
    assert token != new
    for out, expected in ((created, token), (reset, new)):
        line = next(x for x in out.splitlines() if x.startswith("Ensuite : "))
        assert line.startswith("Ensuite : amiris-lab workshop serve ") and " --token=" in line
        args = build_parser().parse_args(shlex.split(line.split(" : ", 1)[1])[1:])
        assert (args.name, Path(args.store), args.token) == ("atelier1", store, expected)
    # a value starting with '-' stays a value in the printed form
    for value in ("-Xy12ab", "--x"):
        args = build_parser().parse_args(shlex.split(_serve_hint("a b", store, value))[1:])
        assert (args.name, args.token) == ("a b", value)
