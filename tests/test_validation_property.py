"""Property: whatever the files hold, loading raises SchemaError (our error type) or succeeds.

Random bytes as files and random tables (random columns, values, encodings,
delimiters) must never give another exception: a secretary never sees a traceback.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amiris_lab.data.io import load_dataset
from amiris_lab.data.validation import validate_dataset
from amiris_lab.exceptions import SchemaError
from amiris_lab.i18n import set_language

TABLES = ("projects", "raters", "scores", "markers", "scale")
SUFFIXES = (".csv", ".parquet", ".xlsx")
COLUMNS = [
    "project_id",
    "year",
    "department",
    "legal_form",
    "stage",
    "sector",
    "decision",
    "rater_id",
    "college",
    "round",
    "marker",
    "score",
    "code",
    "label_fr",
    "level",
    "M01",
    "M02",
    "nom",
    "",
    "Score ",
]
VALUES = st.one_of(
    st.sampled_from(
        [
            "P1",
            "P2",
            "R1",
            "COMITE",
            "comite",
            "2019",
            "02",
            "59",
            "scop",
            "Labellisé",
            "individuel",
            "consensus",
            "revise",
            "M01",
            "M02",
            "0",
            "3",
            "5",
            "2.5",
            "",
            " ",
            "expert",
            "emergence",
            "a@b.fr",
            "06 12 34 56 78",
            '"',
            ";",
            ",",
            "\n",
            "\x00",
        ]
    ),
    st.text(max_size=6),
)


def load(folder: Path) -> None:
    """Load and validate; only SchemaError may come out."""
    try:
        load_dataset(folder)
    except SchemaError as exc:
        assert exc.problems, "a SchemaError always lists its problems"
    for problem in validate_dataset(folder, notices=True):
        assert str(problem)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    files=st.dictionaries(
        st.tuples(st.sampled_from(TABLES), st.sampled_from(SUFFIXES)),
        st.binary(max_size=300),
        min_size=1,
        max_size=5,
    )
)
def test_random_bytes_only_raise_schema_error(files):
    set_language("en")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for (table, suffix), data in files.items():
            (folder / f"{table}{suffix}").write_bytes(data)
        load(folder)
        for (table, suffix), _ in files.items():
            if suffix == ".xlsx":
                try:
                    load_dataset(folder / f"{table}{suffix}")
                except SchemaError:
                    pass
    set_language(None)


@st.composite
def tables(draw):
    out = {}
    for table in draw(st.lists(st.sampled_from(TABLES), min_size=1, max_size=5, unique=True)):
        columns = draw(st.lists(st.sampled_from(COLUMNS), min_size=0, max_size=6))
        n = draw(st.integers(0, 5))
        out[table] = [columns] + [[draw(VALUES) for _ in columns] for _ in range(n)]
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    content=tables(),
    fmt=st.sampled_from(["csv", "csv;", "cp1252", "parquet"]),
)
def test_random_tables_only_raise_schema_error(content, fmt):
    set_language("fr")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for table, rows in content.items():
            header, body = rows[0], rows[1:]
            if fmt == "parquet":
                if len(set(header)) != len(header):
                    continue
                frame = pd.DataFrame(body, columns=header, dtype=object)
                frame.to_parquet(folder / f"{table}.parquet")
                continue
            sep = ";" if fmt == "csv;" else ","
            lines = [
                sep.join(f'"{v}"' if sep in v or "\n" in v else v for v in row) for row in rows
            ]
            data = "\r\n".join(lines) + "\r\n"
            encoding = "cp1252" if fmt == "cp1252" else "utf-8"
            (folder / f"{table}.csv").write_bytes(data.encode(encoding, errors="replace"))
        load(folder)
    set_language(None)
