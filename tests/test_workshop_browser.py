"""A real workshop in a real browser: ``amiris-lab workshop serve`` (Voila) driven by
Playwright with Debian's Chromium. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import csv
import signal
import time

import pytest
from workshop_serving import (
    ARTIFACTS,
    chromium,
    create_workshop,
    require_browser,
    shot,
    start_serve,
    stop,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MARKERS = [f"M{i:02d}" for i in range(1, 13)]
CODE = "KT7P9Q"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_browser()
    tmp = tmp_path_factory.mktemp("atelier")
    store = tmp / "ateliers.sqlite"
    token = create_workshop(store, "essai", CODE)
    proc, base, banner = start_serve(store, token, tmp / "serve.log")
    state = {
        "base": base,
        "store": store,
        "banner": banner,
        "tmp": tmp,
        "token": token,
        "proc": proc,
    }
    yield state
    stop(state["proc"])


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


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
    expect(trainer.locator(".amiris-dash-profiles")).to_contain_text("P01 (Alice), P02 (Bruno)")
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
    server["acknowledged"] = by_rater
    link = pages["Alice"].locator(".amiris-personal-link a").get_attribute("href")
    server["alice_link"] = link
    for page in (*pages.values(), intruder, trainer):
        page.context.close()


def test_the_browser_export_loads_with_load_dataset(server):
    if "export" not in server:
        pytest.skip("the browser workshop did not run")
    from amiris_lab.cli.main import main
    from amiris_lab.data.io import load_dataset

    ds = load_dataset(server["export"])
    assert len(ds.scores) == 24
    assert sorted(ds.raters["rater_id"].astype(str)) == ["P01", "P02"]
    assert set(ds.scores["round"].astype(str)) == {"individuel"}
    assert main(["validate", str(server["export"])]) == 0


def test_server_killed_mid_workshop_keeps_every_acknowledged_card(server, browser):
    """SIGKILL the whole server (Voila and every kernel), restart it: the file is sound,
    every card acknowledged on screen is there, and a participant gets back in."""
    from playwright.sync_api import expect

    from amiris_lab.workshop import WorkshopStore

    if "acknowledged" not in server:
        pytest.skip("the browser workshop did not run")
    # a participant is half-way through round 2 when the server dies
    with WorkshopStore(server["store"]) as store:
        store.set_round("essai", "revise", "open", token=server["token"])
    page = browser.new_context(viewport={"width": 820, "height": 2600}).new_page()
    page.goto(server["base"] + "/voila/render/atelier_participant.ipynb" + server["alice_link"])
    expect(page.locator(".amiris-round-status")).to_contain_text("Tour 2 (révisé)", timeout=60_000)
    page.locator(".amiris-level-M01 button").nth(3).click()
    expect(page.locator(".amiris-level-M01 button.mod-active")).to_have_text("structurant")
    key = server["alice_link"].split("key=")[1]
    with WorkshopStore(server["store"]) as store:  # the click's draft reaches the file
        alice = store.resume("essai", CODE, "P01", key)
        deadline = time.time() + 20
        while (store.my_card("essai", alice, "revise") or None) is None or (
            store.my_card("essai", alice, "revise").answers.get("M01") != 3
        ):
            assert time.time() < deadline, "the draft never reached the store"
            time.sleep(0.1)
    stop(server["proc"], signal.SIGKILL)
    page.context.close()
    assert server["proc"].returncode == -signal.SIGKILL

    with WorkshopStore(server["store"]) as store:
        assert store.integrity_check() == "ok"
        cards = store.all_cards("essai", token=server["token"], round_name="individuel")
        alice = store.resume("essai", CODE, "P01", key)
        draft = store.my_card("essai", alice, "revise")
    assert {c.participant_id: [c.answers[m] for m in MARKERS] for c in cards} == server[
        "acknowledged"
    ]
    assert (
        draft is not None and draft.answers["M01"] == 3
    )  # round 2 starts from round 1, M01 changed

    server["proc"], server["base"], _ = start_serve(
        server["store"], server["token"], server["tmp"] / "serve2.log"
    )
    page = browser.new_context(viewport={"width": 820, "height": 2600}).new_page()
    page.goto(server["base"] + "/voila/render/atelier_participant.ipynb" + server["alice_link"])
    expect(page.locator(".amiris-round-status")).to_contain_text("Tour 2 (révisé)", timeout=60_000)
    expect(page.locator(".amiris-level-M01 button.mod-active")).to_have_text("structurant")
    shot(page, "participant_after_restart")
    page.context.close()
