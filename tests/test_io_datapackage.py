"""datapackage.json: a Frictionless Tabular Data Package that the written files satisfy."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from io_fixtures import write_folder

from amiris_lab.cli.main import main
from amiris_lab.data.datapackage import data_package, table_schemas
from amiris_lab.data.demo import make_demo_dataset
from amiris_lab.data.io import load_dataset, write_dataset
from amiris_lab.exceptions import ParameterError

# Table Schema v1: field types and constraint names
TYPES = {"string", "integer", "number", "boolean", "date", "year", "any"}
CONSTRAINTS = {"required", "unique", "enum", "minimum", "maximum", "pattern"}


def check_against_files(folder):
    """Every resource's file exists and its content meets the declared schema."""
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"] == "tabular-data-package"
    names = [r["name"] for r in descriptor["resources"]]
    for resource in descriptor["resources"]:
        path = folder / resource["path"]
        assert path.is_file()
        if resource["format"] == "csv":
            frame = pd.read_csv(
                path, dtype=str, keep_default_na=False, encoding=resource["encoding"]
            )
        elif resource["format"] == "parquet":
            frame = pd.read_parquet(path).astype(object).where(lambda f: f.notna(), "")
            frame = frame.astype(str)
        else:
            sheet = resource["dialect"]["excel"]["sheet"]
            frame = pd.read_excel(path, sheet_name=sheet, dtype=str).fillna("")
        schema = resource["schema"]
        assert [f["name"] for f in schema["fields"]] == list(frame.columns)
        for field in schema["fields"]:
            assert field["type"] in TYPES
            assert set(field.get("constraints", {})) <= CONSTRAINTS
            values = frame[field["name"]]
            present = values[values != ""]
            c = field.get("constraints", {})
            if c.get("required"):
                assert (values != "").all(), field["name"]
            if c.get("unique"):
                assert present.is_unique, field["name"]
            if "enum" in c:
                assert set(present) <= set(c["enum"]), field["name"]
            if field["type"] == "integer":
                numbers = pd.to_numeric(present).astype(int)
                if "minimum" in c:
                    assert numbers.min() >= c["minimum"]
                    assert numbers.max() <= c["maximum"]
        for key in schema["primaryKey"]:
            assert key in frame.columns
        assert not frame.duplicated(schema["primaryKey"]).any()
        for fk in schema.get("foreignKeys", []):
            assert fk["reference"]["resource"] in names
    return descriptor


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("layout", ["long", "wide"])
def test_written_files_meet_their_descriptor(tmp_path, fmt, layout):
    demo = make_demo_dataset(years=[2019])
    folder = write_dataset(demo, tmp_path / "d", format=fmt, scores_layout=layout)
    descriptor = check_against_files(folder)
    assert descriptor["amiris:fingerprint"] == demo.fingerprint
    projects = pd.read_csv(folder / "projects.csv") if fmt == "csv" else None
    scores = next(r for r in descriptor["resources"] if r["name"] == "scores")
    key = ["project_id", "rater_id", "round"] + (["marker"] if layout == "long" else [])
    assert scores["schema"]["primaryKey"] == key
    assert scores["schema"]["foreignKeys"][0]["reference"] == {
        "resource": "projects",
        "fields": ["project_id"],
    }
    if projects is not None:
        assert len(projects) == len(demo.projects)


def test_workbook_descriptor(tmp_path):
    demo = make_demo_dataset(years=[2019]).filter(projects=["P2019-001", "P2019-002"])
    folder = write_dataset(demo, tmp_path / "d", format="xlsx")
    descriptor = check_against_files(folder)
    assert {r["path"] for r in descriptor["resources"]} == {"dataset.xlsx"}
    assert [r["dialect"]["excel"]["sheet"] for r in descriptor["resources"]] == [
        "projects",
        "raters",
        "scores",
        "markers",
        "scale",
    ]


def test_extra_columns_are_described(tmp_path):
    ds = load_dataset(write_folder(tmp_path / "ds"))
    folder = write_dataset(ds, tmp_path / "out")
    descriptor = check_against_files(folder)
    projects = descriptor["resources"][0]["schema"]["fields"]
    assert projects[-1] == {
        "name": "commentaire",
        "type": "string",
        "description": "Extra column (colonne supplémentaire)",
    }


def test_describe_command(tmp_path, capsys):
    folder = write_folder(tmp_path / "ds", {"markers.csv": None, "scale.csv": None})
    assert main(["--lang", "en", "describe", str(folder)]) == 0
    assert capsys.readouterr().out.startswith("Frictionless descriptor written: ")
    descriptor = check_against_files(folder)
    assert [r["name"] for r in descriptor["resources"]] == ["projects", "raters", "scores"]
    assert descriptor["amiris:fingerprint"] == load_dataset(folder).fingerprint


def test_describe_refuses_an_invalid_dataset(tmp_path, capsys):
    folder = write_folder(tmp_path / "ds", {"raters.csv": None})
    assert main(["--lang", "en", "describe", str(folder)]) == 1
    assert "raters.csv: missing file" in capsys.readouterr().out
    assert not (folder / "datapackage.json").exists()


def test_parameter_checks():
    with pytest.raises(
        ParameterError,
        match=r"The 'scores_layout' parameter of table_schemas must be one of \{'long', 'wide'\}. Got 'x' instead.",
    ):
        table_schemas(markers=["M01"], levels=[0, 1], scores_layout="x")
    with pytest.raises(
        ParameterError,
        match=r"The 'format' parameter of data_package must be one of \{'csv', 'parquet', 'xlsx'\}. Got 'ods' instead.",
    ):
        data_package(markers=["M01"], levels=[0, 1], format="ods")


def frictionless_errors(folder):
    """Errors found by the frictionless package (the reference implementation of the spec)."""
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(folder / "datapackage.json"))
    return [(e[0], e[1]) for e in report.flatten(["type", "fieldName"])]


@pytest.mark.parametrize(
    ("fmt", "layout"), [("csv", "long"), ("csv", "wide"), ("parquet", "long"), ("xlsx", "long")]
)
def test_frictionless_accepts_the_written_package(tmp_path, fmt, layout):
    demo = make_demo_dataset(years=[2019]).filter(projects=["P2019-001", "P2019-002", "P2019-003"])
    folder = write_dataset(demo, tmp_path / "d", format=fmt, scores_layout=layout)
    assert frictionless_errors(folder) == []


def test_frictionless_finds_what_the_constraints_forbid(tmp_path):
    """The descriptor's constraints are real: frictionless rejects the same faults we do."""
    folder = write_dataset(load_dataset(write_folder(tmp_path / "ds")), tmp_path / "out")
    text = (folder / "projects.csv").read_text(encoding="utf-8")
    (folder / "projects.csv").write_text(
        text.replace(",labellise,", ",labelise,"), encoding="utf-8"
    )
    text = (folder / "scores.csv").read_text(encoding="utf-8")
    (folder / "scores.csv").write_text(text + "P9,R1,individuel,M01,7\n", encoding="utf-8")
    errors = frictionless_errors(folder)
    assert ("constraint-error", "decision") in errors
    assert ("constraint-error", "score") in errors
    assert any(kind == "foreign-key" for kind, _ in errors)  # P9 is not a project
