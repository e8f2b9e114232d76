"""The QR code of the participants' address: what the terminal prints and what the
dashboard shows decode, with an independent decoder (zxing-cpp), to the address."""

from __future__ import annotations

import numpy as np
import pytest

from amiris_lab.exceptions import ParameterError
from amiris_lab.workshop.qr import qr_code, svg_qr, terminal_qr

zxingcpp = pytest.importorskip("zxingcpp")

URL = "http://192.168.1.20:8866/voila/render/atelier_participant.ipynb?code=AB7K9Q"

# segno's compact terminal form: each character is two modules (top, bottom); block
# characters are light modules, blanks dark ones.
_HALVES = {"█": (0, 0), "▀": (0, 1), "▄": (1, 0), " ": (1, 1)}


def modules_from_terminal(text: str) -> np.ndarray:
    """Dark (1) / light (0) modules read back from the terminal text."""
    rows_top, rows_bottom = [], []
    for line in text.splitlines():
        rows_top.append([_HALVES[ch][0] for ch in line])
        rows_bottom.append([_HALVES[ch][1] for ch in line])
    out = []
    for top, bottom in zip(rows_top, rows_bottom, strict=True):
        out += [top, bottom]
    return np.array(out, dtype=np.uint8)


def decode_modules(modules: np.ndarray, scale: int = 8) -> list[str]:
    """Decode a module matrix drawn black on white, with a quiet zone."""
    image = np.kron(modules, np.ones((scale, scale), dtype=np.uint8))
    image = np.pad(image, 4 * scale, constant_values=0)
    pixels = np.where(image == 1, 0, 255).astype(np.uint8)
    return [r.text for r in zxingcpp.read_barcodes(pixels)]


def test_the_terminal_qr_decodes_to_the_address():
    text = terminal_qr(URL)
    assert decode_modules(modules_from_terminal(text)) == [URL]
    # the same modules as segno's own matrix of the address (border of 2 light modules)
    matrix = np.array(qr_code(URL).matrix, dtype=np.uint8)
    read = modules_from_terminal(text)[2 : 2 + len(matrix), 2 : 2 + len(matrix)]
    assert (read == matrix).all()


def test_the_dashboard_svg_is_large_enough_to_project():
    import re

    svg = svg_qr(URL, size_px=360)
    width = int(re.search(r'width="(\d+)"', svg).group(1))
    assert 300 <= width <= 420 and URL.replace("&", "&amp;") in svg  # title: the address


def test_an_empty_address_is_refused():
    with pytest.raises(ParameterError, match="must not be empty"):
        qr_code(" ")


def test_create_prints_a_qr_code_of_the_participants_address(tmp_path, capsys):
    from amiris_lab.cli.main import main

    store = str(tmp_path / "a.sqlite")
    assert main(["workshop", "create", "--name", "q", "--store", store, "--code", "ABC234"]) == 0
    out = capsys.readouterr().out
    intro, qr = out.split("(port 8866) : ")[1].split("\n", 1)
    assert intro.endswith("/voila/render/atelier_participant.ipynb?code=ABC234")
    assert decode_modules(modules_from_terminal(qr.rstrip("\n"))) == [intro]
