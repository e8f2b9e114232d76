"""The workshop model: rounds, their state machine, cards and who sees what.

Pure rules, no input/output (the store, :mod:`amiris_lab.workshop.store`, applies them
inside its transactions). A workshop runs up to three rounds, named as the dataset's
rounds so the export maps one to one:

=============  ========================  ===================================
round          in the workshop            who scores
=============  ========================  ===================================
``individuel``  round 1 (alone)           every participant
``revise``      round 2 (after debate)    every participant
``consensus``   optional, the group's     the trainer records one card
=============  ========================  ===================================

Each round is ``pending`` -> ``open`` -> ``closed`` -> ``revealed`` (discussion
happens once round 1 is revealed). A round can be reopened while closed; a round can
only open once the previous participants' round is revealed. Participants see others'
scores only for revealed rounds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..exceptions import StoreError
from ..format import COLLEGE_LABELS, ROUNDS, vocabulary_label
from ..i18n import N_, lazy_, t_

NOT_EVALUATED = "ne"

RoundName = Literal["individuel", "revise", "consensus"]
RoundStatus = Literal["pending", "open", "closed", "revealed"]

#: Rounds of a workshop, in order.
WORKSHOP_ROUNDS: tuple[str, ...] = ROUNDS
#: Rounds scored by participants (the consensus is recorded by the trainer).
PARTICIPANT_ROUNDS: tuple[str, ...] = tuple(r for r in ROUNDS if r != "consensus")
ROUND_STATUSES: tuple[str, ...] = ("pending", "open", "closed", "revealed")

#: Allowed transitions: action -> (statuses it starts from, status it leads to).
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "open": (("pending", "closed"), "open"),
    "close": (("open",), "closed"),
    "reveal": (("open", "closed"), "revealed"),
}

#: Colleges a participant chooses from (the dataset format's four).
COLLEGES: tuple[str, ...] = tuple(COLLEGE_LABELS)


def college_label(college: str, *, lang: str | None = None) -> str:
    """Display name of a college (the dataset format's label, :mod:`amiris_lab.format`).

    Examples
    --------
    >>> college_label("financeur_prive", lang="fr"), college_label("expert", lang="en")
    ('Financeur privé', 'Expert')
    """
    return vocabulary_label("college", college, lang=lang)


_ROUND_LABELS = {
    "individuel": N_("Tour 1 (individuel)"),
    "revise": N_("Tour 2 (révisé)"),
    "consensus": N_("Consensus"),
}


def round_label(name: str, *, lang: str | None = None) -> str:
    """Display name of a round.

    Examples
    --------
    >>> round_label("revise", lang="fr")
    'Tour 2 (révisé)'
    """
    return t_(_ROUND_LABELS[name], lang=lang)


def lazy_round_label(name: str):
    """The display name of a round, translated when shown (inside a ``lazy_`` message).

    Examples
    --------
    >>> from amiris_lab.i18n import lazy_, language
    >>> message = lazy_(
    ...     "Le tour {round_label} n'est pas ouvert : la fiche n'est pas enregistrée.",
    ...     round_label=lazy_round_label("revise"),
    ... )
    >>> with language("en"):
    ...     str(message)
    'Round Round 2 (revised) is not open: the card is not saved.'
    """
    return lazy_(_ROUND_LABELS[name])


def status_label(status: str, *, lang: str | None = None) -> str:
    """Display name of a round status."""
    labels = {
        "pending": N_("à venir"),
        "open": N_("ouvert"),
        "closed": N_("fermé"),
        "revealed": N_("dévoilé"),
    }
    return t_(labels[status], lang=lang)


def check_round(name: str) -> str:
    """Validate a round name.

    Examples
    --------
    >>> check_round("tour3")
    Traceback (most recent call last):
    ...
    amiris_lab.exceptions.ParameterError: The 'round' parameter must be one of {'individuel', 'revise', 'consensus'}. Got 'tour3' instead.
    """
    if name not in WORKSHOP_ROUNDS:
        from ..exceptions import ParameterError

        raise ParameterError(
            "The 'round' parameter must be one of {'individuel', 'revise', 'consensus'}. "
            f"Got {name!r} instead."
        )
    return name


def next_status(statuses: Mapping[str, str], round_name: str, action: str) -> str:
    """The status a round reaches by ``action``, or :class:`StoreError` if not allowed.

    Parameters
    ----------
    statuses : mapping
        Current status of every round.
    round_name : str
        The round acted on.
    action : {'open', 'close', 'reveal'}

    Examples
    --------
    >>> s = {"individuel": "revealed", "revise": "pending", "consensus": "pending"}
    >>> next_status(s, "revise", "open")
    'open'
    >>> next_status(s, "consensus", "open")
    Traceback (most recent call last):
    ...
    amiris_lab.exceptions.StoreError: Le tour Consensus ne peut pas s'ouvrir : le tour Tour 2 (révisé) n'est pas encore dévoilé.
    """
    check_round(round_name)
    if action not in TRANSITIONS:
        from ..exceptions import ParameterError

        raise ParameterError(
            "The 'action' parameter must be one of {'open', 'close', 'reveal'}. "
            f"Got {action!r} instead."
        )
    sources, target = TRANSITIONS[action]
    current = statuses.get(round_name, "pending")
    if current not in sources:
        raise StoreError(
            lazy_(
                "Action impossible : le tour {round_label} est {status_label} (action « {action} »).",
                round_label=lazy_round_label(round_name),
                status_label=status_label(current),
                action=action,
            )
        )
    if action == "open":
        index = WORKSHOP_ROUNDS.index(round_name)
        if index > 0:
            previous = WORKSHOP_ROUNDS[index - 1]
            if statuses.get(previous) != "revealed":
                raise StoreError(
                    lazy_(
                        "Le tour {round_label} ne peut pas s'ouvrir : le tour {round_label_2} n'est pas "
                        "encore dévoilé.",
                        round_label=lazy_round_label(round_name),
                        round_label_2=lazy_round_label(previous),
                    )
                )
        others = [r for r in WORKSHOP_ROUNDS if r != round_name and statuses.get(r) == "open"]
        if others:
            raise StoreError(
                lazy_(
                    "Fermez d'abord le tour {round_label}.", round_label=lazy_round_label(others[0])
                )
            )
    return target


def current_round(statuses: Mapping[str, str]) -> str | None:
    """The round participants are working on: the open one, else the latest started.

    Examples
    --------
    >>> current_round({"individuel": "revealed", "revise": "open", "consensus": "pending"})
    'revise'
    >>> current_round({"individuel": "pending", "revise": "pending", "consensus": "pending"}) is None
    True
    """
    started = [r for r in WORKSHOP_ROUNDS if statuses.get(r, "pending") != "pending"]
    opened = [r for r in started if statuses[r] == "open"]
    if opened:
        return opened[0]
    return started[-1] if started else None


def clean_answers(
    answers: Mapping[str, object], markers: Sequence[str], levels: Sequence[int]
) -> dict[str, int | str]:
    """Check a card's answers: known markers, levels of the scale or ``"ne"``.

    Unanswered markers are simply absent (a draft may be partial).

    Examples
    --------
    >>> clean_answers({"M01": 2, "M02": "ne"}, ["M01", "M02"], [0, 1, 2, 3])
    {'M01': 2, 'M02': 'ne'}
    >>> clean_answers({"M01": 7}, ["M01"], [0, 1, 2, 3])
    Traceback (most recent call last):
    ...
    amiris_lab.exceptions.StoreError: Marqueur M01 : niveau 7 inconnu (niveaux 0, 1, 2, 3 ou « non évalué »).
    """
    out: dict[str, int | str] = {}
    for marker, value in answers.items():
        if marker not in markers:
            raise StoreError(lazy_("Marqueur inconnu : {marker!r}.", marker=marker))
        if value is None:
            continue
        if value == NOT_EVALUATED:
            out[marker] = NOT_EVALUATED
            continue
        try:
            level = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            level = None
        if level is None or level not in levels or isinstance(value, bool | float):
            allowed = ", ".join(map(str, levels))
            raise StoreError(
                lazy_(
                    "Marqueur {marker} : niveau {value!r} inconnu (niveaux {allowed} ou « non évalué »).",
                    marker=marker,
                    value=value,
                    allowed=allowed,
                )
            )
        out[marker] = level
    return {m: out[m] for m in markers if m in out}


def missing_markers(answers: Mapping[str, object], markers: Sequence[str]) -> list[str]:
    """Markers with neither a level nor "not evaluated" (the completeness rule).

    Examples
    --------
    >>> missing_markers({"M01": 1, "M02": "ne"}, ["M01", "M02", "M03"])
    ['M03']
    """
    return [m for m in markers if answers.get(m) is None]


def incomplete_reason(missing: Sequence[str], *, lang: str | None = None) -> str:
    """Why a card cannot be submitted yet ('' when complete).

    Examples
    --------
    >>> incomplete_reason(["M03", "M07"], lang="en")
    'Not submitted: 2 marker(s) without a level or "not evaluated": M03, M07.'
    """
    if not missing:
        return ""
    listed = ", ".join(missing)
    return t_(
        "Envoi refusé : {n_missing} marqueur(s) sans niveau ni « non évalué » : {listed}.",
        n_missing=len(missing),
        listed=listed,
        lang=lang,
    )


@dataclass(frozen=True)
class Participant:
    """A participant: stable id (``P01``...), pseudonym and college chosen at joining."""

    participant_id: str
    pseudonym: str
    college: str
    key: str = field(default="", repr=False)


@dataclass(frozen=True)
class Card:
    """One participant's answers for one round of one case (cases are numbered from 1)."""

    participant_id: str
    round: str
    answers: dict
    submitted: bool
    case_no: int = 1


@dataclass(frozen=True)
class Workshop:
    """A read-only snapshot of one case of a workshop (what a page shows).

    Attributes
    ----------
    name, join_code : str
    case : CaseProject
        The case this snapshot describes.
    statuses : dict
        ``{round: status}`` of that case.
    participants : list of Participant
        Everyone who joined the workshop (they stay joined from case to case).
    submitted : dict
        ``{round: set of participant ids who submitted}`` in that case.
    case_no : int
        Number of the case described (1 = first).
    current_case : int
        Number of the case participants are working on.
    case_titles : tuple of str
        Titles of every case of the workshop, case 1 first.
    """

    name: str
    join_code: str
    case: object
    statuses: dict
    participants: list
    submitted: dict
    case_no: int = 1
    current_case: int = 1
    case_titles: tuple = ()

    @property
    def n_cases(self) -> int:
        """How many cases the workshop holds."""
        return max(1, len(self.case_titles))

    @property
    def current_round(self) -> str | None:
        """The round in progress (see :func:`current_round`)."""
        return current_round(self.statuses)

    def visible_rounds(self) -> list[str]:
        """Rounds whose cards every participant may see (the revealed ones)."""
        return [r for r in WORKSHOP_ROUNDS if self.statuses.get(r) == "revealed"]
