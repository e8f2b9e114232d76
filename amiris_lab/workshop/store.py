"""The workshop store: one SQLite file shared by every page's kernel.

Every participant page runs in its own kernel (a process), so shared state lives in
SQLite: WAL journal (readers never block the writer), ``busy_timeout`` (writers wait
their turn instead of failing), ``synchronous=FULL`` (an acknowledged action survives
a crash), and one ``BEGIN IMMEDIATE`` transaction per action, so each check (join
code, trainer token, round open, card complete) and its write happen atomically.

Who may do what is checked here: joining needs the workshop's join code; a
participant acts with the private key given at joining (so a reloaded page can resume
its draft); every trainer action needs the trainer token (stored hashed).

The class is written in three modules by job: this one (the file, its transactions,
the trainer's actions and reading), :mod:`~amiris_lab.workshop.store_cases` (cases)
and :mod:`~amiris_lab.workshop.store_participants` (what a participant's page does);
codes and hashing are in :mod:`~amiris_lab.workshop.codes`, the tables and the
migration of older one-case files in :mod:`~amiris_lab.workshop.schema`.

A workshop plays one to :data:`MAX_CASES` cases in turn. Each
case has its own rounds and cards; participants stay joined across cases. Methods
act on the *current* case unless given ``case_no``; a participant's page passes the
case it shows, so an answer never lands in a case the trainer has just moved to.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from ..exceptions import ParameterError, StoreError
from ..format import CONSENSUS_RATER  # the consensus card's rater id
from ..i18n import lazy_, t_
from .case import CaseProject
from .codes import hash_secret, new_join_code, new_token, normalise_code, same_secret
from .model import (
    WORKSHOP_ROUNDS,
    Card,
    Participant,
    Workshop,
    check_round,
    clean_answers,
    incomplete_reason,
    lazy_round_label,
    missing_markers,
    next_status,
)
from .schema import ensure_schema
from .store_cases import CaseActions
from .store_participants import ParticipantActions


class WorkshopStore(CaseActions, ParticipantActions):
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
        self._case_cache: dict[str, CaseProject] = {}
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
        self._conn.execute("PRAGMA foreign_keys = OFF")  # while an old file is rebuilt
        with self._tx() as c:
            ensure_schema(c, self.path.name)
        self._conn.execute("PRAGMA foreign_keys = ON")

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
        if not token or not same_secret(token, row["token_hash"]):
            raise StoreError(
                lazy_("Jeton formateur invalide : cette action est réservée au formateur.")
            )

    def _statuses(self, c: sqlite3.Connection, name: str, case_no: int) -> dict[str, str]:
        rows = c.execute(
            "SELECT round, status FROM rounds WHERE workshop = ? AND case_no = ?", (name, case_no)
        )
        statuses = {r: "pending" for r in WORKSHOP_ROUNDS}
        statuses.update({row["round"]: row["status"] for row in rows})
        return statuses

    # ------------------------------------------------------------------ trainer
    def create_workshop(
        self,
        name: str,
        case: CaseProject | Sequence[CaseProject],
        *,
        join_code: str | None = None,
        trainer_token: str | None = None,
    ) -> tuple[str, str]:
        """Create a workshop; return ``(join_code, trainer_token)``.

        ``case`` is one case or a list of up to :data:`MAX_CASES` cases, played in that
        order (case 1 first). The token is shown once and stored hashed: keep it.
        """
        cases = [case] if isinstance(case, CaseProject) else list(case)
        if not cases:
            raise ParameterError(
                "The 'case' parameter of create_workshop must hold at least one case. Got none."
            )
        name = str(name).strip()
        if not name or len(name) > 60 or not all(ch.isalnum() or ch in "-_." for ch in name):
            raise ParameterError(
                lazy_(
                    "Le nom d'atelier doit compter de 1 à 60 lettres, chiffres, '-', '_' ou '.' ; reçu "
                    "{name!r}.",
                    name=name,
                )
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
            c.execute(
                "INSERT INTO workshops (name, join_code, token_hash, current_case, created_at) "
                "VALUES (?, ?, ?, 1, ?)",
                (name, join_code, hash_secret(trainer_token), time.time()),
            )
            for one in cases:
                self._insert_case(c, name, one)
            self._log(c, name, "trainer", "create", ",".join(one.project_id for one in cases))
        return join_code, trainer_token

    def reset_token(self, name: str) -> str:
        """Give the workshop a new trainer token (the old one stops working); return it.

        For whoever holds the file (the command line), e.g. when the token is lost.
        """
        token = new_token()
        with self._tx() as c:
            self._workshop_row(c, name)
            c.execute(
                "UPDATE workshops SET token_hash = ? WHERE name = ?", (hash_secret(token), name)
            )
            self._log(c, name, "trainer", "reset-token")
        return token

    def set_join_url(self, name: str, url: str) -> None:
        """Record the participants' address announced by ``workshop serve`` (file holder)."""
        with self._tx() as c:
            self._workshop_row(c, name)
            c.execute("UPDATE workshops SET join_url = ? WHERE name = ?", (str(url), name))

    def join_url(self, name: str) -> str:
        """The participants' address last announced by ``workshop serve`` ('' if none)."""
        with self._lock:
            return str(self._workshop_row(self._conn, name)["join_url"])

    def workshop_names(self) -> list[str]:
        """Names of the workshops in this file."""
        return [r[0] for r in self._query("SELECT name FROM workshops ORDER BY created_at")]

    def check_trainer(self, name: str, token: str | None) -> None:
        """Raise :class:`StoreError` unless ``token`` is the workshop's trainer token."""
        with self._lock:
            self._check_token(self._conn, name, token)

    def set_round(
        self,
        name: str,
        round_name: str,
        action: str,
        *,
        token: str | None,
        case_no: int | None = None,
    ) -> str:
        """Open, close or reveal a round of a case (trainer only); return the new status.

        ``case_no`` None is the current case; only the current case's rounds open.
        """
        check_round(round_name)
        with self._tx() as c:
            self._check_token(c, name, token)
            number = self._case_no(c, name, case_no)
            current = self._case_no(c, name, None)
            if action == "open" and number != current:
                raise StoreError(
                    lazy_(
                        "Le cas {number} n'est pas le cas en cours (cas {current}) : passez d'abord à ce cas pour y ouvrir un tour.",
                        number=number,
                        current=current,
                    )
                )
            status = next_status(self._statuses(c, name, number), round_name, action)
            c.execute(
                "UPDATE rounds SET status = ?, changed_at = ? "
                "WHERE workshop = ? AND case_no = ? AND round = ?",
                (status, time.time(), name, number, round_name),
            )
            self._log(c, name, "trainer", action, f"{number}/{round_name}")
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
        case_no: int | None = None,
    ) -> Card:
        """Record and submit a card for someone (trainer only), in ``case_no`` (None: current).

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
            number = self._case_no(c, name, case_no)
            card = self._write_card(
                c, name, number, participant_id, round_name, answers, submit=True
            )
            self._log(c, name, "trainer", "record", f"{number}/{participant_id}/{round_name}")
            return card

    def all_cards(
        self,
        name: str,
        *,
        token: str | None,
        round_name: str | None = None,
        submitted_only: bool = True,
        trusted: bool = False,
        case_no: int | Literal["all"] | None = None,
    ) -> list[Card]:
        """Every card of a case (None: the current one; ``"all"``: every case),
        optionally of one round.

        Needs the trainer token, unless ``trusted`` (direct access to the file: the
        command line or an analysis notebook, which can read the file anyway).
        """
        with self._lock:
            if not trusted:
                self._check_token(self._conn, name, token)
            number = None if case_no == "all" else self._case_no(self._conn, name, case_no)
        return self._cards(name, round_name, submitted_only, number)

    # ------------------------------------------------------------------ participants

    def _write_card(
        self,
        c: sqlite3.Connection,
        name: str,
        case_no: int,
        participant_id: str,
        round_name: str,
        answers: Mapping[str, object],
        *,
        submit: bool,
    ) -> Card:
        case = self._case(c, name, case_no)
        clean = clean_answers(answers, case.marker_codes, case.level_values)
        statuses = self._statuses(c, name, case_no)
        if statuses[round_name] != "open":
            raise StoreError(
                lazy_(
                    "Le tour {round_label} n'est pas ouvert : la fiche n'est pas enregistrée.",
                    round_label=lazy_round_label(round_name),
                )
            )
        old = c.execute(
            "SELECT submitted_at FROM cards "
            "WHERE workshop = ? AND case_no = ? AND participant_id = ? AND round = ?",
            (name, case_no, participant_id, round_name),
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
            "INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (workshop, case_no, participant_id, round) DO UPDATE SET "
            "answers = excluded.answers, submitted_at = excluded.submitted_at, "
            "updated_at = excluded.updated_at",
            (
                name,
                case_no,
                participant_id,
                round_name,
                json.dumps(clean),
                now if submit else None,
                now,
            ),
        )
        return Card(participant_id, round_name, clean, submit, case_no)

    # ------------------------------------------------------------------ reading
    def _cards(
        self, name: str, round_name: str | None, submitted_only: bool, case_no: int | None
    ) -> list[Card]:
        sql = "SELECT * FROM cards WHERE workshop = ?"
        params: tuple = (name,)
        if case_no is not None:
            sql += " AND case_no = ?"
            params += (case_no,)
        if round_name is not None:
            sql += " AND round = ?"
            params += (round_name,)
        if submitted_only:
            sql += " AND submitted_at IS NOT NULL"
        rows = self._query(sql + " ORDER BY case_no, round, participant_id", params)
        return [
            Card(
                r["participant_id"],
                r["round"],
                json.loads(r["answers"]),
                r["submitted_at"] is not None,
                r["case_no"],
            )
            for r in rows
        ]

    def snapshot(self, name: str, case_no: int | None = None) -> Workshop:
        """What a case of the workshop looks like now (None: the current case): rounds,
        participants, who submitted.

        The snapshot holds no scores (anyone with the join code may read it).
        """
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                row = self._workshop_row(self._conn, name)
                number = self._case_no(self._conn, name, case_no)
                case = self._case(self._conn, name, number)
                titles = [
                    r[0]
                    for r in self._conn.execute(
                        "SELECT json_extract(case_json, '$.title') FROM cases "
                        "WHERE workshop = ? ORDER BY case_no",
                        (name,),
                    )
                ]
                statuses = self._statuses(self._conn, name, number)
                people = self._conn.execute(
                    "SELECT participant_id, pseudonym, college FROM participants WHERE workshop = ? ORDER BY participant_id",
                    (name,),
                ).fetchall()
                done = self._conn.execute(
                    "SELECT round, participant_id FROM cards "
                    "WHERE workshop = ? AND case_no = ? AND submitted_at IS NOT NULL",
                    (name, number),
                ).fetchall()
            finally:
                self._conn.execute("COMMIT")
        submitted: dict[str, set[str]] = {r: set() for r in WORKSHOP_ROUNDS}
        for d in done:
            submitted[d["round"]].add(d["participant_id"])
        return Workshop(
            name=name,
            join_code=row["join_code"],
            case=case,
            statuses=statuses,
            participants=[
                Participant(p["participant_id"], p["pseudonym"], p["college"]) for p in people
            ],
            submitted=submitted,
            case_no=number,
            current_case=int(row["current_case"]),
            case_titles=tuple(titles),
        )
