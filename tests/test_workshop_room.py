"""A room in a real browser: several participants joining at once, phones, a server
killed with ``kill -9`` and started again, the trainer's gate.

``amiris-lab workshop serve`` (Voila) is driven by Playwright with Debian's Chromium;
screenshots go to ``test-artifacts/``. The full room storm (60 pages at once, 10
storms) is a benchmark (``benchmarks/bench_workshop.py``), not a test.
"""

from __future__ import annotations

import signal
import socket
import time
import urllib.request

import pytest
from workshop_serving import (
    alive,
    chromium,
    create_workshop,
    process_tree,
    require_browser,
    shot,
    start_serve,
    stop,
    wait_preheated,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CODE = "R00M42"
ROOM = 6  # participants joining at once (modest: the machine's 2 cores are shared)
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_browser()
    tmp = tmp_path_factory.mktemp("salle")
    store = tmp / "ateliers.sqlite"
    token = create_workshop(store, "essai", CODE)
    proc, base, _ = start_serve(store, token, tmp / "serve.log", pool=ROOM)
    wait_preheated(tmp / "serve.log")
    state = {"base": base, "store": store, "token": token, "proc": proc, "tmp": tmp}
    yield state
    stop(state["proc"])


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def participant_url(base: str, query: str = f"code={CODE}") -> str:
    return f"{base}/voila/render/atelier_participant.ipynb?{query}"


def open_round(server) -> None:
    from amiris_lab.workshop import WorkshopStore

    with WorkshopStore(server["store"]) as s:
        if s.snapshot("essai").statuses["individuel"] == "pending":
            s.set_round("essai", "individuel", "open", token=server["token"])


def join(page, pseudonym: str) -> None:
    from playwright.sync_api import expect

    page.locator(".amiris-join-pseudonym input").fill(pseudonym)
    page.locator(".amiris-join-button").click()
    expect(page.locator(".amiris-personal-link")).to_contain_text(
        f"Bonjour {pseudonym}", timeout=30_000
    )


def test_a_room_joining_at_once_every_page_holds_its_card(server, browser):
    """ROOM pages requested in the same instant: each shows the join form, joins, and
    holds the 12-marker card; every join reaches the store."""
    from playwright.sync_api import expect

    from amiris_lab.workshop import WorkshopStore

    open_round(server)
    pages = [browser.new_context(**PHONE).new_page() for _ in range(ROOM)]
    started = time.perf_counter()
    for page in pages:  # every navigation is sent before any is waited for
        page.evaluate("url => { window.location.href = url; }", participant_url(server["base"]))
    for page in pages:
        expect(page.locator(".amiris-join-button")).to_be_visible(timeout=90_000)
    ready = time.perf_counter() - started
    for i, page in enumerate(pages):
        expect(page.locator(".amiris-join-code input")).to_have_value(CODE)
        join(page, f"Salle{i}")
    for page in pages:
        expect(page.locator(".amiris-round-status")).to_contain_text("ouvert", timeout=30_000)
        expect(page.locator(".amiris-card")).to_be_visible()
        expect(page.locator(".amiris-level-M01 button")).to_have_count(5)
        expect(page.locator(".amiris-level-M12 button")).to_have_count(5)
    shot(pages[-1], "room_phone_card")
    with WorkshopStore(server["store"]) as s:
        joined = {p.pseudonym for p in s.snapshot("essai").participants}
    assert {f"Salle{i}" for i in range(ROOM)} <= joined
    for page in pages:
        page.context.close()
    print(f"{ROOM} pages at once: every join form visible after {ready:.1f} s")


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, f"the page is {width} px wide on a {inner} px screen"


def small_targets(page, scope: str) -> list[str]:
    """Visible controls under ``scope`` smaller than 44 x 44 CSS pixels."""
    return page.evaluate(
        """scope => [...document.querySelectorAll(
              scope + ' button, ' + scope + ' input, ' + scope + ' select, ' + scope + ' a')]
            .filter(e => e.offsetParent !== null)
            .map(e => [e, e.getBoundingClientRect()])
            .filter(([e, r]) => r.width < 44 || r.height < 44)
            .map(([e, r]) => `${e.tagName} '${(e.innerText || e.value || '').trim()}' `
                             + `${Math.round(r.width)}x${Math.round(r.height)}`)""",
        scope,
    )


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_participant_page_on_a_phone(server, browser):
    """360 x 740: no horizontal scroll, touch targets of 44 px, no serious or critical
    axe-core violation, on the join form and on the card."""
    from playwright.sync_api import expect

    open_round(server)
    page = browser.new_context(**PHONE).new_page()
    page.goto(participant_url(server["base"]))
    expect(page.locator(".amiris-join-button")).to_be_visible(timeout=90_000)
    for step in ("join", "card"):
        if step == "card":
            join(page, "Telephone")
            expect(page.locator(".amiris-card")).to_be_visible(timeout=30_000)
            page.locator(".amiris-level-M01 button").nth(2).click()
        shot(page, f"phone_{step}")
        no_horizontal_scroll(page)
        assert small_targets(page, ".amiris-page") == [], step
        assert serious_violations(page) == [], step
    page.context.close()


def test_a_phone_that_sleeps_finds_its_card_again(server, browser):
    """Closed and reopened by the personal link, or cut from the network and back: the
    card comes back with its answers, nothing typed again."""
    from playwright.sync_api import expect

    from amiris_lab.workshop import WorkshopStore

    open_round(server)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(participant_url(server["base"]))
    expect(page.locator(".amiris-join-button")).to_be_visible(timeout=90_000)
    join(page, "Dormeur")
    link = page.locator(".amiris-personal-link a").get_attribute("href")
    page.locator(".amiris-level-M01 button").nth(3).click()
    expect(page.locator(".amiris-level-M01 button.mod-active")).to_have_count(1)

    # the network drops (the phone sleeps), then comes back: the same page keeps working
    context.set_offline(True)
    time.sleep(5)
    context.set_offline(False)
    page.locator(".amiris-level-M02 button").nth(1).click()
    with WorkshopStore(server["store"]) as s:
        who = next(p for p in s.snapshot("essai").participants if p.pseudonym == "Dormeur")
        key = link.split("key=")[1]
        deadline = time.time() + 30
        while True:
            card = s.my_card(
                "essai", s.resume("essai", CODE, who.participant_id, key), "individuel"
            )
            if card is not None and card.answers.get("M02") == 1:
                break
            assert time.time() < deadline, "the click after reconnection never reached the store"
            time.sleep(0.2)
    assert card.answers["M01"] == 3

    # the tab is closed (the phone's browser dropped it) and opened again by the link
    page.close(run_before_unload=False)
    page = context.new_page()
    page.goto(participant_url(server["base"], link.lstrip("?")))
    expect(page.locator(".amiris-personal-link")).to_contain_text("Bonjour Dormeur", timeout=90_000)
    expect(page.locator(".amiris-level-M01 button.mod-active")).to_have_count(1)
    assert (
        page.locator(".amiris-level-M01 button").nth(3).get_attribute("class").count("mod-active")
    )
    assert (
        page.locator(".amiris-level-M02 button").nth(1).get_attribute("class").count("mod-active")
    )
    expect(page.locator(".amiris-join")).to_be_hidden()
    shot(page, "phone_after_sleep")
    context.close()


def test_the_gate_button_label_is_fully_visible(server, browser):
    from playwright.sync_api import expect

    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    page.goto(f"{server['base']}/voila/render/atelier_formateur.ipynb")
    button = page.locator(".amiris-gate-button")
    expect(button).to_be_visible(timeout=90_000)
    expect(button).to_have_text("Ouvrir le tableau de bord")
    sizes = button.evaluate(
        """b => { const l = b.querySelector('.widget-label-basic') || b;
                  return [b.scrollWidth, b.clientWidth, l.scrollWidth, l.clientWidth]; }"""
    )
    assert sizes[0] <= sizes[1] and sizes[2] <= sizes[3], sizes
    shot(page, "trainer_gate")
    page.context.close()


def port_is_free(port: int) -> bool:
    """Whether a server could listen on ``port`` now (as Voila and serve's check do, with
    SO_REUSEADDR: connections of the dead server in TIME_WAIT do not count)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_serve_killed_with_kill_9_leaves_nothing_and_restarts(tmp_path):
    """SIGKILL to ``workshop serve`` alone: Voila and every kernel (preheated or serving
    a page) are gone within seconds, the port is free, the same command starts again."""
    require_browser()
    store = tmp_path / "ateliers.sqlite"
    token = create_workshop(store, "essai", CODE)
    proc, base, _ = start_serve(store, token, tmp_path / "serve.log", pool=2)
    try:
        port = int(base.rsplit(":", 1)[1])
        wait_preheated(tmp_path / "serve.log")
        with urllib.request.urlopen(participant_url(base), timeout=120) as r:  # a kernel in use
            body = r.read().decode()
        assert "application/vnd.jupyter.widget-view+json" in body
        assert "amiris-lab:" not in body  # word for the server never shows on the page
        deadline = time.time() + 90
        while True:  # the page's kernel and the pool refilled behind it (after a few seconds)
            tree = process_tree(proc.pid)
            kernels = [p for p in tree if b"ipykernel" in cmdline(p)]
            if len(kernels) >= 3:
                break
            assert time.time() < deadline, tree
            time.sleep(0.5)
        os_kill(proc.pid, signal.SIGKILL)  # the serve process only, not its group
        proc.wait(timeout=10)
        deadline = time.time() + 20
        while any(alive(p) for p in tree) or not port_is_free(port):
            assert time.time() < deadline, (
                f"still running after kill -9: {[p for p in tree if alive(p)]}; "
                f"port free: {port_is_free(port)}"
            )
            time.sleep(0.2)
    finally:
        if proc.poll() is None:  # the test failed before the kill
            stop(proc)

    # the same command, the same port
    proc, base2, _ = start_serve(store, token, tmp_path / "serve2.log", port=port, pool=2)
    try:
        assert base2 == base and proc.poll() is None
        with urllib.request.urlopen(participant_url(base), timeout=120) as r:
            assert "application/vnd.jupyter.widget-view+json" in r.read().decode()
        printed = (tmp_path / "serve.log").read_text() + (tmp_path / "serve2.log").read_text()
        for noise in ("is not trusted", "TCP without encryption", "Address already in use"):
            assert noise not in printed, printed
    finally:
        stop(proc)


def cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read()
    except OSError:
        return b""


def os_kill(pid: int, sig: int) -> None:
    import os

    os.kill(pid, sig)
