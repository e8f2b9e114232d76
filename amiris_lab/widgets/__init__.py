"""Widgets of amiris_lab (the only package importing ipywidgets).

Each widget follows the model / view / app split: a headless ``traitlets`` model,
a ``VBox`` view linked to it, and an app that wires events to the workshop store
in one place. Names load lazily, so the participant page (``participant_page``)
never imports the dashboard's pandas and matplotlib.
"""

from __future__ import annotations

from .._lazy import lazy_exports

_EXPORTS = {
    "ScoringCardModel": "amiris_lab.widgets.scoring",
    "ScoringCardView": "amiris_lab.widgets.scoring",
    "ParticipantApp": "amiris_lab.widgets.participant",
    "participant_page": "amiris_lab.widgets.participant",
    "participant_card_page": "amiris_lab.widgets.participant_page",
    "DashboardApp": "amiris_lab.widgets.dashboard",
    "FacilitatorApp": "amiris_lab.widgets.facilitator",
    "trainer_page": "amiris_lab.widgets.dashboard",
    "trainer_gate": "amiris_lab.widgets.dashboard",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
