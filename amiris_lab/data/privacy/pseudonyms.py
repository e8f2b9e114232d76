"""Keyed pseudonyms of project and rater ids (HMAC-SHA256).

The same id and key always give the same pseudonym, so several years line up;
without the key a pseudonym cannot be traced back.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Literal

import numpy as np
import pandas as pd

from ...exceptions import AmirisError, ParameterError
from ...format import CONSENSUS_RATER
from ...i18n import lazy_

_PREFIXES = {"project": "P-", "rater": "R-"}
_KEY_MIN_BYTES = 16


def _check_key(key: bytes, function: str) -> bytes:
    if not isinstance(key, bytes | bytearray):
        raise ParameterError(
            f"The 'key' parameter of {function} must be bytes. Got {type(key).__name__} instead."
        )
    if len(key) < _KEY_MIN_BYTES:
        raise ParameterError(
            lazy_(
                "Le paramètre 'key' de {function} doit contenir au moins {key_min_bytes} octets "
                "(créez-en une avec 'amiris-lab anonymise --new-key') ; reçu {n_key} octets.",
                function=function,
                key_min_bytes=_KEY_MIN_BYTES,
                n_key=len(key),
            )
        )
    return bytes(key)


def pseudonym(identifier: str, *, key: bytes, kind: Literal["project", "rater"]) -> str:
    """The keyed pseudonym of a project or rater id: prefix + 10 hex digits of HMAC-SHA256.

    The same id and key always give the same pseudonym (so projects and raters
    line up across years); without the key it cannot be traced back. The id is
    stripped of surrounding spaces first.

    Examples
    --------
    >>> pseudonym("Atelier vélo 2019", key=b"0123456789abcdef0123456789abcdef", kind="project")
    'P-...'
    >>> len(pseudonym("R1", key=b"0123456789abcdef", kind="rater"))
    12
    """
    if kind not in _PREFIXES:
        raise ParameterError(
            "The 'kind' parameter of pseudonym must be one of {'project', 'rater'}. "
            f"Got {kind!r} instead."
        )
    key = _check_key(key, "pseudonym")
    message = f"{kind}:{str(identifier).strip()}".encode()
    return _PREFIXES[kind] + hmac.new(key, message, hashlib.sha256).hexdigest()[:10]


def _key_id(key: bytes) -> str:
    """A short tag telling whether two runs used the same key (not the key itself)."""
    return hmac.new(key, b"amiris-lab key id", hashlib.sha256).hexdigest()[:12]


def _map_ids(values: pd.Series, *, key: bytes, kind: str) -> tuple[pd.Series, int]:
    """Pseudonymise a column of ids (empty kept, COMITE kept for raters)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    new = []
    mapped = 0
    for value in uniques:
        text = str(value).strip()
        if text == "" or (kind == "rater" and text.upper() == CONSENSUS_RATER):
            new.append(text)
        else:
            new.append(pseudonym(text, key=key, kind=kind))
            mapped += 1
    origins: dict[str, set[str]] = {}
    for value, alias in zip(uniques, new, strict=True):
        origins.setdefault(alias, set()).add(str(value).strip())
    clashes = [alias for alias, texts in origins.items() if len(texts) > 1]
    if clashes:  # 40-bit pseudonyms: astronomically rare, but never merge two ids silently
        raise AmirisError(
            lazy_(
                "Deux identifiants différents ont reçu le même pseudonyme {clashes_first} : "
                "anonymisez avec une autre clé.",
                clashes_first=clashes[0],
            )
        )
    out = np.asarray(new + [""], dtype=object)[codes]  # -1 (missing) -> ""
    return pd.Series(out, index=values.index), mapped
