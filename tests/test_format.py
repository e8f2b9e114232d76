"""The format declared in amiris_lab.format: the Frictionless descriptor and the validator agree.

The constraints are read from the descriptor (``table_schemas``) and each one is tried
on the validator with a small dataset: a value the descriptor allows must be accepted,
a value it forbids must be reported at its file, line and column. A column whose
declaration drifts in one place only makes one of these tests fail.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

import amiris_lab
from amiris_lab.data.datapackage import table_schemas
from amiris_lab.data.validation import validate_dataset
from amiris_lab.format import (
    CONSENSUS_RATER,
    OPEN_VOCABULARIES,
    ROUNDS,
    TABLES,
    VOCABULARIES,
    YEAR_MAX,
    YEAR_MIN,
    vocabulary_label,
)

MARKERS = ["M01", "M02"]
LEVELS = [0, 1, 2, 3]
SCHEMAS = table_schemas(markers=MARKERS, levels=LEVELS)


def _cycle(values, n):
    values = list(values)
    return [values[i % len(values)] for i in range(n)]


def base_rows() -> dict[str, list[dict[str, str]]]:
    """A valid dataset using every value of every closed vocabulary."""
    n = max(len(v) for v in VOCABULARIES.values())
    projects = [
        {
            "project_id": f"P{i + 1}",
            "year": "2019",
            "department": dep,
            "legal_form": form,
            "stage": stage,
            "sector": "culture",
            "decision": decision,
        }
        for i, (dep, form, stage, decision) in enumerate(
            zip(
                _cycle(VOCABULARIES["department"], n),
                _cycle(VOCABULARIES["legal_form"], n),
                _cycle(VOCABULARIES["stage"], n),
                _cycle(VOCABULARIES["decision"], n),
                strict=True,
            )
        )
    ]
    colleges = list(VOCABULARIES["college"])
    raters = [{"rater_id": f"R{i + 1}", "college": c} for i, c in enumerate(colleges)]
    scores = []
    for p in projects[:2]:
        for marker in MARKERS:
            for rnd in ROUNDS:
                raters_of_round = [CONSENSUS_RATER] if rnd == "consensus" else ["R1", "R2"]
                for r in raters_of_round:
                    scores.append(
                        {
                            "project_id": p["project_id"],
                            "rater_id": r,
                            "round": rnd,
                            "marker": marker,
                            "score": str(LEVELS[len(scores) % len(LEVELS)]),
                        }
                    )
    markers = [
        {
            "code": m,
            "label_fr": f"Marqueur {m}",
            "label_en": f"Marker {m}",
            "dimension": "Processus",
        }
        for m in MARKERS
    ]
    scale = [{"level": str(v), "label_fr": f"niveau {v}", "label_en": f"level {v}"} for v in LEVELS]
    return {
        "projects": projects,
        "raters": raters,
        "scores": scores,
        "markers": markers,
        "scale": scale,
    }


def write(folder: Path, tables: dict[str, list[dict[str, str]]], drop=None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = [c for c in rows[0] if (name, c) != drop]
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, columns, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return folder


def errors_at(folder: Path) -> set[tuple[str, int | None, str | None]]:
    return {(p.file, p.line, p.column) for p in validate_dataset(folder)}


@pytest.fixture
def rows():
    return base_rows()


def test_base_dataset_uses_every_value_and_is_valid(rows, tmp_path):
    assert validate_dataset(write(tmp_path, rows)) == []
    for field in SCHEMAS["projects"]["fields"] + SCHEMAS["raters"]["fields"]:
        enum = field.get("constraints", {}).get("enum")
        if enum:
            table = "projects" if field in SCHEMAS["projects"]["fields"] else "raters"
            assert {r[field["name"]] for r in rows[table]} == set(enum)


def test_descriptor_is_the_format(rows):
    """Field names, order, types, required/unique and keys come from amiris_lab.format."""
    for name, table in TABLES.items():
        fields = SCHEMAS[name]["fields"]
        assert [f["name"] for f in fields] == list(table.names)
        assert SCHEMAS[name]["primaryKey"] == list(table.primary_key)
        for field in fields:
            column = table[field["name"]]
            constraints = field.get("constraints", {})
            assert field["type"] == column.type
            assert constraints.get("required", False) == column.required
            assert constraints.get("unique", False) == column.unique
            if column.vocabulary:
                assert constraints["enum"] == list(VOCABULARIES[column.vocabulary])
    assert set(rows) == set(TABLES)


def _cases():
    for name, schema in SCHEMAS.items():
        for field in schema["fields"]:
            yield name, field


CASES = list(_cases())


@pytest.mark.parametrize(("table", "field"), CASES, ids=[f"{t}.{f['name']}" for t, f in CASES])
def test_empty_cell_rejected_exactly_when_descriptor_requires_it(table, field, rows, tmp_path):
    rows[table][1][field["name"]] = ""
    found = errors_at(write(tmp_path, rows))
    required = field.get("constraints", {}).get("required", False)
    if required:
        assert (f"{table}.csv", 3, field["name"]) in found
    else:
        assert found == set()


@pytest.mark.parametrize(
    ("table", "field"),
    [(t, f) for t, f in CASES if f.get("constraints", {}).get("unique")],
    ids=lambda x: x if isinstance(x, str) else x["name"],
)
def test_repeated_value_rejected_where_descriptor_says_unique(table, field, rows, tmp_path):
    rows[table][1][field["name"]] = rows[table][0][field["name"]]
    assert (f"{table}.csv", 3, field["name"]) in errors_at(write(tmp_path, rows))


@pytest.mark.parametrize(
    ("table", "field"),
    [(t, f) for t, f in CASES if "enum" in f.get("constraints", {})],
    ids=lambda x: x if isinstance(x, str) else x["name"],
)
def test_value_outside_the_enum_rejected(table, field, rows, tmp_path):
    rows[table][0][field["name"]] = "zzz_not_in_the_vocabulary"
    assert (f"{table}.csv", 2, field["name"]) in errors_at(write(tmp_path, rows))


@pytest.mark.parametrize(
    ("table", "field"),
    [(t, f) for t, f in CASES if "minimum" in f.get("constraints", {})],
    ids=lambda x: x if isinstance(x, str) else x["name"],
)
def test_bounds_of_the_descriptor_are_the_validators(table, field, rows, tmp_path):
    lo, hi = field["constraints"]["minimum"], field["constraints"]["maximum"]
    name = field["name"]
    for value, ok in ((lo, True), (hi, True), (lo - 1, False), (hi + 1, False)):
        rows[table][0][name] = str(value)
        found = errors_at(write(tmp_path / f"{value}", rows))
        assert ((f"{table}.csv", 2, name) in found) is not ok, value
    if name == "year":
        assert (lo, hi) == (YEAR_MIN, YEAR_MAX)


def test_primary_key_of_scores_is_enforced(rows, tmp_path):
    rows["scores"].append(dict(rows["scores"][0]))
    line = len(rows["scores"]) + 1
    assert ("scores.csv", line, "marker") in errors_at(write(tmp_path, rows))


def test_foreign_key_of_scores_is_enforced(rows, tmp_path):
    rows["scores"][0]["project_id"] = "P-UNKNOWN"
    assert ("scores.csv", 2, "project_id") in errors_at(write(tmp_path, rows))


@pytest.mark.parametrize(
    ("table", "column"),
    [(name, c.name) for name, t in TABLES.items() for c in t.columns],
)
def test_column_presence_follows_the_format(table, column, rows, tmp_path):
    found = errors_at(write(tmp_path, rows, drop=(table, column)))
    if TABLES[table][column].in_file:
        assert (f"{table}.csv", 1, column) in found
    else:
        assert found == set()


def test_format_module_imports_without_pandas():
    code = "import sys, amiris_lab.format, amiris_lab.data; print('pandas' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


# ----------------------------------------------------------------- labels and spelling


def test_demo_sectors_have_proper_french_labels():
    demo = amiris_lab.make_demo_dataset(years=[2019])
    sectors = set(demo.projects["sector"].astype(str))
    labels = {s: vocabulary_label("sector", s, lang="fr") for s in sectors}
    assert set(labels) <= set(OPEN_VOCABULARIES["sector"])
    assert vocabulary_label("sector", "sante", lang="fr") == "Santé"
    assert vocabulary_label("sector", "numerique", lang="fr") == "Numérique"
    assert vocabulary_label("sector", "services_a_la_personne", lang="fr") == (
        "Services à la personne"
    )
    assert vocabulary_label("sector", "economie_circulaire", lang="fr") == "Économie circulaire"
    assert all("_" not in label for label in labels.values())


def test_values_a_user_typed_keep_their_spelling(rows, tmp_path):
    """Issue 10: « mobilité » must not become « Mobilite »."""
    typed = ["mobilité", "économie circulaire", "Éducation populaire", "Santé"]
    for row, sector in zip(rows["projects"], typed, strict=False):
        row["sector"] = f"  {sector} "
    dataset = amiris_lab.load_dataset(write(tmp_path / "in", rows))
    got = dataset.projects.set_index("project_id")["sector"].astype(str)
    assert [got[f"P{i + 1}"] for i in range(len(typed))] == typed
    assert [vocabulary_label("sector", s, lang="fr") for s in typed] == typed
    amiris_lab.write_dataset(dataset, tmp_path / "out")
    text = (tmp_path / "out" / "projects.csv").read_text(encoding="utf-8")
    assert "mobilité" in text and "économie circulaire" in text
    assert amiris_lab.load_dataset(tmp_path / "out").fingerprint == dataset.fingerprint


def test_data_readme_documents_the_declared_format():
    """data/README.md is for people; it lists what amiris_lab.format declares."""
    text = (Path(__file__).resolve().parents[1] / "data" / "README.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip().split(" ")[0].strip("`"): line
        for line in text.splitlines()
        if line.startswith("| `")
    }
    for name, table in TABLES.items():  # the table's columns, in the format's order
        assert f"`{', '.join(table.names)}`" in rows[name], name
    for kind, values in VOCABULARIES.items():
        for value in values:
            assert f"`{value}`" in rows[kind], (kind, value)
    assert f"{YEAR_MIN}–{YEAR_MAX}" in rows["year"]
    assert f"`{CONSENSUS_RATER}`" in rows["rater_id"]
