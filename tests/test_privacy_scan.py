"""scan_personal_data: true positives, false positives, masking, line numbers, speed.

SIREN/SIRET keys: the Luhn formula's published worked example (79927398713,
Wikipedia "Luhn algorithm") checks the helper below, which builds valid numbers
independently of amiris_lab; La Poste's SIREN 356 000 000 and its SIRET rule (digit
sum a multiple of 5) are from INSEE's description of the SIRET.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from amiris_lab.data.privacy import (
    mask_value,
    personal_column_reason,
    redact_personal_data,
    scan_personal_data,
)
from amiris_lab.exceptions import ParameterError, Problem
from amiris_lab.i18n import set_language


def luhn_check_digit(body: str) -> str:
    """Check digit making ``body + digit`` pass Luhn (doubling from the right)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d // 10 + d % 10
    return str((10 - total % 10) % 10)


def test_the_helper_reproduces_the_published_luhn_example():
    assert luhn_check_digit("7992739871") == "3"


SIREN = "12345678" + luhn_check_digit("12345678")
SIRET = "73282932" + "000" + "07" + luhn_check_digit("7328293200007")
BAD_SIREN = SIREN[:-1] + str((int(SIREN[-1]) + 1) % 10)
BAD_SIRET = SIRET[:-1] + str((int(SIRET[-1]) + 1) % 10)


def table(frame: pd.DataFrame, label: str = "projects.csv", lines=None):
    return SimpleNamespace(name=label.split(".")[0], frame=frame, label=label, lines=lines)


def scan_values(values, column="commentaire", **options):
    frame = pd.DataFrame({column: pd.Series(values, dtype=object)})
    return scan_personal_data({"t": table(frame)}, **options)


@pytest.fixture(autouse=True)
def french():
    set_language("fr")
    yield
    set_language(None)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("écrire à jeanne.martin@example.fr", "adresse e-mail"),
        ("Contact: J.Dupont+amiris@asso-nord.org", "adresse e-mail"),
        ("+33 6 12 34 56 78", "numéro de téléphone"),
        ("+33612345678", "numéro de téléphone"),
        ("0033 6 12 34 56 78", "numéro de téléphone"),
        ("+33 (0)3 20 12 34 56", "numéro de téléphone"),
        ("tel. 06 12 34 56 78", "numéro de téléphone"),
        ("06.12.34.56.78", "numéro de téléphone"),
        ("03-20-12-34-56", "numéro de téléphone"),
        ("0612345678", "numéro de téléphone"),
        (f"SIREN {SIREN}", "numéro SIREN"),
        (f"{SIREN[:3]} {SIREN[3:6]} {SIREN[6:]}", "numéro SIREN"),
        ("356 000 000", "numéro SIREN"),
        (SIRET, "numéro SIRET"),
        (f"{SIRET[:3]} {SIRET[3:6]} {SIRET[6:9]} {SIRET[9:]}", "numéro SIRET"),
        ("35600000000001", "numéro SIRET"),  # La Poste: digit sum 15, fails Luhn
    ],
)
def test_true_positives_are_found_and_masked(text, kind):
    problems = scan_values(["rien", text])
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.file, problem.line, problem.column) == ("projects.csv", 3, "commentaire")
    assert problem.message.startswith(f"{kind} probable '")
    assert "amiris-lab anonymise" in problem.message
    # never the whole value, nor its digits in a row
    core = text.split()[-1] if "@" in text else "".join(ch for ch in text if ch.isdigit())
    assert core not in str(problem)


@pytest.mark.parametrize(
    "text",
    [
        "2019",
        "02",
        "59",
        "P2016-001",
        "R01",
        "M12",
        "2019-06-01",
        "59000 Lille",
        "12.5",
        "score 3",
        BAD_SIREN,
        BAD_SIRET,
        "35600000000002",  # La Poste prefix but digit sum 16 and Luhn fails
        "06123456789",  # eleven digits
        "P-0612345678",  # a pseudonym-like id
        f"X{SIREN}",  # digits glued to a letter
        "1234567890123456",  # sixteen digits (card-like) is neither SIREN nor SIRET
        "projet@",  # not an address
        "",
    ],
)
def test_false_positives_are_not_reported(text):
    assert scan_values([text]) == []


def test_several_kinds_in_one_cell_give_one_problem_each():
    problems = scan_values([f"a@b.fr / 06 12 34 56 78 / {SIREN}"])
    kinds = sorted(p.message.split(" probable")[0] for p in problems)
    assert kinds == ["adresse e-mail", "numéro SIREN", "numéro de téléphone"]


@pytest.mark.parametrize(
    ("column", "reason"),
    [
        ("Nom", "nom"),
        ("Prénom du porteur", "prenom"),
        ("E-mail", "e_mail"),
        ("mail_contact", "mail"),
        ("Téléphone", "telephone"),
        ("tel", "tel"),
        ("Adresse postale", "adresse"),
        ("address", "address"),
        ("SIRET", "siret"),
        ("siren", "siren"),
        ("date_de_naissance", "naissance"),
        ("Raison sociale", "raison_sociale"),
        ("project_name", "name"),
        ("Titre du projet", "titre"),
        ("intitulé", "intitule"),
        ("Porteur", "porteur"),
        ("organisme_porteur", "organisme"),
        ("contact", "contact"),
    ],
)
def test_column_names_suggesting_personal_data(column, reason):
    assert personal_column_reason(column) == reason
    frame = pd.DataFrame({"project_id": ["P1"], column: ["x"]})
    (problem,) = scan_personal_data({"projects": table(frame)})
    assert (problem.file, problem.line, problem.column) == ("projects.csv", 1, column)
    assert f"(« {reason} »)" in problem.message


@pytest.mark.parametrize(
    "column",
    [
        "project_id",
        "nombre_de_salaries",
        "denomination",
        "sector",
        "college",
        "label_fr",
        "telecom",
    ],
)
def test_ordinary_column_names_are_not_reported(column):
    assert personal_column_reason(column) is None


def test_spreadsheet_line_numbers_come_from_the_raw_table():
    frame = pd.DataFrame({"a": ["x", "y", "z@example.com"]}, dtype=object)
    (problem,) = scan_personal_data({"t": table(frame, "data.xlsx[projects]", lines=[2, 5, 9])})
    assert str(problem).startswith("data.xlsx[projects]:9: colonne 'a': adresse e-mail probable")


def test_problems_are_in_table_then_line_order_header_first():
    projects = pd.DataFrame({"id": ["a@b.fr", "x"], "nom": ["Dupont", "06 12 34 56 78"]})
    scores = pd.DataFrame({"note": ["", "c@d.fr"]})
    problems = scan_personal_data(
        {"projects": table(projects), "scores": table(scores, "scores.csv")}
    )
    assert [(p.file, p.line, p.column) for p in problems] == [
        ("projects.csv", 1, "nom"),
        ("projects.csv", 2, "id"),
        ("projects.csv", 3, "nom"),
        ("scores.csv", 3, "note"),
    ]
    assert all(isinstance(p, Problem) for p in problems)


def test_limit_counts_the_rest_in_one_line():
    values = [f"user{i}@example.org" for i in range(30)]
    problems = scan_values(values, limit=5)
    assert len(problems) == 6
    assert [p.line for p in problems[:5]] == [2, 3, 4, 5, 6]
    last = problems[-1]
    assert last.line is None
    assert str(last) == (
        "projects.csv: colonne 'commentaire': et 25 autre(s) cellule(s) de cette colonne "
        "contiennent une adresse e-mail probable"
    )
    assert len(scan_values(values, limit=None)) == 30
    assert len(scan_values(values)) == 21  # default limit 20


def test_repeated_values_are_all_reported():
    problems = scan_values(["a@b.fr", "x", "a@b.fr"], limit=None)
    assert [p.line for p in problems] == [2, 4]


def test_messages_in_english():
    set_language("en")
    (problem,) = scan_values(["06 12 34 56 78"])
    assert problem.message == (
        "likely phone number '06******78': remove it from the file or run "
        "'amiris-lab anonymise' on the dataset"
    )
    (problem,) = scan_personal_data({"t": table(pd.DataFrame({"Prénom": ["x"]}))})
    assert problem.message == (
        "the column name suggests personal data ('prenom'): drop the column or run "
        "'amiris-lab anonymise' on the dataset"
    )


@pytest.mark.parametrize("limit", [0, -1, 2.5, "10"])
def test_bad_limit_is_refused(limit):
    with pytest.raises(
        ParameterError,
        match=r"The 'limit' parameter of scan_personal_data must be a positive integer or None\. Got",
    ):
        scan_values(["x"], limit=limit)


def test_missing_cells_and_non_text_values_are_fine():
    frame = pd.DataFrame({"a": [None, np.nan, 12, "b@c.fr"]}, dtype=object)
    (problem,) = scan_personal_data({"t": table(frame)})
    assert problem.line == 5


def test_masks():
    assert mask_value("jeanne.martin@example.fr", "email") == "j***@***.fr"
    assert mask_value("+33 6 12 34 56 78", "phone") == "33*******78"
    assert mask_value(SIRET, "siret") == SIRET[:2] + "*" * 10 + SIRET[-2:]


def test_redaction_replaces_every_finding_and_keeps_the_rest():
    text = f"Porteur : a.b@c.fr, tel 06 12 34 56 78, SIRET {SIRET}, année 2019"
    new, n = redact_personal_data(text)
    assert (new, n) == ("Porteur : [email], tel [telephone], SIRET [siret], année 2019", 3)
    assert redact_personal_data("année 2019, département 02") == ("année 2019, département 02", 0)


@given(st.text(max_size=60))
def test_random_text_never_crashes_and_never_echoes_a_finding(text):
    problems = scan_values([text])
    for problem in problems:
        assert problem.column == "commentaire"
    redacted, n = redact_personal_data(text)
    assert n >= len(problems)
    assert scan_values([redacted]) == []


def test_a_million_score_rows_scan_in_well_under_a_second():
    rng = np.random.default_rng(0)
    n = 1_000_000
    ids = np.array([f"P{y}-{i:03d}" for y in range(2016, 2020) for i in range(1, 251)])
    frame = pd.DataFrame(
        {
            "project_id": ids[rng.integers(0, len(ids), n)],
            "rater_id": np.array([f"R{i:02d}" for i in range(1, 16)])[rng.integers(0, 15, n)],
            "round": "individuel",
            "marker": np.array([f"M{i:02d}" for i in range(1, 13)])[rng.integers(0, 12, n)],
            "score": rng.integers(0, 4, n).astype(str),
        }
    ).astype(object)
    frame.loc[123_456, "marker"] = "x@y.fr"
    # (its speed is measured by benchmarks/bench_privacy.py, not here)
    problems = scan_personal_data({"scores": table(frame, "scores.csv", lines=None)})
    assert [(p.line, p.column) for p in problems] == [(123_458, "marker")]


def test_the_shipped_demo_data_holds_no_personal_data():
    from pathlib import Path

    from amiris_lab.data.readers import read_raw_tables

    demo = Path(__file__).resolve().parents[1] / "data" / "demo"
    assert scan_personal_data(read_raw_tables(demo)) == []


def test_validation_reports_personal_data_with_the_line_a_spreadsheet_shows(tmp_path):
    """Through part A's reader (cp1252, ';', a blank line) and validator."""
    from amiris_lab.data.demo import make_demo_dataset
    from amiris_lab.data.io import write_dataset
    from amiris_lab.data.validation import validate_dataset

    folder = tmp_path / "d"
    write_dataset(make_demo_dataset(years=[2019]), folder)
    projects = pd.read_csv(folder / "projects.csv", dtype=str, keep_default_na=False)
    projects["Commentaire"] = ""
    projects.loc[2, "Commentaire"] = "joindre Mme Lefèvre au 03 22 11 22 33"
    text = projects.to_csv(index=False, sep=";", lineterminator="\r\n")
    (folder / "projects.csv").write_bytes(text.encode("cp1252"))
    problems = validate_dataset(folder)
    assert [str(p) for p in problems] == [
        "projects.csv:4: colonne 'Commentaire': numéro de téléphone probable '03******33' : "
        "retirez cette donnée du fichier ou passez le jeu par « amiris-lab anonymise »"
    ]


_EMAILS = st.from_regex(r"[a-z]{3,8}\.[a-z]{3,8}@[a-z]{3,8}\.(fr|org|com)", fullmatch=True)
_PHONES = st.builds(
    lambda first, pairs, sep: "0" + str(first) + "".join(sep + f"{p:02d}" for p in pairs),
    st.integers(1, 9),
    st.lists(st.integers(0, 99), min_size=4, max_size=4),
    st.sampled_from(["", " ", ".", "-"]),
)
_WORDS = st.text(alphabet="abcdefghij éè,;:", max_size=20)


@given(_WORDS, st.one_of(_EMAILS, _PHONES), _WORDS)
def test_personal_data_inside_any_text_is_found_once_and_never_echoed(before, value, after):
    text = f"{before} {value} {after}"
    problems = scan_values([text])
    assert len(problems) == 1
    assert value not in str(problems[0])
    redacted, n = redact_personal_data(text)
    assert n == 1 and value not in redacted


def test_personal_data_findings_are_their_own_kind_of_problem(tmp_path):
    """Issue 9: one scan, in the validator; load_dataset tells privacy from schema by kind."""
    from amiris_lab.data.demo import make_demo_dataset
    from amiris_lab.data.io import load_dataset, write_dataset
    from amiris_lab.data.validation import validate_dataset
    from amiris_lab.exceptions import PersonalDataProblem, PrivacyError, SchemaError

    folder = tmp_path / "d"
    write_dataset(make_demo_dataset(years=[2019]), folder)
    projects = pd.read_csv(folder / "projects.csv", dtype=str, keep_default_na=False)
    projects.loc[0, "decision"] = "peut-être"  # a schema error, line 2
    (folder / "projects.csv").write_text(projects.to_csv(index=False), encoding="utf-8")
    with pytest.raises(SchemaError) as schema_only:
        load_dataset(folder)
    assert not isinstance(schema_only.value, PrivacyError)
    assert not any(isinstance(p, PersonalDataProblem) for p in schema_only.value.problems)

    projects["Courriel"] = ""
    projects.loc[1, "Courriel"] = "jean.dupont@example.org"
    (folder / "projects.csv").write_text(projects.to_csv(index=False), encoding="utf-8")
    problems = validate_dataset(folder)
    kinds = [(p.line, p.column, isinstance(p, PersonalDataProblem)) for p in problems]
    assert kinds == [(2, "decision", False), (1, "Courriel", True), (3, "Courriel", True)]
    with pytest.raises(PrivacyError) as both:
        load_dataset(folder)
    assert both.value.problems == problems
