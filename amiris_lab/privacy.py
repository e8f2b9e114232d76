"""Keeping datasets anonymous: a personal-data scanner, keyed pseudonyms, k-anonymity.

Three tools, each answering a question a data-protection officer asks:

* :func:`scan_personal_data` -- *does this file hold personal data?* Every text
  cell is searched for e-mail addresses, French phone numbers and SIREN / SIRET
  numbers (checked with the Luhn key, and La Poste's SIRET exception), and every
  column name for words such as ``nom``, ``prénom``, ``email``, ``téléphone``,
  ``adresse``. Each finding names the file, line and column and shows a masked
  value only. :func:`amiris_lab.validation.validate_dataset` calls it.
* :func:`anonymise` -- *turn raw committee records into a shareable dataset*:
  project and rater ids are replaced by keyed pseudonyms (HMAC-SHA256, the same
  for the same id and key, so several years line up), columns with direct
  identifiers are dropped, free text is redacted, and a report of every change
  is written beside the tables (never the key, never the correspondence table).
* :func:`k_anonymity` and :func:`generalise` -- *could a project be recognised
  from its description?* The projects table is grouped on the quasi-identifiers
  (year, department, legal form, stage, sector); groups smaller than ``k`` are
  reported, and can be generalised or suppressed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from .dataset import (
    MARKER_COLUMNS,
    PROJECT_COLUMNS,
    RATER_COLUMNS,
    SCALE_COLUMNS,
    SCORE_COLUMNS,
    MarkerDataset,
)
from .definitions import CONSENSUS_RATER, normalise_token
from .exceptions import AmirisError, ParameterError, Problem
from .i18n import N_, lazy_, t_

__all__ = [
    "AnonymisationReport",
    "GeneralisationResult",
    "KAnonymityReport",
    "anonymise",
    "generalise",
    "k_anonymity",
    "mask_value",
    "personal_column_reason",
    "pseudonym",
    "redact_personal_data",
    "scan_personal_data",
]

# --------------------------------------------------------------------------- detection

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


def _column_problems(table) -> list[tuple[tuple, Problem]]:
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
        out.append(((1, position, ""), Problem(table.label, 1, str(column), message)))
    return out


def _cell_problems(table, limit: int | None) -> list[tuple[tuple, Problem]]:
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
                    ((line, position, kind), Problem(table.label, line, str(column), message))
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
                        Problem(table.label, None, str(column), message),
                    )
                )
    return out


def scan_personal_data(raw: Mapping[str, Any], *, limit: int | None = 20) -> list[Problem]:
    """Find personal data in raw tables: column names and text cells.

    Parameters
    ----------
    raw : dict of str to RawTable
        Tables as read by :func:`amiris_lab.readers.read_raw_tables` (each with
        ``frame``, an all-text DataFrame, ``label`` such as ``scores.csv`` and
        ``lines``, the spreadsheet line of each row, header = line 1).
    limit : int or None, default 20
        At most this many findings of one kind are listed per column; the rest
        are counted in one more line. None lists them all.

    Returns
    -------
    list of Problem
        In table order, then line order. Column names suggesting personal data
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
    projects.csv:2: column 'note': numéro SIRET probable '73**********74' : retirez cette donnée ...
    projects.csv:3: column 'note': numéro de téléphone probable '06******78' : retirez cette donnée ...
    """
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise ParameterError(
            "The 'limit' parameter of scan_personal_data must be a positive integer or None. "
            f"Got {limit!r} instead."
        )
    problems: list[Problem] = []
    for table in raw.values():
        found = _column_problems(table) + _cell_problems(table, limit)
        found.sort(key=lambda item: item[0])
        problems.extend(p for _, p in found)
    return problems


# --------------------------------------------------------------------------- pseudonyms

_PREFIXES = {"project": "P-", "rater": "R-"}
_KEY_MIN_BYTES = 16


def _check_key(key: bytes, function: str) -> bytes:
    if not isinstance(key, bytes | bytearray):
        raise ParameterError(
            f"The 'key' parameter of {function} must be bytes. Got {type(key).__name__} instead."
        )
    if len(key) < _KEY_MIN_BYTES:
        raise ParameterError(
            f"The 'key' parameter of {function} must hold at least {_KEY_MIN_BYTES} bytes "
            f"(make one with 'amiris-lab anonymise --new-key'). Got {len(key)} bytes instead."
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


# --------------------------------------------------------------------------- anonymise


@dataclass
class AnonymisationReport:
    """What :func:`anonymise` changed.

    Attributes
    ----------
    source, output : str
        Names (not full paths) of the raw input and of the output folder.
    key_id : str
        A short tag of the key (HMAC of a fixed text), to check two years were
        anonymised with the same key; the key cannot be recovered from it.
    tables : list of str
        Files written.
    dropped_columns : list of dict
        ``{"file", "column", "reason"}`` for every column removed.
    redacted_cells : dict
        File -> column -> number of cells whose text was redacted.
    projects_mapped, raters_mapped : int
        Distinct project and rater ids replaced by pseudonyms.
    remaining_problems : list of str
        What the scanner still finds in the output (should be empty).
    ignored_files : list of str
        Files (or sheets) of the raw dataset that are not tables of the format;
        they are not copied.
    """

    source: str
    output: str
    key_id: str
    tables: list[str] = field(default_factory=list)
    dropped_columns: list[dict[str, str]] = field(default_factory=list)
    redacted_cells: dict[str, dict[str, int]] = field(default_factory=dict)
    projects_mapped: int = 0
    raters_mapped: int = 0
    remaining_problems: list[str] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data."""
        return asdict(self)

    def summary(self, *, lang: str | None = None) -> str:
        """A few lines for people, in the language in force."""
        n_redacted = sum(sum(c.values()) for c in self.redacted_cells.values())
        lines = [
            t_(
                "Jeu anonymisé : {source} -> {output} (clé {key_id})",
                source=self.source,
                output=self.output,
                key_id=self.key_id,
                lang=lang,
            ),
            t_(
                "  identifiants remplacés : {projects_mapped} projet(s), {raters_mapped} "
                "évaluateur(s)",
                projects_mapped=self.projects_mapped,
                raters_mapped=self.raters_mapped,
                lang=lang,
            ),
            t_(
                "  colonnes supprimées : {n_dropped_columns}",
                n_dropped_columns=len(self.dropped_columns),
                lang=lang,
            ),
        ]
        lines += [f"    {d['file']}: {d['column']} ({d['reason']})" for d in self.dropped_columns]
        lines.append(t_("  cellules caviardées : {n_redacted}", n_redacted=n_redacted, lang=lang))
        for file, columns in self.redacted_cells.items():
            lines += [f"    {file}: {column} ({n})" for column, n in columns.items()]
        if self.ignored_files:
            lines.append(
                t_(
                    "  non copiés (hors format) : {join}",
                    join=", ".join(self.ignored_files),
                    lang=lang,
                )
            )
        if self.remaining_problems:
            lines.append(t_("  ATTENTION, données personnelles encore détectées :", lang=lang))
            lines += [f"    {p}" for p in self.remaining_problems]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


@dataclass(frozen=True)
class _Table:
    name: str
    frame: pd.DataFrame
    label: str
    lines: Sequence[int] | None = None


#: Columns of the dataset format that are never dropped, and the id columns mapped.
_FORMAT_COLUMNS = frozenset(
    {
        *PROJECT_COLUMNS,
        *RATER_COLUMNS,
        *SCORE_COLUMNS,
        *MARKER_COLUMNS,
        *SCALE_COLUMNS,
        *("marker", "level", "text_fr", "text_en"),  # descriptors
    }
)
_ID_KINDS = {"project_id": "project", "rater_id": "rater"}


def _prepare_output(raw_path: Path, out_path: Path, overwrite: bool) -> None:
    if not raw_path.exists():
        raise ParameterError(lazy_("Le jeu brut '{name}' est introuvable.", name=raw_path.name))
    if out_path.resolve() == raw_path.resolve():
        raise ParameterError(
            lazy_(
                "Le dossier de sortie doit différer du jeu brut (les données brutes seraient "
                "écrasées)."
            )
        )
    if out_path.exists() and not out_path.is_dir():
        raise ParameterError(
            lazy_("La sortie '{name}' existe et n'est pas un dossier.", name=out_path.name)
        )
    if out_path.is_dir() and any(out_path.iterdir()) and not overwrite:
        raise ParameterError(
            lazy_(
                "Le dossier de sortie '{name}' n'est pas vide : choisissez un dossier neuf (ou "
                "--overwrite).",
                name=out_path.name,
            )
        )
    out_path.mkdir(parents=True, exist_ok=True)


def anonymise(
    raw_path: str | Path,
    out_path: str | Path,
    *,
    key: bytes,
    drop_columns: Iterable[str] = (),
    overwrite: bool = False,
) -> AnonymisationReport:
    """Write an anonymised copy of a raw dataset.

    Parameters
    ----------
    raw_path : str or Path
        Raw dataset: a folder of CSV / Parquet files or an ``.xlsx`` workbook, as
        read by :func:`amiris_lab.readers.read_raw_tables` (contents are not
        validated, so raw exports with extra columns are fine).
    out_path : str or Path
        Folder to write, as CSV (UTF-8, ``,``), one file per table, plus
        ``anonymisation_report.json``. Must be new or empty (see ``overwrite``).
    key : bytes
        Secret key of the pseudonyms (at least 16 bytes). Keep it outside any
        dataset folder and reuse it every year; it is never written to the output.
    drop_columns : iterable of str, optional
        More columns to drop, in any table (names compared ignoring case and accents).
    overwrite : bool, default False
        Allow writing into a non-empty output folder.

    Returns
    -------
    AnonymisationReport
        Also written to ``out_path/anonymisation_report.json``.

    Notes
    -----
    * ``project_id`` and ``rater_id`` (in every table) become
      :func:`pseudonym` values ``P-`` / ``R-`` + 10 hex digits of
      HMAC-SHA256(key, id); ``COMITE`` and empty cells stay as they are, so the
      scores keep pointing at the right projects and raters.
    * Columns whose name suggests personal data (:func:`personal_column_reason`)
      are dropped, except the columns of the dataset format.
    * In every other cell, e-mails, phones, SIREN and SIRET are replaced by
      ``[email]``, ``[telephone]``, ``[siren]``, ``[siret]``.
    * Neither the key nor the correspondence between old and new ids is
      written; with the key, :func:`pseudonym` finds an id's pseudonym again.
    """
    key = _check_key(key, "anonymise")
    extra_drop = {normalise_token(c) for c in drop_columns}
    raw_path, out_path = Path(raw_path), Path(out_path)
    _prepare_output(raw_path, out_path, overwrite)

    from .readers import read_raw_tables

    raw = read_raw_tables(raw_path)
    report = AnonymisationReport(source=raw_path.name, output=out_path.name, key_id=_key_id(key))
    report.ignored_files = [str(name) for name in getattr(raw, "ignored", [])]
    project_ids: set[str] = set()
    rater_ids: set[str] = set()
    written: dict[str, _Table] = {}
    for name, table in raw.items():
        frame = table.frame.copy()
        file = f"{name}.csv"
        for column in list(frame.columns):
            folded = normalise_token(str(column))
            reason = None
            if folded in extra_drop:
                reason = t_("demandé")
            elif folded not in _FORMAT_COLUMNS:
                reason = personal_column_reason(str(column))
            if reason is not None:
                frame = frame.drop(columns=column)
                report.dropped_columns.append(
                    {"file": file, "column": str(column), "reason": reason}
                )
        for column in frame.columns:
            kind = _ID_KINDS.get(str(column))
            values = frame[column]
            if kind is not None:
                frame[column], _ = _map_ids(values, key=key, kind=kind)
                seen = {str(v).strip() for v in values.dropna().unique()}
                (project_ids if kind == "project" else rater_ids).update(
                    v for v in seen if v and v.upper() != CONSENSUS_RATER
                )
                continue
            codes, uniques = pd.factorize(values, use_na_sentinel=True)
            redacted = [redact_personal_data(str(v)) for v in uniques]
            changed = np.array([n > 0 for _, n in redacted] + [False])
            n_cells = int(changed[codes].sum())
            if n_cells:
                new_uniques = np.asarray([t for t, _ in redacted] + [None], dtype=object)
                frame[column] = pd.Series(new_uniques[codes], index=frame.index).where(
                    codes >= 0, values
                )
                report.redacted_cells.setdefault(file, {})[str(column)] = n_cells
        written[name] = _Table(name, frame, file, getattr(table, "lines", None))

    report.projects_mapped = len(project_ids)
    report.raters_mapped = len(rater_ids)
    report.remaining_problems = [str(p) for p in scan_personal_data(written)]
    for table in written.values():
        table.frame.to_csv(
            out_path / table.label, index=False, encoding="utf-8", lineterminator="\n"
        )
        report.tables.append(table.label)
    text = json.dumps(report.to_dict(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    (out_path / "anonymisation_report.json").write_text(text, encoding="utf-8")
    _check_key_absent(out_path, key)
    return report


def _check_key_absent(out_path: Path, key: bytes) -> None:
    """Defensive check: the key, raw or as hex, appears in no output file."""
    needles = {key, key.hex().encode()}
    for path in out_path.iterdir():
        if path.is_file():
            content = path.read_bytes()
            if any(n in content for n in needles):
                raise AmirisError(
                    lazy_(
                        "La clé apparaît dans '{name}' : supprimez le dossier de sortie.",
                        name=path.name,
                    )
                )


# --------------------------------------------------------------------------- k-anonymity

QUASI_IDENTIFIERS = ("year", "department", "legal_form", "stage", "sector")


@dataclass(frozen=True)
class KAnonymityReport:
    """Sizes of the groups of projects sharing the same quasi-identifiers.

    Attributes
    ----------
    k : int
        The threshold.
    quasi_identifiers : tuple of str
        Columns grouped on.
    n_records, n_groups : int
        Projects and distinct combinations.
    smallest_group : int
        Size of the smallest group (0 for an empty table).
    groups : DataFrame
        Every group: the quasi-identifier columns and ``size``, smallest first.
    groups_under_k : DataFrame
        The groups with fewer than ``k`` projects (same columns).
    records_under_k : int
        Projects in those groups.
    """

    k: int
    quasi_identifiers: tuple[str, ...]
    n_records: int
    n_groups: int
    smallest_group: int
    groups: pd.DataFrame
    groups_under_k: pd.DataFrame
    records_under_k: int

    @property
    def is_k_anonymous(self) -> bool:
        """True when every group has at least ``k`` projects."""
        return self.records_under_k == 0

    def summary(self, *, lang: str | None = None, max_groups: int = 20) -> str:
        """The report as text for people."""
        qi = ", ".join(self.quasi_identifiers)
        lines = [
            t_(
                "k-anonymat (k = {k}) sur {qi} : {n_records} projet(s), {n_groups} groupe(s), plus "
                "petit groupe : {smallest_group}",
                k=self.k,
                qi=qi,
                n_records=self.n_records,
                n_groups=self.n_groups,
                smallest_group=self.smallest_group,
                lang=lang,
            )
        ]
        if self.is_k_anonymous:
            lines.append(t_("Chaque groupe compte au moins {k} projets.", k=self.k, lang=lang))
            return "\n".join(lines)
        lines.append(
            t_(
                "{n_groups_under_k} groupe(s) de moins de {k} projets ({records_under_k} projet(s) "
                "ré-identifiables) :",
                n_groups_under_k=len(self.groups_under_k),
                k=self.k,
                records_under_k=self.records_under_k,
                lang=lang,
            )
        )
        shown = self.groups_under_k.head(max_groups)
        lines.append(shown.to_string(index=False))
        if len(self.groups_under_k) > max_groups:
            lines.append(
                t_(
                    "... et {len_self_groups_under_k_max_gr} autre(s) groupe(s)",
                    len_self_groups_under_k_max_gr=len(self.groups_under_k) - max_groups,
                    lang=lang,
                )
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def _projects_table(projects, function: str) -> pd.DataFrame:
    if isinstance(projects, MarkerDataset):
        return projects.projects
    if not isinstance(projects, pd.DataFrame):
        raise ParameterError(
            f"The 'projects' parameter of {function} must be a DataFrame or a MarkerDataset. "
            f"Got {type(projects).__name__} instead."
        )
    return projects


def _check_k(k, function: str) -> int:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 2:
        raise ParameterError(
            f"The 'k' parameter of {function} must be an integer >= 2. Got {k!r} instead."
        )
    return int(k)


def _check_qi(frame: pd.DataFrame, quasi_identifiers, function: str) -> tuple[str, ...]:
    if isinstance(quasi_identifiers, str):
        quasi_identifiers = (quasi_identifiers,)
    qi = tuple(quasi_identifiers)
    if not qi:
        raise ParameterError(
            f"The 'quasi_identifiers' parameter of {function} must name at least one column."
        )
    missing = [c for c in qi if c not in frame.columns]
    if missing:
        raise ParameterError(
            f"The quasi-identifier column {missing[0]!r} is not in the projects table; "
            f"its columns are {', '.join(map(str, frame.columns))}."
        )
    return qi


def _group_keys(frame: pd.DataFrame, qi: tuple[str, ...]) -> pd.DataFrame:
    """The quasi-identifiers as text (missing = empty), for grouping."""
    keys = pd.DataFrame(index=frame.index)
    for column in qi:
        values = frame[column].astype(object)
        keys[column] = values.where(values.notna(), "").astype(str)
    return keys


def _group_sizes(frame: pd.DataFrame, qi: tuple[str, ...]) -> pd.Series:
    """Size of each row's group."""
    keys = _group_keys(frame, qi)
    return keys.groupby(list(qi), sort=False)[qi[0]].transform("size")


def k_anonymity(
    projects: pd.DataFrame | MarkerDataset,
    *,
    quasi_identifiers: Sequence[str] = QUASI_IDENTIFIERS,
    k: int = 5,
) -> KAnonymityReport:
    """How many projects share each combination of quasi-identifiers.

    A table is *k-anonymous* when every combination is shared by at least ``k``
    records (Sweeney 2002): a reader who knows a project's year, department,
    legal form, stage and sector then cannot tell it from ``k - 1`` others.

    Parameters
    ----------
    projects : DataFrame or MarkerDataset
        The projects table (or a dataset, whose ``projects`` are used).
    quasi_identifiers : sequence of str, default year, department, legal_form, stage, sector
        Columns an outsider could know. Missing values form their own value.
    k : int, default 5
        Threshold (at least 2).

    Returns
    -------
    KAnonymityReport

    Examples
    --------
    >>> from amiris_lab.demo import make_demo_dataset
    >>> report = k_anonymity(make_demo_dataset(years=[2019]), k=5)
    >>> report.smallest_group >= 1, report.is_k_anonymous
    (True, False)
    >>> list(report.groups_under_k.columns)
    ['year', 'department', 'legal_form', 'stage', 'sector', 'size']
    """
    frame = _projects_table(projects, "k_anonymity")
    k = _check_k(k, "k_anonymity")
    qi = _check_qi(frame, quasi_identifiers, "k_anonymity")
    keys = _group_keys(frame, qi)
    if len(keys):
        groups = keys.groupby(list(qi), sort=True).size().rename("size").reset_index()
    else:
        groups = pd.DataFrame({**{c: pd.Series(dtype=object) for c in qi}, "size": []})
    groups["size"] = groups["size"].astype(int)
    groups = groups.sort_values("size", kind="mergesort").reset_index(drop=True)
    under = groups[groups["size"] < k].reset_index(drop=True)
    return KAnonymityReport(
        k=k,
        quasi_identifiers=qi,
        n_records=len(frame),
        n_groups=len(groups),
        smallest_group=int(groups["size"].min()) if len(groups) else 0,
        groups=groups,
        groups_under_k=under,
        records_under_k=int(under["size"].sum()),
    )


@dataclass(frozen=True)
class GeneralisationResult:
    """The outcome of :func:`generalise`.

    Attributes
    ----------
    table : DataFrame
        The new projects table (suppressed rows removed).
    changes : DataFrame
        One row per change: ``project_id, action`` (``generalise`` or
        ``suppress``), ``column`` (empty for a suppression), ``before, after``.
    suppressed : list of str
        Ids of the projects removed.
    report : KAnonymityReport
        The k-anonymity of ``table``.
    """

    table: pd.DataFrame
    changes: pd.DataFrame
    suppressed: list[str]
    report: KAnonymityReport


#: Local recodings tried, in order, by ``strategy="generalise"``: column -> coarser value.
#: Both values belong to the dataset format, so the result still validates.
GENERALISATION_STEPS = (("sector", "autre"), ("legal_form", "autre"))


def generalise(
    projects: pd.DataFrame | MarkerDataset,
    *,
    k: int = 5,
    strategy: Literal["generalise", "suppress"] = "generalise",
    quasi_identifiers: Sequence[str] = QUASI_IDENTIFIERS,
) -> GeneralisationResult:
    """Make a projects table k-anonymous by coarsening values and removing rows.

    Parameters
    ----------
    projects : DataFrame or MarkerDataset
        Needs a ``project_id`` column and the quasi-identifier columns.
    k : int, default 5
        Smallest group size wanted.
    strategy : {"generalise", "suppress"}, default "generalise"
        ``suppress`` removes every project of a group under ``k``.
        ``generalise`` first recodes, in projects of groups under ``k`` only,
        the sector to ``autre``, then (for those still under ``k``) the legal form
        to ``autre``, and removes the projects still under ``k``. The year,
        department and stage are never coarsened: the dataset format has no
        coarser value for them (a region code would not validate).
    quasi_identifiers : sequence of str
        As in :func:`k_anonymity`.

    Returns
    -------
    GeneralisationResult

    Examples
    --------
    >>> from amiris_lab.demo import make_demo_dataset
    >>> ds = make_demo_dataset(years=[2019])
    >>> result = generalise(ds, k=3, strategy="generalise")
    >>> result.report.is_k_anonymous
    True
    >>> sorted(result.changes["action"].unique())
    ['generalise', 'suppress']
    """
    if strategy not in ("generalise", "suppress"):
        raise ParameterError(
            "The 'strategy' parameter of generalise must be one of {'generalise', 'suppress'}. "
            f"Got {strategy!r} instead."
        )
    frame = _projects_table(projects, "generalise")
    k = _check_k(k, "generalise")
    qi = _check_qi(frame, quasi_identifiers, "generalise")
    if "project_id" not in frame.columns:
        raise ParameterError(
            "The projects table given to generalise has no 'project_id' column; its columns are "
            f"{', '.join(map(str, frame.columns))}."
        )
    table = frame.copy()
    categorical = [c for c in table.columns if isinstance(table[c].dtype, pd.CategoricalDtype)]
    for column in categorical:
        table[column] = table[column].astype(object)
    changes = []
    if strategy == "generalise":
        for column, coarse in GENERALISATION_STEPS:
            if column not in qi:
                continue
            under = (_group_sizes(table, qi) < k).to_numpy()
            if not under.any():
                break
            values = table[column]
            recode = under & (values.astype(str) != coarse).to_numpy()
            for pid, before in zip(table.loc[recode, "project_id"], values[recode], strict=True):
                changes.append((str(pid), "generalise", column, str(before), coarse))
            table.loc[recode, column] = coarse
    under = (_group_sizes(table, qi) < k).to_numpy() if len(table) else np.zeros(0, bool)
    suppressed = [str(p) for p in table.loc[under, "project_id"]]
    changes += [(pid, "suppress", "", "", "") for pid in suppressed]
    table = table.loc[~under].reset_index(drop=True)
    for column in categorical:
        table[column] = table[column].astype("category")
    changes_frame = pd.DataFrame(
        changes, columns=["project_id", "action", "column", "before", "after"]
    ).astype(object)
    return GeneralisationResult(
        table=table,
        changes=changes_frame,
        suppressed=suppressed,
        report=k_anonymity(table, quasi_identifiers=qi, k=k),
    )
