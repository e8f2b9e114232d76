"""The dataset format, declared once: tables, columns, keys, vocabularies, rounds.

Every part of the workbench that knows the format reads it from here: the
validator (:mod:`amiris_lab.data.validation`), the in-memory model
(:mod:`amiris_lab.data.dataset`), the reader and writer, the Frictionless
descriptor (:func:`amiris_lab.data.datapackage.table_schemas`), the workshop and
its widgets, the command line. ``data/README.md`` documents the same format for
people. This module imports neither pandas nor numpy (the workshop participant
page reads it).

Examples
--------
>>> TABLES["projects"].required_columns
('project_id', 'year', 'department', 'legal_form', 'stage', 'sector', 'decision')
>>> TABLES["scores"].primary_key
('project_id', 'rater_id', 'round', 'marker')
>>> vocabulary_label("sector", "services_a_la_personne", lang="fr")
'Services à la personne'
>>> vocabulary_label("sector", "économie circulaire", lang="fr")  # a user's own value, as typed
'économie circulaire'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .i18n import get_language

__all__ = [
    "CONSENSUS_RATER",
    "DESCRIPTOR_COLUMNS",
    "OPEN_VOCABULARIES",
    "OPTIONAL_TABLES",
    "REQUIRED_TABLES",
    "ROUNDS",
    "TABLES",
    "VOCABULARIES",
    "YEAR_MAX",
    "YEAR_MIN",
    "Column",
    "COLLEGE_LABELS",
    "Table",
    "vocabulary_label",
]

#: Rater id reserved for the committee's consensus rows (never listed in ``raters``).
CONSENSUS_RATER = "COMITE"

#: Rounds of scoring, in the order they happen.
ROUNDS = ("individuel", "revise", "consensus")

#: Years accepted by the format (four digits).
YEAR_MIN, YEAR_MAX = 1900, 2099

#: Closed vocabularies: canonical value -> (French label, English label). A value
#: outside them makes the dataset invalid.
VOCABULARIES: dict[str, dict[str, tuple[str, str]]] = {
    "department": {
        "02": ("02 Aisne", "02 Aisne"),
        "59": ("59 Nord", "59 Nord"),
        "60": ("60 Oise", "60 Oise"),
        "62": ("62 Pas-de-Calais", "62 Pas-de-Calais"),
        "80": ("80 Somme", "80 Somme"),
    },
    "legal_form": {
        "association": ("Association", "Association"),
        "scop": ("SCOP", "SCOP (worker cooperative)"),
        "scic": ("SCIC", "SCIC (multi-stakeholder cooperative)"),
        "sas": ("SAS", "SAS"),
        "sarl": ("SARL", "SARL"),
        "sa": ("SA", "SA"),
        "autre": ("Autre", "Other"),
    },
    "stage": {
        "emergence": ("Émergence", "Emergence"),
        "experimentation": ("Expérimentation", "Experimentation"),
        "essaimage": ("Essaimage", "Spreading"),
    },
    "decision": {
        "labellise": ("Labellisé", "Labelled"),
        "non_labellise": ("Non labellisé", "Not labelled"),
        "ajourne": ("Ajourné", "Postponed"),
    },
    "college": {
        "financeur_public": ("Financeur public", "Public funder"),
        "financeur_prive": ("Financeur privé", "Private funder"),
        "expert": ("Expert", "Expert"),
        "accompagnement": ("Structure d'accompagnement", "Support structure"),
    },
    "round": {
        "individuel": ("Individuel", "Individual"),
        "revise": ("Révisé", "Revised"),
        "consensus": ("Consensus", "Consensus"),
    },
}

#: College code -> (French label, English label), in the format's order.
COLLEGE_LABELS = VOCABULARIES["college"]

#: Open vocabularies: labels of the codes the format knows (the demo's sectors);
#: any other value is valid and kept exactly as the user typed it.
OPEN_VOCABULARIES: dict[str, dict[str, tuple[str, str]]] = {
    "sector": {
        "agriculture": ("Agriculture", "Agriculture"),
        "alimentation": ("Alimentation", "Food"),
        "culture": ("Culture", "Culture"),
        "economie_circulaire": ("Économie circulaire", "Circular economy"),
        "education": ("Éducation", "Education"),
        "emploi_insertion": ("Emploi et insertion", "Employment and integration"),
        "environnement": ("Environnement", "Environment"),
        "habitat": ("Habitat", "Housing"),
        "mobilite": ("Mobilité", "Mobility"),
        "numerique": ("Numérique", "Digital"),
        "sante": ("Santé", "Health"),
        "services_a_la_personne": ("Services à la personne", "Personal services"),
        "autre": ("Autre", "Other"),
    },
}


@dataclass(frozen=True)
class Column:
    """One column of a table of the format.

    Attributes
    ----------
    name : str
        Column name in files (matched ignoring case, accents, spaces and hyphens).
    type : {"string", "integer"}
        Table Schema type of its values.
    required : bool
        Every row must have a value (an empty cell is an error).
    in_file : bool
        The column must be present in the file (``sector`` must be, even though
        its cells may be empty; ``label_en`` may be absent).
    unique : bool
        No two rows share a value.
    vocabulary : str or None
        Name of the closed vocabulary (:data:`VOCABULARIES`) its values come from.
    minimum, maximum : int or None
        Bounds of an integer column (the scale's levels are the dataset's own).
    description : str
        One line for the Frictionless descriptor.
    """

    name: str
    type: str = "string"
    required: bool = False
    in_file: bool = True
    unique: bool = False
    vocabulary: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    description: str = ""


@dataclass(frozen=True)
class Table:
    """One table of the format: its columns in file order and its primary key."""

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    optional: bool = False
    description: str = ""
    _by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {c.name: c for c in self.columns})

    def __getitem__(self, name: str) -> Column:
        return self._by_name[name]

    @property
    def names(self) -> tuple[str, ...]:
        """Column names, in file order."""
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        """Columns the file must have."""
        return tuple(c.name for c in self.columns if c.in_file)

    @property
    def required_values(self) -> tuple[str, ...]:
        """Columns whose cells must not be empty."""
        return tuple(c.name for c in self.columns if c.required)


_PROJECT_ID = "Pseudonymised project id (identifiant de projet pseudonymisé)"

#: The tables of the format, in the order messages list them.
TABLES: dict[str, Table] = {
    "projects": Table(
        "projects",
        (
            Column("project_id", required=True, unique=True, description=_PROJECT_ID),
            Column(
                "year",
                "integer",
                required=True,
                minimum=YEAR_MIN,
                maximum=YEAR_MAX,
                description="Year of the labelling committee (année du comité)",
            ),
            Column(
                "department",
                required=True,
                vocabulary="department",
                description="Department of the project, two-digit text (département)",
            ),
            Column(
                "legal_form",
                required=True,
                vocabulary="legal_form",
                description="Legal form (forme juridique)",
            ),
            Column(
                "stage",
                required=True,
                vocabulary="stage",
                description="Stage of the project (stade : émergence, expérimentation, essaimage)",
            ),
            Column("sector", description="Sector of activity, free text (secteur)"),
            Column(
                "decision",
                required=True,
                vocabulary="decision",
                description="Committee's decision (décision du comité)",
            ),
        ),
        ("project_id",),
        description="One row per project (un projet par ligne)",
    ),
    "raters": Table(
        "raters",
        (
            Column(
                "rater_id",
                required=True,
                unique=True,
                description=f"Pseudonymised rater id; '{CONSENSUS_RATER}' for the consensus rows",
            ),
            Column(
                "college",
                required=True,
                vocabulary="college",
                description="College of the committee member (collège)",
            ),
        ),
        ("rater_id",),
        description="One row per committee member; the committee itself is not listed",
    ),
    "scores": Table(
        "scores",
        (
            Column("project_id", required=True, description=_PROJECT_ID),
            Column(
                "rater_id",
                required=True,
                description=f"Pseudonymised rater id; '{CONSENSUS_RATER}' for the consensus rows",
            ),
            Column(
                "round",
                required=True,
                vocabulary="round",
                description="Scoring round (tour : individuel, revise, consensus)",
            ),
            Column("marker", required=True, description="Marker code (code du marqueur)"),
            Column(
                "score",
                "integer",
                description="Level of the scale; empty = not scored (vide = non noté, jamais 0)",
            ),
        ),
        ("project_id", "rater_id", "round", "marker"),
        description="Long layout; the wide layout has one column per marker instead of "
        "marker and score",
    ),
    "markers": Table(
        "markers",
        (
            Column(
                "code", required=True, unique=True, description="Marker code (code du marqueur)"
            ),
            Column("label_fr", required=True, description="Label in French"),
            Column("label_en", in_file=False, description="Label in English"),
            Column("dimension", required=True, description="Dimension of the marker (dimension)"),
        ),
        ("code",),
        optional=True,
    ),
    "scale": Table(
        "scale",
        (
            Column(
                "level",
                "integer",
                required=True,
                unique=True,
                description="Level of the scale (niveau)",
            ),
            Column("label_fr", required=True, description="Label in French"),
            Column("label_en", in_file=False, description="Label in English"),
        ),
        ("level",),
        optional=True,
    ),
}

#: Tables a dataset must have, and those it may have.
REQUIRED_TABLES = tuple(name for name, t in TABLES.items() if not t.optional)
OPTIONAL_TABLES = tuple(name for name, t in TABLES.items() if t.optional)

#: Columns of the optional per-marker level descriptors (shipped defaults).
DESCRIPTOR_COLUMNS = ("marker", "level", "text_fr", "text_en")


def vocabulary_label(kind: str, value: str, *, lang: str | None = None) -> str:
    """Display label of a vocabulary value in the language in force.

    Closed vocabularies (:data:`VOCABULARIES`) know every value. Open ones
    (:data:`OPEN_VOCABULARIES`, the sector) give the label of the codes they know
    and the user's own value exactly as typed (accents and case kept).

    Examples
    --------
    >>> vocabulary_label("decision", "labellise", lang="fr")
    'Labellisé'
    >>> vocabulary_label("sector", "sante", lang="en")
    'Health'
    >>> vocabulary_label("sector", "mobilité", lang="fr")
    'mobilité'
    """
    if kind in VOCABULARIES:
        fr, en = VOCABULARIES[kind][value]
    else:
        labels = OPEN_VOCABULARIES[kind].get(value)
        if labels is None:
            return value
        fr, en = labels
    return fr if get_language(lang) == "fr" else en
