"""The tables of the workshop file, and the migration of older files.

Version 2 (this one) holds several cases per workshop: a ``cases`` table (one row
per case, numbered 1, 2... in the order the trainer plays them), the workshop's
``current_case``, and rounds and cards keyed by case; ``join_url`` is the address
``workshop serve`` last announced (the dashboard draws its QR code). Participants belong to the
workshop, not to a case: they stay joined from one case to the next.

Version 1 (one case per workshop, the case inside ``workshops.case_json``) is migrated
in place the first time a newer store opens the file: one transaction creates the new
tables, copies every row (the single case becomes case 1), checks that every round,
card and participant is still there, and only then drops the old tables. If anything
fails the transaction rolls back and the file stays as it was.
"""

from __future__ import annotations

import sqlite3

from ..exceptions import StoreError
from ..i18n import lazy_

#: Version written to ``PRAGMA user_version``.
SCHEMA_VERSION = 2

_WORKSHOPS = """CREATE TABLE {name} (
    name TEXT PRIMARY KEY,
    join_code TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    current_case INTEGER NOT NULL DEFAULT 1,
    created_at REAL NOT NULL,
    join_url TEXT NOT NULL DEFAULT ''
)"""
_CASES = """CREATE TABLE cases (
    workshop TEXT NOT NULL REFERENCES workshops(name),
    case_no INTEGER NOT NULL,
    case_json TEXT NOT NULL,
    added_at REAL NOT NULL,
    PRIMARY KEY (workshop, case_no)
)"""
_ROUNDS = """CREATE TABLE {name} (
    workshop TEXT NOT NULL,
    case_no INTEGER NOT NULL,
    round TEXT NOT NULL,
    status TEXT NOT NULL,
    changed_at REAL NOT NULL,
    PRIMARY KEY (workshop, case_no, round),
    FOREIGN KEY (workshop, case_no) REFERENCES cases(workshop, case_no)
)"""
_PARTICIPANTS = """CREATE TABLE participants (
    workshop TEXT NOT NULL REFERENCES workshops(name),
    participant_id TEXT NOT NULL,
    pseudonym TEXT NOT NULL,
    college TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    joined_at REAL NOT NULL,
    PRIMARY KEY (workshop, participant_id),
    UNIQUE (workshop, pseudonym)
)"""
_CARDS = """CREATE TABLE {name} (
    workshop TEXT NOT NULL,
    case_no INTEGER NOT NULL,
    participant_id TEXT NOT NULL,
    round TEXT NOT NULL,
    answers TEXT NOT NULL,
    submitted_at REAL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (workshop, case_no, participant_id, round),
    FOREIGN KEY (workshop, case_no) REFERENCES cases(workshop, case_no)
)"""
_EVENTS = """CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workshop TEXT NOT NULL,
    at REAL NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
)"""


def _tables(c: sqlite3.Connection) -> set[str]:
    return {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _count(c: sqlite3.Connection, table: str) -> int:
    return int(c.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def create_tables(c: sqlite3.Connection) -> None:
    """Create the tables of a new file (version 2)."""
    for statement in (
        _WORKSHOPS.format(name="workshops"),
        _CASES,
        _ROUNDS.format(name="rounds"),
        _PARTICIPANTS,
        _CARDS.format(name="cards"),
        _EVENTS,
    ):
        c.execute(statement)


def migrate_1_to_2(c: sqlite3.Connection) -> None:
    """Rewrite a version-1 file (one case per workshop) as version 2, in the caller's
    transaction (foreign keys must be off while the tables are rebuilt).

    Raises :class:`~amiris_lab.exceptions.StoreError` (and writes nothing once the
    caller rolls back) if a row would be lost.
    """
    before = {t: _count(c, t) for t in ("workshops", "rounds", "participants", "cards", "events")}
    c.execute(_CASES)
    c.execute(
        "INSERT INTO cases (workshop, case_no, case_json, added_at) "
        "SELECT name, 1, case_json, created_at FROM workshops"
    )
    c.execute(_WORKSHOPS.format(name="workshops_v2"))
    c.execute(
        "INSERT INTO workshops_v2 (name, join_code, token_hash, current_case, created_at) "
        "SELECT name, join_code, token_hash, 1, created_at FROM workshops"
    )
    c.execute(_ROUNDS.format(name="rounds_v2"))
    c.execute(
        "INSERT INTO rounds_v2 (workshop, case_no, round, status, changed_at) "
        "SELECT workshop, 1, round, status, changed_at FROM rounds"
    )
    c.execute(_CARDS.format(name="cards_v2"))
    c.execute(
        "INSERT INTO cards_v2 (workshop, case_no, participant_id, round, answers, submitted_at, "
        "updated_at) SELECT workshop, 1, participant_id, round, answers, submitted_at, "
        "updated_at FROM cards"
    )
    for table in ("cards", "rounds", "workshops"):
        c.execute(f"DROP TABLE {table}")
    for table in ("workshops", "rounds", "cards"):
        c.execute(f"ALTER TABLE {table}_v2 RENAME TO {table}")
    after = {t: _count(c, t) for t in before}
    problems = c.execute("PRAGMA foreign_key_check").fetchall()
    if after != before or _count(c, "cases") != before["workshops"] or problems:
        raise StoreError(
            lazy_(
                "Migration du fichier d'ateliers interrompue (lignes avant {before}, après {after}) : le fichier n'a pas été modifié. Gardez-en une copie et signalez-le.",
                before=before,
                after=after,
            )
        )
    c.execute(
        "INSERT INTO events (workshop, at, actor, action, detail) "
        "SELECT name, strftime('%s', 'now'), 'store', 'migrate', '1->2' FROM workshops"
    )


def ensure_schema(c: sqlite3.Connection, file_name: str) -> None:
    """Create or migrate the tables; call inside an immediate transaction."""
    version = int(c.execute("PRAGMA user_version").fetchone()[0])
    tables = _tables(c)
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise StoreError(
            lazy_(
                "{file_name} vient d'une version plus récente d'amiris_lab (schéma {version}) : mettez amiris_lab à jour pour l'ouvrir.",
                file_name=file_name,
                version=version,
            )
        )
    if version == 1 or (version == 0 and "workshops" in tables and "cases" not in tables):
        migrate_1_to_2(c)
    elif not tables & {"workshops", "cases", "rounds", "cards"}:
        create_tables(c)
    else:
        raise StoreError(
            lazy_(
                "{file_name} n'est pas un fichier d'ateliers reconnu (tables : {join}) : indiquez un autre --store.",
                file_name=file_name,
                join=", ".join(sorted(tables)),
            )
        )
    c.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
