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

from ..exceptions import ParameterError
from ..format import TABLES, VOCABULARIES, YEAR_MAX, YEAR_MIN, Column

__all__ = ["YEAR_MAX", "YEAR_MIN", "data_package", "table_schemas", "write_data_package"]


def _field(column: Column, *, levels: tuple[int | None, int | None], markers) -> dict[str, Any]:
    """A Table Schema field from the format's declaration of a column."""
    field: dict[str, Any] = {"name": column.name, "type": column.type}
    if column.description:
        field["description"] = column.description
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    if column.vocabulary is not None:
        constraints["enum"] = list(VOCABULARIES[column.vocabulary])
    if column.name == "marker":
        constraints["enum"] = list(markers)
    lo, hi = (column.minimum, column.maximum) if column.name != "score" else levels
    if lo is not None:
        constraints["minimum"] = lo
    if hi is not None:
        constraints["maximum"] = hi
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
    if scores_layout not in ("long", "wide"):
        raise ParameterError(
            "The 'scores_layout' parameter of table_schemas must be one of {'long', 'wide'}. "
            f"Got {scores_layout!r} instead."
        )
    schemas: dict[str, dict[str, Any]] = {}
    for name, table in TABLES.items():
        fields = [_field(c, levels=(lo, hi), markers=markers) for c in table.columns]
        key = list(table.primary_key)
        if name == "scores" and scores_layout == "wide":
            fields = [f for f in fields if f["name"] not in ("marker", "score")]
            fields += [
                {
                    "name": str(m),
                    "type": "integer",
                    "description": f"Score on marker {m}; empty = not scored",
                    "constraints": {"minimum": lo, "maximum": hi},
                }
                for m in markers
            ]
            key = [k for k in key if k != "marker"]
        fields += _extras(extra.get(name, []), [f["name"] for f in fields])
        schema: dict[str, Any] = {"fields": fields, "primaryKey": key, "missingValues": [""]}
        if name == "scores":
            # rater_id also takes the reserved value COMITE, which raters.csv does not
            # list, so only the project key is declared as a foreign key.
            schema["foreignKeys"] = [
                {
                    "fields": ["project_id"],
                    "reference": {"resource": "projects", "fields": ["project_id"]},
                }
            ]
        schemas[name] = schema
    return schemas


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
