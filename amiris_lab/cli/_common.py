"""Option parsing shared by the sub-commands (data paths, year ranges, lists)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from ..exceptions import ParameterError
from ..i18n import lazy_


def require_data_path(path: str | Path) -> Path:
    """The data folder or workbook ``path``, or ParameterError (exit 2) if it does not exist.

    Every command that reads a dataset checks its path this way first, so a missing
    data folder gives the same message and exit code everywhere (2: a wrong parameter;
    1 is kept for data that were read and found invalid).
    """
    path = Path(path)
    if not path.exists():
        raise ParameterError(
            lazy_(
                "{path} n'existe pas : donnez le dossier des données (CSV ou Parquet) ou un classeur "
                ".xlsx.",
                path=path,
            )
        )
    return path


def split_list(text: str) -> list[str]:
    """The non-empty, stripped items of a comma-separated option.

    Examples
    --------
    >>> split_list("alpha, ac2,,percent_agreement")
    ['alpha', 'ac2', 'percent_agreement']
    """
    return [part.strip() for part in str(text).split(",") if part.strip()]


def parse_years(text: str, *, option: str = "--years") -> list[int]:
    """Years from ``2019``, ``2016-2019`` or ``2016,2018,2019``.

    ``option`` names the command-line option in the error message.

    Examples
    --------
    >>> parse_years("2016-2019")
    [2016, 2017, 2018, 2019]
    >>> parse_years("2016,2019")
    [2016, 2019]
    """
    text = str(text).strip()
    range_match = re.fullmatch(r"(\d{4})\s*[-:]\s*(\d{4})", text)
    if range_match:
        first, last = int(range_match.group(1)), int(range_match.group(2))
        if first <= last:
            return list(range(first, last + 1))
    elif re.fullmatch(r"\d{4}(\s*,\s*\d{4})*", text):
        years = [int(y) for y in text.split(",")]
        if len(set(years)) == len(years):
            return years
    raise ParameterError(
        lazy_(
            "{option} attend une année ou une plage comme 2016-2019 (ou 2016,2018) ; reçu "
            "'{text}'.",
            option=option,
            text=text,
        )
    )


def check_choices(values: list[str], allowed, *, option: str) -> list[str]:
    """Refuse, in the run's language, a value of ``option`` that is not in ``allowed``.

    The message lists what is possible and suggests the closest name.

    Examples
    --------
    >>> check_choices(["marker"], ["marker", "year"], option="--by")
    ['marker']
    """
    allowed = list(allowed)
    for value in values:
        if value not in allowed:
            close = difflib.get_close_matches(value, allowed, n=1)
            hint = lazy_(" Vouliez-vous dire « {name} » ?", name=close[0]) if close else ""
            raise ParameterError(
                lazy_(
                    "{option} : « {value} » n'est pas possible ; choisissez parmi {allowed}.{hint}",
                    option=option,
                    value=value,
                    allowed=", ".join(allowed),
                    hint=hint,
                )
            )
    return values
