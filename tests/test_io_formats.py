"""Every input variant of the format loads to the same data (same fingerprint)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from io_fixtures import BASE, PROJECTS, RATERS, SCORES, write_folder

from amiris_lab.data.demo import make_demo_dataset
from amiris_lab.data.io import load_dataset, write_dataset
from amiris_lab.i18n import set_language


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


@pytest.fixture
def reference(tmp_path):
    return load_dataset(write_folder(tmp_path / "reference"))


def test_the_base_dataset_is_read_as_written(reference):
    p = reference.projects.set_index("project_id")
    assert p.loc["P1", "department"] == "02"  # a string, never 2
    assert p.loc["P1", "year"] == 2019
    assert p.loc["P1", "commentaire"] == "évalué en séance"  # extra column kept
    assert pd.isna(p.loc["P2", "commentaire"])
    s = reference.scores
    # 10 rows in the file; the 11 markers its (project, rater, round) lack are "not scored"
    assert len(s) == 21
    assert int(s["score"].notna().sum()) == 9
    empty = s[(s["project_id"] == "P1") & (s["rater_id"] == "R1") & (s["marker"] == "M02")]
    assert empty["score"].isna().all()  # empty = not scored, never 0
    assert int(s["score"].fillna(-1).eq(0).sum()) == 1  # the one real 0 (P2, R1, M01)
    assert reference.marker_codes == ["M01", "M02", "M03"]
    assert set(s["round"].astype(str)) == {"individuel", "revise", "consensus"}


TEXT_VARIANTS = {
    "utf-8 with BOM": {"encoding": "utf-8-sig"},
    "cp1252": {"encoding": "cp1252"},
    "latin-1": {"encoding": "latin-1"},
    "utf-16 (Excel Unicode text)": {"encoding": "utf-16"},
    "CRLF": {"newline": "\r\n"},
    "cp1252 + CRLF": {"encoding": "cp1252", "newline": "\r\n"},
}


@pytest.mark.parametrize("variant", list(TEXT_VARIANTS))
def test_encodings_and_line_ends(tmp_path, reference, variant):
    folder = write_folder(tmp_path / "v", **TEXT_VARIANTS[variant])
    assert load_dataset(folder).fingerprint == reference.fingerprint


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_delimiters(tmp_path, reference, delimiter):
    files = {name: text.replace(",", delimiter) for name, text in BASE.items()}
    folder = write_folder(tmp_path / "v", files, encoding="cp1252", newline="\r\n")
    assert load_dataset(folder).fingerprint == reference.fingerprint


def test_quoted_commas_and_blank_lines(tmp_path, reference):
    files = {
        "projects.csv": "\n" + PROJECTS.replace("culture", '"culture"') + "\n\n\n",
        "scores.csv": SCORES.replace("P2,R1,revise", "\nP2,R1,revise") + "\r\n\r\n",
    }
    # a leading blank line before the header is tolerated, and so are blank lines
    files["projects.csv"] = files["projects.csv"].lstrip("\n")
    assert load_dataset(write_folder(tmp_path / "v", files)).fingerprint == reference.fingerprint


def test_values_match_ignoring_case_accents_and_labels(tmp_path, reference):
    files = {
        "projects.csv": PROJECTS.replace("association,emergence", "Association,Émergence")
        .replace("non_labellise", "Non labellisé")
        .replace(",02,", ",2,")
        .replace("scop", "SCOP")
        .replace(",labellise,", ",Labellisé,"),
        "raters.csv": RATERS.replace("financeur_public", "Financeur public").replace(
            "accompagnement", "Structure d'accompagnement"
        ),
        "scores.csv": SCORES.replace("individuel", "Individuel")
        .replace("revise", "Révisé")
        .replace("P1,R2,individuel,M01", "P1,R2,individuel,m01"),
    }
    files["scores.csv"] = files["scores.csv"].replace("Individuel", "individuel", 1)
    assert load_dataset(write_folder(tmp_path / "v", files)).fingerprint == reference.fingerprint


def test_column_names_match_ignoring_case_and_spaces(tmp_path, reference):
    header = "Project ID,Year,Department,Legal form,Stage,Sector,Decision,commentaire"
    files = {"projects.csv": header + PROJECTS[PROJECTS.index("\n") :]}
    assert load_dataset(write_folder(tmp_path / "v", files)).fingerprint == reference.fingerprint


def test_wide_scores_file(tmp_path, reference):
    wide = """project_id,rater_id,round,M01,M02,M03
P1,R1,individuel,2,,
P1,R2,individuel,3,1,
P1,COMITE,consensus,2,1,
P2,R1,individuel,0,,
P2,R3,individuel,1,,
P2,R1,revise,1,,
P3,R2,individuel,,,3
"""
    ds = load_dataset(write_folder(tmp_path / "v", {"scores.csv": wide}))
    # the wide file holds every cell of its rows: the empty ones are "not scored",
    # as the markers the long file leaves out
    assert len(ds.scores) == 21
    assert ds.fingerprint == reference.fingerprint
    assert int(ds.scores["score"].notna().sum()) == 9
    scored = ds.scores[ds.scores["score"].notna()].astype({"score": int})
    ref = reference.scores[reference.scores["score"].notna()].astype({"score": int})
    key = ["project_id", "rater_id", "round", "marker"]

    def rows(frame):
        return sorted(map(tuple, frame[[*key, "score"]].astype(str).to_numpy()))

    assert rows(scored) == rows(ref)


def test_workbook_written_by_pandas_with_typed_cells(tmp_path, reference):
    """An .xlsx made by someone else (numbers as numbers, department typed 2) loads the same."""
    projects = pd.read_csv(pd.io.common.StringIO(PROJECTS), dtype=str)
    projects["year"] = projects["year"].astype(int)
    projects["department"] = projects["department"].astype(int)  # Excel drops the zero
    scores = pd.read_csv(pd.io.common.StringIO(SCORES), dtype={"score": float})
    raters = pd.read_csv(pd.io.common.StringIO(RATERS))
    markers = pd.read_csv(pd.io.common.StringIO(BASE["markers.csv"]))
    scale = pd.read_csv(pd.io.common.StringIO(BASE["scale.csv"]))
    book = tmp_path / "Comité 2019.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        for name, frame in [
            ("Projects", projects),  # sheet names match ignoring case
            ("raters", raters),
            ("scores", scores),
            ("markers", markers),
            ("scale", scale),
            ("notes", pd.DataFrame({"x": [1]})),
        ]:
            frame.to_excel(writer, sheet_name=name, index=False)
    assert load_dataset(book).fingerprint == reference.fingerprint
    # a folder holding only the workbook is read too
    assert load_dataset(tmp_path).fingerprint == reference.fingerprint


def test_parquet_written_by_pandas_with_typed_columns(tmp_path, reference):
    folder = tmp_path / "pq"
    folder.mkdir()
    for name, text in BASE.items():
        frame = pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False)
        frame = frame.replace("", None)
        if name == "scores.csv":
            frame["score"] = pd.array(pd.to_numeric(frame["score"]), dtype="Int64")
        if name == "projects.csv":
            frame["year"] = frame["year"].astype("int64")
        if name == "scale.csv":
            frame["level"] = frame["level"].astype("int32")
        frame.to_parquet(folder / name.replace(".csv", ".parquet"), index=False)
    assert load_dataset(folder).fingerprint == reference.fingerprint


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
@pytest.mark.parametrize("layout", ["long", "wide"])
def test_write_then_load_keeps_the_fingerprint(tmp_path, reference, fmt, layout):
    folder = write_dataset(reference, tmp_path / "out", format=fmt, scores_layout=layout)
    again = load_dataset(folder)
    assert again.fingerprint == reference.fingerprint
    assert len(again.scores) == 21


@pytest.mark.parametrize(
    ("fmt", "layout"),
    [("csv", "long"), ("csv", "wide"), ("parquet", "long"), ("parquet", "wide")],
)
def test_demo_dataset_round_trips_in_every_variant(tmp_path, fmt, layout):
    demo = make_demo_dataset(years=[2019])
    folder = write_dataset(demo, tmp_path / "demo", format=fmt, scores_layout=layout)
    assert load_dataset(folder).fingerprint == demo.fingerprint


def test_demo_dataset_round_trips_through_a_workbook(tmp_path):
    demo = make_demo_dataset(years=[2019]).filter(projects=["P2019-001", "P2019-002"])
    for layout in ("long", "wide"):
        book = write_dataset(demo, tmp_path / f"{layout}.xlsx", format="xlsx", scores_layout=layout)
        assert book.name == f"{layout}.xlsx"
        assert load_dataset(book).fingerprint == demo.fingerprint


def test_the_fingerprint_changes_with_the_data(tmp_path, reference):
    changed = write_folder(
        tmp_path / "v",
        {"scores.csv": SCORES.replace("P3,R2,individuel,M03,3", "P3,R2,individuel,M03,2")},
    )
    assert load_dataset(changed).fingerprint != reference.fingerprint


def test_line_numbers_survive_blank_lines(tmp_path):
    from amiris_lab.data.readers import read_raw_tables

    text = "project_id,year\r\nP1,2019\r\n\r\nP2,2020\r\n\r\n"
    (tmp_path / "projects.csv").write_bytes(text.encode())
    table = read_raw_tables(tmp_path)["projects"]
    assert table.lines.tolist() == [2, 4]
    assert table.frame["project_id"].tolist() == ["P1", "P2"]
    assert isinstance(table.lines, np.ndarray)


# --------------------------------------------------- "not scored" has one representation

WIDE = """project_id,rater_id,round,M01,M02,M03
P1,R1,individuel,2,,
P1,R2,individuel,3,1,
P1,COMITE,consensus,2,1,
P2,R1,individuel,0,,
P2,R3,individuel,1,,
P2,R1,revise,1,,
P3,R2,individuel,,,3
"""
#: the long file without any row for a cell not scored
LONG_ABSENT = SCORES.replace("P1,R1,individuel,M02,\n", "")


def _long_every_cell() -> str:
    """The long file with an empty-score row for every cell not scored."""
    wide = pd.read_csv(pd.io.common.StringIO(WIDE), dtype=str, keep_default_na=False)
    long = wide.melt(["project_id", "rater_id", "round"], var_name="marker", value_name="score")
    return long.to_csv(index=False, lineterminator="\n")


MISSING_VARIANTS = {"long, rows left out": LONG_ABSENT, "long, empty scores": None, "wide": WIDE}


def _write_variant(folder, fmt: str, scores_text: str):
    if fmt == "csv":
        return write_folder(folder, {"scores.csv": scores_text})
    folder.mkdir(parents=True)
    frames = {}
    for name, text in {**BASE, "scores.csv": scores_text}.items():
        frame = pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False)
        frames[name[: -len(".csv")]] = frame.replace("", None)
    if fmt == "parquet":
        for name, frame in frames.items():
            frame.to_parquet(folder / f"{name}.parquet", index=False)
        return folder
    book = folder / "comite.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name, index=False)  # None -> empty cell
    return book


def _table(dataset) -> list[tuple]:
    key = ["project_id", "rater_id", "round", "marker"]
    frame = dataset.scores[[*key, "score"]].astype(object)
    return sorted(tuple("" if pd.isna(v) else str(v) for v in row) for row in frame.to_numpy())


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
@pytest.mark.parametrize("variant", list(MISSING_VARIANTS))
def test_cells_not_scored_load_the_same_in_every_format_variant(tmp_path, reference, fmt, variant):
    """Issue 9: wide and long, with empty cells or rows left out, give one table, one fingerprint."""
    text = MISSING_VARIANTS[variant] or _long_every_cell()
    ds = load_dataset(_write_variant(tmp_path / "v", fmt, text))
    assert _table(ds) == _table(reference)
    assert ds.fingerprint == reference.fingerprint
    assert len(ds.scores) == 21 and int(ds.scores["score"].isna().sum()) == 12


def test_a_long_file_left_incomplete_differs_from_one_with_a_real_score(tmp_path, reference):
    """The filled-in cells are "not scored", never a level: adding a real 0 changes the data."""
    scored = SCORES + "P3,R2,individuel,M01,0\n"
    ds = load_dataset(write_folder(tmp_path / "v", {"scores.csv": scored}))
    assert len(ds.scores) == 21
    assert ds.fingerprint != reference.fingerprint
