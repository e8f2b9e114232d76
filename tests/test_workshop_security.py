"""What a participant's browser can and cannot do to a real ``amiris-lab workshop serve``.

1. The page cannot execute code: an ``execute_request`` sent on the page's own kernel
   channel (from the page's JavaScript, and from Python with the binary protocol the
   page itself uses) never runs, while permitted requests on the same socket are
   answered and the page keeps working.
2. Kernel culling: the kernel of a tab that disappeared (no ``beforeunload``, as when a
   phone loses the network) is reclaimed within the idle timeout plus the culling
   interval; the kernel of a tab still open, idle just as long, is kept and still works.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from workshop_serving import (
    chromium,
    create_workshop,
    kernel_info,
    require_browser,
    shot,
    start_serve,
    stop,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CODE = "SEC7R2"
CULL_IDLE = 6  # seconds (`serve --cull-idle`); the serve command derives the interval
MARGIN = 6.0  # seconds allowed beyond timeout + interval (2 shared cores)
MARKER_CODE = "open({path!r}, 'w').write('pwned')"

# From the page's JavaScript: a second socket on the page's kernel channel (JSON
# protocol), a permitted request, then execute_request followed by comm_info_request.
# The kernel handles shell requests in order, so once comm_info_reply is back an
# execute_request that had reached the kernel would have run.
_JS_PROBE = """async ({url, code}) => {
  const ws = new WebSocket(url);
  await new Promise((ok, ko) => { ws.onopen = ok; ws.onerror = () => ko(new Error('socket')); });
  const got = [];
  ws.onmessage = (e) => { if (typeof e.data === 'string') got.push(JSON.parse(e.data)); };
  const send = (msg_type, content) => {
    const msg_id = 'probe-' + Math.random().toString(16).slice(2);
    ws.send(JSON.stringify({
      header: {msg_id, msg_type, username: '', session: 'probe', date: new Date().toISOString(),
               version: '5.3'},
      parent_header: {}, metadata: {}, content, channel: 'shell', buffers: []}));
    return msg_id;
  };
  const reply = async (msg_id, msg_type) => {
    for (let i = 0; i < 200; i++) {
      const m = got.find((m) => m.msg_type === msg_type && m.parent_header.msg_id === msg_id);
      if (m) return m.content;
      await new Promise((r) => setTimeout(r, 50));
    }
    return null;
  };
  const info = await reply(send('kernel_info_request', {}), 'kernel_info_reply');
  const exec_id = send('execute_request', {code, silent: false, store_history: true,
                                           user_expressions: {}, allow_stdin: false,
                                           stop_on_error: true});
  const after = await reply(send('comm_info_request', {}), 'comm_info_reply');
  await new Promise((r) => setTimeout(r, 1000));
  ws.close();
  return {protocol: ws.protocol, info, after,
          about_exec: got.filter((m) => m.parent_header.msg_id === exec_id).map((m) => m.msg_type)};
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_browser()
    tmp = tmp_path_factory.mktemp("atelier_securite")
    store = tmp / "ateliers.sqlite"
    token = create_workshop(store, "essai", CODE)
    proc, base, _ = start_serve(
        store, token, tmp / "serve.log", extra=("--cull-idle", str(CULL_IDLE))
    )
    log[:] = [tmp / "serve.log"]
    yield {"base": base, "tmp": tmp, "proc": proc, "log": tmp / "serve.log"}
    stop(proc)


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


log: list = []  # the running server's log (set by the fixture), shown when a page fails


def open_participant(browser, base: str):
    """A participant page with its widgets ready; return it with its kernel channel URL."""
    page = browser.new_context(viewport={"width": 820, "height": 1400}).new_page()
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(f"{base}/voila/render/atelier_participant.ipynb?code={CODE}")
    try:
        page.locator(".amiris-join-button").wait_for(timeout=60_000)
    except Exception as exc:  # say what the page and the server show
        shot(page, "security_page_not_ready")
        raise AssertionError(
            f"participant page not ready: sockets {sockets}\n"
            f"page: {page.inner_text('body')[-1500:]}\nserve log: {log[0].read_text()[-3000:]}"
        ) from exc
    channels = [u for u in sockets if "/api/kernels/" in u and "/channels" in u]
    assert len(channels) == 1, sockets
    return page, channels[0]


def kernel_id(channel_url: str) -> str:
    return channel_url.split("/api/kernels/")[1].split("/")[0]


def other_session(channel_url: str) -> str:
    """The same channel URL with a session of our own (not replacing the page's socket)."""
    return channel_url.split("?")[0] + f"?session_id={uuid.uuid4()}"


def join(page, pseudonym: str) -> None:
    from playwright.sync_api import expect

    page.locator(".amiris-join-pseudonym input").fill(pseudonym)
    page.locator(".amiris-join-college select").select_option(label="Expert")
    page.locator(".amiris-join-button").click()
    expect(page.locator(".amiris-personal-link")).to_contain_text(
        f"Bonjour {pseudonym}", timeout=20_000
    )


def probe_v1(url: str, code: str) -> dict:
    """The same probe from Python with the binary v1 protocol the page itself speaks."""
    import websocket
    from jupyter_server.services.kernels.connection.base import (
        deserialize_msg_from_ws_v1,
        serialize_msg_to_ws_v1,
    )

    ws = websocket.create_connection(
        url, subprotocols=["v1.kernel.websocket.jupyter.org"], timeout=10
    )
    protocol = ws.getsubprotocol()
    got = []

    def send(msg_type: str, content: dict) -> str:
        msg_id = f"probe-{uuid.uuid4().hex}"
        header = {
            "msg_id": msg_id,
            "msg_type": msg_type,
            "username": "",
            "session": "probe-v1",
            "date": datetime.now().isoformat(),
            "version": "5.3",
        }
        parts = [json.dumps(x).encode() for x in (header, {}, {}, content)]
        ws.send_binary(serialize_msg_to_ws_v1(parts, "shell"))
        return msg_id

    def reply(msg_id: str, msg_type: str, wait: float = 10.0) -> dict | None:
        deadline = time.time() + wait
        while time.time() < deadline:
            for m in got:
                if m["msg_type"] == msg_type and m["parent"] == msg_id:
                    return m["content"]
            ws.settimeout(max(0.05, deadline - time.time()))
            try:
                raw = ws.recv()
            except websocket.WebSocketTimeoutException:
                break
            _, parts = deserialize_msg_from_ws_v1(raw)
            header, parent, _, content = (json.loads(p) for p in parts[:4])
            got.append(
                {"msg_type": header["msg_type"], "parent": parent.get("msg_id"), "content": content}
            )
        return None

    try:
        info = reply(send("kernel_info_request", {}), "kernel_info_reply")
        exec_id = send(
            "execute_request",
            {"code": code, "silent": False, "store_history": True, "user_expressions": {}}
            | {"allow_stdin": False, "stop_on_error": True},
        )
        after = reply(send("comm_info_request", {}), "comm_info_reply")
        reply("none", "none", wait=1.0)  # anything late about the execute_request
    finally:
        ws.close()
    about_exec = [m["msg_type"] for m in got if m["parent"] == exec_id]
    return {"protocol": protocol, "info": info, "after": after, "about_exec": about_exec}


def test_the_participant_page_cannot_execute_code(server, browser, tmp_path):
    page, channel = open_participant(browser, server["base"])
    kid = kernel_id(channel)
    targets = {name: tmp_path / f"pwned_{name}" for name in ("js", "v1", "control")}
    # the code is sound: run here, it creates its file
    exec(MARKER_CODE.format(path=str(targets["control"])))
    assert targets["control"].read_text() == "pwned"

    js = page.evaluate(
        _JS_PROBE,
        {"url": other_session(channel), "code": MARKER_CODE.format(path=str(targets["js"]))},
    )
    v1 = probe_v1(other_session(channel), MARKER_CODE.format(path=str(targets["v1"])))
    for probe, protocol in ((js, ""), (v1, "v1.kernel.websocket.jupyter.org")):
        assert probe["protocol"] == protocol
        # the socket really reaches the page's kernel: permitted requests are answered,
        # before and after the execute_request
        assert probe["info"] is not None and probe["info"]["status"] == "ok", probe
        assert probe["info"]["implementation"] == "ipython"
        assert probe["after"] is not None and probe["after"]["status"] == "ok", probe
    time.sleep(2.0)
    assert not targets["js"].exists(), "the page's JavaScript executed code in its kernel"
    assert not targets["v1"].exists(), "a v1 kernel socket executed code in the page's kernel"
    # the execute_request never reached the kernel: no busy, no execute_reply, no output
    assert js["about_exec"] == [] and v1["about_exec"] == [], (js, v1)

    # the kernel is alive and the page still works
    assert kernel_info(server["base"], kid)["execution_state"] == "idle"
    join(page, "Curieuse")
    shot(page, "security_after_execute_attempts")
    page.context.close()


def voila_command(serve_pid: int) -> list[str]:
    """The command line of the Voila process started by ``workshop serve``."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().decode().split("\0")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == serve_pid and "voila" in cmd:
            return cmd
    raise AssertionError(f"no Voila process under workshop serve ({serve_pid})")


def flag(cmd: list[str], name: str) -> str:
    values = [a.split("=", 1)[1] for a in cmd if a.startswith(f"--MappingKernelManager.{name}=")]
    assert len(values) == 1, (name, cmd)
    return values[0]


def test_idle_kernels_are_culled_and_open_tabs_kept(server, browser):
    base = server["base"]
    cmd = voila_command(server["proc"].pid)
    timeout, interval = int(flag(cmd, "cull_idle_timeout")), int(flag(cmd, "cull_interval"))
    assert timeout == CULL_IDLE
    assert flag(cmd, "cull_connected") == "False"

    kept, kept_url = open_participant(browser, base)  # first, so idle at least as long
    gone, gone_url = open_participant(browser, base)
    kept_id, gone_id = kernel_id(kept_url), kernel_id(gone_url)
    assert kernel_info(base, kept_id)["connections"] >= 1
    assert kernel_info(base, gone_id)["connections"] >= 1

    # the tab vanishes without beforeunload (the page's own shutdown call never comes)
    gone.close(run_before_unload=False)
    closed_at = time.time()
    while (state := kernel_info(base, gone_id)) is not None and state["connections"] > 0:
        assert time.time() - closed_at < 5, state
        time.sleep(0.1)
    assert state is not None, "the kernel vanished at once: not culling, something shut it down"
    gone_last = datetime.fromisoformat(state["last_activity"].replace("Z", "+00:00"))

    bound = timeout + interval + MARGIN
    while kernel_info(base, gone_id) is not None:
        assert time.time() - closed_at < bound, (
            f"the kernel of a closed tab is still there {bound:.0f} s later "
            f"(cull_idle_timeout={timeout}, cull_interval={interval})\n"
            + server["log"].read_text()[-2000:]
        )
        time.sleep(0.25)
    reclaimed_at = datetime.now(UTC)

    # the open tab, idle since before the closed one, is kept: only its connection saves it
    state = kernel_info(base, kept_id)
    assert state is not None, (
        f"an open tab's kernel was culled\n{server['log'].read_text()[-2000:]}"
    )
    assert state["connections"] >= 1 and state["execution_state"] == "idle"
    kept_last = datetime.fromisoformat(state["last_activity"].replace("Z", "+00:00"))
    assert kept_last <= gone_last, (kept_last, gone_last)
    join(kept, "Patiente")
    # reclaimed for idleness: not before the idle timeout had passed
    assert (reclaimed_at - gone_last).total_seconds() >= timeout
    kept.context.close()
    gone.context.close()
