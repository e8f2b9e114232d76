"""The workshop store: one SQLite file shared by every page's kernel.

Every participant page runs in its own kernel (a process), so shared state lives in
SQLite: WAL journal (readers never block the writer), ``busy_timeout`` (writers wait
their turn instead of failing), ``synchronous=FULL`` (an acknowledged action survives
a crash), and one ``BEGIN IMMEDIATE`` transaction per action, so each check (join
code, trainer token, round open, card complete) and its write happen atomically.

Who may do what is checked here: joining needs the workshop's join code; a
participant acts with the private key given at joining (so a reloaded page can resume
its draft); every trainer action needs the trainer token (stored hashed).

A workshop plays one to :data:`MAX_CASES` cases in turn (the tables and the
migration of older one-case files are in :mod:`amiris_lab.workshop.schema`). Each
case has its own rounds and cards; participants stay joined across cases. Methods
act on the *current* case unless given ``case_no``; a participant's page passes the
case it shows, so an answer never lands in a case the trainer has just moved to.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from ..exceptions import ParameterError, StoreError
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
    lazy_round_label,
    missing_markers,
    next_status,
)
from .schema import ensure_schema

#: Rater id of the consensus card (the dataset format's consensus rater).
CONSENSUS_RATER = "COMITE"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1
#: Most cases a workshop holds (a session scores two to four).
MAX_CASES = 4


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

    def _statuses(self, c: sqlite3.Connection, name: str, case_no: int) -> dict[str, str]:
        rows = c.execute(
            "SELECT round, status FROM rounds WHERE workshop = ? AND case_no = ?", (name, case_no)
        )
        statuses = {r: "pending" for r in WORKSHOP_ROUNDS}
        statuses.update({row["round"]: row["status"] for row in rows})
        return statuses

    def _case_no(self, c: sqlite3.Connection, name: str, case_no: int | None) -> int:
        """The case meant by ``case_no`` (None: the current one), checked to exist."""
        row = self._workshop_row(c, name)
        if case_no is None:
            return int(row["current_case"])
        count = self._n_cases(c, name)
        if isinstance(case_no, bool) or not isinstance(case_no, int) or not 1 <= case_no <= count:
            raise StoreError(
                lazy_(
                    "Cas {case_no!r} introuvable : l'atelier {name!r} a {count} cas (1 à {count}).",
                    case_no=case_no,
                    name=name,
                    count=count,
                )
            )
        return case_no

    @staticmethod
    def _n_cases(c: sqlite3.Connection, name: str) -> int:
        return int(
            c.execute("SELECT count(*) FROM cases WHERE workshop = ?", (name,)).fetchone()[0]
        )

    def _case(self, c: sqlite3.Connection, name: str, case_no: int | None = None) -> CaseProject:
        number = self._case_no(c, name, case_no)
        row = c.execute(
            "SELECT case_json FROM cases WHERE workshop = ? AND case_no = ?", (name, number)
        ).fetchone()
        return self._parse_case(row["case_json"])

    def _parse_case(self, text: str) -> CaseProject:
        """The case of a stored JSON text, parsed once (pages poll every few seconds)."""
        case = self._case_cache.get(text)
        if case is None:
            case = self._case_cache[text] = CaseProject.from_json(text)
        return case

    def _check_current(self, c: sqlite3.Connection, name: str, case_no: int | None) -> int:
        """The current case; StoreError if the page acts on another one (the trainer moved on)."""
        current = self._case_no(c, name, None)
        if case_no is not None and case_no != current:
            title = self._case(c, name, current).title
            raise StoreError(
                lazy_(
                    "Le formateur est passé au cas {current} ({title}) : votre réponse n'est pas enregistrée ; actualisez la page pour continuer.",
                    current=current,
                    title=title,
                )
            )
        return current

    def _insert_case(self, c: sqlite3.Connection, name: str, case: CaseProject) -> int:
        count = self._n_cases(c, name)
        if count >= MAX_CASES:
            raise StoreError(
                lazy_(
                    "L'atelier {name!r} a déjà {count} cas (au plus {MAX_CASES}) : créez un autre atelier pour les cas suivants.",
                    name=name,
                    count=count,
                    MAX_CASES=MAX_CASES,
                )
            )
        for row in c.execute("SELECT case_no, case_json FROM cases WHERE workshop = ?", (name,)):
            if CaseProject.from_json(row["case_json"]).project_id == case.project_id:
                raise StoreError(
                    lazy_(
                        "Le projet {project_id!r} est déjà le cas {case_no} de l'atelier {name!r} : chaque cas doit avoir son propre project_id.",
                        project_id=case.project_id,
                        case_no=row["case_no"],
                        name=name,
                    )
                )
        number = count + 1
        now = time.time()
        c.execute("INSERT INTO cases VALUES (?, ?, ?, ?)", (name, number, case.to_json(), now))
        for r in WORKSHOP_ROUNDS:
            c.execute("INSERT INTO rounds VALUES (?, ?, ?, 'pending', ?)", (name, number, r, now))
        return number

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
                "The 'name' parameter of create_workshop must be 1 to 60 letters, digits, "
                f"'-', '_' or '.'. Got {name!r} instead."
            )
        join_code = normalise_code(join_code) if join_code else new_join_code()
        trainer_token = trainer_token or secrets.token_urlsafe(12)
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
                (name, join_code, _hash(trainer_token), time.time()),
            )
            for one in cases:
                self._insert_case(c, name, one)
            self._log(c, name, "trainer", "create", ",".join(one.project_id for one in cases))
        return join_code, trainer_token

    def add_case(
        self, name: str, case: CaseProject, *, token: str | None, trusted: bool = False
    ) -> int:
        """Add a case after the others (trainer only); return its number.

        ``trusted`` is for whoever holds the file (the command line).
        """
        with self._tx() as c:
            if trusted:
                self._workshop_row(c, name)
            else:
                self._check_token(c, name, token)
            number = self._insert_case(c, name, case)
            self._log(c, name, "trainer", "add-case", f"{number}:{case.project_id}")
        return number

    def go_to_case(
        self, name: str, case_no: int, *, token: str | None, trusted: bool = False
    ) -> int:
        """Make ``case_no`` the case participants work on (trainer only); return it.

        Refused while a round of the current case is open: close it first, so no card
        is left half-way. Participants' pages follow without rejoining.
        """
        with self._tx() as c:
            if trusted:
                self._workshop_row(c, name)
            else:
                self._check_token(c, name, token)
            target = self._case_no(c, name, case_no)
            current = self._case_no(c, name, None)
            opened = [r for r, s in self._statuses(c, name, current).items() if s == "open"]
            if opened and target != current:
                raise StoreError(
                    lazy_(
                        "Fermez d'abord le tour {round_label} du cas {current} avant de changer de cas.",
                        round_label=lazy_round_label(opened[0]),
                        current=current,
                    )
                )
            c.execute("UPDATE workshops SET current_case = ? WHERE name = ?", (target, name))
            self._log(c, name, "trainer", "go-to-case", str(target))
        return target

    def next_case(self, name: str, *, token: str | None, trusted: bool = False) -> int:
        """Move participants to the case after the current one; return its number."""
        with self._lock:
            current = self._case_no(self._conn, name, None)
            count = self._n_cases(self._conn, name)
        if current >= count:
            raise StoreError(
                lazy_(
                    "Le cas {current} est le dernier de l'atelier {name!r} : ajoutez un cas (amiris-lab workshop add-case) pour continuer.",
                    current=current,
                    name=name,
                )
            )
        return self.go_to_case(name, current + 1, token=token, trusted=trusted)

    def cases(self, name: str) -> list[CaseProject]:
        """Every case of the workshop, case 1 first."""
        rows = self._query(
            "SELECT case_json FROM cases WHERE workshop = ? ORDER BY case_no", (name,)
        )
        if not rows:
            with self._lock:
                self._workshop_row(self._conn, name)
        return [self._parse_case(r["case_json"]) for r in rows]

    def reset_token(self, name: str) -> str:
        """Give the workshop a new trainer token (the old one stops working); return it.

        For whoever holds the file (the command line), e.g. when the token is lost.
        """
        token = secrets.token_urlsafe(12)
        with self._tx() as c:
            self._workshop_row(c, name)
            c.execute("UPDATE workshops SET token_hash = ? WHERE name = ?", (_hash(token), name))
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

    def _participant_round(self, c: sqlite3.Connection, name: str, case_no: int) -> str:
        statuses = self._statuses(c, name, case_no)
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

    def save_draft(
        self,
        name: str,
        who: Participant,
        answers: Mapping[str, object],
        *,
        case_no: int | None = None,
    ) -> Card:
        """Save a participant's (possibly partial) card of the open round.

        ``case_no`` is the case the page shows: refused if the trainer has moved on.
        """
        with self._tx() as c:
            self._check_participant(c, name, who)
            number = self._check_current(c, name, case_no)
            round_name = self._participant_round(c, name, number)
            return self._write_card(
                c, name, number, who.participant_id, round_name, answers, submit=False
            )

    def submit(
        self,
        name: str,
        who: Participant,
        answers: Mapping[str, object],
        *,
        case_no: int | None = None,
    ) -> Card:
        """Submit a complete card for the open round; refused with the reason otherwise.

        Once this returns, the submission is on disk (it survives a crash). ``case_no``
        is the case the page shows: refused if the trainer has moved on.
        """
        with self._tx() as c:
            self._check_participant(c, name, who)
            number = self._check_current(c, name, case_no)
            round_name = self._participant_round(c, name, number)
            card = self._write_card(
                c, name, number, who.participant_id, round_name, answers, submit=True
            )
            self._log(c, name, who.participant_id, "submit", f"{number}/{round_name}")
            return card

    def my_card(
        self, name: str, who: Participant, round_name: str, *, case_no: int | None = None
    ) -> Card | None:
        """A participant's own card (draft or submitted) for a round of a case, or None."""
        check_round(round_name)
        with self._lock:
            self._check_participant(self._conn, name, who)
            number = self._case_no(self._conn, name, case_no)
        rows = [
            c
            for c in self._cards(name, round_name, False, number)
            if c.participant_id == who.participant_id
        ]
        return rows[0] if rows else None

    def revealed_cards(
        self, name: str, who: Participant, round_name: str, *, case_no: int | None = None
    ) -> list[Card]:
        """Everyone's submitted cards of a round of a case, once the trainer has revealed it."""
        check_round(round_name)
        with self._lock:
            self._check_participant(self._conn, name, who)
            number = self._case_no(self._conn, name, case_no)
            status = self._statuses(self._conn, name, number)[round_name]
        if status != "revealed":
            raise StoreError(
                lazy_(
                    "Les fiches du tour {round_label} ne sont pas encore dévoilées.",
                    round_label=lazy_round_label(round_name),
                )
            )
        return self._cards(name, round_name, True, number)

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

    def case(self, name: str, case_no: int | None = None) -> CaseProject:
        """A case project of the workshop (None: the current case)."""
        with self._lock:
            return self._case(self._conn, name, case_no)

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
