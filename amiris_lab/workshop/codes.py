"""Join codes, trainer tokens and personal keys: generated at random, stored hashed."""

from __future__ import annotations

import hashlib
import hmac
import secrets

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same_secret(secret: str, hashed: str) -> bool:
    return hmac.compare_digest(hash_secret(str(secret)), hashed)


def new_join_code(length: int = 6) -> str:
    """A random join code without ambiguous characters (no I, O, 0, 1).

    Examples
    --------
    >>> len(new_join_code()), new_join_code().isupper()
    (6, True)
    """
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(length))


def new_token(nbytes: int = 12) -> str:
    """A random URL-safe secret that never starts with '-' (a shell would read an option).

    Examples
    --------
    >>> all(not new_token().startswith("-") for _ in range(500))
    True
    """
    while True:
        token = secrets.token_urlsafe(nbytes)
        if not token.startswith("-"):
            return token


def normalise_code(code: str) -> str:
    """Forgive case and spaces in a typed join code.

    Examples
    --------
    >>> normalise_code(" ab7 k9q ")
    'AB7K9Q'
    """
    return "".join(str(code).split()).upper()
