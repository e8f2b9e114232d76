"""Serve a workshop to participants' own devices with Voila.

:func:`serve_command` builds the Voila command: it serves a folder holding only the
two workshop pages (participant and trainer), on the given host and port, with
kernel culling (idle kernels with no open tab are reclaimed; open tabs are kept,
``cull_connected`` stays False), and passes the store path and workshop name to the
pages' kernels through environment variables. Voila renders notebooks without
letting the page run code; nothing here changes that.

A whole room joins at once (a trainer projects the address, everyone scans it), so:

* **pages built ahead**: Voila keeps a pool of preheated participant-page kernels that
  have already built the page (its ~190 widget models, the messages that flooded Voila
  when 60 pages were built at once) and wait for their participant
  (:func:`~amiris_lab.workshop.request.page_query_string`); a request takes one and
  only applies its address (join code or personal link);
* **kernels over IPC** (Unix sockets in the server's own folder): no TCP port chosen
  per kernel, so no race between kernels starting together and no warning about
  unencrypted TCP in the trainer's terminal;
* **no orphan**: Voila is started with ``PR_SET_PDEATHSIG`` (Linux), so it dies with
  ``workshop serve`` even after ``kill -9``; the kernels, Voila's children, stop by
  themselves when their parent is gone (ipykernel's parent poller), freeing the port.
* **a quiet terminal**: Voila's chatter, « not trusted » and kernel warnings are
  filtered out; the pages leave word for the trainer (ready, or failed) in a signals
  folder read by ``serve`` (:class:`ServerWatch`), never on their own output; the
  kernels use an IPython folder of their own, without the history file that 60
  kernels starting together would lock.

The pages are packaged as ``amiris_lab/resources/notebooks/atelier_participant.py`` and
``atelier_formateur.py`` (jupytext scripts, see :mod:`amiris_lab.notebooks`) and written
into the served folder by :func:`write_pages`.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Literal
from urllib.parse import urlencode

import nbformat

from ..exceptions import DependencyError, ParameterError
from ..i18n import get_language, lazy_, t_
from ..notebooks import read_notebook, write_notebook
from .request import ENV_SIGNALS

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
    (['markdown', 'code', 'code', 'code'], ['parameters'])
    """
    if kind not in _PAGES:
        raise ParameterError(
            f"The 'kind' parameter of page_notebook must be one of {{'participant', 'trainer'}}. Got {kind!r} instead."
        )
    return json.loads(nbformat.writes(read_notebook(_PAGES[kind])))


def sweep_stale_pages(tmp: str | Path | None = None) -> list[Path]:
    """Remove the folders of servers that died without cleaning up (e.g. ``kill -9``).

    ``workshop serve`` writes its pages, Voila's connection files and the kernels'
    sockets in a temporary ``amiris-atelier-*`` folder holding ``serve.pid``; a folder
    whose process is gone is removed. Returns the removed folders.
    """
    import shutil
    import tempfile

    removed = []
    for folder in Path(tmp or tempfile.gettempdir()).glob("amiris-atelier-*"):
        try:
            pid = int((folder / "serve.pid").read_text())
        except (OSError, ValueError):
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        except PermissionError:  # someone else's live process
            continue
    return removed


def write_pages(folder: str | Path) -> Path:
    """Write the two workshop pages into ``folder`` (the folder Voila serves)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for page in _PAGES.values():
        write_notebook(page, folder)
    return folder


#: Participants the server gets ready for by default (preheated participant kernels).
DEFAULT_POOL = 60
#: Seconds a page's kernel may take to start, and to send a cell's output, under a room's load.
_STARTUP_TIMEOUT = 120
_IOPUB_TIMEOUT = 60


def serve_command(
    pages_dir: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8866,
    cull_idle_timeout: int = 600,
    cull_interval: int = 60,
    pool: int = DEFAULT_POOL,
    transport: Literal["ipc", "tcp"] = "ipc",
) -> list[str]:
    """The Voila command line serving the workshop pages.

    Parameters
    ----------
    pages_dir : str or Path
        Folder holding the two pages (:func:`write_pages`); Voila keeps its connection
        files (and, over IPC, the kernels' sockets) in it.
    host, port
        Where Voila listens; the port is never changed behind the trainer's back
        (``port_retries=0``).
    cull_idle_timeout, cull_interval : int
        Seconds before an idle kernel with no open tab is reclaimed, and between checks.
    pool : int, default 60
        Preheated participant-page kernels kept ready (0: a kernel is started for each
        page request). The trainer page is never preheated.
    transport : {'ipc', 'tcp'}, default 'ipc'
        How Voila talks to the kernels ('tcp' only to compare with the old serving).

    Examples
    --------
    >>> cmd = serve_command("pages", port=9000, pool=30)
    >>> "--MappingKernelManager.cull_idle_timeout=600" in cmd, "--port=9000" in cmd
    (True, True)
    >>> "--pool_size=30" in cmd, "--KernelManager.transport=ipc" in cmd
    (True, True)
    """
    if not 0 < int(port) < 65536:
        raise ParameterError(
            lazy_(
                "Le paramètre 'port' doit être compris entre 1 et 65535 ; reçu {port!r}.", port=port
            )
        )
    if transport not in ("ipc", "tcp"):
        raise ParameterError(
            f"The 'transport' parameter must be one of {{'ipc', 'tcp'}}. Got {transport!r} instead."
        )
    if int(pool) < 0:
        raise ParameterError(f"The 'pool' parameter must be 0 or more. Got {pool!r} instead.")
    preheat = [
        "--preheat_kernel=True",
        f"--pool_size={int(pool)}",
        # the trainer page reads its token from the address: never preheated
        f"--VoilaKernelManager.preheat_denylist={TRAINER_PAGE.split('.')[0]}",
        "--VoilaKernelManager.fill_delay=5",  # refill the pool once a storm has passed
    ]
    return [
        sys.executable,
        "-m",
        "voila",
        str(pages_dir),
        "--no-browser",
        f"--port={int(port)}",
        f"--Voila.ip={host}",
        "--Voila.port_retries=0",
        f"--Voila.connection_dir_root={Path(pages_dir).resolve()}",
        "--theme=light",
        *(preheat if pool else []),
        f"--KernelManager.transport={transport}",
        f"--VoilaExecutor.startup_timeout={_STARTUP_TIMEOUT}",
        f"--VoilaExecutor.iopub_timeout={_IOPUB_TIMEOUT}",
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


#: What Voila and the kernels print that the trainer does not need (matched per line).
_NOISE = re.compile(
    r"is not trusted|notebook-signing key|connection files|Serving static files|"
    r"Voil. is running at|^https?://|Kernel started|Kernel shutdown|pre-heated kernel|"
    r"Kernel pool of|Culling kernels|running over TCP without encryption|"
    r"Use IPC transport or launch|Parent appears to have exited"
)


def _die_with_parent(parent: int) -> None:  # pragma: no cover - runs in the child
    """In Voila's process before it starts: get SIGKILL when ``workshop serve`` dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # serve died before prctl
        os._exit(1)


def _relay(stream, out) -> None:
    """Copy Voila's output to the trainer's terminal, without the noise (nor blank lines)."""
    for line in stream:
        if line.strip() and not _NOISE.search(line):
            out.write(line)
            out.flush()


class ServerWatch:
    """What the pages left for the trainer in the server's signals folder.

    Each preheated participant page leaves one ``ready-*`` file once built and waiting
    (:func:`~amiris_lab.workshop.request.tell_server`); pages that fail leave a line in
    ``messages.log``. :meth:`poll` returns what to print since the last call: the
    messages, then, once, the sentence saying that ``pool`` pages are ready.
    """

    def __init__(self, folder: str | Path, pool: int):
        self.folder = Path(folder)
        self.pool = int(pool)
        self.ready = False
        self._offset = 0

    def poll(self) -> list[str]:
        lines = []
        log = self.folder / "messages.log"
        if log.exists():
            with open(log, "rb") as fh:
                fh.seek(self._offset)
                data = fh.read()
            complete = data[: data.rfind(b"\n") + 1]
            self._offset += len(complete)
            lines += complete.decode("utf-8", "replace").splitlines()
        if self.pool and not self.ready:
            if sum(1 for _ in self.folder.glob("ready-*")) >= self.pool:
                self.ready = True
                lines.append(
                    t_(
                        "Prêt : {pool} pages participant préchauffées, la salle peut se connecter.",
                        pool=self.pool,
                    )
                )
        return lines


def start_server(
    store_path: str | Path,
    name: str,
    pages_dir: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8866,
    cull_idle_timeout: int = 600,
    cull_interval: int = 60,
    pool: int = DEFAULT_POOL,
    transport: Literal["ipc", "tcp"] = "ipc",
    quiet: bool = True,
    **popen_kwargs,
) -> subprocess.Popen:
    """Write the pages and start Voila in the background; return the process.

    Voila dies with the calling process (Linux), and with ``quiet`` its output reaches
    this process's stderr without the lines a trainer does not need.
    """
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
    pages = Path(pages_dir).resolve()
    env[ENV_SIGNALS] = str(pages / "signals")  # where the pages leave word (ServerWatch)
    (pages / "signals").mkdir(exist_ok=True)
    # the kernels' own IPython folder: no history file that 60 kernels starting together
    # would lock (« database is locked » in the trainer's terminal), the user's left alone
    env["IPYTHONDIR"] = str(pages / "ipython")
    profile = pages / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text("c.HistoryManager.enabled = False\n")
    # where a preheated kernel asks for its request (Voila's own variable)
    env["VOILA_APP_IP"] = "127.0.0.1" if host in ("0.0.0.0", "", "localhost") else host
    if host == "::":
        env["VOILA_APP_IP"] = "[::1]"
    cmd = serve_command(
        pages_dir,
        host=host,
        port=port,
        cull_idle_timeout=cull_idle_timeout,
        cull_interval=cull_interval,
        pool=pool,
        transport=transport,
    )
    if sys.platform.startswith("linux"):
        parent = os.getpid()
        popen_kwargs.setdefault("preexec_fn", lambda: _die_with_parent(parent))
    if quiet:
        popen_kwargs.setdefault("stdout", subprocess.PIPE)
        popen_kwargs.setdefault("stderr", subprocess.STDOUT)
        popen_kwargs.setdefault("text", True)
    proc = subprocess.Popen(cmd, env=env, **popen_kwargs)
    if quiet and getattr(proc, "stdout", None) is not None:
        threading.Thread(target=_relay, args=(proc.stdout, sys.stdout), daemon=True).start()
    return proc
