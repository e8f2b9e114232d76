"""Turn raw committee records into a shareable dataset.

Project and rater ids are replaced by keyed pseudonyms (:mod:`.pseudonyms`),
columns with direct identifiers are dropped, free text is redacted
(:mod:`.detection`), and a report of every change is written beside the tables
(never the key, never the correspondence table).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ...definitions import normalise_token
from ...exceptions import AmirisError, ParameterError
from ...format import CONSENSUS_RATER, DESCRIPTOR_COLUMNS
from ...i18n import lazy_, t_
from ..dataset import (
    MARKER_COLUMNS,
    PROJECT_COLUMNS,
    RATER_COLUMNS,
    SCALE_COLUMNS,
    SCORE_COLUMNS,
)
from .detection import personal_column_reason, redact_personal_data, scan_personal_data
from .pseudonyms import _check_key, _key_id, _map_ids


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
    stale_files : list of str
        With ``overwrite``: files an earlier anonymisation wrote in the output
        folder (listed in its report) that this one does not write; removed, so
        an old ``scale.csv`` never applies to new data.
    removed_files : list of str
        With ``overwrite``: files of the output folder that no anonymisation
        wrote; removed (and said so by :meth:`summary`).
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
    stale_files: list[str] = field(default_factory=list)
    removed_files: list[str] = field(default_factory=list)

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
        if self.stale_files:
            lines.append(
                t_(
                    "  retirés du dossier de sortie (écrits par une anonymisation précédente) : "
                    "{files}",
                    files=", ".join(self.stale_files),
                    lang=lang,
                )
            )
        if self.removed_files:
            lines.append(
                t_(
                    "  ATTENTION, fichiers supprimés du dossier de sortie (--overwrite), "
                    "qu'aucune anonymisation n'avait écrits : {files}",
                    files=", ".join(self.removed_files),
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
        *DESCRIPTOR_COLUMNS,
    }
)
_ID_KINDS = {"project_id": "project", "rater_id": "rater"}


_REPORT_FILE = "anonymisation_report.json"


def _prepare_output(raw_path: Path, out_path: Path, overwrite: bool) -> list[Path]:
    """Check the input and output paths; return the files already in the output folder."""
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
    existing = sorted(out_path.iterdir()) if out_path.is_dir() else []
    folders = [p.name for p in existing if p.is_dir()]
    if folders:
        raise ParameterError(
            lazy_(
                "Le dossier de sortie '{name}' contient le dossier '{folder}' : anonymise ne "
                "supprime pas de dossiers ; choisissez un dossier neuf.",
                name=out_path.name,
                folder=folders[0],
            )
        )
    return existing


def _earlier_outputs(out_path: Path) -> set[str]:
    """Files an earlier anonymisation wrote in ``out_path`` (from its report)."""
    try:
        earlier = json.loads((out_path / _REPORT_FILE).read_text(encoding="utf-8"))
        tables = [str(t) for t in earlier.get("tables", [])]
    except (OSError, ValueError, AttributeError, TypeError):
        return set()
    return {_REPORT_FILE, *tables}


def _clear_output(
    out_path: Path, existing: list[Path], writing: set[str], report: AnonymisationReport
) -> None:
    """Empty the output folder before writing; record what was removed."""
    ours = _earlier_outputs(out_path)
    for path in existing:
        if path.name not in ours:
            report.removed_files.append(path.name)
        elif path.name not in writing:
            report.stale_files.append(path.name)
        path.unlink()


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
        read by :func:`amiris_lab.data.readers.read_raw_tables` (contents are not
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
        Allow writing into a non-empty output folder. The folder then holds
        exactly the new dataset: every file already there is removed (files an
        earlier anonymisation wrote but this one does not, such as an old
        ``scale.csv``, are listed in ``stale_files``; any other file in
        ``removed_files``, with a warning in the summary). Sub-folders are
        never deleted: their presence is an error.

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
    existing = _prepare_output(raw_path, out_path, overwrite)

    from ..readers import read_raw_tables

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
    _clear_output(out_path, existing, {_REPORT_FILE, *(t.label for t in written.values())}, report)
    out_path.mkdir(parents=True, exist_ok=True)
    for table in written.values():
        table.frame.to_csv(
            out_path / table.label, index=False, encoding="utf-8", lineterminator="\n"
        )
        report.tables.append(table.label)
    text = json.dumps(report.to_dict(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    (out_path / _REPORT_FILE).write_text(text, encoding="utf-8")
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
