"""Definitions the whole workbench shares: markers, dimensions, scale and vocabularies.

Marker and scale definitions are data (CSV files shipped in ``amiris_lab/resources``
and optionally overridden by ``markers.csv`` / ``scale.csv`` in a dataset folder);
this module only reads them. The dataset format itself (tables, vocabularies, rounds)
is declared in :mod:`amiris_lab.format`; its names are re-exported here.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

import pandas as pd

# the format's names, declared in amiris_lab.format, re-exported for older imports
from .format import CONSENSUS_RATER as CONSENSUS_RATER
from .format import ROUNDS as ROUNDS
from .format import VOCABULARIES as VOCABULARIES
from .format import vocabulary_label as vocabulary_label
from .i18n import get_language


def normalise_token(value: str) -> str:
    """Fold case, accents, spaces and hyphens so that 'Labellisé' matches 'labellise'.

    Examples
    --------
    >>> normalise_token("  Non-Labellisé ")
    'non_labellise'
    """
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "_".join(text.strip().lower().replace("-", " ").replace("'", " ").split())


def _read_resource(name: str, **kwargs) -> pd.DataFrame:
    with resources.files("amiris_lab.resources").joinpath(name).open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, **kwargs)


@cache
def _default_markers() -> pd.DataFrame:
    return _read_resource("markers.csv", dtype=str)


@cache
def _default_scale() -> pd.DataFrame:
    frame = _read_resource("scale.csv", dtype={"level": int, "label_fr": str, "label_en": str})
    return frame


@cache
def _default_descriptors() -> pd.DataFrame:
    return _read_resource("descriptors.csv", dtype={"marker": str, "level": int})


@cache
def _dimensions() -> pd.DataFrame:
    return _read_resource("dimensions.csv", dtype={"dimension": str, "label_en": str, "order": int})


def default_markers() -> pd.DataFrame:
    """The 12 Godin markers: columns ``code, label_fr, label_en, dimension``.

    Examples
    --------
    >>> default_markers()["code"].tolist()[:3]
    ['M01', 'M02', 'M03']
    """
    return _default_markers().copy()


def default_scale() -> pd.DataFrame:
    """The default 4-level ordinal scale: columns ``level, label_fr, label_en``.

    Examples
    --------
    >>> default_scale()["level"].tolist()
    [0, 1, 2, 3]
    """
    return _default_scale().copy()


def default_descriptors() -> pd.DataFrame:
    """Illustrative per-marker level descriptors: ``marker, level, text_fr, text_en``."""
    return _default_descriptors().copy()


def dimensions() -> pd.DataFrame:
    """The five dimensions of the call's annex: ``dimension, label_en, order``."""
    return _dimensions().copy()


def dimension_label(dimension: str, *, lang: str | None = None) -> str:
    """Display name of a dimension (stored in French) in the language in force.

    Examples
    --------
    >>> dimension_label("Résultat", lang="en")
    'Result'
    """
    if get_language(lang) == "fr":
        return dimension
    table = _dimensions().set_index("dimension")["label_en"]
    return str(table.get(dimension, dimension))


def marker_labels(
    markers: pd.DataFrame | None = None, *, lang: str | None = None
) -> dict[str, str]:
    """Map marker code to its label in the language in force.

    Examples
    --------
    >>> marker_labels(lang="en")["M07"]
    'Governance'
    """
    frame = default_markers() if markers is None else markers
    column = "label_fr" if get_language(lang) == "fr" else "label_en"
    return dict(zip(frame["code"], frame[column], strict=True))


def level_labels(scale: pd.DataFrame | None = None, *, lang: str | None = None) -> dict[int, str]:
    """Map scale level to its label in the language in force.

    Examples
    --------
    >>> level_labels(lang="fr")[3]
    'structurant'
    """
    frame = default_scale() if scale is None else scale
    column = "label_fr" if get_language(lang) == "fr" else "label_en"
    return {int(k): str(v) for k, v in zip(frame["level"], frame[column], strict=True)}
