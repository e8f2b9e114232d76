"""Write ``workshop_v1.sqlite`` and ``workshop_v1.json`` with the version-1 store.

Run with amiris_lab at commit 2343459 (the last one-case store, schema version 1) on
the import path, from this folder: ``python make_workshop_v1.py``. The JSON lists what
that store acknowledged (every card with its answers and submitted flag, the rounds'
statuses, the participants), so the migration test can check nothing is lost.
"""

import json
import os
import random
import sqlite3

from amiris_lab.workshop import WorkshopStore, load_case

MARKERS = [f"M{i:02d}" for i in range(1, 13)]
path = "workshop_v1.sqlite"
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(path + suffix):
        os.remove(path + suffix)
rng = random.Random(2026)
store = WorkshopStore(path)
code, token = store.create_workshop(
    "ancien", load_case(), join_code="OLD234", trainer_token="t0ken"
)
people = [store.join("ancien", code, name, "expert") for name in ("Ana", "Ben", "Chloé", "Dan")]
store.set_round("ancien", "individuel", "open", token=token)
for who in people:
    store.submit("ancien", who, {m: rng.choice([0, 1, 2, 3, "ne"]) for m in MARKERS})
store.set_round("ancien", "individuel", "reveal", token=token)
store.set_round("ancien", "revise", "open", token=token)
for who in people[:2]:
    store.submit("ancien", who, {m: rng.choice([0, 1, 2, 3]) for m in MARKERS})
store.save_draft("ancien", people[2], {"M01": 2, "M02": "ne"})  # a draft, not submitted
keys = {p.participant_id: p.key for p in people}
store.close()
conn = sqlite3.connect(path)
version = conn.execute("PRAGMA user_version").fetchone()[0]
conn.close()
store = WorkshopStore(path)
expected = {
    "user_version": version,
    "join_code": code,
    "token": token,
    "keys": keys,
    "statuses": store.snapshot("ancien").statuses,
    "participants": [
        [p.participant_id, p.pseudonym, p.college] for p in store.snapshot("ancien").participants
    ],
    "cards": [
        [c.participant_id, c.round, c.answers, c.submitted]
        for c in store.all_cards("ancien", token=token, submitted_only=False)
    ],
}
store.close()
conn = sqlite3.connect(path)  # one self-contained file (no -wal beside it)
conn.execute("PRAGMA journal_mode = DELETE")
conn.close()
with open("workshop_v1.json", "w", encoding="utf-8") as fh:
    json.dump(expected, fh, ensure_ascii=False, indent=1)
    fh.write("\n")
