"""Declared parameter constraints: one place for the checks and their messages.

In the way of scikit-learn's ``utils/_param_validation.py``: a function declares
what each option accepts, and the same declaration drives the check and the
message a person reads::

    The 'level' parameter of krippendorff_alpha must be one of {'nominal',
    'ordinal', 'interval', 'ratio'}. Got 'cubic' instead.

A constraint is either a :class:`Constraint` (:class:`Options`,
:class:`Interval`) or, for short, any collection of allowed values (read as
``Options``). The shared constraints :data:`CONFIDENCE` and :data:`N_BOOT` are
declared once here for every function that takes a confidence level or a
number of bootstrap resamples.

Two ways to use them:

* :func:`validate_params` decorates a public function with its declared
  constraints (checked before the body runs, on the arguments as called or
  their defaults);
* :func:`check_param` / :func:`check_option` check one value where the
  constraint depends on the data (e.g. a column name of the dataset).

This module imports nothing from the package but its exceptions, so every
layer can use it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Mapping
from numbers import Integral, Real

from .exceptions import ParameterError

__all__ = [
    "CONFIDENCE",
    "N_BOOT",
    "PROBABILITY",
    "Constraint",
    "Interval",
    "Options",
    "check_option",
    "check_param",
    "validate_params",
]


class Constraint:
    """What a parameter accepts; ``str(constraint)`` completes "must be ..."."""

    def is_satisfied_by(self, value) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def __str__(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


class Options(Constraint):
    """One of a fixed set of values (compared with ``==``, order kept in the message).

    Examples
    --------
    >>> str(Options(("nominal", "ordinal")))
    "one of {'nominal', 'ordinal'}"
    >>> Options((None, "linear")).is_satisfied_by(None)
    True
    """

    def __init__(self, values: Iterable):
        self.values = tuple(values)

    def is_satisfied_by(self, value) -> bool:
        try:
            return value in self.values
        except (TypeError, ValueError):  # e.g. an array compared with the options
            return False

    def __str__(self) -> str:
        return "one of {" + ", ".join(repr(v) for v in self.values) + "}"


class Interval(Constraint):
    """A number of a given type (``Integral`` or ``Real``) inside an interval.

    Booleans are never accepted as numbers. ``closed`` is ``"left"``,
    ``"right"``, ``"both"`` or ``"neither"``; ``None`` bounds are unbounded.
    ``description`` is the words of the message (e.g. "a positive integer").

    Examples
    --------
    >>> N_BOOT.is_satisfied_by(200), N_BOOT.is_satisfied_by(10.5)
    (True, False)
    >>> CONFIDENCE.is_satisfied_by(0.95), CONFIDENCE.is_satisfied_by(1)
    (True, False)
    """

    def __init__(
        self,
        kind: type,
        left: float | None,
        right: float | None,
        *,
        closed: str,
        description: str,
    ):
        if closed not in ("left", "right", "both", "neither"):
            raise ValueError(f"closed must be 'left', 'right', 'both' or 'neither'; got {closed!r}")
        self.kind, self.left, self.right, self.closed = kind, left, right, closed
        self.description = description

    def is_satisfied_by(self, value) -> bool:
        if isinstance(value, bool) or not isinstance(value, self.kind):
            return False
        if value != value:  # NaN
            return False
        if self.left is not None:
            if value < self.left or (value == self.left and self.closed in ("right", "neither")):
                return False
        if self.right is not None:
            if value > self.right or (value == self.right and self.closed in ("left", "neither")):
                return False
        return True

    def __str__(self) -> str:
        return self.description


#: A confidence level: a number strictly between 0 and 1.
CONFIDENCE = Interval(
    Real, 0, 1, closed="neither", description="a number strictly between 0 and 1 (e.g. 0.95)"
)
#: A probability or a test's level: a number strictly between 0 and 1.
PROBABILITY = Interval(
    Real, 0, 1, closed="neither", description="a number strictly between 0 and 1"
)
#: A number of bootstrap resamples: a positive integer.
N_BOOT = Interval(Integral, 1, None, closed="left", description="a positive integer")


def _as_constraint(constraint) -> Constraint:
    if isinstance(constraint, Constraint):
        return constraint
    if isinstance(constraint, Mapping):
        return Options(constraint.keys())
    return Options(constraint)


def check_param(value, constraint, *, name: str, func: str):
    """Raise :class:`ParameterError` unless ``value`` satisfies ``constraint``; return it.

    Parameters
    ----------
    value
        The value given.
    constraint : Constraint or collection
        A collection (tuple, list, dict keys...) means "one of these values".
    name : str
        The parameter's name, as the caller writes it.
    func : str
        The function (or class) it belongs to.

    Examples
    --------
    >>> check_param(0.9, CONFIDENCE, name="confidence", func="icc")
    0.9
    >>> check_param("cubic", ("nominal", "ordinal"), name="level", func="f")
    Traceback (most recent call last):
    ...
    amiris_lab.exceptions.ParameterError: The 'level' parameter of f must be one of {'nominal', 'ordinal'}. Got 'cubic' instead.
    """
    constraint = _as_constraint(constraint)
    if not constraint.is_satisfied_by(value):
        raise ParameterError(
            f"The {name!r} parameter of {func} must be {constraint}. Got {value!r} instead."
        )
    return value


def check_option(value, allowed: Iterable, *, name: str, func: str) -> None:
    """:func:`check_param` for "one of these values" (the most frequent case)."""
    check_param(value, Options(allowed), name=name, func=func)


def validate_params(constraints: Mapping[str, object], *, func: str | None = None) -> Callable:
    """Decorator: check the declared parameters of a function before its body runs.

    Parameters
    ----------
    constraints : mapping
        Parameter name -> constraint (a :class:`Constraint` or a collection of
        allowed values). Parameters not named are not checked here. They are
        checked in the order declared, on the value as called or the default.
    func : str, optional
        Name used in messages; default the function's ``__name__``.

    Examples
    --------
    >>> @validate_params({"level": ("nominal", "ordinal"), "n_boot": N_BOOT})
    ... def f(data, *, level="ordinal", n_boot=100):
    ...     return level, n_boot
    >>> f(None, n_boot=5)
    ('ordinal', 5)
    >>> f(None, n_boot=0)
    Traceback (most recent call last):
    ...
    amiris_lab.exceptions.ParameterError: The 'n_boot' parameter of f must be a positive integer. Got 0 instead.
    """
    declared = {name: _as_constraint(c) for name, c in constraints.items()}

    def decorate(function: Callable) -> Callable:
        signature = inspect.signature(function)
        params = signature.parameters
        unknown = set(declared) - set(params)
        if unknown:
            raise TypeError(f"validate_params: {function.__name__} has no parameter {unknown}")
        shown = func or function.__name__
        for name, constraint in declared.items():  # a declaration that rejects its own default
            default = params[name].default
            if default is not inspect.Parameter.empty and not constraint.is_satisfied_by(default):
                raise TypeError(
                    f"validate_params: default {default!r} of {name!r} breaks {constraint}"
                )
        positional = [
            p.name
            for p in params.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        # (name, position in *args or None, default, constraint), in declared order
        plan = [
            (
                name,
                positional.index(name) if name in positional else None,
                params[name].default,
                constraint,
            )
            for name, constraint in declared.items()
        ]

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            for name, index, default, constraint in plan:
                if index is not None and index < len(args):
                    value = args[index]
                else:
                    value = kwargs.get(name, default)
                    if value is inspect.Parameter.empty:
                        continue  # a missing argument: Python's own TypeError follows
                check_param(value, constraint, name=name, func=shown)
            return function(*args, **kwargs)

        wrapper.__signature__ = signature
        wrapper._parameter_constraints = declared
        return wrapper

    return decorate
