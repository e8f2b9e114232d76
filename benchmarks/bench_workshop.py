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

Run: ``python benchmarks/bench_workshop.py`` (or ``make bench``).
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
            c["source"] for c in page_notebook("participant")["cells"] if c["cell_type"] == "code"
        ]
        # what a participant then does: join, click the 12 markers, submit
        cells.append(
            "app.pseudonym.value = 'Bench'; app.join_button.click()\n"
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


def main() -> int:
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


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
