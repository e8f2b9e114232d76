"""What a participant page's kernel needs from the server: its request.

Imported by the page itself, so it stays light (standard library only; ``websockets``,
a dependency of Voila, only in a preheated kernel): the page's kernel must not load
what serving needs (``jupytext``, ``nbformat``, ``voila``).
"""

from __future__ import annotations

import json
import os
import sys

__all__ = ["PAGE_READY", "page_query_string"]

#: What a preheated participant page prints (to the server, not the page) once built.
PAGE_READY = "amiris-lab: preheated participant page ready"


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

    print(PAGE_READY, file=sys.__stderr__, flush=True)  # counted by the server, not shown

    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    url = (
        f"ws://{host}:{os.environ.get('VOILA_APP_PORT', '8866')}"
        f"{os.environ.get('VOILA_SERVER_URL', '/')}voila/query/{os.environ['VOILA_KERNEL_ID']}"
    )
    with connect(url, open_timeout=30, close_timeout=1) as ws:
        info = json.loads(ws.recv())
    os.environ.update({str(k): str(v) for k, v in info.items()})
    return os.environ.get("QUERY_STRING", "")
