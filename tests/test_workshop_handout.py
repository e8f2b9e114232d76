"""The participants' one-page PDF handout: one page, names the case, only after the reveal;
from the command line and from the dashboard."""

from __future__ import annotations

import base64

import pytest

from amiris_lab.exceptions import StoreError
from amiris_lab.workshop import WorkshopStore, load_case
from amiris_lab.workshop.handout import handout_pdf

pypdf = pytest.importorskip("pypdf")

MARKERS = [f"M{i:02d}" for i in range(1, 13)]


@pytest.fixture
def revealed(tmp_path):
    store = WorkshopStore(tmp_path / "ateliers.sqlite")
    cases = [load_case("epicerie_solidaire"), load_case("garage_solidaire")]
    code, token = store.create_workshop("lille", cases, join_code="ABC234")
    people = [store.join("lille", code, n, "expert") for n in ("Ana", "Ben", "Chloé")]
    store.set_round("lille", "individuel", "open", token=token)
    for who, level in zip(people, (1, 2, 3), strict=True):
        store.submit("lille", who, {m: level for m in MARKERS})
    yield store, code, token, people
    store.close()


def pdf_text(path) -> tuple[int, str]:
    reader = pypdf.PdfReader(path)
    return len(reader.pages), " ".join(p.extract_text() for p in reader.pages)


def test_the_handout_is_one_page_naming_the_case_once_revealed(revealed, tmp_path):
    store, _code, token, _people = revealed
    with pytest.raises(StoreError, match="dévoilez d'abord le tour 1"):
        handout_pdf(store, "lille", tmp_path / "trop-tot.pdf", token=token)
    assert not (tmp_path / "trop-tot.pdf").exists()
    store.set_round("lille", "individuel", "reveal", token=token)
    out = handout_pdf(store, "lille", tmp_path / "fiche.pdf", token=token)
    pages, text = pdf_text(out)
    assert pages == 1
    assert "L'Épicerie des Deux Rives" in text and "cas 1 sur 2" in text
    assert "Tour 1 (individuel)" in text and "3 fiches" in text
    assert "Le radar du groupe" in text and "référence" in text  # the case has a reference
    assert "Écart à la référence (formateur)" in text
    assert pypdf.PdfReader(out).metadata.title == "L'Épicerie des Deux Rives — lille"
    en = handout_pdf(store, "lille", tmp_path / "en.pdf", token=token, lang="en")
    assert "The group's radar" in pdf_text(en)[1]
    with pytest.raises(StoreError, match="Jeton formateur invalide"):
        handout_pdf(store, "lille", tmp_path / "x.pdf", token="wrong")


def test_the_handout_of_a_case_without_reference_says_so(tmp_path):
    from dataclasses import replace

    store = WorkshopStore(tmp_path / "a.sqlite")
    case = replace(load_case(), reference={}, reference_source="")
    code, token = store.create_workshop("w", case)
    store.set_round("w", "individuel", "open", token=token)
    for name in ("Ana", "Ben"):
        store.submit("w", store.join("w", code, name, "expert"), {m: 2 for m in MARKERS})
    store.set_round("w", "individuel", "reveal", token=token)
    pages, text = pdf_text(handout_pdf(store, "w", tmp_path / "f.pdf", token=token))
    assert pages == 1 and "Pas de référence pour ce cas." in text
    assert "cas 1 sur" not in text  # a one-case workshop does not number its case


def test_the_command_line_and_the_dashboard_write_the_handout(revealed, tmp_path, capsys):
    from amiris_lab.cli.main import main
    from amiris_lab.widgets.dashboard import DashboardApp

    store, _code, token, _people = revealed
    cmd = ["workshop", "handout", "--name", "lille", "--store", str(store.path)]
    assert main([*cmd, "--out", str(tmp_path / "cli.pdf")]) == 1
    assert "dévoilez d'abord le tour 1" in capsys.readouterr().err
    store.set_round("lille", "individuel", "reveal", token=token)
    assert main([*cmd, "--out", str(tmp_path / "cli.pdf")]) == 0
    assert "Fiche des participants écrite dans" in capsys.readouterr().out
    assert pdf_text(tmp_path / "cli.pdf")[0] == 1
    assert main([*cmd, "--out", str(tmp_path / "c2.pdf"), "--case", "2"]) == 1
    assert "Pas encore de fiche pour le cas 2" in capsys.readouterr().err

    dash = DashboardApp(store, "lille", token, export_dir=str(tmp_path / "export"))
    dash.handout_button.click()
    message = dash.export_message.value
    assert "Fiche des participants écrite dans" in message
    written = tmp_path / "export" / "fiche-lille-cas1.pdf"
    pages, text = pdf_text(written)
    assert pages == 1 and "L'Épicerie des Deux Rives" in text
    data = message.split("href='data:application/pdf;base64,")[1].split("'")[0]
    assert base64.b64decode(data) == written.read_bytes()  # the link downloads that file
    dash.case.value = 2
    dash.handout_button.click()
    assert "Pas encore de fiche pour le cas 2" in dash.export_message.value
