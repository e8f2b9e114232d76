"""Serve a workshop to participants' own devices with Voila.

:func:`serve_command` builds the Voila command: it serves a folder holding only the
two workshop pages (participant and trainer), on the given host and port, with
kernel culling (idle kernels with no open tab are reclaimed; open tabs are kept,
``cull_connected`` stays False), and passes the store path and workshop name to the
pages' kernels through environment variables. Voila renders notebooks without
letting the page run code; nothing here changes that.

The pages are packaged as ``amiris_lab/resources/notebooks/atelier_participant.py`` and
``atelier_formateur.py`` (jupytext scripts, see :mod:`amiris_lab.notebooks`) and written
into the served folder by :func:`write_pages`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Literal
from urllib.parse import urlencode

import nbformat

from ..exceptions import DependencyError, ParameterError
from ..i18n import get_language, lazy_
from ..notebooks import read_notebook, write_notebook

ENV_STORE = "AMIRIS_WORKSHOP_STORE"
ENV_NAME = "AMIRIS_WORKSHOP_NAME"
PARTICIPANT_PAGE = "atelier_participant.ipynb"
TRAINER_PAGE = "atelier_formateur.ipynb"

_PAGES = {"participant": PARTICIPANT_PAGE, "trainer": TRAINER_PAGE}


def page_notebook(kind: Literal["participant", "trainer"]) -> dict:
    """The notebook (nbformat 4 JSON as a dict) of a workshop page.

    The pages are packaged once, as ``amiris_lab/resources/notebooks/atelier_*.py``
    (see :mod:`amiris_lab.notebooks`).

    Examples
    --------
    >>> nb = page_notebook("participant")
    >>> [c["cell_type"] for c in nb["cells"]], nb["cells"][1]["metadata"]["tags"]
    (['markdown', 'code', 'code'], ['parameters'])
    """
    if kind not in _PAGES:
        raise ParameterError(
            f"The 'kind' parameter of page_notebook must be one of {{'participant', 'trainer'}}. Got {kind!r} instead."
        )
    return json.loads(nbformat.writes(read_notebook(_PAGES[kind])))


def write_pages(folder: str | Path) -> Path:
    """Write the two workshop pages into ``folder`` (the folder Voila serves)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for page in _PAGES.values():
        write_notebook(page, folder)
    return folder


def serve_command(
    pages_dir: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8866,
    cull_idle_timeout: int = 600,
    cull_interval: int = 60,
) -> list[str]:
    """The Voila command line serving the workshop pages.

    Examples
    --------
    >>> cmd = serve_command("pages", port=9000)
    >>> "--MappingKernelManager.cull_idle_timeout=600" in cmd, "--port=9000" in cmd
    (True, True)
    """
    if not 0 < int(port) < 65536:
        raise ParameterError(
            lazy_(
                "Le paramètre 'port' doit être compris entre 1 et 65535 ; reçu {port!r}.", port=port
            )
        )
    return [
        sys.executable,
        "-m",
        "voila",
        str(pages_dir),
        "--no-browser",
        f"--port={int(port)}",
        f"--Voila.ip={host}",
        "--theme=light",
        f"--MappingKernelManager.cull_idle_timeout={int(cull_idle_timeout)}",
        f"--MappingKernelManager.cull_interval={int(cull_interval)}",
        "--MappingKernelManager.cull_connected=False",
        "--VoilaConfiguration.show_tracebacks=False",
    ]


def lan_address() -> str:
    """This machine's address on the room's network (what participants type).

    A UDP socket "connected" to a private address picks the outgoing interface
    without sending anything.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.254.254.254", 1))
            address = s.getsockname()[0]
    except OSError:
        address = ""
    if not address or address.startswith("127."):
        try:
            address = socket.gethostbyname(socket.gethostname())
        except OSError:  # pragma: no cover
            address = ""
    return address if address and not address.startswith("127.") else "ADRESSE-DE-CETTE-MACHINE"


def page_urls(host: str, port: int, *, join_code: str, token: str | None = None) -> dict[str, str]:
    """Addresses of the participant page (with the code) and of the trainer page.

    Examples
    --------
    >>> page_urls("127.0.0.1", 8866, join_code="AB7K9Q")["participant"]
    'http://127.0.0.1:8866/voila/render/atelier_participant.ipynb?code=AB7K9Q'
    """
    shown = lan_address() if host in ("0.0.0.0", "::", "") else host
    base = f"http://{shown}:{int(port)}/voila/render"
    urls = {"participant": f"{base}/{PARTICIPANT_PAGE}?{urlencode({'code': join_code})}"}
    urls["trainer"] = f"{base}/{TRAINER_PAGE}" + (
        f"?{urlencode({'token': token})}" if token else ""
    )
    return urls


def start_server(
    store_path: str | Path,
    name: str,
    pages_dir: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8866,
    cull_idle_timeout: int = 600,
    cull_interval: int = 60,
    **popen_kwargs,
) -> subprocess.Popen:
    """Write the pages and start Voila in the background; return the process."""
    try:
        import voila  # noqa: F401
    except ImportError as exc:  # pragma: no cover - voila is a runtime dependency
        raise DependencyError(
            lazy_("Voila n'est pas installé : pip install 'voila>=0.5.8,<0.6'.")
        ) from exc
    write_pages(pages_dir)
    env = dict(os.environ)
    env[ENV_STORE] = str(Path(store_path).resolve())
    env[ENV_NAME] = name
    env["AMIRIS_LAB_LANG"] = get_language()  # the pages speak the language of the command
    cmd = serve_command(
        pages_dir,
        host=host,
        port=port,
        cull_idle_timeout=cull_idle_timeout,
        cull_interval=cull_interval,
    )
    return subprocess.Popen(cmd, env=env, **popen_kwargs)
