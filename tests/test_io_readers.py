"""Unreadable inputs give one clean SchemaError naming the file, never a traceback."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from io_fixtures import BASE, SCORES, write_folder

from amiris_lab.data.io import load_dataset, write_dataset
from amiris_lab.data.readers import read_raw_tables
from amiris_lab.exceptions import SchemaError
from amiris_lab.i18n import set_language


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def only_problem(path) -> str:
    with pytest.raises(SchemaError) as info:
        load_dataset(path)
    assert len(info.value.problems) == 1
    return str(info.value.problems[0])


def test_path_not_found(tmp_path):
    with pytest.raises(SchemaError, match=r"nowhere: not found: give a folder of CSV or Parquet"):
        load_dataset(tmp_path / "nowhere")


def test_binary_file(tmp_path):
    folder = write_folder(tmp_path / "ds", {"scores.csv": bytes(range(256)) * 40})
    assert only_problem(folder) == (
        "scores.csv: unreadable binary file: expected a CSV (text) table, Parquet or an "
        ".xlsx workbook."
    )


def test_workbook_saved_as_csv(tmp_path):
    other = write_dataset(
        load_dataset(write_folder(tmp_path / "a")), tmp_path / "b.xlsx", format="xlsx"
    )
    folder = write_folder(tmp_path / "ds", {"projects.csv": other.read_bytes()})
    assert only_problem(folder).startswith(
        "projects.csv: this file is an Excel workbook or an archive, not a CSV"
    )


def test_empty_file(tmp_path):
    folder = write_folder(tmp_path / "ds", {"raters.csv": "\r\n\r\n"})
    assert only_problem(folder) == (
        "raters.csv: empty file: the first line must give the column names."
    )


def test_wrong_number_of_values(tmp_path):
    scores = SCORES.replace("P2,R3,individuel,M01,1", "P2,R3,individuel,M01,1,2")
    folder = write_folder(tmp_path / "ds", {"scores.csv": scores})
    assert only_problem(folder) == (
        "scores.csv:9: 6 values instead of 5 (delimiter ',' inside an unquoted value?)."
    )


def test_unclosed_quote(tmp_path):
    folder = write_folder(tmp_path / "ds", {"raters.csv": 'rater_id,college\nR1,"expert\n'})
    assert re.fullmatch(
        r"raters\.csv: unreadable CSV \(.*\): check the quotes\.", only_problem(folder)
    )


def test_csv_and_parquet_of_one_table(tmp_path):
    folder = write_folder(tmp_path / "ds")
    pd.DataFrame({"rater_id": ["R1"]}).to_parquet(folder / "raters.parquet")
    assert only_problem(folder) == (
        "raters.csv: the table 'raters' exists as both CSV and Parquet (raters.csv, "
        "raters.parquet): keep one format."
    )


def test_old_excel_and_single_files(tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert only_problem(tmp_path / "old.xls") == (
        "old.xls: old Excel format (.xls) is not supported: save the workbook as .xlsx."
    )
    folder = write_folder(tmp_path / "ds")
    assert only_problem(folder / "scores.csv").startswith(
        "scores.csv: a dataset is a folder (projects.csv, raters.csv, scores.csv) or an .xlsx"
    )


def test_corrupt_workbook_and_parquet(tmp_path):
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    assert only_problem(tmp_path / "broken.xlsx").startswith(
        "broken.xlsx: unreadable Excel workbook (BadZipFile)"
    )
    folder = write_folder(tmp_path / "pq", {name: None for name in BASE})
    (folder / "projects.parquet").write_bytes(b"PAR1 garbage PAR1")
    assert only_problem(folder).startswith("projects.parquet: unreadable Parquet file (")


def test_empty_sheet(tmp_path):
    book = tmp_path / "data.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        pd.DataFrame().to_excel(writer, sheet_name="projects", index=False)
    assert only_problem(book) == (
        "data.xlsx[projects]: empty sheet: the first row must give the column names."
    )


def test_several_workbooks(tmp_path):
    for name in ("a.xlsx", "b.xlsx"):
        (tmp_path / name).write_bytes(b"")
    assert only_problem(tmp_path) == (
        f"{tmp_path.name}: several .xlsx workbooks and no CSV file: give the workbook to read."
    )


def test_raw_tables_are_text_and_unchecked(tmp_path):
    """The anonymiser reads raw files through read_raw_tables: nothing is validated."""
    folder = write_folder(
        tmp_path / "ds",
        {"projects.csv": "project_id,nom,year\nP1,Jean Dupont,02\nP1,,abc\n", "raters.csv": None},
    )
    raw = read_raw_tables(folder)
    assert sorted(raw) == ["markers", "projects", "scale", "scores"]
    table = raw["projects"]
    assert table.label == "projects.csv"
    assert table.frame["year"].tolist() == ["02", "abc"]
    assert table.frame["nom"].isna().tolist() == [False, True]
    assert table.lines.tolist() == [2, 3]
    assert raw.expected_label("raters") == "raters.csv"


def test_repeated_headers_are_kept_apart(tmp_path):
    folder = write_folder(
        tmp_path / "ds", {"raters.csv": "rater_id,college,college\nR1,expert,x\n"}
    )
    table = read_raw_tables(folder)["raters"]
    assert list(table.frame.columns) == ["rater_id", "college", "college (2)"]
    assert table.header == ["rater_id", "college", "college"]


def test_write_dataset_parameters(tmp_path):
    ds = load_dataset(write_folder(tmp_path / "ds"))
    from amiris_lab.exceptions import ParameterError

    with pytest.raises(
        ParameterError,
        match=r"The 'format' parameter of write_dataset must be one of \{'csv', 'xlsx', 'parquet'\}. Got 'json' instead.",
    ):
        write_dataset(ds, tmp_path / "o", format="json")
    with pytest.raises(
        ParameterError,
        match=r"The 'scores_layout' parameter of write_dataset must be one of \{'long', 'wide'\}. Got 'tall' instead.",
    ):
        write_dataset(ds, tmp_path / "o", scores_layout="tall")
    with pytest.raises(
        ParameterError,
        match=r"The 'dataset' parameter of write_dataset must be a MarkerDataset. Got dict instead.",
    ):
        write_dataset({}, tmp_path / "o")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ParameterError, match=r"'file' exists and is not a folder."):
        write_dataset(ds, tmp_path / "file")
    with_extra = ds.scores.assign(note="x")
    from dataclasses import replace

    with pytest.raises(
        ParameterError, match=r"The wide score layout cannot hold extra score columns \(note\)"
    ):
        write_dataset(replace(ds, scores=with_extra), tmp_path / "o", scores_layout="wide")


def test_rewriting_in_another_format_leaves_one_readable_copy(tmp_path):
    ds = load_dataset(write_folder(tmp_path / "ds"))
    out = tmp_path / "out"
    (out).mkdir()
    (out / "README.md").write_text("kept")
    write_dataset(ds, out, format="csv")
    write_dataset(ds, out, format="parquet")
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "README.md",
        "datapackage.json",
        "markers.parquet",
        "projects.parquet",
        "raters.parquet",
        "scale.parquet",
        "scores.parquet",
    ]
    assert load_dataset(out).fingerprint == ds.fingerprint
