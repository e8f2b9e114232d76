"""Reading the raw tables of a dataset, as text, with spreadsheet line numbers.

:func:`read_raw_tables` accepts what French offices really export: a folder of
CSV files in UTF-8 (with or without BOM), UTF-16 ("texte Unicode") or
cp1252/latin-1, with ``,``, ``;`` or tab delimiters, CRLF line ends and blank
lines; Parquet files of the same names; or one ``.xlsx`` workbook with sheets
``projects``, ``raters``, ``scores`` (optional ``markers``, ``scale``).

Every value is read as text (``"02"`` stays ``"02"``; empty cells are NaN) and
each row keeps the line number a spreadsheet user sees (header = line 1). Nothing
is checked here beyond "is it a readable table": content checks belong to
:mod:`amiris_lab.data.validation`, and the anonymiser reads raw files holding personal
data through this module too. Unreadable, binary or ambiguous files raise
:class:`~amiris_lab.exceptions.SchemaError`, never another exception.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import Problem, SchemaError
from ..format import OPTIONAL_TABLES, REQUIRED_TABLES
from ..i18n import t_

#: Tables of the dataset format, required first.
KNOWN_TABLES = REQUIRED_TABLES + OPTIONAL_TABLES

_DELIMITERS = (",", ";", "\t", "|")


@dataclass
class RawTable:
    """One table as read from a file, before any check.

    Attributes
    ----------
    name : str
        Table name (``projects``, ``raters``, ``scores``, ``markers``, ``scale``).
    frame : DataFrame
        Every value as ``str``, empty cells as NaN; columns as in the file's
        header (surrounding spaces and BOM removed).
    label : str
        How messages name the source: ``scores.csv``, ``scores.parquet`` or
        ``data.xlsx[scores]``.
    lines : ndarray of int
        Spreadsheet line number of each row of ``frame`` (header = line 1).
    encoding : str or None
        Text encoding detected (CSV only).
    delimiter : str or None
        Delimiter detected (CSV only).
    header : list of str or None
        Column names exactly as in the file when some repeat (``frame`` then
        names the repeats ``name (2)``...); None otherwise.
    """

    name: str
    frame: pd.DataFrame
    label: str
    lines: np.ndarray
    encoding: str | None = None
    delimiter: str | None = None
    header: list[str] | None = None


def _unique_columns(names: list[str]) -> tuple[list[str], list[str] | None]:
    """Rename repeated column names ``name (2)``...; also return the original if any repeat."""
    if len(set(names)) == len(names):
        return names, None
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    return out, list(names)


class RawTables(dict):
    """``dict`` of table name -> :class:`RawTable`, plus where the tables came from.

    Attributes
    ----------
    source : str
        File or folder name of the dataset.
    kind : {"folder", "workbook"}
    extension : str or None
        ``csv`` or ``parquet`` for folders (the format of the tables found).
    ignored : list of str
        Files of the folder (or sheets of the workbook) that are not tables of
        the format and were not read.
    """

    def __init__(self, *args, source: str = "", kind: str = "folder", extension=None, **kw):
        super().__init__(*args, **kw)
        self.source = source
        self.kind = kind
        self.extension = extension
        self.ignored: list[str] = []

    def expected_label(self, name: str) -> str:
        """Label a missing table would have (``scores.csv``, ``data.xlsx[scores]``)."""
        if self.kind == "workbook":
            return f"{self.source}[{name}]"
        return f"{name}.{self.extension or 'csv'}"


@dataclass
class _Found:
    files: dict[str, Path] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


def _fail(label: str, message: str, *, line: int | None = None) -> SchemaError:
    return SchemaError([Problem(label, line, None, message)])


# ---------------------------------------------------------------------- CSV
def _decode_probe(data: bytes, label: str) -> tuple[bytes, str]:
    """Return the bytes to parse (BOM removed) and their encoding."""
    if data.startswith(b"PK\x03\x04"):
        raise _fail(
            label,
            t_(
                "ce fichier est un classeur Excel ou une archive, pas un CSV : enregistrez-le « CSV "
                "UTF-8 » ou donnez-lui l'extension .xlsx."
            ),
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8"), "utf-16"
        except UnicodeDecodeError:
            pass
    elif data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:65536]
    controls = sum(head.count(bytes([c])) for c in (0, 1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16))
    if b"\x00" in head or controls > max(8, len(head) // 100):
        raise _fail(
            label,
            t_(
                "fichier binaire illisible : attendu un tableau CSV (texte), Parquet ou un classeur "
                ".xlsx."
            ),
        )
    try:
        data.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return data, "cp1252"
    except UnicodeDecodeError:
        return data, "latin-1"


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: 0 for d in _DELIMITERS}
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv_table(path: str | Path, name: str | None = None) -> RawTable:
    """Read one CSV file as text with its spreadsheet line numbers.

    Parameters
    ----------
    path : str or Path
        The CSV file.
    name : str, optional
        Table name; default the file's stem.

    Returns
    -------
    RawTable

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d) / "raters.csv"
    ...     _ = p.write_bytes("rater_id;collège\\r\\nR01;expert\\r\\n\\r\\n".encode("cp1252"))
    ...     t = read_csv_table(p)
    >>> list(t.frame.columns), t.encoding, t.delimiter, t.lines.tolist()
    (['rater_id', 'collège'], 'cp1252', ';', [2])
    """
    path = Path(path)
    label = path.name
    name = name or path.stem
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(
            label,
            t_(
                "lecture impossible ({exc_strerror_or_exc}).",
                exc_strerror_or_exc=exc.strerror or exc,
            ),
        ) from None
    data, encoding = _decode_probe(data, label)
    if encoding == "utf-16":
        encoding_used = "utf-8"
    else:
        encoding_used = encoding
    text_head = data[:65536].decode(encoding_used, errors="replace")
    stripped = text_head.lstrip("\r\n")
    if not stripped.strip():
        raise _fail(label, t_("fichier vide : la première ligne doit donner les noms de colonnes."))
    skipped = text_head[: len(text_head) - len(stripped)].count("\n")
    first_line = stripped.splitlines()[0]
    delimiter = _sniff_delimiter(first_line)
    header = next(csv.reader([first_line], delimiter=delimiter))
    header = [h.strip().lstrip("\ufeff") for h in header]
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            encoding=encoding_used,
            header=skipped,
            names=None,
        )
    except pd.errors.ParserError as exc:
        message = str(exc)
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
        if match:
            expected, line, saw = (int(g) for g in match.groups())
            raise _fail(
                label,
                t_(
                    "{saw} valeurs au lieu de {expected} (séparateur '{delimiter}' dans une valeur non "
                    "entourée de guillemets ?).",
                    saw=saw,
                    expected=expected,
                    delimiter=delimiter,
                ),
                line=line,
            ) from None
        raise _fail(
            label,
            t_(
                "CSV illisible ({replace}) : vérifiez les guillemets.",
                replace=message.replace("Error tokenizing data. C error: ", ""),
            ),
        ) from None
    except (pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        raise _fail(label, t_("CSV illisible ({exc}).", exc=exc)) from None
    if len(header) != frame.shape[1]:  # quoted newlines in the header: trust pandas
        header = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    columns, original = _unique_columns(header)
    frame.columns = columns
    lines = np.arange(frame.shape[0], dtype=np.int64) + skipped + 2
    blank = frame.isna().all(axis=1).to_numpy()
    if blank.any():
        frame = frame.loc[~blank].reset_index(drop=True)
        lines = lines[~blank]
    return RawTable(
        name=name,
        frame=frame,
        label=label,
        lines=lines,
        encoding=encoding,
        delimiter=delimiter,
        header=original,
    )


# ---------------------------------------------------------------------- Parquet and Excel
def _cell_text(value) -> str | float:
    """A typed cell (Excel or Parquet) as the text a CSV export would hold."""
    if value is None:
        return np.nan
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return np.nan
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(float(value))
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    if value is pd.NA or value is pd.NaT:
        return np.nan
    return str(value)


def _text_column(values: pd.Series) -> pd.Series:
    """A typed column as text, vectorised for the common types (strings, integers)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = _text_column(pd.Series(values.cat.categories))
        codes = values.cat.codes.to_numpy()
        table = np.append(categories.to_numpy(dtype=object), np.nan)
        return pd.Series(table[codes], index=values.index, dtype=object)
    if pd.api.types.is_string_dtype(values.dtype):
        return values.astype(object).where(values.notna(), np.nan)
    if pd.api.types.is_integer_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        missing = values.isna().to_numpy()
        text = values.astype("Int64").astype("string").astype(object).to_numpy(copy=True)
        text[missing] = np.nan
        return pd.Series(text, index=values.index, dtype=object)
    return pd.Series(
        [_cell_text(v) for v in values.astype(object)], index=values.index, dtype=object
    )


def read_parquet_table(path: str | Path, name: str | None = None) -> RawTable:
    """Read one Parquet file, every value turned into text; row i is line i + 2."""
    path = Path(path)
    label = path.name
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many types for corrupt files
        raise _fail(
            label, t_("fichier Parquet illisible ({name}).", name=type(exc).__name__)
        ) from None
    frame = frame.reset_index(drop=True)
    columns, original = _unique_columns([str(c).strip() for c in frame.columns])
    out = pd.DataFrame(
        {columns[i]: _text_column(frame.iloc[:, i]) for i in range(frame.shape[1])},
        index=frame.index,
    )
    lines = np.arange(len(out), dtype=np.int64) + 2
    blank = out.isna().all(axis=1).to_numpy() if out.shape[1] else np.zeros(len(out), bool)
    if blank.any():
        out, lines = out.loc[~blank].reset_index(drop=True), lines[~blank]
    return RawTable(name=name or path.stem, frame=out, label=label, lines=lines, header=original)


def read_workbook(path: str | Path) -> RawTables:
    """Read the sheets ``projects``, ``raters``, ``scores`` (``markers``, ``scale``) of a workbook.

    Sheet names match ignoring case and surrounding spaces. Labels are
    ``<workbook>[<sheet>]``; line numbers are the sheet's row numbers.
    """
    from openpyxl import load_workbook

    path = Path(path)
    source = path.name
    tables = RawTables(source=source, kind="workbook")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors
        raise _fail(
            source,
            t_(
                "classeur Excel illisible ({name}) : enregistrez-le au format .xlsx (Excel 2007 et "
                "suivants).",
                name=type(exc).__name__,
            ),
        ) from None
    try:
        for sheet_name in book.sheetnames:
            key = sheet_name.strip().lower()
            if key not in KNOWN_TABLES or key in tables:
                tables.ignored.append(f"{source}[{sheet_name}]")
                continue
            label = f"{source}[{sheet_name}]"
            rows = book[sheet_name].iter_rows(values_only=True)
            header = None
            records, lines = [], []
            for number, row in enumerate(rows, start=1):
                cells = [_cell_text(v) for v in row]
                if all(
                    isinstance(c, float) or (isinstance(c, str) and not c.strip()) for c in cells
                ):
                    continue
                if header is None:  # first non-blank row; rows keep their sheet numbers
                    header = cells
                    continue
                records.append(cells)
                lines.append(number)
            if header is None:
                raise _fail(
                    label, t_("feuille vide : la première ligne doit donner les noms de colonnes.")
                )
            # drop trailing unnamed columns (formatting left by spreadsheets)
            width = len(header)
            while width and isinstance(header[width - 1], float):
                width -= 1
            names = [
                (str(h).strip() if isinstance(h, str) else f"column_{i + 1}")
                for i, h in enumerate(header[:width])
            ]
            data = [(r + [np.nan] * width)[:width] for r in records]
            columns, original = _unique_columns(names)
            frame = pd.DataFrame(data, columns=range(width), dtype=object).set_axis(columns, axis=1)
            tables[key] = RawTable(
                name=key,
                frame=frame,
                label=label,
                lines=np.asarray(lines, dtype=np.int64).reshape(-1),
                header=original,
            )
    except SchemaError:
        raise
    except Exception as exc:
        raise _fail(
            source, t_("classeur Excel illisible ({name}).", name=type(exc).__name__)
        ) from None
    finally:
        book.close()
    return tables


# ---------------------------------------------------------------------- entry point
def _scan_folder(folder: Path) -> tuple[_Found, _Found, list[Path]]:
    csvs, parquets, workbooks = _Found(), _Found(), []
    for entry in sorted(folder.iterdir()):
        if not entry.is_file() or entry.name.startswith((".", "~$")):
            continue
        suffix = entry.suffix.lower()
        stem = entry.stem.strip().lower()
        if suffix in (".csv", ".txt", ".tsv"):
            if stem in KNOWN_TABLES and suffix == ".csv":
                if stem in csvs.files:
                    raise _fail(
                        entry.name,
                        t_(
                            "deux fichiers pour la table '{stem}' ({first} et {second}) : gardez-en un.",
                            stem=stem,
                            first=csvs.files[stem].name,
                            second=entry.name,
                        ),
                    )
                csvs.files[stem] = entry
            elif suffix == ".csv":
                csvs.ignored.append(entry.name)
        elif suffix == ".parquet":
            if stem in KNOWN_TABLES:
                parquets.files[stem] = entry
            else:
                parquets.ignored.append(entry.name)
        elif suffix == ".xlsx":
            workbooks.append(entry)
    return csvs, parquets, workbooks


def read_raw_tables(path: str | Path) -> RawTables:
    """Read the tables of a dataset as text, without checking their content.

    Parameters
    ----------
    path : str or Path
        A folder of ``projects.csv``, ``raters.csv``, ``scores.csv`` (optional
        ``markers.csv``, ``scale.csv``) or of ``.parquet`` files of the same names,
        or an ``.xlsx`` workbook (also a folder holding only one workbook).

    Returns
    -------
    RawTables
        A dict of table name -> :class:`RawTable` for the tables found (missing
        tables are absent: :mod:`amiris_lab.data.validation` reports them).

    Raises
    ------
    SchemaError
        Path missing, unreadable or binary files, a table present as both CSV
        and Parquet.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (pathlib.Path(d) / "projects.csv").write_text("project_id,department\\nP1,02\\n")
    ...     raw = read_raw_tables(d)
    >>> raw["projects"].frame.loc[0, "department"], raw["projects"].label
    ('02', 'projects.csv')
    """
    path = Path(path)
    if not path.exists():
        raise _fail(
            path.name or str(path),
            t_("introuvable : donnez un dossier de fichiers CSV ou Parquet, ou un classeur .xlsx."),
        )
    if path.is_file():
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            return read_workbook(path)
        if suffix == ".xls":
            raise _fail(
                path.name,
                t_(
                    "ancien format Excel (.xls) non pris en charge : enregistrez le classeur en .xlsx."
                ),
            )
        raise _fail(
            path.name,
            t_(
                "un jeu de données est un dossier (projects.csv, raters.csv, scores.csv) ou un "
                "classeur .xlsx : donnez le dossier qui contient ce fichier."
            ),
        )
    try:
        csvs, parquets, workbooks = _scan_folder(path)
    except OSError as exc:
        raise _fail(
            path.name,
            t_(
                "dossier illisible ({exc_strerror_or_exc}).",
                exc_strerror_or_exc=exc.strerror or exc,
            ),
        ) from None
    both = sorted(set(csvs.files) & set(parquets.files))
    if both:
        name = both[0]
        raise _fail(
            f"{name}.csv",
            t_(
                "la table '{name}' existe en CSV et en Parquet ({name}.csv, {name}.parquet) : gardez "
                "un seul format.",
                name=name,
            ),
        )
    if not csvs.files and not parquets.files and len(workbooks) == 1:
        return read_workbook(workbooks[0])
    if not csvs.files and not parquets.files and len(workbooks) > 1:
        raise _fail(
            path.name,
            t_("plusieurs classeurs .xlsx et aucun fichier CSV : donnez le classeur à lire."),
        )
    extension = "parquet" if parquets.files and not csvs.files else "csv"
    tables = RawTables(source=path.name, kind="folder", extension=extension)
    tables.ignored = sorted(csvs.ignored + parquets.ignored + [w.name for w in workbooks])
    for name in KNOWN_TABLES:
        if name in csvs.files:
            tables[name] = read_csv_table(csvs.files[name], name)
        elif name in parquets.files:
            tables[name] = read_parquet_table(parquets.files[name], name)
    return tables
