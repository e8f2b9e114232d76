"""The store under pressure: 30 processes submitting at once, and a process killed mid-workshop."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import signal
import subprocess
import sys
import textwrap

import pytest

from amiris_lab.workshop import WorkshopStore, load_case
from amiris_lab.workshop.model import Participant

MARKERS = [f"M{i:02d}" for i in range(1, 13)]
N = 30


def answers_of(i: int) -> dict:
    rng = random.Random(1000 + i)
    return {m: rng.choice([0, 1, 2, 3, "ne"]) for m in MARKERS}


def _participant(path, code, i, barrier, acks):
    store = WorkshopStore(path)
    who = store.join("w", code, f"Participant {i}", "expert")
    store.save_draft("w", who, {"M01": 0})
    barrier.wait(timeout=60)  # everyone submits at the same moment
    card = store.submit("w", who, answers_of(i))
    acks.put((who.participant_id, card.answers))
    store.close()


def test_thirty_processes_submit_at_once_and_nothing_is_lost(tmp_path):
    path = tmp_path / "ateliers.sqlite"
    with WorkshopStore(path) as store:
        code, token = store.create_workshop("w", load_case())
        store.set_round("w", "individuel", "open", token=token)
    ctx = mp.get_context("fork")
    barrier, acks = ctx.Barrier(N), ctx.Queue()
    procs = [
        ctx.Process(target=_participant, args=(path, code, i, barrier, acks)) for i in range(N)
    ]
    for p in procs:
        p.start()
    received = dict(acks.get(timeout=120) for _ in range(N))
    for p in procs:
        p.join(timeout=60)
    assert [p.exitcode for p in procs] == [0] * N
    with WorkshopStore(path) as store:
        cards = {c.participant_id: c.answers for c in store.all_cards("w", token=token)}
        snap = store.snapshot("w")
        assert store.integrity_check() == "ok"
    assert len(snap.participants) == N
    assert sorted(p.participant_id for p in snap.participants) == [
        f"P{i:02d}" for i in range(1, N + 1)
    ]
    assert cards == received  # every acknowledged card, with its exact answers
    by_pseudonym = {p.pseudonym: p.participant_id for p in snap.participants}
    assert {by_pseudonym[f"Participant {i}"]: answers_of(i) for i in range(N)} == cards


WRITER = textwrap.dedent(
    """
    import json, random, sys
    from amiris_lab.workshop import WorkshopStore
    from amiris_lab.workshop.model import Participant
    path, people = sys.argv[1], json.loads(sys.argv[2])
    store = WorkshopStore(path)
    markers = [f"M{i:02d}" for i in range(1, 13)]
    rng = random.Random(7)
    print("READY", flush=True)
    for pid, key in people:
        who = Participant(pid, "", "", key)
        for k in range(1, 13):  # the participant clicks marker after marker (drafts)
            store.save_draft("w", who, {m: rng.randint(0, 3) for m in markers[:k]})
        answers = {m: rng.randint(0, 3) for m in markers}
        store.submit("w", who, answers)
        print("ACK", pid, json.dumps(answers), flush=True)
    print("DONE", flush=True)
    """
)


def test_killed_process_loses_no_acknowledged_submission(tmp_path):
    path = tmp_path / "ateliers.sqlite"
    with WorkshopStore(path) as store:
        code, token = store.create_workshop("w", load_case())
        people = [store.join("w", code, f"p{i}", "expert") for i in range(40)]
        store.set_round("w", "individuel", "open", token=token)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            WRITER,
            str(path),
            json.dumps([[p.participant_id, p.key] for p in people]),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    acked = {}
    assert proc.stdout.readline().strip() == "READY"
    for line in proc.stdout:
        if line.startswith("ACK"):
            _, pid, answers = line.split(" ", 2)
            acked[pid] = json.loads(answers)
        if len(acked) >= 8:
            break
    os.kill(proc.pid, signal.SIGKILL)  # mid-workshop: drafts and submissions are in flight
    proc.wait(timeout=10)
    for line in proc.stdout:  # acknowledgements already written before the kill
        if line.startswith("ACK"):
            _, pid, answers = line.split(" ", 2)
            acked[pid] = json.loads(answers)
        assert not line.startswith("DONE"), "the writer finished before it was killed"
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    with WorkshopStore(path) as store:  # the restart
        assert store.integrity_check() == "ok"
        cards = {c.participant_id: c.answers for c in store.all_cards("w", token=token)}
        # the file is still usable: the next participant can go on
        who = Participant(people[-1].participant_id, "", "", people[-1].key)
        store.submit("w", who, {m: 1 for m in MARKERS})
    assert len(acked) >= 8
    for pid, answers in acked.items():
        assert cards[pid] == answers
    # at most one submission was committed but not yet acknowledged when the process died
    assert len(cards) - len(acked) in (0, 1)


def test_participant_with_a_forged_identity_cannot_write(tmp_path):
    with WorkshopStore(tmp_path / "a.sqlite") as store:
        code, token = store.create_workshop("w", load_case())
        store.set_round("w", "individuel", "open", token=token)
        with pytest.raises(Exception, match="Participant inconnu ou clé personnelle invalide"):
            store.submit("w", Participant("P01", "x", "expert", "guess"), {m: 1 for m in MARKERS})
