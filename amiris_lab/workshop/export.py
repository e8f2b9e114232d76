"""Turn a workshop into a dataset of the standard format, so every analysis applies.

Every case of the workshop becomes a project (one row of ``projects.csv``, its
``project_id`` from the case). Round 1 becomes ``individuel``, round 2 ``revise``, the consensus card ``consensus``
(rater ``COMITE``); participants become raters (``P01``, ``P02``... with the college
they chose when joining); "not evaluated" becomes an empty score. Only submitted
cards are exported (drafts are not scores). Pseudonyms stay out of the export unless
asked for: they may be real names.

pandas is imported inside the functions (the participant page never imports this module).
"""

from __future__ import annotations

from pathlib import Path

from .model import NOT_EVALUATED, WORKSHOP_ROUNDS
from .store import CONSENSUS_RATER, WorkshopStore


def workshop_tables(
    store: WorkshopStore, name: str, *, token: str | None, include_pseudonyms: bool = False
) -> dict:
    """The workshop as the dataset format's three tables.

    ``token=None`` means direct access to the file (command line, analysis
    notebooks); the dashboard passes the trainer token.

    Returns
    -------
    dict of DataFrame
        ``projects`` (one row per case, case 1 first), ``raters`` (``rater_id, college``
        [, ``pseudonym``]) and ``scores`` (``project_id, rater_id, round, marker,
        score``; score empty = not evaluated).

    Examples
    --------
    >>> import tempfile, os
    >>> from amiris_lab.workshop import WorkshopStore, load_case
    >>> store = WorkshopStore(os.path.join(tempfile.mkdtemp(), "w.sqlite"))
    >>> code, token = store.create_workshop("t", load_case())
    >>> p = store.join("t", code, "Ana", "expert")
    >>> _ = store.set_round("t", "individuel", "open", token=token)
    >>> _ = store.submit("t", p, {m: 1 for m in store.case("t").marker_codes} | {"M05": "ne"})
    >>> t = workshop_tables(store, "t", token=token)
    >>> len(t["scores"]), int(t["scores"]["score"].isna().sum())
    (12, 1)
    """
    import pandas as pd

    snap = store.snapshot(name)
    cards = store.all_cards(name, token=token, trusted=token is None, case_no="all")
    cases = dict(enumerate(store.cases(name), start=1))
    fields = ("year", "department", "legal_form", "stage", "sector", "decision")
    projects = pd.DataFrame(
        [
            {"project_id": case.project_id}
            | {k: case.project[k] for k in fields if k in case.project}
            for case in cases.values()
        ]
    )
    raters = pd.DataFrame(
        [
            {"rater_id": p.participant_id, "college": p.college}
            | ({"pseudonym": p.pseudonym} if include_pseudonyms else {})
            for p in snap.participants
        ],
        columns=["rater_id", "college", *(["pseudonym"] if include_pseudonyms else [])],
    )
    order = {r: i for i, r in enumerate(WORKSHOP_ROUNDS)}
    rows = []
    for card in sorted(cards, key=lambda c: (c.case_no, order[c.round], c.participant_id)):
        case = cases[card.case_no]
        for marker in case.marker_codes:
            value = card.answers.get(marker)
            score = None if value in (None, NOT_EVALUATED) else int(value)
            rows.append((case.project_id, card.participant_id, card.round, marker, score))
    scores = pd.DataFrame(rows, columns=["project_id", "rater_id", "round", "marker", "score"])
    scores["score"] = pd.array(scores["score"], dtype="Int64")
    return {"projects": projects, "raters": raters, "scores": scores}


def workshop_dataset(store: WorkshopStore, name: str, *, token: str | None):
    """The workshop as a :class:`~amiris_lab.data.dataset.MarkerDataset`.

    Examples
    --------
    >>> import tempfile, os
    >>> from amiris_lab.workshop import WorkshopStore, load_case
    >>> store = WorkshopStore(os.path.join(tempfile.mkdtemp(), "w.sqlite"))
    >>> code, token = store.create_workshop("t", load_case())
    >>> workshop_dataset(store, "t", token=token).scores.empty
    True
    """
    from ..data.dataset import MarkerDataset

    t = workshop_tables(store, name, token=token)
    return MarkerDataset.from_frames(
        t["projects"], t["raters"], t["scores"], source=f"atelier:{name}"
    )


def export_workshop(
    store: WorkshopStore,
    name: str,
    out_dir: str | Path,
    *,
    token: str | None,
    include_pseudonyms: bool = False,
) -> Path:
    """Write ``projects.csv``, ``raters.csv`` and ``scores.csv`` into ``out_dir``.

    The folder loads with :func:`amiris_lab.load_dataset` and passes
    ``amiris-lab validate``. Returns the folder.
    """
    t = workshop_tables(store, name, token=token, include_pseudonyms=include_pseudonyms)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for table in ("projects", "raters", "scores"):
        t[table].to_csv(out / f"{table}.csv", index=False, lineterminator="\n")
    return out


__all__ = ["CONSENSUS_RATER", "export_workshop", "workshop_dataset", "workshop_tables"]
