"""The store's participant actions: joining, resuming, drafts, submissions and the
revealed cards (part of :class:`~amiris_lab.workshop.store.WorkshopStore`).

A participant acts with the private key given at joining (stored hashed), on the
case the page shows: a page left on a case the trainer has moved on from is refused
with the reason. These methods run inside the store's transactions and use its
plumbing (``_tx``, ``_workshop_row``, ``_statuses``, ``_case_no``, ``_write_card``,
``_cards``, ``_log``); they are not meant to be used apart from it.
"""

from __future__ import annotations

import hmac
import secrets
import sqlite3
import time
from collections.abc import Mapping

from ..exceptions import StoreError
from ..i18n import lazy_
from .codes import hash_secret, normalise_code, same_secret
from .model import (
    COLLEGES,
    PARTICIPANT_ROUNDS,
    Card,
    Participant,
    check_round,
    current_round,
    lazy_round_label,
)


class ParticipantActions:
    """What a participant's page does (mixed into ``WorkshopStore``)."""

    def _check_participant(self, c: sqlite3.Connection, name: str, who: Participant) -> None:
        row = c.execute(
            "SELECT key_hash FROM participants WHERE workshop = ? AND participant_id = ?",
            (name, who.participant_id),
        ).fetchone()
        if row is None or not same_secret(who.key, row["key_hash"]):
            raise StoreError(
                lazy_(
                    "Participant inconnu ou clé personnelle invalide : rejoignez l'atelier à nouveau."
                )
            )

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
            (name, participant_id, pseudonym, college, hash_secret(key), time.time()),
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
