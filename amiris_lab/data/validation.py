"""Checking a dataset: every problem, one line each, located as a spreadsheet user sees it.

:func:`validate_tables` takes the raw text tables of :func:`amiris_lab.data.readers.read_raw_tables`
and returns clean tables (canonical values and dtypes) with the list of every
:class:`~amiris_lab.exceptions.Problem` found; :func:`validate_dataset` does the same
from a path. Messages keep the structure ``file:line: column 'x': message`` (``colonne`` in
French), for example ``scores.csv:17: column 'score': '5' is not a level of the scale (0-3)``;
they are in French by default (the message catalogue, :mod:`amiris_lab.i18n`).

Extra columns and ignored files are reported as :class:`Notice` (a kind of
``Problem`` that does not make the dataset invalid). The checks are vectorised:
each column is factorised and only its distinct values are examined, so a
million score rows take well under a second; ``Problem`` objects are built for
bad rows only.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..definitions import default_markers, default_scale, normalise_token
from ..exceptions import Problem
from ..format import (
    CONSENSUS_RATER,
    ROUNDS,
    TABLES,
    VOCABULARIES,
    YEAR_MAX,
    YEAR_MIN,
)
from ..i18n import N_, t_
from .readers import RawTable

__all__ = ["Notice", "split_notices", "validate_dataset", "validate_tables"]

_TABLE_ORDER = {name: i for i, name in enumerate(TABLES)}
_VOCAB_NAMES = {
    "department": N_("un département valide"),
    "legal_form": N_("une forme juridique valide"),
    "stage": N_("un stade valide"),
    "decision": N_("une décision valide"),
    "college": N_("un collège valide"),
    "round": N_("un tour valide"),
}
_MAX_LISTED = 3  # how many other lines a duplicate message cites


class Notice(Problem):
    """Something worth knowing that does not make the dataset invalid (extra column...)."""


def split_notices(problems: Sequence[Problem]) -> tuple[list[Problem], list[Problem]]:
    """Split a list of problems into (errors, notices).

    Examples
    --------
    >>> errors, notices = split_notices([Notice("a.csv", 1, "x", "kept"), Problem("a.csv", 2, None, "bad")])
    >>> len(errors), len(notices)
    (1, 1)
    """
    errors = [p for p in problems if not isinstance(p, Notice)]
    notices = [p for p in problems if isinstance(p, Notice)]
    return errors, notices


class _Collector:
    """Problems with their sort key (table, line, column position)."""

    def __init__(self) -> None:
        self.items: list[tuple[tuple, Problem]] = []

    def add(self, table: str, problem: Problem, position: int = 0) -> None:
        key = (_TABLE_ORDER.get(table, 9), problem.line or 0, position, len(self.items))
        self.items.append((key, problem))

    def sorted(self) -> list[Problem]:
        return [p for _, p in sorted(self.items, key=lambda item: item[0])]


def _quote(value) -> str:
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"'{text}'"


def _suggest(value: str, choices: Mapping[str, str]) -> str | None:
    """Closest valid value (``choices`` maps folded spelling -> canonical value)."""
    close = difflib.get_close_matches(normalise_token(value), list(choices), n=1, cutoff=0.6)
    return choices[close[0]] if close else None


def _merge(codes: np.ndarray, texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """Merge distinct values that became equal (after stripping or folding); '' = empty."""
    new_codes, uniques = pd.factorize(np.asarray(texts, dtype=object))
    uniques = [str(u) for u in uniques]
    if len(uniques) == len(texts) and all(texts):
        return codes, texts
    remap = np.append(new_codes, -1).astype(np.int64)
    if "" in uniques:
        blank = uniques.index("")
        remap = np.where(remap == blank, -1, remap - (remap > blank))
        uniques.pop(blank)
    return remap[codes], uniques


def _factor(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes (-1 = empty) and the distinct values, stripped; blank strings count as empty."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = [str(u).strip() for u in uniques]
    return _merge(np.asarray(codes, dtype=np.int64), texts)


def _take(mapped: list, codes: np.ndarray, empty=None) -> np.ndarray:
    """Values of ``mapped`` (one per distinct value) at ``codes``; ``empty`` where code = -1."""
    table = np.empty(len(mapped) + 1, dtype=object)
    table[: len(mapped)] = mapped
    table[-1] = empty
    return table[codes]


def _levels_text(levels: Sequence[int]) -> str:
    levels = sorted(levels)
    if levels and levels == list(range(levels[0], levels[-1] + 1)):
        return f"{levels[0]}-{levels[-1]}"
    return ", ".join(map(str, levels))


class _Table:
    """A raw table with its columns matched to the format's names."""

    def __init__(self, raw, name: str, known: Sequence[str], required: Sequence[str], out):
        self.raw = raw
        self.name = name
        self.label = raw.label
        self.frame = raw.frame
        self.lines = np.asarray(raw.lines, dtype=np.int64)
        self.out = out
        self.columns: dict[str, str] = {}  # format name -> column of the file
        self.positions = {c: i for i, c in enumerate(self.frame.columns)}
        if raw.header is not None:
            seen: set[str] = set()
            for i, column in enumerate(raw.header):
                if column in seen:
                    out.add(
                        name,
                        Problem(
                            self.label,
                            1,
                            column,
                            t_("colonne en double : gardez une seule colonne de ce nom."),
                        ),
                        i,
                    )
                seen.add(column)
        folded = {normalise_token(k): k for k in known}
        self.extras: list[str] = []
        for column in self.frame.columns:
            canonical = folded.get(normalise_token(column))
            if canonical is not None and canonical not in self.columns:
                self.columns[canonical] = column
            else:
                self.extras.append(column)
        self.missing = [c for c in required if c not in self.columns]
        for column in self.missing:
            guess = difflib.get_close_matches(
                normalise_token(column), [normalise_token(e) for e in self.extras], n=1, cutoff=0.7
            )
            hint = ""
            if guess:
                original = next(e for e in self.extras if normalise_token(e) == guess[0])
                hint = t_(
                    " (la colonne '{original}' est-elle '{column}' ?)",
                    original=original,
                    column=column,
                )
            out.add(
                name,
                Problem(
                    self.label,
                    1,
                    column,
                    t_("colonne obligatoire manquante{hint}.", hint=hint),
                ),
                -1,
            )

    def notice_extras(self, extras: Sequence[str] | None = None) -> None:
        for column in self.extras if extras is None else extras:
            self.out.add(
                self.name,
                Notice(
                    self.label,
                    1,
                    str(column),
                    t_("colonne supplémentaire conservée (hors format)."),
                ),
                self.positions.get(column, 0),
            )

    def col(self, name: str) -> pd.Series:
        return self.frame[self.columns[name]]

    def keep_extras(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Copy the extra (non-format) columns, as read, onto the clean ``frame``."""
        for column in self.extras:
            frame[column] = self.frame[column].to_numpy()
        return frame

    def problem(self, column: str, row: int, message: str) -> None:
        file_column = self.columns.get(column, column)
        self.out.add(
            self.name,
            Problem(self.label, int(self.lines[row]), str(file_column), message),
            self.positions.get(file_column, 0),
        )

    def empty_check(self) -> bool:
        if len(self.frame) == 0:
            self.out.add(
                self.name,
                Problem(
                    self.label,
                    None,
                    None,
                    t_("table vide : aucune ligne de données sous l'en-tête."),
                ),
            )
            return True
        return False


# ---------------------------------------------------------------------- column checks
def _required_text(t: _Table, column: str) -> tuple[np.ndarray, list[str]]:
    """Distinct values of a required text column; reports empty cells."""
    codes, texts = _factor(t.col(column))
    for row in np.flatnonzero(codes < 0):
        t.problem(column, row, t_("valeur manquante."))
    return codes, texts


def _unique_ids(t: _Table, column: str, codes: np.ndarray, texts: list[str]) -> None:
    """Report repeated ids, citing the first line."""
    valid = codes >= 0
    dup = np.zeros(len(codes), dtype=bool)
    dup[valid] = pd.Series(codes[valid]).duplicated().to_numpy()
    if not dup.any():
        return
    first_line: dict[int, int] = {}
    for row in np.flatnonzero(valid):
        first_line.setdefault(int(codes[row]), int(t.lines[row]))
    for row in np.flatnonzero(dup):
        value = texts[codes[row]]
        first = first_line[int(codes[row])]
        t.problem(
            column,
            row,
            t_(
                "identifiant en double {quote} (déjà à la ligne {first}).",
                quote=_quote(value),
                first=first,
            ),
        )


def _required_values(t: _Table, spec, *, skip: Sequence[str] = ()) -> None:
    """Report empty cells of the table's required columns, and repeated unique ids."""
    for column in spec.columns:
        if column.required and column.name not in skip and column.name in t.columns:
            codes, texts = _required_text(t, column.name)
            if column.unique:
                _unique_ids(t, column.name, codes, texts)


def _vocabulary_map(kind: str) -> dict[str, str]:
    """Folded spellings (value, French and English labels) -> canonical value."""
    choices: dict[str, str] = {}
    for value, (fr, en) in VOCABULARIES[kind].items():
        choices[normalise_token(value)] = value
        for label in (fr, en):
            choices.setdefault(normalise_token(label), value)
    if kind == "department":
        for value in VOCABULARIES[kind]:
            choices.setdefault(str(int(value)), value)
    return choices


def _category(t: _Table, column: str, kind: str, *, required: bool = True) -> np.ndarray:
    """Canonical vocabulary values of a column (None where missing or invalid)."""
    codes, texts = _factor(t.col(column))
    choices = _vocabulary_map(kind)
    mapped = [choices.get(normalise_token(v)) for v in texts]
    valid = ", ".join(VOCABULARIES[kind])
    kind_name = t_(_VOCAB_NAMES[kind])
    bad_values = {i for i, m in enumerate(mapped) if m is None}
    if bad_values:
        bad_rows = np.flatnonzero(np.isin(codes, list(bad_values)))
        for row in bad_rows:
            value = texts[codes[row]]
            guess = _suggest(value, choices)
            hint = "" if guess is None else t_(" ; vouliez-vous dire '{guess}' ?", guess=guess)
            t.problem(
                column,
                row,
                t_(
                    "{quote} n'est pas {kind_name}{hint} (valeurs admises : {valid}).",
                    quote=_quote(value),
                    kind_name=kind_name,
                    hint=hint,
                    valid=valid,
                ),
            )
    if required:
        for row in np.flatnonzero(codes < 0):
            t.problem(
                column,
                row,
                t_("valeur manquante (valeurs admises : {valid}).", valid=valid),
            )
    return _take(mapped, codes)


_YEAR = re.compile(r"\d{4}")


def _years(t: _Table) -> np.ndarray:
    codes, texts = _factor(t.col("year"))
    parsed: list[int | None] = []
    for text in texts:
        year = int(text) if _YEAR.fullmatch(text) else None
        parsed.append(year if year is not None and YEAR_MIN <= year <= YEAR_MAX else None)
    for row in np.flatnonzero(codes < 0):
        t.problem("year", row, t_("année manquante."))
    bad = [i for i, y in enumerate(parsed) if y is None]
    for row in np.flatnonzero(np.isin(codes, bad)):
        value = texts[codes[row]]
        t.problem(
            "year",
            row,
            t_(
                "{quote} n'est pas une année à quatre chiffres ({year_min}-{year_max}).",
                quote=_quote(value),
                year_min=YEAR_MIN,
                year_max=YEAR_MAX,
            ),
        )
    return _take(parsed, codes)


# ---------------------------------------------------------------------- tables
def _labelled_table(t: _Table, columns: Sequence[str]) -> pd.DataFrame:
    """A checked markers or scale table: stripped text, English labels defaulting to French."""
    clean = pd.DataFrame(
        {c: t.col(c).astype(object).str.strip() for c in columns if c in t.columns}
    )
    if "label_en" not in clean:
        clean["label_en"] = clean["label_fr"]
    clean["label_en"] = clean["label_en"].where(clean["label_en"].notna(), clean["label_fr"])
    return t.keep_extras(clean).reset_index(drop=True)


def _check_markers(raw, out) -> tuple[pd.DataFrame | None, list[str]]:
    if raw is None:
        return None, list(default_markers()["code"])
    spec = TABLES["markers"]
    t = _Table(raw, "markers", spec.names, spec.required_columns, out)
    t.notice_extras()
    before = len(out.items)
    if t.empty_check() or t.missing:
        return None, list(default_markers()["code"])
    _required_values(t, spec)
    if len(out.items) > before:
        return None, list(default_markers()["code"])
    clean = _labelled_table(t, spec.names)
    return clean, list(clean["code"])


def _check_scale(raw, out) -> tuple[pd.DataFrame | None, list[int]]:
    if raw is None:
        return None, [int(v) for v in default_scale()["level"]]
    spec = TABLES["scale"]
    t = _Table(raw, "scale", spec.names, spec.required_columns, out)
    t.notice_extras()
    before = len(out.items)
    fallback = [int(v) for v in default_scale()["level"]]
    if t.empty_check() or t.missing:
        return None, fallback
    codes, texts = _required_text(t, "level")
    for row in np.flatnonzero(codes >= 0):
        if not re.fullmatch(r"-?\d+", texts[codes[row]]):
            t.problem(
                "level",
                row,
                t_("{quote} n'est pas un niveau entier.", quote=_quote(texts[codes[row]])),
            )
    _unique_ids(t, "level", codes, texts)
    _required_values(t, spec, skip=("level",))
    if len(out.items) > before:
        return None, fallback
    clean = _labelled_table(t, spec.names)
    clean["level"] = clean["level"].astype(int)
    return clean, [int(v) for v in clean["level"]]


def _check_projects(raw, out) -> tuple[pd.DataFrame | None, set[str] | None]:
    spec = TABLES["projects"]
    t = _Table(raw, "projects", spec.names, spec.required_columns, out)
    t.notice_extras()
    if t.empty_check():
        return None, None
    ids: set[str] | None = None
    clean: dict[str, object] = {}
    if "project_id" in t.columns:
        codes, texts = _required_text(t, "project_id")
        _unique_ids(t, "project_id", codes, texts)
        ids = set(texts)
        clean["project_id"] = _take(texts, codes)
    if "year" in t.columns:
        clean["year"] = _years(t)
    for column in spec.columns:
        if column.vocabulary is not None and column.name in t.columns:
            clean[column.name] = _category(t, column.name, column.vocabulary)
    if "sector" in t.columns:  # free text: kept as the user typed it (accents, case)
        codes, texts = _factor(t.col("sector"))
        clean["sector"] = _take(texts, codes)
    if t.missing:
        return None, ids
    return t.keep_extras(pd.DataFrame(clean)), ids


def _check_raters(raw, out) -> tuple[pd.DataFrame | None, set[str] | None]:
    spec = TABLES["raters"]
    t = _Table(raw, "raters", spec.names, spec.required_columns, out)
    t.notice_extras()
    if t.empty_check():
        return None, None
    ids: set[str] | None = None
    clean: dict[str, object] = {}
    if "rater_id" in t.columns:
        codes, texts = _required_text(t, "rater_id")
        _unique_ids(t, "rater_id", codes, texts)
        reserved = [i for i, v in enumerate(texts) if v.upper() == CONSENSUS_RATER]
        for row in np.flatnonzero(np.isin(codes, reserved)):
            t.problem(
                "rater_id",
                row,
                t_(
                    "'{consensus_rater}' est réservé aux lignes de consensus du comité : ne le listez "
                    "pas parmi les évaluateurs.",
                    consensus_rater=CONSENSUS_RATER,
                ),
            )
        ids = {v for v in texts if v.upper() != CONSENSUS_RATER}
        clean["rater_id"] = _take(texts, codes)
    if "college" in t.columns:
        clean["college"] = _category(t, "college", "college")
    if t.missing:
        return None, ids
    return t.keep_extras(pd.DataFrame(clean)), ids


def _scores_table(raw, markers: list[str], out) -> tuple[_Table, str, list[str]]:
    """Match the scores table's columns; detect the long or wide layout."""
    spec = TABLES["scores"]
    probe = {normalise_token(c) for c in raw.frame.columns}
    wide_columns = [m for m in markers if normalise_token(m) in probe]
    if {"marker", "score"} <= probe or not wide_columns:
        t = _Table(raw, "scores", spec.names, spec.required_columns, out)
        return t, "long", []
    head = [c for c in spec.required_columns if c not in _LONG_ONLY]
    t = _Table(raw, "scores", [*head, *markers], head, out)
    return t, "wide", [m for m in markers if m in t.columns]


#: Columns of the long scores layout that the wide layout replaces by one column per marker.
_LONG_ONLY = ("marker", "score")


def _score_values(texts: list[str], levels: set[int]) -> tuple[list, list[int], list[int]]:
    """Parse distinct score texts: values, indices that are not integers, out of scale."""
    values: list = []
    not_integer, out_of_scale = [], []
    for i, text in enumerate(texts):
        match = re.fullmatch(r"([+-]?\d+)(?:[.,]0+)?", text)
        if match is None:
            values.append(None)
            not_integer.append(i)
            continue
        level = int(match.group(1))
        if level not in levels:
            values.append(None)
            out_of_scale.append(i)
        else:
            values.append(level)
    return values, not_integer, out_of_scale


def _first_lines(keys: np.ndarray, lines: np.ndarray) -> pd.Series:
    frame = pd.DataFrame({"key": keys, "line": lines})
    return frame.groupby("key", sort=False)["line"].first()


def _check_scores(
    raw,
    markers: list[str],
    levels: list[int],
    project_ids: set[str] | None,
    rater_ids: set[str] | None,
    out,
) -> pd.DataFrame | None:
    t, layout, wide_columns = _scores_table(raw, markers, out)
    marker_set = set(markers)
    if layout == "wide":
        # marker-like columns that are not markers of the marker file
        unknown = [c for c in t.extras if re.fullmatch(r"[A-Za-z]\d{1,3}", str(c).strip())]
        for column in unknown:
            out.add(
                "scores",
                Problem(
                    t.label,
                    1,
                    str(column),
                    t_(
                        "{quote} n'est pas un marqueur du fichier des marqueurs ({join}).",
                        quote=_quote(column),
                        join=", ".join(markers),
                    ),
                ),
                t.positions.get(column, 0),
            )
        t.notice_extras([c for c in t.extras if c not in unknown])
    else:
        t.notice_extras()
    if t.empty_check() or t.missing:
        return None
    n = len(t.frame)
    level_set = set(levels)
    scale_text = _levels_text(levels)
    # ids and rounds, once per row of the file
    p_codes, p_texts = _required_text(t, "project_id")
    r_codes, r_texts = _required_text(t, "rater_id")
    unknown_p = (
        [] if project_ids is None else [i for i, v in enumerate(p_texts) if v not in project_ids]
    )
    if unknown_p:
        for row in np.flatnonzero(np.isin(p_codes, unknown_p)):
            t.problem(
                "project_id",
                row,
                t_(
                    "projet inconnu {quote} : absent de la table des projets.",
                    quote=_quote(p_texts[p_codes[row]]),
                ),
            )
    r_codes, r_texts = _merge(
        r_codes, [CONSENSUS_RATER if v.upper() == CONSENSUS_RATER else v for v in r_texts]
    )
    r_upper = [v == CONSENSUS_RATER for v in r_texts]
    unknown_r = (
        []
        if rater_ids is None
        else [i for i, v in enumerate(r_texts) if v != CONSENSUS_RATER and v not in rater_ids]
    )
    for row in np.flatnonzero(np.isin(r_codes, unknown_r)):
        t.problem(
            "rater_id",
            row,
            t_(
                "évaluateur inconnu {quote} : absent de la table des évaluateurs (le consensus "
                "s'écrit '{consensus_rater}').",
                quote=_quote(r_texts[r_codes[row]]),
                consensus_rater=CONSENSUS_RATER,
            ),
        )
    rounds = _category(t, "round", "round")
    # round index per row (-1 = missing or invalid), through the distinct values only
    round_index = {r: i for i, r in enumerate(ROUNDS)}
    r_factor, r_values = pd.factorize(rounds, use_na_sentinel=True)
    round_num = np.append(np.asarray([round_index[v] for v in r_values], dtype=np.int64), -1)[
        r_factor
    ]
    is_comite = np.zeros(n, dtype=bool)
    comite_codes = [i for i, up in enumerate(r_upper) if up]
    if comite_codes:
        is_comite = np.isin(r_codes, comite_codes)
    is_consensus = rounds == "consensus"
    for row in np.flatnonzero(is_consensus & ~is_comite & (r_codes >= 0)):
        t.problem(
            "rater_id",
            row,
            t_(
                "une note de consensus doit venir du comité ('{consensus_rater}'), pas de {quote}.",
                consensus_rater=CONSENSUS_RATER,
                quote=_quote(r_texts[r_codes[row]]),
            ),
        )
    round_known = round_num >= 0
    for row in np.flatnonzero(is_comite & ~is_consensus & round_known):
        t.problem(
            "round",
            row,
            t_(
                "le comité ('{consensus_rater}') ne donne que des notes de consensus ; reçu le tour "
                "{quote}.",
                consensus_rater=CONSENSUS_RATER,
                quote=_quote(rounds[row]),
            ),
        )
    # one (marker, score) per long row, or per wide cell
    if layout == "long":
        m_codes, m_texts = _factor(t.col("marker"))
        folded = {normalise_token(m): m for m in markers}
        m_mapped = [m if m in marker_set else folded.get(normalise_token(m)) for m in m_texts]
        for row in np.flatnonzero(m_codes < 0):
            t.problem("marker", row, t_("marqueur manquant."))
        bad_m = [i for i, m in enumerate(m_mapped) if m is None]
        for row in np.flatnonzero(np.isin(m_codes, bad_m)):
            value = m_texts[m_codes[row]]
            guess = _suggest(value, folded)
            hint = t_(" ; vouliez-vous dire '{guess}' ?", guess=guess) if guess else ""
            t.problem(
                "marker",
                row,
                t_(
                    "marqueur inconnu {quote}{hint} (marqueurs : {join}).",
                    quote=_quote(value),
                    hint=hint,
                    join=", ".join(markers),
                ),
            )
        marker_index = {m: i for i, m in enumerate(markers)}
        m_num = np.asarray(
            [marker_index.get(m, -1) if m is not None else -1 for m in m_mapped] + [-1]
        )[m_codes]
        row_of = np.arange(n)
        cells = [(t.col("score"), "score")]
    else:
        row_of = np.tile(np.arange(n), len(wide_columns))
        m_num = np.repeat([markers.index(m) for m in wide_columns], n)
        cells = [(t.col(m), m) for m in wide_columns]
    # scores
    score_parts = []
    for values, column in cells:
        s_codes, s_texts = _factor(values)
        parsed, not_integer, out_of_scale = _score_values(s_texts, level_set)
        for row in np.flatnonzero(np.isin(s_codes, not_integer)):
            t.problem(
                column,
                row,
                t_(
                    "{quote} n'est pas un niveau entier de l'échelle ({scale_text}) ; laissez la case "
                    "vide si le marqueur n'est pas noté.",
                    quote=_quote(s_texts[s_codes[row]]),
                    scale_text=scale_text,
                ),
            )
        for row in np.flatnonzero(np.isin(s_codes, out_of_scale)):
            t.problem(
                column,
                row,
                t_(
                    "{quote} n'est pas un niveau de l'échelle ({scale_text})",
                    quote=_quote(s_texts[s_codes[row]]),
                    scale_text=scale_text,
                ),
            )
        numeric = np.asarray([-1 if v is None else v for v in parsed] + [-1], dtype=np.int64)
        score_parts.append((numeric[s_codes], s_codes < 0))
    score_num = np.concatenate([p[0] for p in score_parts])
    score_na = np.concatenate([p[1] for p in score_parts])
    # duplicate (project, rater, round, marker)
    p_row, r_row, rd_row = p_codes[row_of], r_codes[row_of], round_num[row_of]
    complete = (p_row >= 0) & (r_row >= 0) & (rd_row >= 0) & (m_num >= 0)
    key = np.full(len(row_of), -1, dtype=np.int64)
    key[complete] = (
        (p_row[complete] * (len(r_texts) + 1) + r_row[complete]) * len(ROUNDS) + rd_row[complete]
    ) * (len(markers) + 1) + m_num[complete]
    dup = np.zeros(len(key), dtype=bool)
    dup[complete] = pd.Series(key[complete]).duplicated().to_numpy()
    if dup.any():
        lines_all = t.lines[row_of]
        first = _first_lines(key[complete], lines_all[complete])
        for i in np.flatnonzero(dup):
            row = row_of[i]
            column = "marker" if layout == "long" else markers[m_num[i]]
            project, rater = p_texts[p_row[i]], r_texts[r_row[i]]
            marker, round_ = markers[m_num[i]], ROUNDS[rd_row[i]]
            line = int(first[key[i]])
            if rater == CONSENSUS_RATER:
                message = t_(
                    "deuxième note de consensus pour le projet {quote} et le marqueur {marker} (déjà à "
                    "la ligne {line}) : le comité n'en donne qu'une.",
                    quote=_quote(project),
                    marker=marker,
                    line=line,
                )
            else:
                message = t_(
                    "note en double pour le projet {quote}, l'évaluateur {quote_2}, le tour {round} et "
                    "le marqueur {marker} (déjà à la ligne {line}).",
                    quote=_quote(project),
                    quote_2=_quote(rater),
                    round=round_,
                    marker=marker,
                    line=line,
                )
            t.problem(column, int(row), message)
    # the clean long table
    p_clean = _take(p_texts, p_codes)[row_of]
    r_clean = _take(r_texts, r_codes)[row_of]
    marker_arr = np.asarray(list(markers) + [None], dtype=object)[m_num]
    score = pd.array(np.where(score_na | (score_num < 0), 0, score_num), dtype="Int64")
    score[score_na | (score_num < 0)] = pd.NA
    frame = pd.DataFrame(
        {
            "project_id": p_clean,
            "rater_id": r_clean,
            "round": rounds[row_of],
            "marker": marker_arr,
            "score": score,
        }
    )
    for column in t.extras:
        if layout == "wide" and column in wide_columns:
            continue
        frame[column] = t.frame[column].to_numpy()[row_of]
    if complete.all() and not dup.any():
        frame = _fill_the_grid(frame, key // (len(markers) + 1), m_num, markers)
    return frame


def _fill_the_grid(
    frame: pd.DataFrame, groups: np.ndarray, m_num: np.ndarray, markers: Sequence[str]
) -> pd.DataFrame:
    """Give every (project, rater, round) of the file one row per marker.

    "Not scored" has one representation in memory whatever the file's layout: a
    row with an empty score. A wide file holds every cell of its rows; a long file
    may leave a row out or write it with an empty score. Both load to the same
    table: the missing markers of a (project, rater, round) present in the file
    are added with an empty score (extra columns empty).
    """
    codes, uniques = pd.factorize(groups)
    if len(uniques) * len(markers) == len(frame):  # already complete (the usual case)
        return frame
    present = np.zeros((len(uniques), len(markers)), dtype=bool)
    present[codes, m_num] = True
    first = np.empty(len(uniques), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)  # first row of each group
    group, marker = np.nonzero(~present)
    added = frame.iloc[first[group]][["project_id", "rater_id", "round"]].reset_index(drop=True)
    added["marker"] = np.asarray(markers, dtype=object)[marker]
    added["score"] = pd.array([pd.NA] * len(added), dtype="Int64")
    for column in frame.columns[5:]:
        added[column] = None
    return pd.concat([frame, added], ignore_index=True)


def validate_tables(
    raw: Mapping[str, RawTable],
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Check raw tables and build the clean ones.

    Parameters
    ----------
    raw : dict of str to RawTable
        As returned by :func:`amiris_lab.data.readers.read_raw_tables`.

    Returns
    -------
    tables : dict of str to DataFrame
        ``projects``, ``raters``, ``scores`` (long layout), and ``markers`` /
        ``scale`` when the dataset has its own; canonical values (``"Labellisé"``
        becomes ``labellise``, department ``2`` becomes ``"02"``), extra
        columns kept. Tables that could not be built are absent.
    problems : list of Problem
        Every problem, in table then line order; :class:`Notice` items (extra
        columns, ignored files) do not make the dataset invalid (see
        :func:`split_notices`). Personal data found by
        :func:`amiris_lab.data.privacy.scan_personal_data` comes last, as
        :class:`~amiris_lab.exceptions.PersonalDataProblem` items.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from amiris_lab.data.readers import RawTable
    >>> def table(name, **columns):
    ...     frame = pd.DataFrame(columns, dtype=object)
    ...     return RawTable(name, frame, f"{name}.csv", np.arange(len(frame)) + 2)
    >>> raw = {
    ...     "projects": table("projects", project_id=["P1"], year=["2019"], department=["59"],
    ...                       legal_form=["scop"], stage=["emergence"], sector=["culture"],
    ...                       decision=["Labellisé"]),
    ...     "raters": table("raters", rater_id=["R1"], college=["expert"]),
    ...     "scores": table("scores", project_id=["P1", "P1"], rater_id=["R1", "R1"],
    ...                     round=["individuel", "individuel"], marker=["M01", "M02"],
    ...                     score=["2", "5"])}
    >>> tables, problems = validate_tables(raw)
    >>> tables["projects"]["decision"].tolist()
    ['labellise']
    >>> print(problems[0])  # doctest: +NORMALIZE_WHITESPACE
    scores.csv:3: colonne 'score': '5' n'est pas un niveau de l'échelle (0-3)
    """
    out = _Collector()
    source_label = getattr(raw, "expected_label", None)
    for name in ("projects", "raters", "scores"):
        if name not in raw:
            label = source_label(name) if source_label else f"{name}.csv"
            kind = getattr(raw, "kind", "folder")
            out.add(
                name,
                Problem(
                    label,
                    None,
                    None,
                    (
                        t_(
                            "feuille manquante : le classeur doit avoir les feuilles projects, raters et scores."
                        )
                        if kind == "workbook"
                        else t_(
                            "fichier manquant : un jeu de données a au moins projects, raters et scores."
                        )
                    ),
                ),
            )
    for ignored in getattr(raw, "ignored", []):
        out.add(
            "other",
            Notice(
                ignored,
                None,
                None,
                t_("ignoré : ce n'est pas une table du format."),
            ),
        )
    tables: dict[str, pd.DataFrame] = {}
    markers_frame, markers = _check_markers(raw.get("markers"), out)
    scale_frame, levels = _check_scale(raw.get("scale"), out)
    if markers_frame is not None:
        tables["markers"] = markers_frame
    if scale_frame is not None:
        tables["scale"] = scale_frame
    project_ids: set[str] | None = None  # None: unknown, do not check
    rater_ids: set[str] | None = None
    if "projects" in raw:
        projects, project_ids = _check_projects(raw["projects"], out)
        if projects is not None:
            tables["projects"] = projects
    if "raters" in raw:
        raters, rater_ids = _check_raters(raw["raters"], out)
        if raters is not None:
            tables["raters"] = raters
    if "scores" in raw:
        scores = _check_scores(raw["scores"], markers, levels, project_ids, rater_ids, out)
        if scores is not None:
            tables["scores"] = scores
    from .privacy.detection import scan_personal_data

    return tables, [*out.sorted(), *scan_personal_data(raw)]


def validate_dataset(path: str | Path, *, notices: bool = False) -> list[Problem]:
    """Every problem of the dataset at ``path`` (empty list = valid).

    Parameters
    ----------
    path : str or Path
        Folder or ``.xlsx`` workbook (see :func:`amiris_lab.data.readers.read_raw_tables`).
    notices : bool, default False
        Also return the :class:`Notice` items (extra columns kept, files ignored).

    Returns
    -------
    list of Problem
        Unreadable files give their one problem (the reader stops there).

    Examples
    --------
    >>> validate_dataset("no/such/folder")[0].message
    'introuvable : donnez un dossier de fichiers CSV ou Parquet, ou un classeur .xlsx.'
    """
    from ..exceptions import SchemaError
    from .readers import read_raw_tables

    try:
        raw = read_raw_tables(path)
    except SchemaError as exc:
        return list(exc.problems)
    _, problems = validate_tables(raw)
    return problems if notices else split_notices(problems)[0]
