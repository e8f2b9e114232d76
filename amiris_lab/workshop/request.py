"""What a participant page's kernel needs from the server: its request.

Imported by the page itself, so it stays light (standard library only; ``websockets``,
a dependency of Voila, only in a preheated kernel): the page's kernel must not load
what serving needs (``jupytext``, ``nbformat``, ``voila``).
"""

from __future__ import annotations

import json
import os
import sys

__all__ = ["ENV_SIGNALS", "page_query_string", "tell_server"]

#: Folder where the pages leave word for ``workshop serve`` (set by the server).
ENV_SIGNALS = "AMIRIS_WORKSHOP_SIGNALS"


def tell_server(kind: str, text: str = "") -> None:
    """Leave word for ``workshop serve``: a page is ``ready``, or a ``message`` for the trainer.

    Not through the kernel's stderr: ipykernel copies it into the page's own output,
    where a participant would read it. Word is left in the folder named by
    ``AMIRIS_WORKSHOP_SIGNALS``: one file per ready page, one line per message, which
    the server reads. Outside the server, a message goes to stderr and ``ready`` is
    ignored.
    """
    folder = os.environ.get(ENV_SIGNALS)
    if not folder:
        if kind == "message":
            print(text, file=sys.stderr, flush=True)
        return
    if kind == "ready":
        name = f"ready-{os.environ.get('VOILA_KERNEL_ID') or os.getpid()}"
        with open(os.path.join(folder, name), "w"):
            pass
    else:
        line = (" ".join(str(text).split()) + "\n").encode("utf-8")
        fd = os.open(os.path.join(folder, "messages.log"), os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, line)  # one write: lines of several pages never mix
        finally:
            os.close(fd)


def page_query_string() -> str:
    """The query string of the page request this kernel serves (run by the participant page).

    A kernel Voila starts for a request has it in ``QUERY_STRING``. A preheated kernel
    (``VOILA_PREHEAT=True``) was started before anyone asked: it waits here until Voila
    hands it a request, over the websocket ``/voila/query/<kernel id>``, then puts the
    request's variables in ``os.environ`` as Voila's own ``voila.utils.wait_for_request``
    does. Same protocol, written here because importing ``voila.utils`` loads
    ``jupyter_server`` (seconds of CPU in each kernel of the pool). Outside Voila,
    returns ``QUERY_STRING`` or ''.

    Examples
    --------
    >>> import os
    >>> os.environ.pop("VOILA_PREHEAT", None); os.environ["QUERY_STRING"] = "code=AB7K9Q"
    >>> page_query_string()
    'code=AB7K9Q'
    >>> del os.environ["QUERY_STRING"]
    """
    if os.environ.get("VOILA_PREHEAT") != "True":
        return os.environ.get("QUERY_STRING", "")
    from websockets.sync.client import connect  # a dependency of Voila; only in the pool

    tell_server("ready")  # counted by the server

    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    url = (
        f"ws://{host}:{os.environ.get('VOILA_APP_PORT', '8866')}"
        f"{os.environ.get('VOILA_SERVER_URL', '/')}voila/query/{os.environ['VOILA_KERNEL_ID']}"
    )
    with connect(url, open_timeout=30, close_timeout=1) as ws:
        info = json.loads(ws.recv())
    os.environ.update({str(k): str(v) for k, v in info.items()})
    return os.environ.get("QUERY_STRING", "")
