"""Small shared helpers of the clustering package: short marker names.

``check_option`` is the package-wide one of :mod:`amiris_lab._param_validation`,
re-exported for the clustering and plotting modules that import it from here.
"""

from __future__ import annotations

import pandas as pd

from .._param_validation import check_option  # noqa: F401 (re-exported)
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
