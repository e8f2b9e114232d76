"""The store's case actions: which case participants work on, adding and moving
between cases (part of :class:`~amiris_lab.workshop.store.WorkshopStore`).

A workshop plays one to :data:`MAX_CASES` cases in turn, numbered from 1. Methods
take ``case_no`` (None: the current case). These methods run inside the store's
transactions and use its plumbing (``_tx``, ``_workshop_row``, ``_check_token``,
``_statuses``, ``_log``); they are not meant to be used apart from it.
"""

from __future__ import annotations

import sqlite3
import time

from ..exceptions import StoreError
from ..i18n import lazy_
from .case import CaseProject
from .model import WORKSHOP_ROUNDS, lazy_round_label

#: Most cases a workshop holds (a session scores two to four).
MAX_CASES = 4


class CaseActions:
    """Case numbering and moving between cases (mixed into ``WorkshopStore``)."""

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

    def case(self, name: str, case_no: int | None = None) -> CaseProject:
        """A case project of the workshop (None: the current case)."""
        with self._lock:
            return self._case(self._conn, name, case_no)
