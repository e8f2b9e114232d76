"""The QR code of the participants' address (with the join code), drawn by segno.

In a room the trainer projects the code and everyone scans it at once: the address
already holds ``?code=...``, so a phone lands on the join form with the code filled.
:func:`terminal_qr` prints it in the trainer's terminal (``workshop create`` and
``serve``); :func:`svg_qr` draws it on the dashboard, large enough to project.
"""

from __future__ import annotations

import io

import segno

from ..exceptions import ParameterError


def qr_code(url: str) -> segno.QRCode:
    """The QR code of ``url`` (error correction M: still read when partly blurred on a screen).

    Examples
    --------
    >>> qr_code("http://192.168.1.20:8866/?code=AB7K9Q").error
    'M'
    """
    url = str(url).strip()
    if not url:
        raise ParameterError("The 'url' parameter of qr_code must not be empty. Got '' instead.")
    return segno.make(url, error="m", boost_error=False)


def terminal_qr(url: str, *, border: int = 2) -> str:
    """The QR code of ``url`` as text for a terminal (two modules per character line).

    Light modules are drawn with block characters (``█ ▀ ▄``) and dark ones left blank,
    as segno does, so the code reads on a dark terminal background.

    Examples
    --------
    >>> text = terminal_qr("http://192.168.1.20:8866/?code=AB7K9Q")
    >>> lines = text.splitlines()
    >>> len(lines[0]) == qr_code("http://192.168.1.20:8866/?code=AB7K9Q").symbol_size(border=2)[0]
    True
    """
    out = io.StringIO()
    qr_code(url).terminal(out=out, border=border, compact=True)
    return out.getvalue()


def svg_qr(url: str, *, size_px: int = 360) -> str:
    """The QR code of ``url`` as inline SVG, about ``size_px`` pixels wide.

    Examples
    --------
    >>> svg = svg_qr("http://192.168.1.20:8866/?code=AB7K9Q")
    >>> svg.startswith("<svg") and 'class="amiris-qr"' in svg
    True
    """
    code = qr_code(url)
    width = code.symbol_size(border=4)[0]
    return code.svg_inline(
        scale=max(1, round(size_px / width)),
        border=4,
        dark="#000",
        light="#fff",
        svgclass="amiris-qr",
        title=url,
    )
