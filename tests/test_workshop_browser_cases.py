"""Several cases in a real browser: a participant page left open follows the trainer to
the next case without rejoining; the dashboard's QR code, as drawn on screen, decodes to
the participants' address. ``amiris-lab workshop serve`` (Voila) driven by Playwright
with Debian's Chromium; screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from workshop_serving import ARTIFACTS, chromium, require_browser, shot, start_serve, stop

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MARKERS = [f"M{i:02d}" for i in range(1, 13)]
CODE = "CS7P9Q"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_browser()
    tmp = tmp_path_factory.mktemp("cases")
    store = tmp / "ateliers.sqlite"
    created = subprocess.run(
        [sys.executable, "-m", "amiris_lab", "workshop", "create", "--name", "deux"]
        + ["--store", str(store), "--code", CODE]
        + ["--case", "epicerie_solidaire", "--case", "garage_solidaire"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    token = created.split("Jeton formateur (à garder pour vous) : ")[1].split()[0]
    proc, base, banner = start_serve(store, token, tmp / "serve.log", name="deux")
    yield {"base": base, "store": store, "token": token, "banner": banner, "tmp": tmp}
    stop(proc)


def test_a_page_left_open_follows_the_trainer_to_the_next_case(server):
    from playwright.sync_api import expect

    from amiris_lab.workshop import WorkshopStore

    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    base, token = server["base"], server["token"]
    participant_url = f"{base}/voila/render/atelier_participant.ipynb?code={CODE}"
    with chromium() as browser:
        phone = browser.new_context(viewport={"width": 820, "height": 2600}).new_page()
        phone.goto(participant_url)
        phone.locator(".amiris-join-button").wait_for(timeout=90_000)
        phone.locator(".amiris-join-pseudonym input").fill("Alice")
        phone.locator(".amiris-join-button").click()
        expect(phone.locator(".amiris-case")).to_contain_text(
            "Cas 1 sur 2 — L'Épicerie des Deux Rives", timeout=30_000
        )
        link = phone.locator(".amiris-personal-link a").get_attribute("href")

        trainer = browser.new_context(viewport={"width": 1200, "height": 1600}).new_page()
        trainer.goto(f"{base}/voila/render/atelier_formateur.ipynb?token={token}")
        trainer.locator(".amiris-dash-open").wait_for(timeout=90_000)
        # the QR code on the screen decodes to the participants' address, with the code
        qr = trainer.locator(".amiris-dash-qr svg")
        expect(qr).to_be_visible()
        box = qr.bounding_box()
        assert box["width"] >= 300  # large enough to project
        png = qr.screenshot(path=str(ARTIFACTS / "workshop_dashboard_qr.png"))
        decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
        assert decoded == [participant_url]
        expect(trainer.locator(".amiris-dash-case select")).to_be_visible()

        # case 1: round 1 opened, scored, revealed
        trainer.locator(".amiris-dash-open").click()
        expect(trainer.locator(".amiris-dash-message")).to_contain_text("ouvert")
        phone.locator(".amiris-refresh").click()
        expect(phone.locator(".amiris-round-status")).to_contain_text("ouvert", timeout=20_000)
        for marker in MARKERS:
            phone.locator(f".amiris-level-{marker} button").nth(1).click()
        phone.locator(".amiris-submit").click()
        expect(phone.locator(".amiris-card-message")).to_contain_text(
            "Fiche envoyée", timeout=20_000
        )
        trainer.locator(".amiris-dash-reveal").click()
        expect(trainer.locator(".amiris-dash-agreement")).to_contain_text(
            "1 fiches", timeout=30_000
        )

        # the trainer moves on; the open page follows by itself (no reload, no rejoin)
        trainer.locator(".amiris-dash-next-case").click()
        expect(trainer.locator(".amiris-dash-message")).to_contain_text(
            "Les participants passent au cas 2", timeout=20_000
        )
        expect(trainer.locator(".amiris-dash-header")).to_contain_text("cas 2 sur 2")
        expect(phone.locator(".amiris-case")).to_contain_text(
            "Cas 2 sur 2 — Le Garage Solidaire du Vimeu", timeout=30_000
        )
        assert phone.locator(".amiris-personal-link a").get_attribute("href") == link
        expect(phone.locator(".amiris-join")).to_be_hidden()
        expect(phone.locator(".amiris-round-status")).to_contain_text("En attente")
        expect(phone.locator(".amiris-progress")).to_contain_text("0 / 12")
        shot(phone, "participant_next_case")

        # case 2 is scored on the same page
        trainer.locator(".amiris-dash-open").click()
        expect(trainer.locator(".amiris-dash-message")).to_contain_text("ouvert")
        expect(phone.locator(".amiris-round-status")).to_contain_text("ouvert", timeout=30_000)
        expect(phone.locator(".amiris-progress")).to_contain_text("0 / 12")
        for marker in MARKERS:
            phone.locator(f".amiris-level-{marker} button").nth(3).click()
        phone.locator(".amiris-submit").click()
        expect(phone.locator(".amiris-card-message")).to_contain_text(
            "Fiche envoyée", timeout=20_000
        )
        trainer.locator(".amiris-dash-reveal").click()
        expect(trainer.locator(".amiris-dash-summary")).to_contain_text(
            "Synthèse de la session", timeout=30_000
        )
        trainer.locator(".amiris-dash-export-dir input").fill(str(server["tmp"] / "export"))
        trainer.locator(".amiris-dash-handout").click()
        expect(trainer.locator(".amiris-dash-export-message")).to_contain_text(
            "Fiche des participants écrite", timeout=60_000
        )
        shot(trainer, "dashboard_two_cases")

    with WorkshopStore(server["store"]) as store:
        cards = store.all_cards("deux", token=token, case_no="all")
    assert [(c.case_no, c.participant_id, set(c.answers.values())) for c in cards] == [
        (1, "P01", {1}),
        (2, "P01", {3}),
    ]
    assert (server["tmp"] / "export" / "fiche-deux-cas2.pdf").exists()
