"""Small shared helpers of the clustering package: option checks and short marker names."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..exceptions import ParameterError
from ..i18n import get_language

#: Short marker names used to build cluster names and compact plot labels
#: (French, English). Markers of a custom definition file without a short name
#: fall back to their full label.
SHORT_MARKER_NAMES: dict[str, tuple[str, str]] = {
    "M01": ("besoin", "need"),
    "M02": ("bénéficiaires", "beneficiaries"),
    "M03": ("collectif", "collective"),
    "M04": ("intervention du collectif", "collective's involvement"),
    "M05": ("recherche", "research"),
    "M06": ("ancrage territorial", "territorial anchoring"),
    "M07": ("gouvernance", "governance"),
    "M08": ("ressources hybrides", "hybrid resources"),
    "M09": ("accessibilité", "accessibility"),
    "M10": ("logique de service", "service logic"),
    "M11": ("rupture", "break with existing practice"),
    "M12": ("changement social", "social change"),
}


def check_option(value, allowed: Iterable, *, name: str, func: str) -> None:
    """Raise the project's standard message when ``value`` is not among ``allowed``."""
    allowed = list(allowed)
    if value not in allowed:
        choices = "{" + ", ".join(repr(a) for a in allowed) + "}"
        raise ParameterError(
            f"The {name!r} parameter of {func} must be one of {choices}. Got {value!r} instead."
        )


def short_marker_names(markers: pd.DataFrame | None = None, *, lang: str | None = None) -> dict:
    """Map marker code to a short display name (lower case) in the language in force.

    Examples
    --------
    >>> short_marker_names(lang="en")["M07"]
    'governance'
    """
    from ..definitions import default_markers

    frame = default_markers() if markers is None else markers
    french = get_language(lang) == "fr"
    out = {}
    for code, fr, en in zip(frame["code"], frame["label_fr"], frame["label_en"], strict=True):
        if code in SHORT_MARKER_NAMES:
            out[code] = SHORT_MARKER_NAMES[code][0 if french else 1]
        else:
            out[code] = str(fr if french else en)
    return out
