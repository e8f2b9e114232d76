"""Loading and writing datasets: :func:`load_dataset` and :func:`write_dataset`.

A dataset is a folder of CSV files (or Parquet files of the same names), or one
``.xlsx`` workbook; the format is described in ``data/README.md``. Loading reads
every table as text (:mod:`amiris_lab.data.readers`), checks everything
(:mod:`amiris_lab.data.validation`) and builds a :class:`~amiris_lab.data.dataset.MarkerDataset`;
writing gives files that load back to the same :attr:`~MarkerDataset.fingerprint`
whatever the format or score layout.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import pandas as pd

from ..exceptions import ParameterError, PersonalDataProblem, PrivacyError, SchemaError
from ..format import TABLES as FORMAT_TABLES
from ..i18n import lazy_, t_
from .dataset import (
    MARKER_COLUMNS,
    PROJECT_COLUMNS,
    RATER_COLUMNS,
    SCALE_COLUMNS,
    SCORE_COLUMNS,
    MarkerDataset,
)

TABLES = tuple(FORMAT_TABLES)
#: Workbook name used when a dataset is written as ``.xlsx`` into a folder.
WORKBOOK_NAME = "dataset.xlsx"


def load_dataset(path: str | Path) -> MarkerDataset:
    """Read, check and load a dataset.

    Parameters
    ----------
    path : str or Path
        A folder holding ``projects``, ``raters``, ``scores`` (and optionally
        ``markers``, ``scale``) as ``.csv`` or ``.parquet`` files, or one ``.xlsx``
        workbook with sheets of those names. CSV files may be UTF-8 (with or
        without BOM) or cp1252/latin-1, use ``,`` or ``;``, CRLF line ends.

    Returns
    -------
    MarkerDataset

    Raises
    ------
    SchemaError
        Listing every problem found (the same list as ``amiris-lab validate``).
        It is a :class:`~amiris_lab.exceptions.PrivacyError` (a kind of
        ``SchemaError``) when some of them are personal data.

    Examples
    --------
    >>> import tempfile
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> ds = make_demo_dataset(years=[2019])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = write_dataset(ds, folder)
    ...     load_dataset(folder).fingerprint == ds.fingerprint
    True
    """
    from .readers import read_raw_tables
    from .validation import split_notices, validate_tables

    path = Path(path)
    tables, problems = validate_tables(read_raw_tables(path))
    errors, _notices = split_notices(problems)
    if errors:
        personal = any(isinstance(p, PersonalDataProblem) for p in errors)
        error_type = PrivacyError if personal else SchemaError
        raise error_type(
            errors,
            header=t_(
                "{n_errors} problème(s) dans le jeu de données {name} :",
                n_errors=len(errors),
                name=path.name,
            ),
        )
    return dataset_from_tables(tables, source=str(path))


def dataset_from_tables(
    tables: Mapping[str, pd.DataFrame], *, source: str | None = None
) -> MarkerDataset:
    """The dataset of checked tables (``validate_tables``' first result).

    Parameters
    ----------
    tables : mapping of str to DataFrame
        ``projects``, ``raters``, ``scores`` and, when the data have them,
        ``markers`` and ``scale`` (the defaults otherwise).
    source : str, optional
        Where the tables were read from.

    Returns
    -------
    MarkerDataset

    Examples
    --------
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> ds = make_demo_dataset(years=[2019])
    >>> tables = {"projects": ds.projects, "raters": ds.raters, "scores": ds.scores}
    >>> dataset_from_tables(tables).fingerprint == ds.fingerprint
    True
    """
    return MarkerDataset.from_frames(
        tables["projects"],
        tables["raters"],
        tables["scores"],
        markers=tables.get("markers"),
        scale=tables.get("scale"),
        source=source,
    )


def _text_frame(frame: pd.DataFrame, leading) -> pd.DataFrame:
    """Known columns first then extras, categoricals as plain values."""
    leading = [c for c in leading if c in frame.columns]
    extras = [c for c in frame.columns if c not in leading]
    out = frame[leading + extras].copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


def _wide_scores(scores: pd.DataFrame, markers: list[str]) -> pd.DataFrame:
    extras = [c for c in scores.columns if c not in SCORE_COLUMNS]
    if extras:
        raise ParameterError(
            lazy_(
                "La disposition large des notes ne peut pas contenir de colonnes de notes "
                "supplémentaires ({map}) : écrivez avec scores_layout='long'.",
                map=", ".join(map(str, extras)),
            )
        )
    keys = ["project_id", "rater_id", "round"]
    flat = pd.DataFrame({k: scores[k].astype(str).to_numpy() for k in [*keys, "marker"]})
    flat["score"] = scores["score"].to_numpy()
    order = flat[keys].drop_duplicates()
    wide = flat.set_index([*keys, "marker"])["score"].unstack("marker")
    wide = wide.reindex(columns=markers)
    wide = wide.reindex(pd.MultiIndex.from_frame(order)).reset_index()
    wide.columns.name = None
    for m in markers:
        wide[m] = pd.array(wide[m], dtype="Int64")
    return wide


def _tables(dataset: MarkerDataset, scores_layout: str) -> dict[str, pd.DataFrame]:
    markers = _text_frame(dataset.markers, MARKER_COLUMNS)
    scale = _text_frame(dataset.scale, SCALE_COLUMNS)
    scale["level"] = scale["level"].astype("int64")
    projects = _text_frame(dataset.projects, PROJECT_COLUMNS)
    projects["year"] = projects["year"].astype("int64")
    raters = _text_frame(dataset.raters, RATER_COLUMNS)
    if scores_layout == "long":
        scores = _text_frame(dataset.scores, SCORE_COLUMNS)
        scores["score"] = pd.array(scores["score"], dtype="Int64")
    else:
        scores = _wide_scores(dataset.scores, list(markers["code"]))
    return {
        "projects": projects,
        "raters": raters,
        "scores": scores,
        "markers": markers,
        "scale": scale,
    }


def write_dataset(
    dataset: MarkerDataset,
    path: str | Path,
    *,
    format: Literal["csv", "xlsx", "parquet"] = "csv",
    scores_layout: Literal["long", "wide"] = "long",
) -> Path:
    """Write a dataset in the dataset format, with its ``datapackage.json``.

    Parameters
    ----------
    dataset : MarkerDataset
    path : str or Path
        Folder to write (created if needed; files of the same names are replaced,
        other files are left alone). With ``format="xlsx"`` a path ending in
        ``.xlsx`` is the workbook itself (no descriptor is written beside it).
    format : {"csv", "xlsx", "parquet"}, default "csv"
        ``csv``: UTF-8 without BOM, ``,`` delimiter, LF line ends, empty = missing.
        ``parquet``: one file per table, typed columns. ``xlsx``: one workbook
        ``dataset.xlsx`` with one sheet per table.
    scores_layout : {"long", "wide"}, default "long"
        ``long``: ``project_id, rater_id, round, marker, score``; ``wide``: one row
        per project, rater and round, one column per marker.

    Returns
    -------
    Path
        The folder written (or the workbook).

    Examples
    --------
    >>> import tempfile, os
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = write_dataset(make_demo_dataset(years=[2019]), folder)
    ...     sorted(os.listdir(folder))
    ['datapackage.json', 'markers.csv', 'projects.csv', 'raters.csv', 'scale.csv', 'scores.csv']
    """
    from .datapackage import data_package, write_data_package

    if format not in ("csv", "xlsx", "parquet"):
        raise ParameterError(
            "The 'format' parameter of write_dataset must be one of "
            f"{{'csv', 'xlsx', 'parquet'}}. Got {format!r} instead."
        )
    if scores_layout not in ("long", "wide"):
        raise ParameterError(
            "The 'scores_layout' parameter of write_dataset must be one of "
            f"{{'long', 'wide'}}. Got {scores_layout!r} instead."
        )
    if not isinstance(dataset, MarkerDataset):
        raise ParameterError(
            "The 'dataset' parameter of write_dataset must be a MarkerDataset. "
            f"Got {type(dataset).__name__} instead."
        )
    path = Path(path)
    tables = _tables(dataset, scores_layout)
    workbook_only = format == "xlsx" and path.suffix.lower() == ".xlsx"
    folder = path.parent if workbook_only else path
    if folder.exists() and not folder.is_dir():
        raise ParameterError(lazy_("'{name}' existe et n'est pas un dossier.", name=folder.name))
    folder.mkdir(parents=True, exist_ok=True)
    # Other-format copies of the same tables would make the folder ambiguous.
    stale = [folder / f"{t}.{ext}" for t in TABLES for ext in ("csv", "parquet") if ext != format]
    if format != "xlsx" and not workbook_only:
        stale.append(folder / WORKBOOK_NAME)
    for file in stale:
        if file.is_file():
            file.unlink()
    if format == "csv":
        for name, frame in tables.items():
            frame.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
    elif format == "parquet":
        for name, frame in tables.items():
            frame.to_parquet(folder / f"{name}.parquet", index=False)
    else:
        workbook = path if workbook_only else folder / WORKBOOK_NAME
        with pd.ExcelWriter(workbook, engine="openpyxl") as writer:
            for name, frame in tables.items():
                frame.to_excel(writer, sheet_name=name, index=False)
        if workbook_only:
            return workbook
    extra = {name: list(map(str, frame.columns)) for name, frame in tables.items()}
    descriptor = data_package(
        markers=list(tables["markers"]["code"]),
        levels=[int(v) for v in tables["scale"]["level"]],
        format=format,
        scores_layout=scores_layout,
        extra_columns=extra,
        workbook=WORKBOOK_NAME,
        fingerprint=dataset.fingerprint,
    )
    write_data_package(descriptor, folder)
    return folder
