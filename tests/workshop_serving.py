"""Shared start-up for the browser tests of the workshop: a real ``amiris-lab workshop
serve`` (Voila) on a free port and Debian's Chromium driven by Playwright.

Imported by ``tests/test_workshop_browser.py`` and ``tests/test_workshop_security.py``;
each test module builds its own module-scoped fixtures from these functions.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def require_browser() -> None:
    """Skip when Chromium or Playwright is missing."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's Chromium is missing: run `make chromium`")
    pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_workshop(store: Path, name: str, code: str) -> str:
    """``amiris-lab workshop create``; return the trainer token it prints."""
    created = subprocess.run(
        [sys.executable, "-m", "amiris_lab", "workshop", "create", "--name", name]
        + ["--store", str(store), "--code", code],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return created.split("Jeton formateur (à garder pour vous) : ")[1].split()[0]


def start_serve(
    store: Path,
    token: str,
    log: Path,
    *,
    name: str = "essai",
    extra=(),
    port: int | None = None,
    pool: int = 2,
):
    """Start ``amiris-lab workshop serve`` on a free port (or ``port``); wait until Voila answers.

    ``extra`` adds options to the command (e.g. ``("--cull-idle", "6")``); ``pool`` is
    ``--pool`` (preheated participant pages; small, the machine is shared).
    Returns the process, the base address and what the command printed so far.
    """
    port = port or free_port()
    with open(log, "w") as out:
        proc = subprocess.Popen(
            serve_argv(store, token, name=name, port=port, pool=pool, extra=extra),
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group: Voila and the kernels
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/voila/static/voila.js", timeout=2)  # starts no kernel
            break
        except OSError:
            assert proc.poll() is None, log.read_text()
            time.sleep(0.3)
    return proc, base, log.read_text()


def serve_argv(store: Path, token: str, *, name: str, port: int, pool: int, extra=()) -> list:
    """The ``workshop serve`` command line the tests run."""
    return [sys.executable, "-m", "amiris_lab", "workshop", "serve", "--name", name] + [
        "--store",
        str(store),
        "--port",
        str(port),
        f"--token={token}",
        "--pool",
        str(pool),
        *extra,
    ]


def process_tree(root: int) -> list[int]:
    """``root`` and every descendant (from the parent ids in ``/proc/*/stat``)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_preheated(log: Path, timeout: float = 180) -> None:
    """Wait for the line saying the preheated participant pages are ready."""
    deadline = time.time() + timeout
    while "Prêt :" not in log.read_text():
        assert time.time() < deadline, log.read_text()
        time.sleep(0.5)


def stop(proc, sig=signal.SIGTERM) -> None:
    """Stop the server's whole process group (Voila and every kernel)."""
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


@contextlib.contextmanager
def chromium():
    """Debian's Chromium, headless, through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def kernel_info(base: str, kernel_id: str) -> dict | None:
    """Voila's ``GET /api/kernels/<id>`` (state, connections, last activity); None once gone."""
    try:
        with urllib.request.urlopen(f"{base}/api/kernels/{kernel_id}", timeout=5) as r:
            return json.loads(r.read())
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"workshop_{name}.png"), full_page=True)
