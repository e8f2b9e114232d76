"""The workshop store: one SQLite file shared by every page's kernel.

Every participant page runs in its own kernel (a process), so shared state lives in
SQLite: WAL journal (readers never block the writer), ``busy_timeout`` (writers wait
their turn instead of failing), ``synchronous=FULL`` (an acknowledged action survives
a crash), and one ``BEGIN IMMEDIATE`` transaction per action, so each check (join
code, trainer token, round open, card complete) and its write happen atomically.

Who may do what is checked here: joining needs the workshop's join code; a
participant acts with the private key given at joining (so a reloaded page can resume
its draft); every trainer action needs the trainer token (stored hashed).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..exceptions import ParameterError, StoreError
from ..format import CONSENSUS_RATER  # the consensus card's rater id
from ..i18n import lazy_, t_
from .case import CaseProject
from .model import (
    COLLEGES,
    PARTICIPANT_ROUNDS,
    WORKSHOP_ROUNDS,
    Card,
    Participant,
    Workshop,
    check_round,
    clean_answers,
    current_round,
    incomplete_reason,
    missing_markers,
    next_status,
    round_label,
)

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1
_SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS workshops (
    name TEXT PRIMARY KEY,
    join_code TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    case_json TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS rounds (
    workshop TEXT NOT NULL REFERENCES workshops(name),
    round TEXT NOT NULL,
    status TEXT NOT NULL,
    changed_at REAL NOT NULL,
    PRIMARY KEY (workshop, round)
);
CREATE TABLE IF NOT EXISTS participants (
    workshop TEXT NOT NULL REFERENCES workshops(name),
    participant_id TEXT NOT NULL,
    pseudonym TEXT NOT NULL,
    college TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    joined_at REAL NOT NULL,
    PRIMARY KEY (workshop, participant_id),
    UNIQUE (workshop, pseudonym)
);
CREATE TABLE IF NOT EXISTS cards (
    workshop TEXT NOT NULL REFERENCES workshops(name),
    participant_id TEXT NOT NULL,
    round TEXT NOT NULL,
    answers TEXT NOT NULL,
    submitted_at REAL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (workshop, participant_id, round)
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workshop TEXT NOT NULL,
    at REAL NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
"""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _same(secret: str, hashed: str) -> bool:
    return hmac.compare_digest(_hash(str(secret)), hashed)


def new_join_code(length: int = 6) -> str:
    """A random join code without ambiguous characters (no I, O, 0, 1).

    Examples
    --------
    >>> len(new_join_code()), new_join_code().isupper()
    (6, True)
    """
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(length))


def new_token(nbytes: int = 12) -> str:
    """A random URL-safe secret that never starts with '-' (a shell would read an option).

    Examples
    --------
    >>> all(not new_token().startswith("-") for _ in range(500))
    True
    """
    while True:
        token = secrets.token_urlsafe(nbytes)
        if not token.startswith("-"):
            return token


def normalise_code(code: str) -> str:
    """Forgive case and spaces in a typed join code.

    Examples
    --------
    >>> normalise_code(" ab7 k9q ")
    'AB7K9Q'
    """
    return "".join(str(code).split()).upper()


class WorkshopStore:
    """Access to a workshop SQLite file; safe to use from many processes at once.

    Parameters
    ----------
    path : str or Path
        The SQLite file (created with its tables if missing).
    timeout : float, default 30
        Seconds a writer waits for the lock (``busy_timeout``) before failing.

    Examples
    --------
    >>> import tempfile, os
    >>> from amiris_lab.workshop.case import load_case
    >>> store = WorkshopStore(os.path.join(tempfile.mkdtemp(), "atelier.sqlite"))
    >>> code, token = store.create_workshop("demo", load_case(), join_code="ABC234")
    >>> alice = store.join("demo", "abc 234", "Alice", "expert")
    >>> store.set_round("demo", "individuel", "open", token=token)
    'open'
    >>> card = store.submit("demo", alice, {m: 2 for m in store.case("demo").marker_codes})
    >>> card.submitted, store.snapshot("demo").submitted["individuel"]
    (True, {'P01'})
    >>> store.close()
    """

    def __init__(self, path: str | Path, *, timeout: float = 30.0):
        self.path = Path(path)
        self.timeout = float(timeout)
        self._lock = threading.RLock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(
            str(self.path), timeout=self.timeout, isolation_level=None, check_same_thread=False
        )
        self._conn.row_factory = sqlite3.Row
        self._conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # pragma: no cover - e.g. a network filesystem
            raise StoreError(
                lazy_(
                    "Impossible d'activer le mode WAL sur {name} (mode {mode}).",
                    name=self.path.name,
                    mode=mode,
                )
            )
        self._conn.execute("PRAGMA synchronous = FULL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        with self._tx() as c:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    c.execute(statement)
            c.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")

    # ------------------------------------------------------------------ plumbing
    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: taken at once (IMMEDIATE), committed or rolled back."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> WorkshopStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` ('ok' when the file is sound)."""
        with self._lock:
            return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])

    def _query(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    @staticmethod
    def _log(c: sqlite3.Connection, name: str, actor: str, action: str, detail: str = "") -> None:
        c.execute(
            "INSERT INTO events (workshop, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)",
            (name, time.time(), actor, action, detail),
        )

    def _workshop_row(self, c: sqlite3.Connection, name: str) -> sqlite3.Row:
        row = c.execute("SELECT * FROM workshops WHERE name = ?", (name,)).fetchone()
        if row is None:
            known = [r[0] for r in c.execute("SELECT name FROM workshops ORDER BY name")]
            listed = ", ".join(known) or t_("aucun")
            raise StoreError(
                lazy_(
                    "Atelier {name!r} introuvable dans {store} (ateliers : {listed}).",
                    name=name,
                    store=self.path.name,
                    listed=listed,
                )
            )
        return row

    def _check_token(self, c: sqlite3.Connection, name: str, token: str | None) -> None:
        row = self._workshop_row(c, name)
        if not token or not _same(token, row["token_hash"]):
            raise StoreError(
                lazy_("Jeton formateur invalide : cette action est réservée au formateur.")
            )

    def _check_participant(self, c: sqlite3.Connection, name: str, who: Participant) -> None:
        row = c.execute(
            "SELECT key_hash FROM participants WHERE workshop = ? AND participant_id = ?",
            (name, who.participant_id),
        ).fetchone()
        if row is None or not _same(who.key, row["key_hash"]):
            raise StoreError(
                lazy_(
                    "Participant inconnu ou clé personnelle invalide : rejoignez l'atelier à nouveau."
                )
            )

    def _statuses(self, c: sqlite3.Connection, name: str) -> dict[str, str]:
        rows = c.execute("SELECT round, status FROM rounds WHERE workshop = ?", (name,))
        statuses = {r: "pending" for r in WORKSHOP_ROUNDS}
        statuses.update({row["round"]: row["status"] for row in rows})
        return statuses

    def _case(self, c: sqlite3.Connection, name: str) -> CaseProject:
        return CaseProject.from_json(self._workshop_row(c, name)["case_json"])

    # ------------------------------------------------------------------ trainer
    def create_workshop(
        self,
        name: str,
        case: CaseProject,
        *,
        join_code: str | None = None,
        trainer_token: str | None = None,
    ) -> tuple[str, str]:
        """Create a workshop; return ``(join_code, trainer_token)``.

        The token is shown once and stored hashed: keep it.
        """
        name = str(name).strip()
        if not name or len(name) > 60 or not all(ch.isalnum() or ch in "-_." for ch in name):
            raise ParameterError(
                "The 'name' parameter of create_workshop must be 1 to 60 letters, digits, "
                f"'-', '_' or '.'. Got {name!r} instead."
            )
        join_code = normalise_code(join_code) if join_code else new_join_code()
        trainer_token = trainer_token or new_token()
        with self._tx() as c:
            if c.execute("SELECT 1 FROM workshops WHERE name = ?", (name,)).fetchone():
                raise StoreError(
                    lazy_(
                        "L'atelier {name!r} existe déjà dans {store} ; choisissez un autre nom.",
                        name=name,
                        store=self.path.name,
                    )
                )
            now = time.time()
            c.execute(
                "INSERT INTO workshops VALUES (?, ?, ?, ?, ?)",
                (name, join_code, _hash(trainer_token), case.to_json(), now),
            )
            for r in WORKSHOP_ROUNDS:
                c.execute("INSERT INTO rounds VALUES (?, ?, 'pending', ?)", (name, r, now))
            self._log(c, name, "trainer", "create", case.project_id)
        return join_code, trainer_token

    def reset_token(self, name: str) -> str:
        """Give the workshop a new trainer token (the old one stops working); return it.

        For whoever holds the file (the command line), e.g. when the token is lost.
        """
        token = new_token()
        with self._tx() as c:
            self._workshop_row(c, name)
            c.execute("UPDATE workshops SET token_hash = ? WHERE name = ?", (_hash(token), name))
            self._log(c, name, "trainer", "reset-token")
        return token

    def workshop_names(self) -> list[str]:
        """Names of the workshops in this file."""
        return [r[0] for r in self._query("SELECT name FROM workshops ORDER BY created_at")]

    def check_trainer(self, name: str, token: str | None) -> None:
        """Raise :class:`StoreError` unless ``token`` is the workshop's trainer token."""
        with self._lock:
            self._check_token(self._conn, name, token)

    def set_round(self, name: str, round_name: str, action: str, *, token: str | None) -> str:
        """Open, close or reveal a round (trainer only); return the new status."""
        check_round(round_name)
        with self._tx() as c:
            self._check_token(c, name, token)
            status = next_status(self._statuses(c, name), round_name, action)
            c.execute(
                "UPDATE rounds SET status = ?, changed_at = ? WHERE workshop = ? AND round = ?",
                (status, time.time(), name, round_name),
            )
            self._log(c, name, "trainer", action, round_name)
        return status

    def add_participant(
        self, name: str, pseudonym: str, college: str, *, token: str | None
    ) -> Participant:
        """Register a participant on the trainer's screen (facilitator mode)."""
        with self._tx() as c:
            self._check_token(c, name, token)
            return self._insert_participant(c, name, pseudonym, college)

    def record_card(
        self,
        name: str,
        participant_id: str,
        round_name: str,
        answers: Mapping[str, object],
        *,
        token: str | None,
    ) -> Card:
        """Record and submit a card for someone (trainer only).

        Used by the facilitator mode (a participant without a device) and for the
        consensus (``participant_id="COMITE"``, round ``consensus``). The round must be
        open and the card complete.
        """
        check_round(round_name)
        with self._tx() as c:
            self._check_token(c, name, token)
            if participant_id != CONSENSUS_RATER:
                known = c.execute(
                    "SELECT 1 FROM participants WHERE workshop = ? AND participant_id = ?",
                    (name, participant_id),
                ).fetchone()
                if known is None:
                    raise StoreError(
                        lazy_(
                            "Participant inconnu : {participant_id!r}.",
                            participant_id=participant_id,
                        )
                    )
                if round_name == "consensus":
                    raise StoreError(
                        lazy_(
                            "Le consensus s'enregistre au nom de {consensus_rater}.",
                            consensus_rater=CONSENSUS_RATER,
                        )
                    )
            elif round_name != "consensus":
                raise StoreError(
                    lazy_(
                        "{consensus_rater} ne note que le tour Consensus.",
                        consensus_rater=CONSENSUS_RATER,
                    )
                )
            card = self._write_card(c, name, participant_id, round_name, answers, submit=True)
            self._log(c, name, "trainer", "record", f"{participant_id}/{round_name}")
            return card

    def all_cards(
        self,
        name: str,
        *,
        token: str | None,
        round_name: str | None = None,
        submitted_only: bool = True,
        trusted: bool = False,
    ) -> list[Card]:
        """Every card of the workshop, optionally of one round.

        Needs the trainer token, unless ``trusted`` (direct access to the file: the
        command line or an analysis notebook, which can read the file anyway).
        """
        if not trusted:
            with self._lock:
                self._check_token(self._conn, name, token)
        else:
            with self._lock:
                self._workshop_row(self._conn, name)
        return self._cards(name, round_name, submitted_only)

    # ------------------------------------------------------------------ participants
    def _insert_participant(
        self, c: sqlite3.Connection, name: str, pseudonym: str, college: str
    ) -> Participant:
        pseudonym = " ".join(str(pseudonym).split())
        if not pseudonym or len(pseudonym) > 40:
            raise StoreError(lazy_("Choisissez un pseudonyme (1 à 40 caractères)."))
        if college not in COLLEGES:
            raise StoreError(
                lazy_(
                    "Collège {college!r} inconnu ; choisissez parmi {join}.",
                    college=college,
                    join=", ".join(COLLEGES),
                )
            )
        taken = c.execute(
            "SELECT 1 FROM participants WHERE workshop = ? AND lower(pseudonym) = lower(?)",
            (name, pseudonym),
        ).fetchone()
        if taken:
            raise StoreError(
                lazy_(
                    "Le pseudonyme {pseudonym!r} est déjà pris. Si c'est le vôtre, ouvrez votre lien "
                    "personnel ; sinon choisissez-en un autre.",
                    pseudonym=pseudonym,
                )
            )
        count = c.execute(
            "SELECT count(*) FROM participants WHERE workshop = ?", (name,)
        ).fetchone()[0]
        participant_id = f"P{count + 1:02d}"
        key = secrets.token_urlsafe(8)
        c.execute(
            "INSERT INTO participants VALUES (?, ?, ?, ?, ?, ?)",
            (name, participant_id, pseudonym, college, _hash(key), time.time()),
        )
        self._log(c, name, participant_id, "join", college)
        return Participant(participant_id, pseudonym, college, key)

    def join(self, name: str, join_code: str, pseudonym: str, college: str) -> Participant:
        """Join a workshop with its code; return the participant with their private key."""
        with self._tx() as c:
            row = self._workshop_row(c, name)
            if not hmac.compare_digest(normalise_code(join_code), row["join_code"]):
                raise StoreError(
                    lazy_("Code d'atelier incorrect : vérifiez le code affiché par le formateur.")
                )
            return self._insert_participant(c, name, pseudonym, college)

    def resume(self, name: str, join_code: str, participant_id: str, key: str) -> Participant:
        """Come back to one's card after a reload (the personal link)."""
        with self._lock:
            row = self._workshop_row(self._conn, name)
            if not hmac.compare_digest(normalise_code(join_code), row["join_code"]):
                raise StoreError(
                    lazy_("Code d'atelier incorrect : vérifiez le code affiché par le formateur.")
                )
            found = self._conn.execute(
                "SELECT * FROM participants WHERE workshop = ? AND participant_id = ?",
                (name, participant_id),
            ).fetchone()
            who = Participant(
                participant_id,
                found["pseudonym"] if found else "",
                found["college"] if found else "",
                key,
            )
            self._check_participant(self._conn, name, who)
            return who

    def _participant_round(self, c: sqlite3.Connection, name: str) -> str:
        statuses = self._statuses(c, name)
        round_name = current_round(statuses)
        if round_name not in PARTICIPANT_ROUNDS or statuses[round_name] != "open":
            raise StoreError(
                lazy_("Aucun tour n'est ouvert : attendez que le formateur ouvre le tour.")
            )
        return round_name

    def _write_card(
        self,
        c: sqlite3.Connection,
        name: str,
        participant_id: str,
        round_name: str,
        answers: Mapping[str, object],
        *,
        submit: bool,
    ) -> Card:
        case = self._case(c, name)
        clean = clean_answers(answers, case.marker_codes, case.level_values)
        statuses = self._statuses(c, name)
        if statuses[round_name] != "open":
            raise StoreError(
                lazy_(
                    "Le tour {round_label} n'est pas ouvert : la fiche n'est pas enregistrée.",
                    round_label=round_label(round_name),
                )
            )
        old = c.execute(
            "SELECT submitted_at FROM cards WHERE workshop = ? AND participant_id = ? AND round = ?",
            (name, participant_id, round_name),
        ).fetchone()
        if (
            old is not None
            and old["submitted_at"] is not None
            and participant_id != CONSENSUS_RATER
        ):
            raise StoreError(
                lazy_("Votre fiche de ce tour est déjà envoyée ; elle ne peut plus changer.")
            )
        if submit:
            reason = incomplete_reason(missing_markers(clean, case.marker_codes))
            if reason:
                raise StoreError(reason)
        now = time.time()
        c.execute(
            "INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (workshop, participant_id, round) DO UPDATE SET "
            "answers = excluded.answers, submitted_at = excluded.submitted_at, updated_at = excluded.updated_at",
            (name, participant_id, round_name, json.dumps(clean), now if submit else None, now),
        )
        return Card(participant_id, round_name, clean, submit)

    def save_draft(self, name: str, who: Participant, answers: Mapping[str, object]) -> Card:
        """Save a participant's (possibly partial) card of the open round."""
        with self._tx() as c:
            self._check_participant(c, name, who)
            round_name = self._participant_round(c, name)
            return self._write_card(c, name, who.participant_id, round_name, answers, submit=False)

    def submit(self, name: str, who: Participant, answers: Mapping[str, object]) -> Card:
        """Submit a complete card for the open round; refused with the reason otherwise.

        Once this returns, the submission is on disk (it survives a crash).
        """
        with self._tx() as c:
            self._check_participant(c, name, who)
            round_name = self._participant_round(c, name)
            card = self._write_card(c, name, who.participant_id, round_name, answers, submit=True)
            self._log(c, name, who.participant_id, "submit", round_name)
            return card

    def my_card(self, name: str, who: Participant, round_name: str) -> Card | None:
        """A participant's own card (draft or submitted) for a round, or None."""
        check_round(round_name)
        with self._lock:
            self._check_participant(self._conn, name, who)
        rows = [
            c
            for c in self._cards(name, round_name, False)
            if c.participant_id == who.participant_id
        ]
        return rows[0] if rows else None

    def revealed_cards(self, name: str, who: Participant, round_name: str) -> list[Card]:
        """Everyone's submitted cards of a round, once the trainer has revealed it."""
        check_round(round_name)
        with self._lock:
            self._check_participant(self._conn, name, who)
            status = self._statuses(self._conn, name)[round_name]
        if status != "revealed":
            raise StoreError(
                lazy_(
                    "Les fiches du tour {round_label} ne sont pas encore dévoilées.",
                    round_label=round_label(round_name),
                )
            )
        return self._cards(name, round_name, True)

    # ------------------------------------------------------------------ reading
    def _cards(self, name: str, round_name: str | None, submitted_only: bool) -> list[Card]:
        sql = "SELECT * FROM cards WHERE workshop = ?"
        params: tuple = (name,)
        if round_name is not None:
            sql += " AND round = ?"
            params += (round_name,)
        if submitted_only:
            sql += " AND submitted_at IS NOT NULL"
        rows = self._query(sql + " ORDER BY round, participant_id", params)
        return [
            Card(
                r["participant_id"],
                r["round"],
                json.loads(r["answers"]),
                r["submitted_at"] is not None,
            )
            for r in rows
        ]

    def case(self, name: str) -> CaseProject:
        """The workshop's case project."""
        with self._lock:
            return self._case(self._conn, name)

    def snapshot(self, name: str) -> Workshop:
        """What the workshop looks like now: rounds, participants, who submitted.

        The snapshot holds no scores (anyone with the join code may read it).
        """
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                row = self._workshop_row(self._conn, name)
                statuses = self._statuses(self._conn, name)
                people = self._conn.execute(
                    "SELECT participant_id, pseudonym, college FROM participants WHERE workshop = ? ORDER BY participant_id",
                    (name,),
                ).fetchall()
                done = self._conn.execute(
                    "SELECT round, participant_id FROM cards WHERE workshop = ? AND submitted_at IS NOT NULL",
                    (name,),
                ).fetchall()
            finally:
                self._conn.execute("COMMIT")
        submitted: dict[str, set[str]] = {r: set() for r in WORKSHOP_ROUNDS}
        for d in done:
            submitted[d["round"]].add(d["participant_id"])
        return Workshop(
            name=name,
            join_code=row["join_code"],
            case=CaseProject.from_json(row["case_json"]),
            statuses=statuses,
            participants=[
                Participant(p["participant_id"], p["pseudonym"], p["college"]) for p in people
            ],
            submitted=submitted,
        )
