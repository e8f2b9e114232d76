"""Collective scoring workshops: the headless model, the SQLite store, the export and the server.

Nothing here imports ipywidgets (the widgets live in :mod:`amiris_lab.widgets`), and
the modules a participant page needs (``case``, ``model``, ``store``) import neither
pandas nor matplotlib, so a participant kernel stays small.
"""

from __future__ import annotations

from .case import CaseProject, case_from_dataset, load_case
from .model import Card, Participant, Workshop
from .store import WorkshopStore

__all__ = [
    "Card",
    "CaseProject",
    "Participant",
    "Workshop",
    "WorkshopStore",
    "case_from_dataset",
    "load_case",
]
