"""The trainer dashboard's headless view model (no widgets) and the view's polling."""

from __future__ import annotations

import subprocess
import sys
import time

import krippendorff
import numpy as np
import pytest

from amiris_lab.exceptions import StoreError
from amiris_lab.widgets.dashboard import DashboardApp
from amiris_lab.widgets.dashboard_model import DashboardModel, fmt
from amiris_lab.workshop import WorkshopStore, load_case

MARKERS = [f"M{i:02d}" for i in range(1, 13)]


@pytest.fixture
def ws(tmp_path):
    store = WorkshopStore(tmp_path / "ateliers.sqlite")
    code, token = store.create_workshop("w", load_case(), join_code="ABC234")
    yield store, code, token
    store.close()


def test_the_view_model_imports_no_widgets():
    code = (
        "import sys; import amiris_lab.widgets.dashboard_model; print('ipywidgets' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_view_model_refuses_a_wrong_token(ws):
    store, _code, _token = ws
    with pytest.raises(StoreError, match="Jeton formateur invalide"):
        DashboardModel(store, "w", "wrong")


def test_the_view_model_computes_and_formats_a_revealed_round(ws):
    store, code, token = ws
    model = DashboardModel(store, "w", token)
    assert model.act("individuel", "open") == "Tour 1 (individuel) : ouvert."
    rng = np.random.default_rng(3)
    levels = rng.integers(0, 4, size=(4, 12))
    for i, row in enumerate(levels):
        who = store.join("w", code, f"p{i}", "expert")
        store.submit("w", who, dict(zip(MARKERS, map(int, row), strict=True)))
    snap = model.snapshot()
    people = model.participants_html(snap)
    assert "Tour 1 (individuel) 4/4, Tour 2 (révisé) 0/4" in people and people.count("✔") == 4
    assert "une fois le tour dévoilé" in model.results(snap, "individuel").note
    model.act("individuel", "reveal")
    res = model.results(model.snapshot(), "individuel")
    expected = krippendorff.alpha(reliability_data=levels, level_of_measurement="ordinal")
    assert f"α de Krippendorff (ordinal) = <b>{fmt(expected)}</b>" in res.agreement
    assert "(4 fiches)" in res.agreement
    assert res.radar_png[:4] == res.strip_png[:4] == b"\x89PNG"
    assert res.compare == "" and "Écart à la référence" in res.gap
    en = DashboardModel(store, "w", token, lang="en")
    assert "Krippendorff's α (ordinal)" in en.results(en.snapshot(), "individuel").agreement


class _Broken(DashboardModel):
    """A model whose store read fails the way a bug would."""

    def snapshot(self):
        raise RuntimeError("boom")


def test_polling_shows_an_unexpected_error_instead_of_swallowing_it(ws):
    store, _code, token = ws
    dash = DashboardApp(store, "w", token)
    dash.model.__class__ = _Broken
    dash._stop.clear()
    dash._poll_thread(0.05)
    deadline = time.time() + 10
    while "boom" not in dash.message.value:
        assert time.time() < deadline, dash.message.value
        time.sleep(0.05)
    assert "Suivi automatique arrêté" in dash.message.value
    dash.stop()


def test_the_dashboard_shows_the_qr_code_of_the_address_serve_announced(ws):
    store, _code, token = ws
    model = DashboardModel(store, "w", token)
    assert "quand l'atelier est servi" in model.qr_html(model.snapshot())
    url = "http://10.0.0.5:8866/voila/render/atelier_participant.ipynb?code=ABC234"
    store.set_join_url("w", url)
    shown = model.qr_html(model.snapshot())
    assert shown.count("<svg") == 1 and "ABC234</b>" in shown and url.replace("&", "&amp;") in shown
