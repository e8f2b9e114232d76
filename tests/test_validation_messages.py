"""Every validation message, at the line a spreadsheet user sees (header = line 1)."""

from __future__ import annotations

import re

import pytest
from io_fixtures import MARKERS, PROJECTS, RATERS, SCALE, SCORES, replace_line, write_folder

from amiris_lab.data.io import load_dataset
from amiris_lab.data.validation import Notice, validate_dataset
from amiris_lab.exceptions import SchemaError
from amiris_lab.i18n import set_language


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def check(tmp_path, files, expected: str, *, notices: bool = False):
    """The dataset fails with exactly the message ``expected`` among its problems,
    and load_dataset raises SchemaError carrying the same list."""
    folder = write_folder(tmp_path / "ds", files)
    found = [str(p) for p in validate_dataset(folder, notices=notices)]
    assert expected in found, "\n".join(found)
    if not notices:
        with pytest.raises(SchemaError, match=re.escape(expected)) as info:
            load_dataset(folder)
        assert [str(p) for p in info.value.problems] == found
    return found


def test_the_issue_example(tmp_path):
    scores = replace_line(SCORES, 5, "P1,R2,individuel,M02,5")
    found = check(
        tmp_path,
        {"scores.csv": scores},
        "scores.csv:5: column 'score': '5' is not a level of the scale (0-3)",
    )
    assert len(found) == 1


def test_french_is_the_default(tmp_path):
    set_language(None)
    scores = replace_line(SCORES, 5, "P1,R2,individuel,M02,5")
    folder = write_folder(tmp_path / "ds", {"scores.csv": scores})
    with pytest.raises(
        SchemaError,
        match=re.escape(
            "scores.csv:5: colonne 'score': '5' n'est pas un niveau de l'échelle (0-3)"
        ),
    ):
        load_dataset(folder)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2.5", "'2.5' is not an integer level of the scale (0-3); leave the cell empty"),
        ("deux", "'deux' is not an integer level of the scale (0-3)"),
        ("-1", "'-1' is not a level of the scale (0-3)"),
    ],
)
def test_non_integer_and_out_of_scale_scores(tmp_path, value, message):
    scores = replace_line(SCORES, 3, f"P1,R2,individuel,M01,{value}")
    folder = write_folder(tmp_path / "ds", {"scores.csv": scores})
    found = [str(p) for p in validate_dataset(folder)]
    assert len(found) == 1 and found[0].startswith(f"scores.csv:3: column 'score': {message}")


def test_integral_decimals_from_spreadsheets_are_accepted(tmp_path):
    scores = replace_line(SCORES, 3, 'P1,R2,individuel,M01,"3,0"')
    folder = write_folder(tmp_path / "ds", {"scores.csv": scores})
    assert validate_dataset(folder) == []


def test_a_custom_scale_sets_the_levels(tmp_path):
    scale = SCALE + "4,exemplaire,exemplary\n"
    scores = replace_line(SCORES, 3, "P1,R2,individuel,M01,4")
    folder = write_folder(tmp_path / "ds", {"scores.csv": scores, "scale.csv": scale})
    assert validate_dataset(folder) == []
    scores = replace_line(SCORES, 3, "P1,R2,individuel,M01,7")
    check(
        tmp_path,
        {"scores.csv": scores, "scale.csv": scale},
        "scores.csv:3: column 'score': '7' is not a level of the scale (0-4)",
    )


def test_missing_files(tmp_path):
    found = check(
        tmp_path,
        {"raters.csv": None},
        "raters.csv: missing file: a dataset has at least projects, raters and scores.",
    )
    assert len(found) == 1  # scores are not all reported as "unknown rater"


def test_missing_sheet(tmp_path):
    import pandas as pd

    book = tmp_path / "data.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        pd.DataFrame({"rater_id": ["R1"], "college": ["expert"]}).to_excel(
            writer, sheet_name="raters", index=False
        )
    found = [str(p) for p in validate_dataset(book)]
    assert found[0] == (
        "data.xlsx[projects]: missing sheet: the workbook must have the sheets projects, "
        "raters and scores."
    )
    assert found[1].startswith("data.xlsx[scores]: missing sheet")


def test_missing_column_with_a_hint(tmp_path):
    projects = PROJECTS.replace("decision", "decisoin", 1)
    found = check(
        tmp_path,
        {"projects.csv": projects},
        "projects.csv:1: column 'decision': required column is missing "
        "(is the column 'decisoin' meant to be 'decision'?).",
    )
    assert (
        "projects.csv:1: column 'decisoin': extra column kept (not part of the format)."
        not in found
    )


def test_missing_score_columns(tmp_path):
    scores = SCORES.replace("marker,score", "marqueur,note", 1)
    found = check(
        tmp_path,
        {"scores.csv": scores},
        "scores.csv:1: column 'score': required column is missing.",
    )
    assert found[0] == (
        "scores.csv:1: column 'marker': required column is missing "
        "(is the column 'marqueur' meant to be 'marker'?)."
    )


def test_duplicate_column(tmp_path):
    raters = RATERS.replace("rater_id,college", "rater_id,college,college", 1)
    raters = raters.replace("expert\n", "expert,expert\n")
    check(
        tmp_path,
        {"raters.csv": raters},
        "raters.csv:1: column 'college': duplicate column: keep only one column with this name.",
    )


def test_empty_table(tmp_path):
    check(
        tmp_path,
        {"raters.csv": "rater_id,college\n\n"},
        "raters.csv: empty table: no data rows under the header.",
    )


def test_extra_columns_and_ignored_files_are_notices(tmp_path):
    folder = write_folder(tmp_path / "ds", {"notes.csv": "a\n1\n"})
    assert validate_dataset(folder) == []
    notices = validate_dataset(folder, notices=True)
    assert all(isinstance(n, Notice) for n in notices)
    assert [str(n) for n in notices] == [
        "notes.csv: ignored: not a table of the format.",
        "projects.csv:1: column 'commentaire': extra column kept (not part of the format).",
    ] or [str(n) for n in notices] == [
        "projects.csv:1: column 'commentaire': extra column kept (not part of the format).",
        "notes.csv: ignored: not a table of the format.",
    ]


@pytest.mark.parametrize(
    ("file", "text", "line", "expected"),
    [
        (
            "projects.csv",
            PROJECTS,
            4,
            (
                "P1,2020,80,sas,experimentation,sante,ajourne,",
                "column 'project_id': duplicate id 'P1' (already on line 2).",
            ),
        ),
        (
            "raters.csv",
            RATERS,
            4,
            ("R1,accompagnement", "column 'rater_id': duplicate id 'R1' (already on line 2)."),
        ),
    ],
)
def test_duplicate_ids(tmp_path, file, text, line, expected):
    new, message = expected
    found = check(tmp_path, {file: replace_line(text, line, new)}, f"{file}:{line}: {message}")
    assert found


def test_missing_id(tmp_path):
    check(
        tmp_path,
        {
            "projects.csv": replace_line(
                PROJECTS, 3, ",2019,59,scop,essaimage,habitat,non_labellise,"
            )
        },
        "projects.csv:3: column 'project_id': missing value.",
    )


@pytest.mark.parametrize("year", ["19", "2019.5", "an 2019", "3019"])
def test_bad_years(tmp_path, year):
    projects = replace_line(PROJECTS, 3, f"P2,{year},59,scop,essaimage,habitat,non_labellise,")
    check(
        tmp_path,
        {"projects.csv": projects},
        f"projects.csv:3: column 'year': '{year}' is not a four-digit year (1900-2099).",
    )


def test_missing_year(tmp_path):
    projects = replace_line(PROJECTS, 3, "P2,,59,scop,essaimage,habitat,non_labellise,")
    check(tmp_path, {"projects.csv": projects}, "projects.csv:3: column 'year': missing year.")


@pytest.mark.parametrize(
    ("column", "line", "bad", "expected"),
    [
        (
            "department",
            "P2,2019,75,scop,essaimage,habitat,non_labellise,",
            "75",
            "'75' is not a valid department (valid values: 02, 59, 60, 62, 80).",
        ),
        (
            "department",
            "P2,2019,Nord,scop,essaimage,habitat,non_labellise,",
            "Nord",
            "'Nord' is not a valid department; did you mean '59'? (valid values: 02, 59, 60, 62, 80).",
        ),
        (
            "legal_form",
            "P2,2019,59,asociation,essaimage,habitat,non_labellise,",
            "asociation",
            "'asociation' is not a valid legal form; did you mean 'association'? "
            "(valid values: association, scop, scic, sas, sarl, sa, autre).",
        ),
        (
            "stage",
            "P2,2019,59,scop,experimantation,habitat,non_labellise,",
            "experimantation",
            "'experimantation' is not a valid stage; did you mean 'experimentation'? "
            "(valid values: emergence, experimentation, essaimage).",
        ),
        (
            "decision",
            "P2,2019,59,scop,essaimage,habitat,labelisé,",
            "labelisé",
            "'labelisé' is not a valid decision; did you mean 'labellise'? "
            "(valid values: labellise, non_labellise, ajourne).",
        ),
        (
            "decision",
            "P2,2019,59,scop,essaimage,habitat,,",
            "",
            "missing value (valid values: labellise, non_labellise, ajourne).",
        ),
    ],
)
def test_bad_categories_suggest_the_closest_value(tmp_path, column, line, bad, expected):
    check(
        tmp_path,
        {"projects.csv": replace_line(PROJECTS, 3, line)},
        f"projects.csv:3: column '{column}': {expected}",
    )


def test_bad_college(tmp_path):
    check(
        tmp_path,
        {"raters.csv": replace_line(RATERS, 3, "R2,financeur publique")},
        "raters.csv:3: column 'college': 'financeur publique' is not a valid college; did you "
        "mean 'financeur_public'? (valid values: financeur_public, financeur_prive, expert, "
        "accompagnement).",
    )


def test_comite_is_not_a_rater(tmp_path):
    check(
        tmp_path,
        {"raters.csv": RATERS + "COMITE,expert\n"},
        "raters.csv:5: column 'rater_id': 'COMITE' is reserved for the committee's consensus "
        "rows: do not list it among the raters.",
    )


def test_unknown_project_and_rater(tmp_path):
    scores = replace_line(SCORES, 3, "P9,R2,individuel,M01,3")
    scores = replace_line(scores, 4, "P1,R7,individuel,M02,")
    found = check(
        tmp_path,
        {"scores.csv": scores},
        "scores.csv:3: column 'project_id': unknown project 'P9': not in the projects table.",
    )
    assert (
        "scores.csv:4: column 'rater_id': unknown rater 'R7': not in the raters table "
        "(the consensus is written 'COMITE')."
    ) in found


def test_unknown_marker_long(tmp_path):
    check(
        tmp_path,
        {"scores.csv": replace_line(SCORES, 3, "P1,R2,individuel,M1,3")},
        "scores.csv:3: column 'marker': unknown marker 'M1'; did you mean 'M01'? "
        "(markers: M01, M02, M03).",
    )


def test_unknown_marker_column_wide(tmp_path):
    wide = "project_id,rater_id,round,M01,M02,M13\nP1,R1,individuel,2,,1\n"
    check(
        tmp_path,
        {"scores.csv": wide},
        "scores.csv:1: column 'M13': 'M13' is not a marker of the marker file (M01, M02, M03).",
    )


def test_wide_cells_are_located_by_marker_column(tmp_path):
    wide = "project_id,rater_id,round,M01,M02,M03\nP1,R1,individuel,2,,1\nP1,R2,individuel,2,9,\n"
    check(
        tmp_path,
        {"scores.csv": wide},
        "scores.csv:3: column 'M02': '9' is not a level of the scale (0-3)",
    )


def test_bad_round(tmp_path):
    check(
        tmp_path,
        {"scores.csv": replace_line(SCORES, 3, "P1,R2,second,M01,3")},
        "scores.csv:3: column 'round': 'second' is not a valid round "
        "(valid values: individuel, revise, consensus).",
    )


def test_duplicate_score(tmp_path):
    scores = SCORES + "P1,R1,individuel,M01,3\n"
    check(
        tmp_path,
        {"scores.csv": scores},
        "scores.csv:12: column 'marker': duplicate score for project 'P1', rater 'R1', round "
        "individuel and marker M01 (already on line 2).",
    )


def test_consensus_only_from_comite(tmp_path):
    scores = replace_line(SCORES, 3, "P1,R2,consensus,M03,3")
    check(
        tmp_path,
        {"scores.csv": scores},
        "scores.csv:3: column 'rater_id': a consensus score must come from the committee "
        "('COMITE'), not from 'R2'.",
    )


def test_comite_only_gives_consensus(tmp_path):
    scores = replace_line(SCORES, 6, "P1,COMITE,individuel,M01,2")
    check(
        tmp_path,
        {"scores.csv": scores},
        "scores.csv:6: column 'round': the committee ('COMITE') only gives consensus scores; "
        "got the round 'individuel'.",
    )


def test_consensus_once_per_project_and_marker(tmp_path):
    scores = SCORES + "P1,comite,consensus,M02,2\n"
    check(
        tmp_path,
        {"scores.csv": scores},
        "scores.csv:12: column 'marker': second consensus score for project 'P1' and marker M02 "
        "(already on line 7): the committee gives only one.",
    )


def test_marker_and_scale_files(tmp_path):
    markers = MARKERS + "M03,Autre,Other,Processus\n"
    check(
        tmp_path,
        {"markers.csv": markers},
        "markers.csv:5: column 'code': duplicate id 'M03' (already on line 4).",
    )
    check(
        tmp_path,
        {"scale.csv": SCALE.replace("3,structurant", "trois,structurant")},
        "scale.csv:5: column 'level': 'trois' is not an integer level.",
    )
    check(
        tmp_path,
        {"markers.csv": replace_line(MARKERS, 3, "M02,,Place,Contexte")},
        "markers.csv:3: column 'label_fr': missing value.",
    )


def test_every_problem_is_reported_in_file_and_line_order(tmp_path):
    projects = replace_line(PROJECTS, 3, "P2,19,75,scop,essaimage,habitat,non_labellise,")
    scores = replace_line(SCORES, 3, "P1,R2,individuel,M01,5")
    scores = replace_line(scores, 8, "P2,R1,individuel,M01,x")
    found = [
        str(p)
        for p in validate_dataset(
            write_folder(tmp_path / "ds", {"projects.csv": projects, "scores.csv": scores})
        )
    ]
    assert [f.split(": ")[0] for f in found] == [
        "projects.csv:3",
        "projects.csv:3",
        "scores.csv:3",
        "scores.csv:8",
    ]


def test_personal_data_is_reported(tmp_path):
    projects = PROJECTS.replace("à revoir", "écrire à jean.dupont@example.org")
    found = [
        str(p) for p in validate_dataset(write_folder(tmp_path / "ds", {"projects.csv": projects}))
    ]
    assert len(found) == 1
    assert found[0].startswith("projects.csv:4: column 'commentaire': likely e-mail address")
    assert "jean.dupont@example.org" not in found[0]
    from amiris_lab.exceptions import PrivacyError

    with pytest.raises(PrivacyError, match=r"projects.csv:4: column 'commentaire': likely e-mail"):
        load_dataset(tmp_path / "ds")


def test_workbook_problems_name_the_sheet_and_its_row(tmp_path):
    import pandas as pd
    from io_fixtures import BASE

    book = tmp_path / "comite.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        for name in ("projects", "raters", "scores"):
            frame = pd.read_csv(pd.io.common.StringIO(BASE[f"{name}.csv"]), dtype=str)
            if name == "scores":
                frame.loc[2, "score"] = "7"  # third data row: sheet row 6 (header on row 3)
            # two empty rows above the header, as some exports leave them
            frame.to_excel(writer, sheet_name=name, index=False, startrow=2)
    found = [str(p) for p in validate_dataset(book)]
    assert found == ["comite.xlsx[scores]:6: column 'score': '7' is not a level of the scale (0-3)"]


def test_spaces_and_case_do_not_make_new_ids(tmp_path):
    scores = SCORES + " P3 ,comite,Consensus,M03,3\n"
    ds = load_dataset(write_folder(tmp_path / "ds", {"scores.csv": scores}))
    last = ds.scores.iloc[-1]
    assert (last["project_id"], last["rater_id"], last["round"]) == ("P3", "COMITE", "consensus")
    again = SCORES + "P3 ,R2,individuel,M03,2\n"
    check(
        tmp_path,
        {"scores.csv": again},
        "scores.csv:12: column 'marker': duplicate score for project 'P3', rater 'R2', round "
        "individuel and marker M03 (already on line 11).",
    )


def test_french_category_message(tmp_path):
    set_language("fr")
    check(
        tmp_path,
        {"projects.csv": replace_line(PROJECTS, 3, "P2,2019,59,scop,essaimage,habitat,labelisé,")},
        "projects.csv:3: colonne 'decision': 'labelisé' n'est pas une décision valide ; vouliez-vous "
        "dire 'labellise' ? (valeurs admises : labellise, non_labellise, ajourne).",
    )
