"""The package works installed from its wheel, far from the checkout.

Builds the wheel from a copy of the sources, installs it with its dependencies into
a fresh virtual environment, and from an empty folder elsewhere runs what a new user
runs: ``demo-data``, ``report --format html`` and a workshop page served by
``workshop serve``. Nothing here may read a file of the checkout.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def _env() -> dict[str, str]:
    # no PYTHONPATH or virtual environment of the checkout may leak into the installed one
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(args, cwd, timeout=600) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(bin folder of a fresh venv holding the installed wheel, an empty folder elsewhere)."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "amiris_lab", source / "amiris_lab", ignore=shutil.ignore_patterns("__pycache__")
    )
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp / "dist", source], tmp)
    (wheel,) = (tmp / "dist").glob("amiris_lab-*.whl")
    _run([sys.executable, "-m", "venv", tmp / "venv"], tmp)
    bin_dir = tmp / "venv" / "bin"
    _run([bin_dir / "python", "-m", "pip", "install", "-q", wheel], tmp, timeout=900)
    elsewhere = tmp / "ailleurs"
    elsewhere.mkdir()
    return bin_dir, elsewhere


def test_the_installed_package_is_the_wheel_not_the_checkout(installed):
    bin_dir, elsewhere = installed
    where = _run(
        [bin_dir / "python", "-c", "import amiris_lab; print(amiris_lab.__file__)"], elsewhere
    ).stdout.strip()
    assert Path(where).is_relative_to(bin_dir.parent), where
    assert not Path(where).is_relative_to(ROOT)


def test_wheel_carries_every_packaged_notebook(installed):
    bin_dir, elsewhere = installed
    names = _run(
        [
            bin_dir / "python",
            "-c",
            "from amiris_lab.notebooks import NOTEBOOKS, read_notebook\n"
            "print(' '.join(n for n in NOTEBOOKS if read_notebook(n).cells))",
        ],
        elsewhere,
    ).stdout.split()
    from amiris_lab.notebooks import NOTEBOOKS

    assert names == list(NOTEBOOKS)


def test_demo_data_then_html_report_from_another_folder(installed):
    bin_dir, elsewhere = installed
    _run([bin_dir / "amiris-lab", "demo-data", "data/demo"], elsewhere)
    assert (elsewhere / "data" / "demo" / "scores.csv").exists()
    _run([bin_dir / "amiris-lab", "report", "--format", "html", "--quiet"], elsewhere)
    html = (elsewhere / "reports" / "2019" / "rapport_2019.html").read_text(encoding="utf-8")
    assert "2019" in html and "Krippendorff" in html
    assert '"output_type": "error"' not in html and "Traceback" not in html


def test_the_wheel_carries_both_message_catalogues(installed):
    """English from amiris_lab's catalogue, French argparse from its own, once installed."""
    bin_dir, elsewhere = installed
    english = _run([bin_dir / "amiris-lab", "--lang", "en", "--help"], elsewhere).stdout
    assert "Research workbench" in english and "show this help message and exit" in english
    french = _run([bin_dir / "amiris-lab", "--help"], elsewhere).stdout
    assert french.startswith("usage : ") and "afficher cette aide et quitter" in french


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_workshop_page_served_from_the_installed_package(installed):
    bin_dir, elsewhere = installed
    store = elsewhere / "ateliers.sqlite"
    created = _run(
        [bin_dir / "amiris-lab", "workshop", "create", "--name", "essai"]
        + ["--store", store, "--code", "ABC234"],
        elsewhere,
    ).stdout
    token = created.split("Jeton formateur (à garder pour vous) : ")[1].split()[0]
    port = _free_port()
    log = elsewhere / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [str(bin_dir / "amiris-lab"), "workshop", "serve", "--name", "essai"]
            + ["--store", str(store), "--port", str(port), f"--token={token}", "--pool", "1"],
            cwd=elsewhere,
            env=_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/voila/static/voila.js", timeout=2)
                break
            except OSError:
                assert proc.poll() is None and time.time() < deadline, log.read_text()
                time.sleep(0.3)
        url = f"{base}/voila/render/atelier_participant.ipynb?code=ABC234"
        with urllib.request.urlopen(url, timeout=120) as response:
            page = response.read().decode("utf-8")
        assert response.status == 200
        assert "Atelier de cotation des marqueurs" in page
        # the page's cell ran in a kernel of the installed package and produced the card widget
        assert "application/vnd.jupyter.widget-view+json" in page, page[-2000:]
        assert "Traceback" not in page
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
