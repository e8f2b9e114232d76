"""The case project a workshop scores, and a light reader of the marker definitions.

The participant page must stay light (no pandas), so this module reads the shipped
resource files (``amiris_lab/resources/markers.csv``, ``scale.csv``,
``descriptors.csv``, ``dimensions.csv``) with the :mod:`csv` module. A case comes
from a TOML case file (:func:`load_case`; one example ships as
``amiris_lab/resources/cases/epicerie_solidaire.toml``) or from a project of a
dataset (:func:`case_from_dataset`, which takes the committee consensus, if any, as
reference scores). A case is stored in the workshop's SQLite file as JSON, so
participant kernels never need the original file.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..exceptions import ParameterError, Problem, SchemaError
from ..i18n import lazy_, t_

#: Value of an answer meaning "not evaluated" (exported as an empty score).
NOT_EVALUATED = "ne"

_PROJECT_FIELDS = ("year", "department", "legal_form", "stage", "sector", "decision")


@dataclass(frozen=True)
class Marker:
    """One marker: stable code, French and English labels, dimension (French name)."""

    code: str
    label_fr: str
    label_en: str
    dimension: str


@dataclass(frozen=True)
class Level:
    """One level of the scale (0 = lowest)."""

    level: int
    label_fr: str
    label_en: str


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("amiris_lab.resources").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def light_definitions() -> dict[str, Any]:
    """Markers, scale, descriptors and dimensions read without pandas.

    Returns
    -------
    dict
        ``markers`` (list of :class:`Marker`), ``levels`` (list of :class:`Level`),
        ``descriptors`` (``{(marker, level): (text_fr, text_en)}``) and
        ``dimensions`` (``{French name: (English name, order)}``).

    Examples
    --------
    >>> d = light_definitions()
    >>> [m.code for m in d["markers"]][:3], [lv.label_fr for lv in d["levels"]]
    (['M01', 'M02', 'M03'], ['absent', 'faible', 'affirmé', 'structurant'])
    """
    markers = [
        Marker(r["code"], r["label_fr"], r["label_en"], r["dimension"])
        for r in _read_csv("markers.csv")
    ]
    levels = sorted(
        (Level(int(r["level"]), r["label_fr"], r["label_en"]) for r in _read_csv("scale.csv")),
        key=lambda lv: lv.level,
    )
    descriptors = {
        (r["marker"], int(r["level"])): (r["text_fr"], r["text_en"])
        for r in _read_csv("descriptors.csv")
    }
    dimensions = {
        r["dimension"]: (r["label_en"], int(r["order"])) for r in _read_csv("dimensions.csv")
    }
    return {
        "markers": markers,
        "levels": levels,
        "descriptors": descriptors,
        "dimensions": dimensions,
    }


@dataclass(frozen=True)
class CaseProject:
    """A project scored in a workshop, with the markers and scale used.

    Attributes
    ----------
    project_id, title, description : str
        Identifier (the dataset's ``project_id``), title and a short French description.
    project : dict
        The dataset's project fields: ``year, department, legal_form, stage, sector, decision``.
    markers : list of Marker
    levels : list of Level
    descriptors : dict
        ``{"M02:1": [text_fr, text_en], ...}`` (string keys, so the case is JSON).
    dimensions : dict
        ``{French name: [English name, order]}``.
    reference : dict
        Reference scores ``{marker: level or "ne"}`` (may be empty).
    reference_source : str
        Where the reference comes from (``"consensus"``, ``"formateur"``...).
    """

    project_id: str
    title: str
    description: str
    project: dict
    markers: list[Marker]
    levels: list[Level]
    descriptors: dict = field(default_factory=dict)
    dimensions: dict = field(default_factory=dict)
    reference: dict = field(default_factory=dict)
    reference_source: str = ""

    @property
    def marker_codes(self) -> list[str]:
        """Marker codes in display order."""
        return [m.code for m in self.markers]

    @property
    def level_values(self) -> list[int]:
        """Level values, lowest first."""
        return [lv.level for lv in self.levels]

    def descriptor(self, marker: str, level: int, *, lang: str = "fr") -> str:
        """The descriptor of a level for a marker ('' when none is defined)."""
        texts = self.descriptors.get(f"{marker}:{level}")
        if not texts:
            return ""
        return texts[0] if lang == "fr" else texts[1]

    def grouped_markers(self) -> list[tuple[str, list[Marker]]]:
        """Markers grouped by dimension, dimensions in their official order."""
        order = {name: info[1] for name, info in self.dimensions.items()}
        groups: dict[str, list[Marker]] = {}
        for m in self.markers:
            groups.setdefault(m.dimension, []).append(m)
        return sorted(groups.items(), key=lambda kv: order.get(kv[0], 99))

    def to_json(self) -> str:
        """Serialise to JSON (stored in the workshop file)."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CaseProject:
        """Rebuild a case from :meth:`to_json`."""
        data = json.loads(text)
        data["markers"] = [Marker(**m) for m in data["markers"]]
        data["levels"] = [Level(**lv) for lv in data["levels"]]
        return cls(**data)


def _check_reference(reference: dict, codes: list[str], levels: list[int], source: str) -> dict:
    problems, clean = [], {}
    for marker, value in reference.items():
        if marker not in codes:
            problems.append(
                Problem(
                    source,
                    None,
                    "reference",
                    t_(
                        "marqueur inconnu {marker!r} ; marqueurs possibles : {codes}",
                        marker=marker,
                        codes=", ".join(codes),
                    ),
                )
            )
            continue
        if isinstance(value, str) and value.strip().lower() == NOT_EVALUATED:
            clean[marker] = NOT_EVALUATED
        elif isinstance(value, int) and not isinstance(value, bool) and value in levels:
            clean[marker] = value
        else:
            problems.append(
                Problem(
                    source,
                    None,
                    "reference",
                    t_(
                        "marqueur {marker} : le niveau {value!r} n'est ni dans {levels} ni 'ne'",
                        marker=marker,
                        value=value,
                        levels=levels,
                    ),
                )
            )
    if problems:
        raise SchemaError(
            problems,
            header=lazy_(
                "{n_problems} problème(s) dans le fichier de cas {source}",
                n_problems=len(problems),
                source=source,
            ),
        )
    return clean


def _build(
    project_id, title, description, project, reference, reference_source, source
) -> CaseProject:
    d = light_definitions()
    codes = [m.code for m in d["markers"]]
    levels = [lv.level for lv in d["levels"]]
    return CaseProject(
        project_id=str(project_id),
        title=str(title),
        description=str(description).strip(),
        project=project,
        markers=d["markers"],
        levels=d["levels"],
        descriptors={f"{m}:{lv}": list(t) for (m, lv), t in d["descriptors"].items()},
        dimensions={k: list(v) for k, v in d["dimensions"].items()},
        reference=_check_reference(dict(reference or {}), codes, levels, source),
        reference_source=str(reference_source or ""),
    )


def example_case_path() -> Path:
    """Path of the example case shipped with the package."""
    return Path(
        str(resources.files("amiris_lab.resources").joinpath("cases/epicerie_solidaire.toml"))
    )


def shipped_cases() -> list[str]:
    """Names of the example cases shipped with the package (usable as ``--case NAME``).

    Examples
    --------
    >>> shipped_cases()
    ['epicerie_solidaire', 'garage_solidaire']
    """
    folder = resources.files("amiris_lab.resources").joinpath("cases")
    return sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_case(path: str | Path | None = None) -> CaseProject:
    """Read a case file (TOML); None reads the shipped example.

    ``path`` may also name a shipped example case (see :func:`shipped_cases`), e.g.
    ``"garage_solidaire"``, when no such file exists.

    The file holds ``project_id``, ``title``, ``description`` (short, in French), the
    dataset's project fields (``year, department, legal_form, stage, sector,
    decision``), and optionally a ``[reference]`` table ``M01 = 2`` ... with
    ``reference_source``.

    Raises
    ------
    SchemaError
        Missing fields, unreadable TOML or bad reference levels, naming the file.

    Examples
    --------
    >>> case = load_case()
    >>> case.project_id, case.project["department"], case.reference["M02"]
    ('CAS-EPICERIE', '59', 3)
    """
    if path is not None and not Path(path).exists() and str(path) in shipped_cases():
        path = example_case_path().with_name(f"{path}.toml")
    path = example_case_path() if path is None else Path(path)
    name = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParameterError(
            lazy_(
                "Fichier de cas {name!r} introuvable : donnez le chemin d'un fichier de cas .toml ou "
                "le nom d'un exemple fourni ({shipped_cases}).",
                name=name,
                shipped_cases=", ".join(shipped_cases()),
            )
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise SchemaError(
            [Problem(name, None, None, t_("TOML invalide : {exc}", exc=exc))]
        ) from None
    missing = [k for k in ("project_id", "title", "description", *_PROJECT_FIELDS) if k not in data]
    if missing:
        raise SchemaError(
            [
                Problem(
                    name,
                    None,
                    k,
                    t_("manquant : ajoutez-le au fichier de cas"),
                )
                for k in missing
            ],
            header=lazy_(
                "{n_missing} problème(s) dans le fichier de cas {name}",
                n_missing=len(missing),
                name=name,
            ),
        )
    project = {k: data[k] if k == "year" else str(data[k]) for k in _PROJECT_FIELDS}
    return _build(
        data["project_id"],
        data["title"],
        data["description"],
        project,
        data.get("reference", {}),
        data.get("reference_source", ""),
        name,
    )


def case_from_dataset(dataset, project_id: str, *, description: str = "") -> CaseProject:
    """Make a case from a project of a :class:`~amiris_lab.data.dataset.MarkerDataset`.

    The committee consensus of that project, when present, becomes the reference.

    Examples
    --------
    >>> import pandas as pd
    >>> from amiris_lab.data.dataset import MarkerDataset
    >>> ds = MarkerDataset.from_frames(
    ...     pd.DataFrame({"project_id": ["P1"], "year": [2019], "department": ["59"],
    ...                   "legal_form": ["association"], "stage": ["emergence"],
    ...                   "sector": ["alimentation"], "decision": ["labellise"]}),
    ...     pd.DataFrame({"rater_id": ["R1"], "college": ["expert"]}),
    ...     pd.DataFrame({"project_id": ["P1"], "rater_id": ["COMITE"], "round": ["consensus"],
    ...                   "marker": ["M01"], "score": [2]}))
    >>> case_from_dataset(ds, "P1").reference
    {'M01': 2}
    """
    projects = dataset.projects
    rows = projects[projects["project_id"].astype(str) == str(project_id)]
    if rows.empty:
        known = ", ".join(map(str, projects["project_id"].head(5)))
        raise ParameterError(
            lazy_(
                "Le projet {project_id!r} n'est pas dans le jeu de données (premiers projets : "
                "{known}).",
                project_id=project_id,
                known=known,
            )
        )
    row = rows.iloc[0]
    project = {
        k: (int(row[k]) if k == "year" else str(row[k])) for k in _PROJECT_FIELDS if k in row.index
    }
    scores = dataset.scores
    cons = scores[
        (scores["project_id"].astype(str) == str(project_id))
        & (scores["round"].astype(str) == "consensus")
    ]
    reference = {
        str(r.marker): (
            NOT_EVALUATED if r.score is None or str(r.score) == "<NA>" else int(r.score)
        )
        for r in cons.itertuples()
    }
    return _build(
        project_id,
        project_id,
        description or f"Projet {project_id} ({project.get('year', '')})",
        project,
        reference,
        "consensus" if reference else "",
        getattr(dataset, "source", None) or "dataset",
    )
