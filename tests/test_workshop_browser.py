"""A real workshop in a real browser: ``amiris-lab workshop serve`` (Voila) driven by
Playwright with Debian's Chromium. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

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
MARKERS = [f"M{i:02d}" for i in range(1, 13)]
CODE = "KT7P9Q"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's Chromium is missing: run `make chromium`")
    pytest.importorskip("playwright.sync_api")
    tmp = tmp_path_factory.mktemp("atelier")
    store = tmp / "ateliers.sqlite"
    cli = [sys.executable, "-m", "amiris_lab"]
    created = subprocess.run(
        [*cli, "workshop", "create", "--name", "essai", "--store", str(store), "--code", CODE],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    token = created.split("Jeton formateur (à garder pour vous) : ")[1].split()[0]
    port = free_port()
    proc = subprocess.Popen(
        [
            *cli,
            "workshop",
            "serve",
            "--name",
            "essai",
            "--store",
            str(store),
            "--port",
            str(port),
            "--token",
            token,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if "Voil" in line and "running" in line:
            break
    banner = "".join(lines)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/voila/static/voila.js", timeout=2)  # no kernel started
            break
        except OSError:
            time.sleep(0.3)
    yield {"base": base, "store": store, "banner": banner, "tmp": tmp, "token": token}
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.stdout.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"workshop_{name}.png"), full_page=True)


def test_a_workshop_in_the_browser(server, browser):
    from playwright.sync_api import expect

    base = server["base"]
    assert f"atelier_participant.ipynb?code={CODE}" in server["banner"]
    assert f"Code d'atelier : {CODE}" in server["banner"]
    participant_url = f"{base}/voila/render/atelier_participant.ipynb?code={CODE}"
    trainer_url = f"{base}/voila/render/atelier_formateur.ipynb?token={server['token']}"
    assert trainer_url in server["banner"]

    # two participants join with the code, a third with a wrong code
    pages = {}
    for name, college in (("Alice", "Expert"), ("Bruno", "Financeur public")):
        page = browser.new_context(viewport={"width": 820, "height": 2600}).new_page()
        page.goto(participant_url)
        page.locator(".amiris-join-button").wait_for(timeout=60_000)
        page.locator(".amiris-join-pseudonym input").fill(name)
        page.locator(".amiris-join-college select").select_option(label=college)
        page.locator(".amiris-join-button").click()
        expect(page.locator(".amiris-personal-link")).to_contain_text(
            f"Bonjour {name}", timeout=20_000
        )
        pages[name] = page
    intruder = browser.new_context().new_page()
    intruder.goto(participant_url.replace(CODE, "ZZZ999"))
    intruder.locator(".amiris-join-button").wait_for(timeout=60_000)
    intruder.locator(".amiris-join-pseudonym input").fill("Intrus")
    intruder.locator(".amiris-join-button").click()
    expect(intruder.locator(".amiris-join-message")).to_contain_text(
        "Code d'atelier incorrect", timeout=20_000
    )
    expect(intruder.locator(".amiris-card")).to_be_hidden()
    shot(intruder, "wrong_code")

    # the trainer opens round 1
    trainer = browser.new_context(viewport={"width": 1100, "height": 1400}).new_page()
    trainer.goto(trainer_url)
    trainer.locator(".amiris-dash-open").wait_for(timeout=60_000)
    expect(trainer.locator(".amiris-dash-participants")).to_contain_text("Bruno")
    trainer.locator(".amiris-dash-open").click()
    expect(trainer.locator(".amiris-dash-message")).to_contain_text("ouvert")

    # both score (a submission refused while incomplete) and submit
    levels = {
        "Alice": [1, 2, 2, 1, 2, 3, 2, 3, 2, 2, 1, 1],
        "Bruno": [2, 3, 3, 2, 2, 3, 3, 3, 2, 1, 1, 4],
    }
    for name, page in pages.items():
        page.locator(".amiris-refresh").click()
        expect(page.locator(".amiris-round-status")).to_contain_text("ouvert", timeout=20_000)
        for marker, level in zip(MARKERS[:6], levels[name][:6], strict=True):
            page.locator(f".amiris-level-{marker} button").nth(level).click()
        page.locator(".amiris-submit").click()
        expect(page.locator(".amiris-card-message")).to_contain_text("Envoi refusé : 6 marqueur(s)")
        for marker, level in zip(MARKERS[6:], levels[name][6:], strict=True):
            page.locator(f".amiris-level-{marker} button").nth(level).click()
        expect(page.locator(".amiris-progress")).to_contain_text("12 / 12")
        page.locator(".amiris-submit").click()
        expect(page.locator(".amiris-card-message")).to_contain_text(
            "Fiche envoyée", timeout=20_000
        )
    shot(pages["Bruno"], "participant_submitted")

    # nothing of the others before the reveal; the trainer reveals
    expect(pages["Alice"].locator(".amiris-revealed")).not_to_contain_text("Le groupe")
    trainer.locator(".amiris-dash-refresh").click()
    expect(trainer.locator(".amiris-dash-participants")).to_contain_text(
        "fiches envoyées : Tour 1 (individuel) 2/2"
    )
    trainer.locator(".amiris-dash-reveal").click()
    agreement = trainer.locator(".amiris-dash-agreement")
    expect(agreement).to_contain_text("α de Krippendorff (ordinal)", timeout=30_000)
    expect(agreement).to_contain_text("2 fiches")
    expect(agreement).to_contain_text("accord brut")
    expect(trainer.locator(".amiris-dash-radar")).to_be_visible()
    expect(trainer.locator(".amiris-dash-strip")).to_be_visible()
    expect(trainer.locator(".amiris-dash-spread")).to_contain_text("M12")
    shot(trainer, "dashboard_revealed")
    trainer.locator(".amiris-dash-results").screenshot(
        path=str(ARTIFACTS / "workshop_dashboard_results.png")
    )

    # a participant now sees the group (the page polls the store)
    expect(pages["Alice"].locator(".amiris-revealed")).to_contain_text(
        "Le groupe, Tour 1", timeout=20_000
    )
    shot(pages["Alice"], "participant_revealed")

    # export, then load the dataset
    out = server["tmp"] / "export"
    trainer.locator(".amiris-dash-export-dir input").fill(str(out))
    trainer.locator(".amiris-dash-export").click()
    expect(trainer.locator(".amiris-dash-export-message")).to_contain_text(
        "Jeu de données écrit", timeout=20_000
    )
    with open(out / "scores.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_rater = {}
    for r in rows:
        by_rater.setdefault(r["rater_id"], []).append("ne" if r["score"] == "" else int(r["score"]))
    assert by_rater == {
        "P01": levels["Alice"],
        "P02": [*levels["Bruno"][:11], "ne"],  # button 4 is "non évalué"
    }
    server["export"] = out
    for page in (*pages.values(), intruder, trainer):
        page.context.close()


def test_the_browser_export_loads_with_load_dataset(server):
    if "export" not in server:
        pytest.skip("the browser workshop did not run")
    io = pytest.importorskip("amiris_lab.io", reason="amiris_lab.io not written yet")
    ds = io.load_dataset(server["export"])
    assert len(ds.scores) == 24
    assert sorted(ds.raters["rater_id"].astype(str)) == ["P01", "P02"]
    assert set(ds.scores["round"].astype(str)) == {"individuel"}
