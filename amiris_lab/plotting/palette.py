"""One palette for the categories of the method: decisions and colleges.

Every figure of the report, the notebooks and the workshop takes the colour of a
decision or a college from here, so that « Labellisé » is the same blue in every
picture. Colours come from Okabe & Ito (2008) and are chosen so that, in each
set, every pair stays clearly apart (CIE76 distance over 20) for normal vision and
under simulated protanopia, deuteranopia and tritanopia (Machado et al. 2009;
``tests/test_plotting_palette.py``): orange and vermillion, or bluish green and
sky blue, are too close for that and are never in the same set.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..definitions import VOCABULARIES
from ..exceptions import ParameterError

#: Decisions of the committee, in reading order (best outcome first).
DECISION_ORDER = ("labellise", "ajourne", "non_labellise")

#: Colour of each decision code.
DECISION_COLOURS = {
    "labellise": "#0072B2",  # blue
    "ajourne": "#E69F00",  # orange
    "non_labellise": "#8C8C8C",  # neutral grey
}

#: Colour of each college code (none shared with a decision).
COLLEGE_COLOURS = {
    "financeur_public": "#56B4E9",  # sky blue
    "financeur_prive": "#CC79A7",  # reddish purple
    "expert": "#D55E00",  # vermillion
    "accompagnement": "#000000",  # black
}

#: Colour of a category outside the vocabulary (a user's own college...).
OTHER_COLOUR = "#C8C8C8"

_PALETTES = {"decision": DECISION_COLOURS, "college": COLLEGE_COLOURS}


def category_colours(kind: str) -> dict[str, str]:
    """Colours of a kind of category, keyed by code *and* by label in both languages.

    Parameters
    ----------
    kind : {"decision", "college"}

    Returns
    -------
    dict
        ``{code or label: "#rrggbb"}``, so that a table whose rows or columns were
        already translated finds its colours too.

    Examples
    --------
    >>> c = category_colours("decision")
    >>> c["labellise"] == c["Labellisé"] == c["Labelled"]
    True
    """
    if kind not in _PALETTES:
        raise ParameterError(
            f"The 'kind' parameter of category_colours must be one of "
            f"{{'decision', 'college'}}. Got {kind!r} instead."
        )
    out: dict[str, str] = {}
    for code, colour in _PALETTES[kind].items():
        out[code] = colour
        for label in VOCABULARIES[kind].get(code, ()):
            out[label] = colour
    return out


def colours_for(kind: str, values: Iterable) -> list[str]:
    """The colour of each value (code or label), grey for a value outside the vocabulary.

    Examples
    --------
    >>> colours_for("decision", ["Ajourné", "non_labellise", "autre"])
    ['#E69F00', '#8C8C8C', '#C8C8C8']
    """
    table = category_colours(kind)
    return [table.get(str(v), OTHER_COLOUR) for v in values]
