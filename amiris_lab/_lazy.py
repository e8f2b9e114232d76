"""Lazy public names for a package: a name's module is imported on first use.

Keeps ``import amiris_lab`` (and the workshop participant page) free of the heavy
scientific stack until a function that needs it is called.
"""

from __future__ import annotations

import sys
from importlib import import_module


def lazy_exports(package: str, exports: dict[str, str], *, extra: tuple[str, ...] = ()):
    """Return ``(__getattr__, __dir__)`` for ``package``, serving ``exports``.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    exports : dict
        Public name -> absolute module path that defines it.
    extra : tuple of str
        Names defined in the package itself, listed by ``dir()`` too.

    Examples
    --------
    >>> getattr_, dir_ = lazy_exports("amiris_lab", {"get_language": "amiris_lab.i18n"})
    >>> getattr_("get_language")("en")
    'en'
    """
    names = [*extra, *sorted(exports)]

    def __getattr__(name: str):
        try:
            module = exports[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(import_module(module), name)
        setattr(sys.modules[package], name, value)  # later look-ups skip this function
        return value

    def __dir__() -> list[str]:
        return names

    return __getattr__, __dir__
