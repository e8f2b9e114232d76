"""Does this file hold personal data? The scanner behind ``amiris-lab validate``.

Every text cell is searched for e-mail addresses, French phone numbers and SIREN /
SIRET numbers (checked with the Luhn key, and La Poste's SIRET exception), and every
column name for words such as ``nom``, ``prénom``, ``email``, ``téléphone``,
``adresse``. Each finding names the file, line and column and shows a masked value
only. :func:`amiris_lab.data.validation.validate_dataset` calls
:func:`scan_personal_data`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ...definitions import normalise_token
from ...exceptions import ParameterError, PersonalDataProblem
from ...i18n import N_, t_

#: Words that, as a part of a column name (after folding case and accents),
#: suggest the column holds personal data, or names that identify a project
#: directly (its title, its holder, its organisation).
PERSONAL_NAME_PARTS = frozenset(
    {
        "nom",
        "noms",
        "prenom",
        "prenoms",
        "name",
        "names",
        "firstname",
        "lastname",
        "surname",
        "email",
        "emails",
        "mail",
        "courriel",
        "telephone",
        "tel",
        "phone",
        "portable",
        "mobile",
        "adresse",
        "address",
        "siren",
        "siret",
        "naissance",
        "birth",
        "birthdate",
        "iban",
        "nir",
        "contact",
        "porteur",
        "porteuse",
        "titre",
        "title",
        "intitule",
        "organisme",
    }
)
#: Whole column names (folded) that suggest personal data although no part does.
PERSONAL_NAMES = frozenset(
    {"e_mail", "raison_sociale", "numero_de_securite_sociale", "securite_sociale", "dob"}
)

# What each kind is called in messages, bare and with its article (catalogue msgids).
_KINDS: dict[str, tuple[str, str]] = {
    "email": (N_("adresse e-mail"), N_("une adresse e-mail")),
    "phone": (
        N_("numéro de téléphone"),
        N_("un numéro de téléphone"),
    ),
    "siren": (N_("numéro SIREN"), N_("un numéro SIREN")),
    "siret": (N_("numéro SIRET"), N_("un numéro SIRET")),
}
_PLACEHOLDERS = {
    "email": "[email]",
    "phone": "[telephone]",
    "siren": "[siren]",
    "siret": "[siret]",
}

# One pass over a text finds every candidate. Digits glued to a letter, a digit or
# a hyphen (ids such as P-0612345678, years inside codes) are not candidates.
_PII = re.compile(
    r"(?P<email>[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,})"
    r"|(?P<phone>(?<![\w+\-])(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?|0)[1-9](?:[ .\-\u00a0]?\d{2}){4}(?!\w))"
    r"|(?P<number>(?<![\w\-])\d{3}[ .\u00a0]?\d{3}[ .\u00a0]?\d{3}(?:[ .\u00a0]?\d{5})?(?!\w))"
)
_QUICK = re.compile(r"@|\d\d")


def _luhn(digits: str) -> bool:
    """True when a string of digits passes the Luhn check (SIREN and SIRET key)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _number_kind(text: str) -> str | None:
    """'siren' or 'siret' when ``text`` is a valid one (9 or 14 digits), else None."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 9 and _luhn(digits):
        return "siren"
    if len(digits) == 14:
        if _luhn(digits):
            return "siret"
        # La Poste's establishments (SIREN 356 000 000) use a digit-sum key instead.
        if digits.startswith("356000000") and sum(map(int, digits)) % 5 == 0:
            return "siret"
    return None


def _findings(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of every piece of personal data found in ``text``."""
    if not _QUICK.search(text):
        return []
    found = []
    for match in _PII.finditer(text):
        kind = match.lastgroup
        if kind == "number":
            kind = _number_kind(match.group())
            if kind is None:
                continue
        found.append((kind, match.start(), match.end()))
    return found


def mask_value(value: str, kind: str) -> str:
    """A masked form of a piece of personal data, safe to print in a message.

    E-mail addresses keep their first letter and top-level domain; numbers keep
    their first two and last two digits.

    Examples
    --------
    >>> mask_value("jeanne.martin@example.fr", "email")
    'j***@***.fr'
    >>> mask_value("06 12 34 56 78", "phone")
    '06******78'
    """
    value = str(value).strip()
    if kind == "email":
        local, _, domain = value.partition("@")
        tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
        return f"{local[:1]}***@***.{tld}"
    digits = re.sub(r"\D", "", value)
    if len(digits) < 6:
        return "*" * len(digits)
    return digits[:2] + "*" * (len(digits) - 4) + digits[-2:]


def personal_column_reason(column: str) -> str | None:
    """The word of a column name suggesting personal data, or None.

    Examples
    --------
    >>> personal_column_reason("Prénom du porteur")
    'prenom'
    >>> personal_column_reason("nombre_de_salaries") is None
    True
    """
    token = normalise_token(column)
    if token in PERSONAL_NAMES:
        return token
    for part in token.split("_"):
        if part in PERSONAL_NAME_PARTS:
            return part
    return None


def redact_personal_data(text: str) -> tuple[str, int]:
    """Replace e-mails, phones, SIREN and SIRET found in ``text`` by placeholders.

    Returns the new text and the number of replacements.

    Examples
    --------
    >>> redact_personal_data("Contact : jeanne.martin@example.fr, 06 12 34 56 78")
    ('Contact : [email], [telephone]', 2)
    """
    found = _findings(text)
    if not found:
        return text, 0
    pieces, last = [], 0
    for kind, start, end in found:
        pieces.append(text[last:start])
        pieces.append(_PLACEHOLDERS[kind])
        last = end
    pieces.append(text[last:])
    return "".join(pieces), len(found)


_ADVICE = N_("retirez cette donnée du fichier ou passez le jeu par « amiris-lab anonymise »")


def _lines(table, n_rows: int) -> np.ndarray:
    lines = getattr(table, "lines", None)
    if lines is None:
        return np.arange(2, n_rows + 2)
    return np.asarray(lines)


def _column_problems(table) -> list[tuple[tuple, PersonalDataProblem]]:
    out = []
    for position, column in enumerate(table.frame.columns):
        reason = personal_column_reason(str(column))
        if reason is None:
            continue
        message = t_(
            "le nom de la colonne suggère une donnée personnelle (« {reason} ») : supprimez la "
            "colonne ou passez le jeu par « amiris-lab anonymise »",
            reason=reason,
        )
        out.append(((1, position, ""), PersonalDataProblem(table.label, 1, str(column), message)))
    return out


def _cell_problems(table, limit: int | None) -> list[tuple[tuple, PersonalDataProblem]]:
    frame = table.frame
    lines = _lines(table, len(frame))
    out = []
    for position, column in enumerate(frame.columns):
        codes, uniques = pd.factorize(frame.iloc[:, position], use_na_sentinel=True)
        hits: dict[str, list[int]] = {}
        for index, value in enumerate(uniques):
            if not isinstance(value, str):
                value = str(value)
            for kind in dict.fromkeys(kind for kind, _, _ in _findings(value)):
                hits.setdefault(kind, []).append(index)
        for kind, indices in hits.items():
            rows = np.flatnonzero(np.isin(codes, indices))
            shown = rows if limit is None else rows[:limit]
            kind_name, a_kind = (t_(label) for label in _KINDS[kind])
            advice = t_(_ADVICE)
            for row in shown:
                text = str(uniques[codes[row]])
                first = next(f for f in _findings(text) if f[0] == kind)
                masked = mask_value(text[first[1] : first[2]], kind)
                message = t_(
                    "{kind_name} probable '{masked}' : {advice}",
                    kind_name=kind_name,
                    masked=masked,
                    advice=advice,
                )
                line = int(lines[row])
                out.append(
                    (
                        (line, position, kind),
                        PersonalDataProblem(table.label, line, str(column), message),
                    )
                )
            if len(rows) > len(shown):
                more = len(rows) - len(shown)
                message = t_(
                    "et {more} autre(s) cellule(s) de cette colonne contiennent {a_kind} probable",
                    more=more,
                    a_kind=a_kind,
                )
                out.append(
                    (
                        (float("inf"), position, kind),
                        PersonalDataProblem(table.label, None, str(column), message),
                    )
                )
    return out


def scan_personal_data(
    raw: Mapping[str, Any], *, limit: int | None = 20
) -> list[PersonalDataProblem]:
    """Find personal data in raw tables: column names and text cells.

    Parameters
    ----------
    raw : dict of str to RawTable
        Tables as read by :func:`amiris_lab.data.readers.read_raw_tables` (each with
        ``frame``, an all-text DataFrame, ``label`` such as ``scores.csv`` and
        ``lines``, the spreadsheet line of each row, header = line 1).
    limit : int or None, default 20
        At most this many findings of one kind are listed per column; the rest
        are counted in one more line. None lists them all.

    Returns
    -------
    list of PersonalDataProblem
        A kind of :class:`~amiris_lab.exceptions.Problem`, in table order, then
        line order. Column names suggesting personal data
        are reported on line 1; cells with a likely e-mail address, French phone
        number (``+33``, ``0033`` or ``0X XX XX XX XX`` with spaces, dots or
        hyphens), SIREN (9 digits) or SIRET (14 digits) passing the Luhn check
        (or La Poste's rule) on their own line. Values are masked.

    Notes
    -----
    Each column is factorised first and only its distinct values are searched,
    so a million rows of ids and levels take well under a second. Numbers glued
    to a letter, digit or hyphen (ids such as ``P2016-001``) are not candidates,
    a year (``2019``) or a department (``02``) is never a phone number, and a
    nine- or fourteen-digit number failing the Luhn check is not a SIREN/SIRET.

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> frame = pd.DataFrame({"project_id": ["P1", "P2"],
    ...                       "note": ["SIRET 732 829 320 00074", "appel le 0612345678"]})
    >>> table = SimpleNamespace(name="projects", frame=frame, label="projects.csv", lines=[2, 3])
    >>> for p in scan_personal_data({"projects": table}):
    ...     print(p)
    projects.csv:2: colonne 'note': numéro SIRET probable '73**********74' : retirez cette donnée ...
    projects.csv:3: colonne 'note': numéro de téléphone probable '06******78' : retirez cette donnée ...
    """
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise ParameterError(
            "The 'limit' parameter of scan_personal_data must be a positive integer or None. "
            f"Got {limit!r} instead."
        )
    problems: list[PersonalDataProblem] = []
    for table in raw.values():
        found = _column_problems(table) + _cell_problems(table, limit)
        found.sort(key=lambda item: item[0])
        problems.extend(p for _, p in found)
    return problems
