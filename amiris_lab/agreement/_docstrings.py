"""Docstring fragments shared by several coefficients, written once.

In the way of seaborn's ``_docstrings.DocstringComponents`` (used by
``regression.py``'s ``_regression_docs``): a fragment is stored once under a
name, and a docstring names it between braces, ``{chance.conventions}``.
:func:`share_docstring` fills the placeholders when the module is imported, so
``help()``, Sphinx and the doctests see the full text. Only placeholders of the
known components are replaced: other braces in a docstring (a set of options
such as ``{"identity", "linear"}``) stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from textwrap import dedent


class DocstringComponents(dict):
    """A named group of docstring fragments, read as attributes.

    Examples
    --------
    >>> parts = DocstringComponents({"se": "the SE is analytic"})
    >>> parts.se
    'the SE is analytic'
    """

    def __init__(self, fragments: Mapping[str, str]):
        super().__init__({key: dedent(value).strip() for key, value in fragments.items()})

    def __getattr__(self, name: str) -> str:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


_PLACEHOLDER = re.compile(r"\{(\w+)\.(\w+)\}")


def _indent_like(text: str, line: str) -> str:
    """``text`` with every line after the first indented as ``line`` is."""
    pad = line[: len(line) - len(line.lstrip())]
    first, *rest = text.split("\n")
    return "\n".join([first, *[pad + r if r else r for r in rest]])


def share_docstring(**groups: DocstringComponents) -> Callable:
    """Decorator filling ``{group.fragment}`` placeholders of a docstring.

    A fragment spanning several lines is indented like the line holding its
    placeholder. An unknown placeholder raises ``KeyError`` at import time, so
    a misspelt fragment never reaches a reader.

    Examples
    --------
    >>> parts = DocstringComponents({"se": "the SE is analytic"})
    >>> @share_docstring(chance=parts)
    ... def f():
    ...     '''Notes: {chance.se}; options {"a", "b"}.'''
    >>> f.__doc__
    'Notes: the SE is analytic; options {"a", "b"}.'
    """

    def fill(match: re.Match, line: str) -> str:
        group, name = match.group(1), match.group(2)
        if group not in groups:
            return match.group(0)  # not a placeholder of ours
        return _indent_like(groups[group][name], line)

    def decorate(function: Callable) -> Callable:
        if function.__doc__:
            lines = function.__doc__.split("\n")
            function.__doc__ = "\n".join(
                _PLACEHOLDER.sub(lambda m, line=line: fill(m, line), line) for line in lines
            )
        return function

    return decorate
