"""Exceptions raised by amiris_lab.

This module imports nothing from the package when it is imported, so every other module
can use it; the texts it builds itself (a problem's location, the count of problems) come
from the message catalogue when they are shown, in the language in force then.
Every exception carries a message written for the person who must act on it:
it names the file, line, column and value at fault and says what to do next.

Exit codes used by the command line (documented in the README for schedulers):

=====  ==========================================================
code   meaning
=====  ==========================================================
0      success
1      data read and found invalid (``SchemaError``, ``PrivacyError``), a failed job,
       or (``k-anonymity``) a group smaller than k
2      bad parameters or usage (``ParameterError``, argparse), including a data folder
       or workbook that does not exist, for every command
3      a notebook cell failed while running a report (``ExecutionError``)
4      a needed optional component is missing (``DependencyError``)
130    interrupted (Ctrl-C)
141    the reader of the output went away (``| head``); the command stops quietly
=====  ==========================================================
"""

from __future__ import annotations

from dataclasses import dataclass


class AmirisError(Exception):
    """Base class of every error raised on purpose by amiris_lab."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One problem found in a dataset, located as a spreadsheet user sees it.

    Parameters
    ----------
    file : str
        File name (``scores.csv``) or workbook sheet (``data.xlsx[scores]``).
    line : int or None
        Line number with the header as line 1, or None when the problem is about
        the whole file.
    column : str or None
        Column name, or None.
    message : str
        What is wrong and, where possible, what to do.
    """

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.column is not None:
            from .i18n import t_  # at call time: this module imports nothing at import time

            return t_(
                "{where}: colonne '{column}': {message}",
                where=where,
                column=self.column,
                message=self.message,
            )
        return f"{where}: {self.message}"


class PersonalDataProblem(Problem):
    """A cell or column name that looks like personal data (e-mail, phone, SIREN, ``nom``...).

    Found by :func:`amiris_lab.data.privacy.scan_personal_data`; a dataset holding
    one cannot be loaded (:class:`PrivacyError`) until it is anonymised.
    """


class SchemaError(AmirisError, ValueError):
    """A dataset does not follow the format described in ``data/README.md``.

    Attributes
    ----------
    problems : list of Problem
        Every problem found, in file and line order.
    """

    exit_code = 1

    def __init__(self, problems, header: str | None = None):
        self.problems = list(problems)
        self.header = header
        super().__init__(header)

    def __str__(self) -> str:
        # Built when shown, so that the problems and the header follow the reader's language.
        from .i18n import t_  # at call time: this module imports nothing at import time

        head = self.header
        if head is None:
            head = t_("{n} problème(s) dans le jeu de données", n=len(self.problems))
        lines = [str(p) for p in self.problems]
        return "\n".join([str(head), *lines])


class PrivacyError(SchemaError):
    """A dataset holds what looks like personal data (emails, phones, SIREN...)."""


class ParameterError(AmirisError, ValueError):
    """A function, command or notebook parameter has a wrong name, type or value."""

    exit_code = 2


class ExecutionError(AmirisError, RuntimeError):
    """A notebook failed while running; the executed notebook is kept.

    Attributes
    ----------
    notebook : str
        Path of the executed notebook holding the error.
    cell_index : int or None
        Index of the failing cell (0-based, as in the notebook file).
    """

    exit_code = 3

    def __init__(self, message: str, *, notebook: str | None = None, cell_index: int | None = None):
        self.notebook = notebook
        self.cell_index = cell_index
        super().__init__(message)


class DependencyError(AmirisError, ImportError):
    """An optional component (Chromium, Playwright...) is not installed."""

    exit_code = 4


class StoreError(AmirisError, RuntimeError):
    """The workshop store refused an action (closed round, wrong code, bad token)."""

    exit_code = 1


class DesignError(AmirisError, ValueError):
    """A study design cannot be estimated (a facet with one level, nothing crossed...).

    Attributes
    ----------
    facet : str or None
        The facet at fault, when there is one.
    """

    exit_code = 1

    def __init__(self, message: str, *, facet: str | None = None):
        self.facet = facet
        super().__init__(message)


class ConvergenceError(AmirisError, RuntimeError):
    """An iterative estimation did not converge; the message says what to try."""

    exit_code = 1


class EstimationError(AmirisError, ValueError):
    """The data cannot support the model asked for (e.g. a Rasch scale left arbitrary).

    Raised before fitting when the design is disconnected, an element has a single
    observation, or a score category is never used.

    Attributes
    ----------
    elements : list of tuple
        The ``(facet, element)`` pairs (or ``("category", value)``) at fault.
    """

    exit_code = 1

    def __init__(self, message: str, *, elements=()):
        self.elements = list(elements)
        super().__init__(message)


class DisorderedThresholdsWarning(UserWarning):
    """Rasch-Andrich thresholds do not increase with the categories."""


class UndefinedStatisticWarning(UserWarning):
    """A statistic is undefined for the data given; NaN is returned."""
