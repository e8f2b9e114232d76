"""Generalizability theory: variance components (G study) and decision (D) studies.

How does the score variance split between projects, members, markers and their
interactions, and how many members must score a project for its profile to be
dependable? ``gstudy`` estimates the components by REML on the committee's real,
unbalanced design (or by the analogous ANOVA), ``dstudy`` applies Brennan's (2001)
formulas for committees of any size, ``min_raters`` finds the smallest committee
per marker with a bootstrap interval.
"""

from __future__ import annotations

from .dstudy import dstudy, marker_curves, min_raters
from .study import GStudies, GStudy, gstudy

__all__ = ["GStudies", "GStudy", "dstudy", "gstudy", "marker_curves", "min_raters"]
