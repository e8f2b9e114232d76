"""Workshop store under load, and the memory of one participant kernel.

1. 30 simulated participants (one process each) act at the same moment through
   :class:`amiris_lab.workshop.WorkshopStore`: 12 draft saves (one per marker click)
   then a submission. Measured: p50/p95 latency of an action and of a submission,
   and lost submissions (acknowledged but absent afterwards). TARGET: 0 lost.
   Peer, same run: the same writes through a naive sqlite3 connection (default
   rollback journal, Python's default 5 s timeout, implicit transactions).
2. The resident memory (VmRSS) of one participant kernel: a real ipykernel started
   with jupyter_client runs the participant notebook's code cells (as Voila does) on a
   workshop; RSS read from /proc. TARGET: <= 80 MB.
3. A room storm: on a fresh ``amiris-lab workshop serve`` (loopback, free port), N
   participant pages are requested in the same instant (N threads released by one
   barrier, real HTTP GETs of the Voila page, each bounded by a timeout), and the
   storm is repeated on a fresh server each time. A page counts as *holding its card*
   when its HTML carries the output of the page's last cell as a widget view
   (``application/vnd.jupyter.widget-view+json``: Voila writes it only after the cell
   built the participant app, whose scoring card is made with it) and no failure
   notice (``amiris-page-error``). The widgets themselves render only in a browser:
   ``tests/test_workshop_room.py`` opens pages in Chromium at once and checks the
   card there. Measured: time to the whole page (median, p95, max over every page of
   every storm), pages without card, hung pages, and the memory of the server's whole
   process tree (Voila and every kernel, PSS summed from ``/proc/PID/smaps_rollup``)
   divided by N. The server is started, then given time to settle (its preheated
   kernels ready), as a trainer starts it before the room arrives.
   TARGETS: every page holds its card, p95 <= 10 s at N=60, no hang in 10 storms.
   Peer, same run: Voila's default serving, a kernel started over TCP for each page
   request and the page built then (``serve --pool 0 --kernel-transport tcp``); it keeps
   this version's longer IOPub timeout, so its pages wait for their card instead of
   coming back without it as in issue 13 (0 of 60 pages with a card, 50-55 s).

Run: ``python benchmarks/bench_workshop.py`` (or ``make bench``);
``python benchmarks/bench_workshop.py storm --n 60 --storms 10 [--pool 0 --transport tcp]``
runs only the storm. The machine's 2 cores are shared: figures are inflated by load.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

N = 30
MARKERS = [f"M{i:02d}" for i in range(1, 13)]
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
# the process tree of a server (Voila and its kernels): one helper, shared with the browser tests
from workshop_serving import process_tree as _tree  # noqa: E402


def _answers(i: int) -> dict:
    rng = random.Random(i)
    return {m: rng.randint(0, 3) for m in MARKERS}


def _ours(path, code, i, barrier, out):
    from amiris_lab.workshop import WorkshopStore

    store = WorkshopStore(path)
    who = store.join("bench", code, f"p{i}", "expert")
    answers, lat, sub = _answers(i), [], None
    barrier.wait(timeout=120)
    try:
        for k in range(1, 13):
            t0 = time.perf_counter()
            store.save_draft("bench", who, {m: answers[m] for m in MARKERS[:k]})
            lat.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        store.submit("bench", who, answers)
        sub = time.perf_counter() - t0
        lat.append(sub)
        out.put((who.participant_id, answers, lat, sub, None))
    except Exception as exc:
        out.put((who.participant_id, None, lat, None, repr(exc)))


def _naive(path, i, barrier, out):
    conn = sqlite3.connect(path)  # rollback journal, 5 s timeout, implicit transactions
    answers, lat, sub = _answers(i), [], None
    pid = f"P{i + 1:02d}"
    barrier.wait(timeout=120)
    try:
        for k in range(1, 13):
            t0 = time.perf_counter()
            conn.execute(
                "INSERT OR REPLACE INTO cards VALUES (?, ?, ?, NULL)",
                (pid, "individuel", json.dumps({m: answers[m] for m in MARKERS[:k]})),
            )
            conn.commit()
            lat.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        conn.execute(
            "INSERT OR REPLACE INTO cards VALUES (?, ?, ?, ?)",
            (pid, "individuel", json.dumps(answers), time.time()),
        )
        conn.commit()
        sub = time.perf_counter() - t0
        lat.append(sub)
        out.put((pid, answers, lat, sub, None))
    except Exception as exc:
        out.put((pid, None, lat, None, repr(exc)))


def _run(target, args_of, path):
    ctx = mp.get_context("fork")
    barrier, out = ctx.Barrier(N), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args_of(i), barrier, out)) for i in range(N)]
    start = time.perf_counter()
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in range(N)]
    for p in procs:
        p.join(timeout=60)
    return results, time.perf_counter() - start


def store_benchmark(tmp: Path) -> dict:
    from amiris_lab.workshop import WorkshopStore, load_case

    path = tmp / "ours.sqlite"
    with WorkshopStore(path) as store:
        code, token = store.create_workshop("bench", load_case())
        store.set_round("bench", "individuel", "open", token=token)
    results, wall = _run(_ours, lambda i: (path, code, i), path)
    with WorkshopStore(path) as store:
        saved = {c.participant_id: c.answers for c in store.all_cards("bench", token=token)}
        integrity = store.integrity_check()
    acked = {pid: ans for pid, ans, *_ in results if ans is not None}
    lost = sum(1 for pid, ans in acked.items() if saved.get(pid) != ans) + sum(
        1 for r in results if r[1] is None
    )
    lat = np.concatenate([r[2] for r in results]) * 1000
    subs = np.array([r[3] for r in results if r[3] is not None]) * 1000

    naive_path = tmp / "naive.sqlite"
    with sqlite3.connect(naive_path) as c:
        c.execute(
            "CREATE TABLE cards (pid TEXT, round TEXT, answers TEXT, submitted REAL, PRIMARY KEY (pid, round))"
        )
    nresults, nwall = _run(_naive, lambda i: (naive_path, i), naive_path)
    with sqlite3.connect(naive_path) as c:
        nsaved = {
            pid: json.loads(a)
            for pid, a in c.execute("SELECT pid, answers FROM cards WHERE submitted IS NOT NULL")
        }
    nacked = {pid: ans for pid, ans, *_ in nresults if ans is not None}
    nlost = sum(1 for pid, ans in nacked.items() if nsaved.get(pid) != ans) + sum(
        1 for r in nresults if r[1] is None
    )
    nlat = np.concatenate([r[2] for r in nresults if len(r[2])] or [np.array([np.nan])]) * 1000
    nsubs = np.array([r[3] for r in nresults if r[3] is not None] or [np.nan]) * 1000
    errors = sorted({r[4].split("(")[0] + ": " + r[4].split("'")[1] for r in nresults if r[4]})
    return {
        "ours": {
            "wall_s": wall,
            "action_p50_ms": float(np.percentile(lat, 50)),
            "action_p95_ms": float(np.percentile(lat, 95)),
            "submit_p50_ms": float(np.percentile(subs, 50)),
            "submit_p95_ms": float(np.percentile(subs, 95)),
            "lost": lost,
            "integrity": integrity,
        },
        "naive": {
            "wall_s": nwall,
            "action_p50_ms": float(np.nanpercentile(nlat, 50)),
            "action_p95_ms": float(np.nanpercentile(nlat, 95)),
            "submit_p50_ms": float(np.nanpercentile(nsubs, 50)),
            "submit_p95_ms": float(np.nanpercentile(nsubs, 95)),
            "lost": nlost,
            "errors": errors,
        },
    }


def kernel_rss(tmp: Path) -> float:
    """RSS (MB) of a real kernel after running the participant notebook's code cells."""
    from jupyter_client.manager import start_new_kernel

    from amiris_lab.workshop import WorkshopStore, load_case
    from amiris_lab.workshop.server import ENV_NAME, ENV_STORE, page_notebook

    path = tmp / "kernel.sqlite"
    with WorkshopStore(path) as store:
        code, token = store.create_workshop("mem", load_case())
        store.set_round("mem", "individuel", "open", token=token)
    env = dict(
        os.environ, **{ENV_STORE: str(path), ENV_NAME: "mem", "QUERY_STRING": f"code={code}"}
    )
    km, kc = start_new_kernel(kernel_name="python3", env=env, cwd=str(tmp))
    try:
        cells = [
            "".join(c["source"])
            for c in page_notebook("participant")["cells"]
            if c["cell_type"] == "code"
        ]
        # what a participant then does: join, click the 12 markers, submit
        cells.append(
            "app = page.app; app.pseudonym.value = 'Bench'; app.join_button.click()\n"
            "for m, s in app.card_view.selectors.items(): s.value = 2\n"
            "app.card_view.submit_button.click(); print(app.card_view.message.value)"
        )
        for source in cells:
            reply = kc.execute_interactive(source, timeout=60, output_hook=lambda msg: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"cell failed: {reply['content'].get('evalue')}")
        check = kc.execute_interactive(
            "import sys; print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas','matplotlib','sklearn','seaborn'}))",
            timeout=30,
            output_hook=lambda msg: None,
        )
        assert check["content"]["status"] == "ok"
        pid = km.provisioner.process.pid
        with open(f"/proc/{pid}/status") as fh:
            rss_kb = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
        with WorkshopStore(path) as store:
            assert len(store.all_cards("mem", token=token)) == 1, (
                "the kernel's submission is missing"
            )
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return rss_kb / 1024


# ----------------------------------------------------------------------- room storm
CARD_MIME = "application/vnd.jupyter.widget-view+json"
PAGE_ERROR = "amiris-page-error"


def _pss_mb(pids: list[int]) -> float:
    """Proportional set size summed over ``pids`` (shared pages counted once), in MB."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            continue
    return total


def _is_kernel(pid: int) -> bool:
    try:
        return b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _settle(root: int, *, kernels: int, limit: float = 300.0) -> float:
    """Wait until the tree holds ``kernels`` kernels and is quiet (< 10 % of a core)."""
    start = time.perf_counter()
    hz = os.sysconf("SC_CLK_TCK")
    while time.perf_counter() - start < limit:
        pids = _tree(root)
        n_kernels = sum(_is_kernel(pid) for pid in pids)
        before = _cpu_ticks(pids)
        time.sleep(1.0)
        busy = (_cpu_ticks(pids) - before) / hz
        if n_kernels >= kernels and busy < 0.1:
            break
    return time.perf_counter() - start


def _get(url: str, barrier, timeout: float) -> tuple[float, str]:
    """One page load, bounded by ``timeout`` seconds in all: Voila keeps a slow page's
    connection alive with heartbeats, so a socket timeout alone would never fire."""
    import http.client
    import urllib.request

    barrier.wait(timeout=60)
    t0 = time.perf_counter()
    chunks = []
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            while chunk := r.read1(65536):
                chunks.append(chunk)
                if time.perf_counter() - t0 > timeout:
                    return time.perf_counter() - t0, "hung"
    except TimeoutError:
        return time.perf_counter() - t0, "hung"
    except (OSError, http.client.HTTPException) as exc:
        return time.perf_counter() - t0, f"error {type(exc).__name__}"
    body = b"".join(chunks).decode("utf-8", "replace")
    if PAGE_ERROR in body:
        return time.perf_counter() - t0, "failure notice"
    if CARD_MIME not in body:
        return time.perf_counter() - t0, "no card"
    return time.perf_counter() - t0, "card"


def _kill_tree(proc) -> None:
    import signal

    pids = _tree(proc.pid)
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except Exception:
        pass
    for pid in pids:  # whatever the orderly stop left behind
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    proc.wait(timeout=10)


def one_storm(
    tmp: Path, n: int, *, serve_args: list[str], timeout: float = 120.0, refill: bool = False
) -> dict:
    """A fresh ``workshop serve``, ``n`` page loads released together, then the server stopped."""
    import socket
    import subprocess
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from amiris_lab.workshop import WorkshopStore, load_case
    from amiris_lab.workshop.server import DEFAULT_POOL

    store = tmp / "storm.sqlite"
    if not store.exists():
        with WorkshopStore(store) as s:
            s.create_workshop("salle", load_case(), join_code="SALLE6")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(tmp / "serve.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "amiris_lab", "workshop", "serve", "--name", "salle"]
        + ["--store", str(store), "--port", str(port), *serve_args],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/voila/static/voila.js", timeout=2)
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError(
                        f"serve did not start: {(tmp / 'serve.log').read_text()}"
                    ) from None
                time.sleep(0.3)
        pool = (
            int(serve_args[serve_args.index("--pool") + 1])
            if "--pool" in serve_args
            else DEFAULT_POOL
        )
        t_ready = time.perf_counter()
        while pool and "Prêt :" not in (tmp / "serve.log").read_text():  # the preheated pages
            if time.perf_counter() - t_ready > 600 or proc.poll() is not None:
                raise RuntimeError(f"serve never ready: {(tmp / 'serve.log').read_text()}")
            time.sleep(0.5)
        settle = _settle(proc.pid, kernels=pool)
        idle_mb = _pss_mb(_tree(proc.pid))
        url = f"{base}/voila/render/atelier_participant.ipynb?code=SALLE6"
        barrier = Barrier(n)
        t0 = time.perf_counter()
        with ThreadPoolExecutor(n) as ex:
            results = list(ex.map(lambda _i: _get(url, barrier, timeout), range(n)))
        wall = time.perf_counter() - t0
        after_mb = _pss_mb(_tree(proc.pid))
        refilled_mb = None
        if refill and pool:  # the pool refills behind the room (for latecomers and reloads)
            _settle(proc.pid, kernels=pool + n)
            refilled_mb = _pss_mb(_tree(proc.pid))
    finally:
        _kill_tree(proc)
        log.close()
    problems: dict[str, int] = {}
    for line in (tmp / "serve.log").read_text(errors="replace").splitlines():
        if any(word in line for word in ("WARNING", "ERROR", "Error", "Timeout", "Traceback")):
            key = line.split("|", 1)[-1].strip()[:90]
            problems[key] = problems.get(key, 0) + 1
    return {
        "problems": problems,
        "times": [t for t, _ in results],
        "outcomes": [o for _, o in results],
        "wall": wall,
        "settle": settle,
        "idle_mb": idle_mb,
        "after_mb": after_mb,
        "refilled_mb": refilled_mb,
    }


def room_storm(n: int, storms: int, serve_args: list[str], label: str) -> dict:
    """``storms`` storms of ``n`` pages, each on a fresh server; print and return the figures."""
    times, outcomes, per_participant, idle = [], [], [], []
    for i in range(storms):
        with tempfile.TemporaryDirectory() as d:
            r = one_storm(Path(d), n, serve_args=serve_args, refill=i == 0)
        times += r["times"]
        outcomes += r["outcomes"]
        per_participant.append(r["after_mb"] / n)
        idle.append(r["idle_mb"])
        cards = r["outcomes"].count("card")
        print(
            f"  [{label}] storm {i + 1}/{storms}: {cards}/{n} pages with their card, "
            f"slowest {max(r['times']):.1f} s, p50 {np.percentile(r['times'], 50):.1f} s; "
            f"server tree {r['after_mb']:.0f} MB PSS ({r['after_mb'] / n:.0f} MB a participant; "
            f"{r['idle_mb']:.0f} MB before the storm, settled in {r['settle']:.0f} s"
            + (
                f"; {r['refilled_mb']:.0f} MB once the pool refilled"
                if r["refilled_mb"] is not None
                else ""
            )
            + ")"
            + (
                f"; other outcomes: {sorted(set(o for o in r['outcomes'] if o != 'card'))}"
                if cards < n
                else ""
            ),
            flush=True,
        )
        for line, count in sorted(r["problems"].items(), key=lambda kv: -kv[1])[:5]:
            print(f"      server log, {count} x: {line}", flush=True)
    t = np.array(times)
    return {
        "p50": float(np.percentile(t, 50)),
        "p95": float(np.percentile(t, 95)),
        "max": float(t.max()),
        "missing": sum(o != "card" for o in outcomes),
        "hung": sum(o == "hung" for o in outcomes),
        "mb_per_participant": float(np.median(per_participant)),
        "idle_mb": float(np.median(idle)),
    }


def store_and_kernel() -> int:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        res = store_benchmark(tmp)
        rss = kernel_rss(tmp)
    ours, naive = res["ours"], res["naive"]
    print(f"{N} participants at once, 12 drafts + 1 submission each ({N * 13} actions)")
    print(
        f"  amiris WorkshopStore (WAL, BEGIN IMMEDIATE, busy_timeout, synchronous=FULL): "
        f"action p50 {ours['action_p50_ms']:.1f} ms, p95 {ours['action_p95_ms']:.1f} ms; "
        f"submission p50 {ours['submit_p50_ms']:.1f} ms, p95 {ours['submit_p95_ms']:.1f} ms; "
        f"wall {ours['wall_s']:.2f} s; lost {ours['lost']}; integrity {ours['integrity']}"
    )
    print(
        f"  peer: naive sqlite3 (rollback journal, default 5 s timeout): "
        f"action p50 {naive['action_p50_ms']:.1f} ms, p95 {naive['action_p95_ms']:.1f} ms; "
        f"submission p50 {naive['submit_p50_ms']:.1f} ms, p95 {naive['submit_p95_ms']:.1f} ms; "
        f"wall {naive['wall_s']:.2f} s; lost {naive['lost']}"
        + (f"; errors {naive['errors']}" if naive["errors"] else "")
    )
    ratio = (
        ours["action_p95_ms"] / naive["action_p95_ms"] if naive["action_p95_ms"] else float("nan")
    )
    print(f"  ratio action p95 ours/naive: {ratio:.2f}")
    print(
        f"participant kernel resident memory (VmRSS after join + 12 clicks + submit): {rss:.1f} MB"
    )
    lost_ok = ours["lost"] == 0 and ours["integrity"] == "ok"
    rss_ok = rss <= 80
    print(
        f"TARGET workshop_lost_submissions: {'PASS' if lost_ok else 'FAIL'} ({ours['lost']} vs 0)"
    )
    print(f"TARGET workshop_kernel_rss: {'PASS' if rss_ok else 'FAIL'} ({rss:.1f} MB vs 80 MB)")
    return 0 if lost_ok and rss_ok else 1


PEER_ARGS = ["--pool", "0", "--kernel-transport", "tcp"]  # Voila's default serving


def storm_main(argv: list[str]) -> int:
    """``storm [--n N] [--storms K] [-- SERVE_ARGS...]``: only the room storm."""
    import argparse

    serve_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(prog="bench_workshop.py storm")
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--storms", type=int, default=10)
    args = parser.parse_args(argv)
    print(f"room storm: {args.n} pages at once, {args.storms} storms, serve {serve_args}")
    res = room_storm(args.n, args.storms, serve_args, "storm")
    print(
        f"  page p50 {res['p50']:.1f} s, p95 {res['p95']:.1f} s, max {res['max']:.1f} s; "
        f"{res['missing']} page(s) without card, {res['hung']} hung; "
        f"{res['mb_per_participant']:.0f} MB a participant"
    )
    return 0


def main(argv: list[str]) -> int:
    if argv and argv[0] == "storm":
        return storm_main(argv[1:])
    status = store_and_kernel()
    n, storms = 60, 10
    print(f"room storm: {n} participant pages requested at once on a fresh serve, {storms} storms")
    ours = room_storm(n, storms, [], "amiris serve")  # defaults: 60 preheated pages, IPC
    print(
        "  peer: Voila's default serving (a TCP kernel started per request, no preheating), 2 storms"
    )
    peer = room_storm(n, 2, PEER_ARGS, "a kernel per request")
    for label, r in (("amiris serve", ours), ("peer", peer)):
        print(
            f"  {label}: page p50 {r['p50']:.1f} s, p95 {r['p95']:.1f} s, max {r['max']:.1f} s; "
            f"{r['missing']} page(s) without card, {r['hung']} hung; server memory "
            f"{r['mb_per_participant']:.0f} MB a participant (PSS of the whole tree / {n})"
        )
    print(f"  ratio p95 ours/peer: {ours['p95'] / peer['p95']:.2f}")
    cards_ok = ours["missing"] == 0
    p95_ok = ours["p95"] <= 10.0
    hang_ok = ours["hung"] == 0
    print(
        f"TARGET workshop_room_cards: {'PASS' if cards_ok else 'FAIL'} "
        f"({ours['missing']} pages without card of {n * storms} vs 0)"
    )
    print(f"TARGET workshop_room_p95: {'PASS' if p95_ok else 'FAIL'} ({ours['p95']:.1f} s vs 10 s)")
    print(
        f"TARGET workshop_room_no_hang: {'PASS' if hang_ok else 'FAIL'} "
        f"({ours['hung']} hung pages in {storms} storms vs 0)"
    )
    return status or (0 if cards_ok and p95_ok and hang_ok else 1)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
