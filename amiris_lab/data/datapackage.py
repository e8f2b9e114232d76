"""Frictionless Data Package descriptor (``datapackage.json``) of a dataset folder.

The descriptor follows the Frictionless *Tabular Data Package* specification
(v1 profile names, readable by the ``frictionless`` tools): one resource per table
with its path, format, encoding, CSV dialect and a Table Schema (field types,
``enum`` / ``minimum`` / ``maximum`` constraints, ``primaryKey``, ``foreignKeys``).
It is built by hand from the dataset's own marker and scale definitions, so no
dependency is needed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..definitions import CONSENSUS_RATER, ROUNDS, VOCABULARIES
from ..exceptions import ParameterError

#: Years accepted by the format (four digits).
YEAR_MIN, YEAR_MAX = 1900, 2099

_TEXT = {"type": "string"}

_DESCRIPTIONS = {
    "project_id": "Pseudonymised project id (identifiant de projet pseudonymisé)",
    "year": "Year of the labelling committee (année du comité)",
    "department": "Department of the project, two-digit text (département)",
    "legal_form": "Legal form (forme juridique)",
    "stage": "Stage of the project (stade : émergence, expérimentation, essaimage)",
    "sector": "Sector of activity, free text (secteur)",
    "decision": "Committee's decision (décision du comité)",
    "rater_id": f"Pseudonymised rater id; '{CONSENSUS_RATER}' for the consensus rows",
    "college": "College of the committee member (collège)",
    "round": "Scoring round (tour : individuel, revise, consensus)",
    "marker": "Marker code (code du marqueur)",
    "score": "Level of the scale; empty = not scored (vide = non noté, jamais 0)",
    "code": "Marker code (code du marqueur)",
    "label_fr": "Label in French",
    "label_en": "Label in English",
    "dimension": "Dimension of the marker (dimension)",
    "level": "Level of the scale (niveau)",
}


def _field(name: str, type_: str = "string", **constraints: Any) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": type_}
    if name in _DESCRIPTIONS:
        field["description"] = _DESCRIPTIONS[name]
    constraints = {k: v for k, v in constraints.items() if v is not None}
    if constraints:
        field["constraints"] = constraints
    return field


def _extras(columns: Sequence[str], known: Sequence[str]) -> list[dict[str, Any]]:
    return [
        {"name": str(c), "type": "string", "description": "Extra column (colonne supplémentaire)"}
        for c in columns
        if c not in known
    ]


def table_schemas(
    *,
    markers: Sequence[str],
    levels: Sequence[int],
    scores_layout: str = "long",
    extra_columns: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, dict[str, Any]]:
    """Table Schemas of the five tables, keyed by table name.

    Parameters
    ----------
    markers : sequence of str
        Marker codes of the dataset.
    levels : sequence of int
        Levels of the scale.
    scores_layout : {"long", "wide"}, default "long"
        Layout of the scores table (wide: one column per marker).
    extra_columns : mapping of str to sequence of str, optional
        Column names of each table; those outside the format are described as
        extra string columns.

    Returns
    -------
    dict
        ``{"projects": schema, "raters": ..., "scores": ..., "markers": ..., "scale": ...}``.

    Examples
    --------
    >>> s = table_schemas(markers=["M01", "M02"], levels=[0, 1, 2, 3])
    >>> s["scores"]["primaryKey"]
    ['project_id', 'rater_id', 'round', 'marker']
    >>> s["scores"]["fields"][-1]["constraints"]
    {'minimum': 0, 'maximum': 3}
    """
    extra = dict(extra_columns or {})
    lo, hi = (min(levels), max(levels)) if len(levels) else (None, None)
    project_fields = [
        _field("project_id", required=True, unique=True),
        _field("year", "integer", required=True, minimum=YEAR_MIN, maximum=YEAR_MAX),
        _field("department", required=True, enum=list(VOCABULARIES["department"])),
        _field("legal_form", required=True, enum=list(VOCABULARIES["legal_form"])),
        _field("stage", required=True, enum=list(VOCABULARIES["stage"])),
        _field("sector"),
        _field("decision", required=True, enum=list(VOCABULARIES["decision"])),
    ]
    known = [f["name"] for f in project_fields]
    project_fields += _extras(extra.get("projects", []), known)
    rater_fields = [
        _field("rater_id", required=True, unique=True),
        _field("college", required=True, enum=list(VOCABULARIES["college"])),
    ]
    rater_fields += _extras(extra.get("raters", []), [f["name"] for f in rater_fields])
    head = [
        _field("project_id", required=True),
        _field("rater_id", required=True),
        _field("round", required=True, enum=list(ROUNDS)),
    ]
    if scores_layout == "long":
        score_fields = [
            *head,
            _field("marker", required=True, enum=list(markers)),
            _field("score", "integer", minimum=lo, maximum=hi),
        ]
        key = ["project_id", "rater_id", "round", "marker"]
    elif scores_layout == "wide":
        score_fields = [
            *head,
            *[
                {
                    "name": str(m),
                    "type": "integer",
                    "description": f"Score on marker {m}; empty = not scored",
                    "constraints": {"minimum": lo, "maximum": hi},
                }
                for m in markers
            ],
        ]
        key = ["project_id", "rater_id", "round"]
    else:
        raise ParameterError(
            "The 'scores_layout' parameter of table_schemas must be one of {'long', 'wide'}. "
            f"Got {scores_layout!r} instead."
        )
    score_fields += _extras(extra.get("scores", []), [f["name"] for f in score_fields])
    return {
        "projects": {
            "fields": project_fields,
            "primaryKey": ["project_id"],
            "missingValues": [""],
        },
        "raters": {
            "fields": rater_fields,
            "primaryKey": ["rater_id"],
            "missingValues": [""],
        },
        "scores": {
            "fields": score_fields,
            "primaryKey": key,
            "missingValues": [""],
            # rater_id also takes the reserved value COMITE, which raters.csv does not
            # list, so only the project key is declared as a foreign key.
            "foreignKeys": [
                {
                    "fields": ["project_id"],
                    "reference": {"resource": "projects", "fields": ["project_id"]},
                }
            ],
        },
        "markers": {
            "fields": [
                _field("code", required=True, unique=True),
                _field("label_fr", required=True),
                _field("label_en"),
                _field("dimension", required=True),
            ],
            "primaryKey": ["code"],
            "missingValues": [""],
        },
        "scale": {
            "fields": [
                _field("level", "integer", required=True, unique=True),
                _field("label_fr", required=True),
                _field("label_en"),
            ],
            "primaryKey": ["level"],
            "missingValues": [""],
        },
    }


def data_package(
    *,
    markers: Sequence[str],
    levels: Sequence[int],
    format: str = "csv",
    scores_layout: str = "long",
    extra_columns: Mapping[str, Sequence[str]] | None = None,
    workbook: str = "dataset.xlsx",
    name: str = "amiris-lab-dataset",
    fingerprint: str | None = None,
) -> dict[str, Any]:
    """The ``datapackage.json`` descriptor of a dataset written in ``format``.

    Parameters
    ----------
    markers, levels, scores_layout, extra_columns
        See :func:`table_schemas`.
    format : {"csv", "parquet", "xlsx"}, default "csv"
        How the tables are stored: one file per table (``projects.csv`` ...), or
        one workbook ``workbook`` with a sheet per table.
    workbook : str, default "dataset.xlsx"
        Workbook file name when ``format="xlsx"``.
    name : str
        Package name (lower case, ``-``, ``_``, ``.`` only).
    fingerprint : str, optional
        :attr:`MarkerDataset.fingerprint`, recorded as ``amiris:fingerprint``.

    Examples
    --------
    >>> d = data_package(markers=["M01"], levels=[0, 1, 2, 3])
    >>> [r["path"] for r in d["resources"]]
    ['projects.csv', 'raters.csv', 'scores.csv', 'markers.csv', 'scale.csv']
    """
    if format not in ("csv", "parquet", "xlsx"):
        raise ParameterError(
            "The 'format' parameter of data_package must be one of {'csv', 'parquet', 'xlsx'}. "
            f"Got {format!r} instead."
        )
    schemas = table_schemas(
        markers=markers, levels=levels, scores_layout=scores_layout, extra_columns=extra_columns
    )
    resources = []
    for table, schema in schemas.items():
        resource: dict[str, Any] = {"name": table, "profile": "tabular-data-resource"}
        if format == "csv":
            resource.update(
                path=f"{table}.csv",
                format="csv",
                mediatype="text/csv",
                encoding="utf-8",
                dialect={"delimiter": ",", "header": True, "lineTerminator": "\n"},
            )
        elif format == "parquet":
            resource.update(
                path=f"{table}.parquet",
                format="parquet",
                mediatype="application/vnd.apache.parquet",
            )
        else:
            resource.update(
                path=workbook,
                format="xlsx",
                mediatype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                dialect={"header": True, "excel": {"sheet": table}},
            )
        resource["schema"] = schema
        resources.append(resource)
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": name,
        "title": "Godin markers of social innovation: scores of a labelling committee "
        "(marqueurs Godin de l'innovation sociale)",
        "description": "Format described in data/README.md of amiris_lab.",
        "resources": resources,
    }
    if fingerprint is not None:
        package["amiris:fingerprint"] = fingerprint
    return package


def write_data_package(descriptor: Mapping[str, Any], folder: str | Path) -> Path:
    """Write ``descriptor`` as ``folder/datapackage.json`` (UTF-8, sorted layout, LF).

    Returns
    -------
    Path
        The file written.
    """
    path = Path(folder) / "datapackage.json"
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    path.write_bytes(text.encode("utf-8"))
    return path
