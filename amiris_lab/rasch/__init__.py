"""The many-facet Rasch model: fair scores for projects, markers and committee members.

:class:`FacetsModel` puts projects, markers and members on one logit scale, adjusts
each project for the severity of the members who scored it (FACETS' fair average),
checks the rating scale (Andrich thresholds, category statistics) and looks for
member x marker interactions. Two estimators: JMLE as FACETS/Winsteps
(:mod:`amiris_lab.rasch.jmle`) and CML as R's eRm (:mod:`amiris_lab.rasch.cml`).

References: Andrich (1978), Psychometrika 43; Masters (1982), Psychometrika 47;
Wright & Masters (1982), *Rating Scale Analysis*; Linacre (1989), *Many-Facet Rasch
Measurement*; Andersen (1973, 1977); Mair & Hatzinger (2007), JSS 20(9) (eRm);
Eckes (2015), *Introduction to Many-Facet Rasch Measurement*, 2nd ed.
"""

from __future__ import annotations

from .fair import fair_score_changes, flagged_members, labelling_boundary, notes_justes_sentences
from .model import FacetsModel

__all__ = [
    "FacetsModel",
    "fair_score_changes",
    "flagged_members",
    "labelling_boundary",
    "notes_justes_sentences",
]
