"""anonymise and the ``anonymise`` command: pseudonyms, dropped columns, redaction, the key.

Reference for the pseudonyms: HMAC-SHA256 from Python's standard library
(``hmac``), applied to ``"<kind>:<id>"`` as documented in amiris_lab.data.privacy.pseudonyms.pseudonym.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import stat
from pathlib import Path

import pandas as pd
import pytest

from amiris_lab.cli.main import main
from amiris_lab.data.privacy import anonymise, pseudonym
from amiris_lab.exceptions import AmirisError, ParameterError
from amiris_lab.i18n import set_language

KEY = b"k3y-for-tests-0123456789abcdef-ZZ"
OTHER_KEY = b"another-key-for-tests-9876543210"
MARKERS = [f"M{i:02d}" for i in range(1, 13)]


@pytest.fixture(autouse=True)
def french():
    set_language("fr")
    yield
    set_language(None)


def write_raw(folder: Path, year: int, projects: list[str]) -> Path:
    """A raw export as a secretary could send it: names, e-mails, SIRET, comments."""
    folder.mkdir(parents=True)
    rows = []
    for i, pid in enumerate(projects):
        rows.append(
            {
                "project_id": pid,
                "year": year,
                "department": "59" if i % 2 else "62",
                "legal_form": "association",
                "stage": "emergence",
                "sector": "alimentation",
                "decision": "labellise",
                "Nom du porteur": f"Porteur {i}",
                "email": f"porteur{i}@asso-{i}.fr",
                "commentaire": f"Rappeler au 06 12 34 56 {i:02d} ou écrire à p{i}@example.org"
                if i == 0
                else "dossier complet",
            }
        )
    pd.DataFrame(rows).to_csv(folder / "projects.csv", index=False)
    raters = pd.DataFrame(
        {
            "rater_id": ["Jeanne MARTIN", "Ali BEN SAID", "Claire PETIT", "Marc DURAND"],
            "college": ["expert", "financeur_public", "financeur_prive", "accompagnement"],
            "Téléphone": ["06 11 22 33 44", "", "03 20 00 00 00", ""],
        }
    )
    raters.to_csv(folder / "raters.csv", index=False)
    scores = []
    for pid in projects:
        for rid in raters["rater_id"]:
            scores += [
                (pid, rid, "individuel", m, (len(pid) + len(rid) + j) % 4)
                for j, m in enumerate(MARKERS)
            ]
        scores += [(pid, "COMITE", "consensus", m, 2) for m in MARKERS]
    pd.DataFrame(scores, columns=["project_id", "rater_id", "round", "marker", "score"]).to_csv(
        folder / "scores.csv", index=False
    )
    return folder


@pytest.fixture
def raw(tmp_path) -> Path:
    return write_raw(tmp_path / "brut_2019", 2019, ["AMI-2019-001", "AMI-2019-002", "AMI-2019-003"])


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def test_pseudonym_is_hmac_sha256_of_kind_and_id():
    expected = "P-" + hmac.new(KEY, b"project:AMI-2019-001", hashlib.sha256).hexdigest()[:10]
    assert pseudonym("AMI-2019-001", key=KEY, kind="project") == expected
    assert pseudonym("  AMI-2019-001 ", key=KEY, kind="project") == expected
    rater = "R-" + hmac.new(KEY, b"rater:Jeanne MARTIN", hashlib.sha256).hexdigest()[:10]
    assert pseudonym("Jeanne MARTIN", key=KEY, kind="rater") == rater
    assert pseudonym("AMI-2019-001", key=OTHER_KEY, kind="project") != expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"key": b"short", "kind": "project"},
            r"Le paramètre 'key' de pseudonym doit contenir au moins 16 octets .*reçu 5 octets\.",
        ),
        (
            {"key": "text-key-0123456789", "kind": "project"},
            r"The 'key' parameter of pseudonym must be bytes\. Got str instead\.",
        ),
        (
            {"key": KEY, "kind": "college"},
            r"The 'kind' parameter of pseudonym must be one of \{'project', 'rater'\}\. Got 'college' instead\.",
        ),
    ],
)
def test_pseudonym_errors(options, message):
    with pytest.raises(ParameterError, match=message):
        pseudonym("X", **options)


def test_anonymised_tables(raw, tmp_path):
    out = tmp_path / "anonyme"
    report = anonymise(raw, out, key=KEY)
    projects, raters, scores = read(out, "projects"), read(out, "raters"), read(out, "scores")
    # direct identifiers dropped, format columns kept
    assert "Nom du porteur" not in projects.columns and "email" not in projects.columns
    assert "Téléphone" not in raters.columns
    assert list(projects.columns[:7]) == [
        "project_id",
        "year",
        "department",
        "legal_form",
        "stage",
        "sector",
        "decision",
    ]
    assert {(d["file"], d["column"]) for d in report.dropped_columns} == {
        ("projects.csv", "Nom du porteur"),
        ("projects.csv", "email"),
        ("raters.csv", "Téléphone"),
    }
    # free text redacted
    assert projects.loc[0, "commentaire"] == "Rappeler au [telephone] ou écrire à [email]"
    assert projects.loc[1, "commentaire"] == "dossier complet"
    assert report.redacted_cells == {"projects.csv": {"commentaire": 1}}
    # ids replaced consistently; COMITE kept
    assert list(projects["project_id"]) == [
        pseudonym(p, key=KEY, kind="project")
        for p in ["AMI-2019-001", "AMI-2019-002", "AMI-2019-003"]
    ]
    assert set(scores["project_id"]) == set(projects["project_id"])
    assert set(scores["rater_id"]) == set(raters["rater_id"]) | {"COMITE"}
    assert (report.projects_mapped, report.raters_mapped) == (3, 4)
    # scores themselves untouched
    original = read(raw, "scores")
    assert list(scores["score"]) == list(original["score"])
    assert report.remaining_problems == []
    assert sorted(p.name for p in out.iterdir()) == [
        "anonymisation_report.json",
        "projects.csv",
        "raters.csv",
        "scores.csv",
    ]


def test_nothing_identifying_nor_the_key_is_written(raw, tmp_path):
    out = tmp_path / "anonyme"
    anonymise(raw, out, key=KEY)
    content = b"".join(p.read_bytes() for p in out.iterdir())
    for secret in [
        KEY,
        KEY.hex().encode(),
        b"AMI-2019-001",
        b"Jeanne MARTIN",
        b"porteur0@",
        b"06 12 34 56",
    ]:
        assert secret not in content
    report = json.loads((out / "anonymisation_report.json").read_text(encoding="utf-8"))
    assert report["source"] == "brut_2019" and report["output"] == "anonyme"
    assert report["key_id"] == hmac.new(KEY, b"amiris-lab key id", hashlib.sha256).hexdigest()[:12]
    assert str(tmp_path) not in json.dumps(report)


def test_same_key_same_bytes_other_key_other_pseudonyms(raw, tmp_path):
    anonymise(raw, tmp_path / "a", key=KEY)
    anonymise(raw, tmp_path / "b", key=KEY)
    anonymise(raw, tmp_path / "c", key=OTHER_KEY)
    for name in ("projects.csv", "raters.csv", "scores.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    reports = [
        json.loads((tmp_path / d / "anonymisation_report.json").read_text(encoding="utf-8"))
        for d in ("a", "b", "c")
    ]
    assert reports[0]["output"] == "a" and reports[1]["output"] == "b"
    assert {**reports[0], "output": "b"} == reports[1]
    assert reports[2]["key_id"] != reports[0]["key_id"]
    assert set(read(tmp_path / "a", "raters")["rater_id"]).isdisjoint(
        read(tmp_path / "c", "raters")["rater_id"]
    )


def test_pseudonyms_are_stable_across_years(raw, tmp_path):
    raw_2020 = write_raw(tmp_path / "brut_2020", 2020, ["AMI-2019-002", "AMI-2020-001"])
    anonymise(raw, tmp_path / "a2019", key=KEY)
    anonymise(raw_2020, tmp_path / "a2020", key=KEY)
    r19, r20 = read(tmp_path / "a2019", "raters"), read(tmp_path / "a2020", "raters")
    assert list(r19["rater_id"]) == list(r20["rater_id"])
    p19, p20 = read(tmp_path / "a2019", "projects"), read(tmp_path / "a2020", "projects")
    assert p19.loc[1, "project_id"] == p20.loc[0, "project_id"]  # resubmitted project
    assert p20.loc[1, "project_id"] not in set(p19["project_id"])


def test_the_output_loads_as_a_valid_dataset(raw, tmp_path):
    from amiris_lab.data.io import load_dataset

    anonymise(raw, tmp_path / "anonyme", key=KEY)
    ds = load_dataset(tmp_path / "anonyme")
    assert len(ds.projects) == 3 and len(ds.raters) == 4


def test_extra_columns_can_be_dropped_on_request(raw, tmp_path):
    report = anonymise(raw, tmp_path / "o", key=KEY, drop_columns=["Commentaire"])
    assert "commentaire" not in read(tmp_path / "o", "projects").columns
    assert {
        "file": "projects.csv",
        "column": "commentaire",
        "reason": "demandé",
    } in report.dropped_columns


def test_summary_text(raw, tmp_path):
    report = anonymise(raw, tmp_path / "o", key=KEY)
    lines = report.summary().splitlines()
    assert lines[0] == f"Jeu anonymisé : brut_2019 -> o (clé {report.key_id})"
    assert lines[1] == "  identifiants remplacés : 3 projet(s), 4 évaluateur(s)"
    assert "  colonnes supprimées : 3" in lines and "  cellules caviardées : 1" in lines
    assert report.summary(lang="en").splitlines()[1] == "  ids replaced: 3 project(s), 4 rater(s)"


def test_errors(raw, tmp_path):
    with pytest.raises(
        ParameterError, match=r"Le paramètre 'key' de anonymise doit contenir au moins 16 octets"
    ):
        anonymise(raw, tmp_path / "o", key=b"abc")
    with pytest.raises(ParameterError, match=r"Le jeu brut 'absent' est introuvable\."):
        anonymise(tmp_path / "absent", tmp_path / "o", key=KEY)
    with pytest.raises(ParameterError, match=r"Le dossier de sortie doit différer du jeu brut"):
        anonymise(raw, raw, key=KEY)
    (tmp_path / "plein").mkdir()
    (tmp_path / "plein" / "x.txt").write_text("x")
    with pytest.raises(
        ParameterError,
        match=r"Le dossier de sortie 'plein' n'est pas vide : choisissez un dossier neuf \(ou --overwrite\)\.",
    ):
        anonymise(raw, tmp_path / "plein", key=KEY)
    anonymise(raw, tmp_path / "plein", key=KEY, overwrite=True)
    (tmp_path / "fichier").write_text("x")
    with pytest.raises(
        ParameterError, match=r"La sortie 'fichier' existe et n'est pas un dossier\."
    ):
        anonymise(raw, tmp_path / "fichier", key=KEY)


# ----------------------------------------------------------------------------- command line


def test_command_creates_a_private_key_outside_out_and_reuses_it(raw, tmp_path, capsys):
    key_file = tmp_path / "cle.txt"
    assert (
        main(["anonymise", str(raw), str(tmp_path / "a"), "--key-file", str(key_file), "--new-key"])
        == 0
    )
    captured = capsys.readouterr()
    assert "identifiants remplacés : 3 projet(s), 4 évaluateur(s)" in captured.out
    assert "Nouvelle clé écrite dans" in captured.err
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_bytes().strip()
    assert len(key) == 64
    assert main(["anonymise", str(raw), str(tmp_path / "b"), "--key-file", str(key_file)]) == 0
    for name in ("projects.csv", "scores.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    for path in (tmp_path / "a").iterdir():
        assert key not in path.read_bytes()


def test_command_errors(raw, tmp_path, capsys):
    key_file = tmp_path / "cle.txt"
    key_file.write_text("0123456789abcdef0123\n")
    assert (
        main(["anonymise", str(raw), str(tmp_path / "a"), "--key-file", str(key_file), "--new-key"])
        == 2
    )
    assert "existe déjà : --new-key ne remplace jamais une clé" in capsys.readouterr().err
    assert (
        main(["anonymise", str(raw), str(tmp_path / "a"), "--key-file", str(tmp_path / "nokey")])
        == 2
    )
    assert "introuvable : créez-en un avec --new-key" in capsys.readouterr().err
    key_file.write_text("court\n")
    assert main(["anonymise", str(raw), str(tmp_path / "a"), "--key-file", str(key_file)]) == 2
    assert "est trop courte (5 octets, il en faut au moins 16)" in capsys.readouterr().err
    out = tmp_path / "out"
    inside = out / "cle.txt"
    assert main(["anonymise", str(raw), str(out), "--key-file", str(inside), "--new-key"]) == 2
    assert "est dans le dossier de sortie" in capsys.readouterr().err
    assert not inside.exists()


def test_a_raw_workbook_and_files_outside_the_format(raw, tmp_path):
    workbook = tmp_path / "brut.xlsx"
    with pd.ExcelWriter(workbook, engine="openpyxl") as writer:
        for name in ("projects", "raters", "scores"):
            read(raw, name).to_excel(writer, sheet_name=name, index=False)
        pd.DataFrame({"x": ["notes du secrétariat"]}).to_excel(
            writer, sheet_name="notes", index=False
        )
    report = anonymise(workbook, tmp_path / "o", key=KEY)
    folder_report = anonymise(raw, tmp_path / "o2", key=KEY)
    for name in ("projects.csv", "raters.csv", "scores.csv"):
        assert (tmp_path / "o" / name).read_bytes() == (tmp_path / "o2" / name).read_bytes()
    assert report.ignored_files and "notes" in report.ignored_files[0]
    assert "non copiés (hors format)" in report.summary()
    assert folder_report.ignored_files == []


def test_two_ids_never_share_a_pseudonym_silently(raw, tmp_path, monkeypatch):
    import amiris_lab.data.privacy.pseudonyms as pseudonyms

    monkeypatch.setattr(pseudonyms, "pseudonym", lambda identifier, *, key, kind: "P-0000000000")
    with pytest.raises(
        AmirisError,
        match=r"Deux identifiants différents ont reçu le même pseudonyme P-0000000000 : "
        r"anonymisez avec une autre clé\.",
    ):
        anonymise(raw, tmp_path / "o", key=KEY)


# ----------------------------------------------------------------------------- --overwrite

SCALE_0_4 = "level,label_fr,label_en\n0,a,a\n1,b,b\n2,c,c\n3,d,d\n4,e,e\n"


def test_overwrite_leaves_exactly_the_new_dataset(raw, tmp_path, capsys):
    """Issue 9: an old scale.csv (levels 0-4) must not silently apply to the new data."""
    from amiris_lab.data.io import load_dataset

    with_scale = write_raw(tmp_path / "brut_2018", 2018, ["AMI-2018-001", "AMI-2018-002"])
    (with_scale / "scale.csv").write_text(SCALE_0_4, encoding="utf-8")
    out = tmp_path / "partage"
    first = anonymise(with_scale, out, key=KEY)
    assert "scale.csv" in first.tables and (out / "scale.csv").exists()

    key_file = tmp_path / "cle.txt"
    key_file.write_bytes(KEY + b"\n")  # the same key as the first run
    code = main(["anonymise", str(raw), str(out), "--key-file", str(key_file), "--overwrite"])
    assert code == 0
    printed = capsys.readouterr().out
    assert (
        "retirés du dossier de sortie (écrits par une anonymisation précédente) : scale.csv"
        in printed
    )
    assert "ATTENTION" not in printed
    report = json.loads((out / "anonymisation_report.json").read_text(encoding="utf-8"))
    assert report["stale_files"] == ["scale.csv"] and report["removed_files"] == []
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*report["tables"], "anonymisation_report.json"]
    )
    assert load_dataset(out).levels == [0, 1, 2, 3]  # the default scale, not the old one


def test_overwrite_says_which_files_it_did_not_write(raw, tmp_path):
    out = tmp_path / "partage"
    out.mkdir()
    (out / "scale.csv").write_text(SCALE_0_4, encoding="utf-8")  # copied there by hand
    (out / "notes.txt").write_text("à garder ?", encoding="utf-8")
    report = anonymise(raw, out, key=KEY, overwrite=True)
    assert report.removed_files == ["notes.txt", "scale.csv"]
    assert report.stale_files == []
    assert not (out / "scale.csv").exists() and not (out / "notes.txt").exists()
    assert (
        "ATTENTION, fichiers supprimés du dossier de sortie (--overwrite), qu'aucune "
        "anonymisation n'avait écrits : notes.txt, scale.csv"
    ) in report.summary()
    assert "WARNING, files deleted from the output folder (--overwrite)" in report.summary(
        lang="en"
    )


def test_overwrite_never_deletes_a_folder_and_fails_before_touching_anything(raw, tmp_path):
    out = tmp_path / "partage"
    (out / "archives").mkdir(parents=True)
    (out / "scale.csv").write_text(SCALE_0_4, encoding="utf-8")
    with pytest.raises(
        ParameterError,
        match=r"Le dossier de sortie 'partage' contient le dossier 'archives' : anonymise ne "
        r"supprime pas de dossiers ; choisissez un dossier neuf\.",
    ):
        anonymise(raw, out, key=KEY, overwrite=True)
    assert (out / "scale.csv").read_text(encoding="utf-8") == SCALE_0_4
    (out / "archives").rmdir()
    (tmp_path / "illisible").mkdir()
    (tmp_path / "illisible" / "projects.csv").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(AmirisError):
        anonymise(tmp_path / "illisible", out, key=KEY, overwrite=True)
    assert (out / "scale.csv").read_text(encoding="utf-8") == SCALE_0_4


def test_readme_lists_every_column_word_treated_as_personal():
    from amiris_lab.data.privacy.detection import PERSONAL_NAME_PARTS, PERSONAL_NAMES
    from amiris_lab.definitions import normalise_token

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = text[text.index("**Colonnes nominatives.**") : text.index("**Ce qui n'est pas")]
    words = {normalise_token(w) for w in section.split("`")[1::2]}
    plurals = {p for p in PERSONAL_NAME_PARTS if p.endswith("s") and p[:-1] in PERSONAL_NAME_PARTS}
    assert PERSONAL_NAME_PARTS - plurals <= words
    assert PERSONAL_NAMES <= words
