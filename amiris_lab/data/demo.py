r"""A synthetic marker dataset drawn from a documented generative model.

The demo data stands in for real committee records, which are personal and not
shareable. It is built so that every analysis of the workbench has something to
find: markers that are easy or hard to agree on, colleges that are more or less
severe, project typologies that clustering can recover, a discussion that moves
scores. Everything is drawn from one seeded NumPy generator, so a seed always
gives the same tables (and, written with :func:`amiris_lab.data.io.write_dataset`,
the same bytes on disk).

The model
---------
Indices: project :math:`p`, marker :math:`m` (12 markers), rater :math:`r`,
college :math:`c(r)`, typology :math:`t(p)`.

1. **Projects.** Each year has :math:`N_y \sim \mathcal U\{a, b\}` projects
   (``projects_per_year=(a, b)``, default 70 to 110). Each draws a typology
   :math:`t(p)` from :data:`TYPOLOGIES` with the weights ``weight`` there, then
   its department (Nord and Pas-de-Calais largest, :data:`DEPARTMENT_WEIGHTS`),
   and a legal form, stage and sector whose probabilities depend on the typology.

2. **Latent profile.** On the continuous scale of the levels (0 absent ... 3
   structurant),

   .. math:: \theta_{pm} = \mu_{t(p)m} + u_p + e_{pm},\quad
             u_p \sim \mathcal N(0, 0.30^2),\quad e_{pm} \sim \mathcal N(0, 0.35^2),

   where :math:`\mu_t` is the typology's marker profile (:data:`TYPOLOGIES`),
   :math:`u_p` a project's overall maturity and :math:`e_{pm}` its own twist.

3. **Committees.** A pool of 15 raters ``R01``..``R15`` in the four colleges
   (4 public funders, 3 private funders, 4 experts, 4 support structures). Each
   project is scored by a committee of :math:`K_p \sim \mathcal U\{5, 8\}`
   raters: one drawn from every college, the rest from the remaining pool.

4. **Individual scores** (round ``individuel``):

   .. math:: y^*_{prm} = \theta_{pm} - s_r + \varepsilon_{prm},\quad
             s_r = \delta_{c(r)} + v_r,\quad v_r \sim \mathcal N(0, 0.12^2),\quad
             \varepsilon_{prm} \sim \mathcal N(0, \sigma_m^2),

   with the college severities :math:`\delta_c` of :data:`COLLEGE_SEVERITY`
   (private funders strictest, support structures most lenient) and the
   marker noise :math:`\sigma_m` of :data:`MARKER_NOISE` (factual markers such
   as research or resources are read alike, interpretive ones such as
   "rupture" are not; so Krippendorff's alpha runs from about 0.4 to 0.8
   between markers). The score is :math:`y^*` cut at 0.5, 1.5, 2.5 into the
   levels 0..3. Each score is then missing with probability ``missing_rate``
   (default 5 %, completely at random): the row is kept with an empty score.

5. **Revised round** (``revise``): a share ``revise_share`` of projects (default
   25 %) gets a second individual round after discussion, where each member
   moves halfway towards the committee's mean first-round score:
   :math:`y^{rev*}_{prm} = y^*_{prm} + 0.5\,(\bar y_{pm} - y^*_{prm}) + \mathcal N(0, 0.15^2)`,
   cut as above (missing first-round scores stay missing).

6. **Consensus** (rater ``COMITE``): the committee starts from the mean of the
   individual scores :math:`\bar y_{pm}` and the deliberation pulls it towards
   the project's latent level, with a slight upward drift:

   .. math:: c^*_{pm} = (1 - w)\,\bar y_{pm} + w\,\theta_{pm} + d + \mathcal N(0, 0.20^2),
             \quad w = 0.35,\ d = 0.10,

   cut as above (the latent level alone when nobody scored the marker).

7. **Decision.** With :math:`\bar c_p` the mean consensus score over the
   markers and :math:`z_p = \bar c_p + \mathcal N(0, 0.15^2)`: ``labellise``
   when :math:`z_p \ge 1.60`, ``ajourne`` when :math:`1.40 \le z_p < 1.60`,
   ``non_labellise`` below.

Ids are pseudonyms: projects ``P2016-001`` (year and number), raters ``R01``.

Examples
--------
>>> from amiris_lab.data.demo import make_demo_dataset
>>> ds = make_demo_dataset()
>>> ds.years
[2016, 2017, 2018, 2019]
>>> len(ds.raters), sorted(ds.raters["college"].unique())
(15, ['accompagnement', 'expert', 'financeur_prive', 'financeur_public'])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, overload

import numpy as np
import pandas as pd

from ..definitions import default_markers
from ..exceptions import ParameterError
from ..format import CONSENSUS_RATER
from .dataset import MarkerDataset

DEFAULT_SEED = 20240601
DEFAULT_YEARS = (2016, 2017, 2018, 2019)

#: Planted project typologies: code -> French label, English label, weight and
#: the marker profile mu_t (latent level of M01..M12).
TYPOLOGIES: dict[str, dict] = {
    "collectif_territorial": {
        "label_fr": "Collectif territorial",
        "label_en": "Territorial collective",
        "weight": 0.30,
        # M01  M02  M03  M04  M05  M06  M07  M08  M09  M10  M11  M12
        "profile": (2.0, 2.0, 2.7, 2.6, 1.0, 2.8, 2.5, 1.5, 1.8, 1.3, 1.5, 2.0),
    },
    "entreprise_sociale_service": {
        "label_fr": "Entreprise sociale de service",
        "label_en": "Social service enterprise",
        "weight": 0.30,
        "profile": (1.8, 1.3, 0.9, 1.0, 0.5, 1.3, 1.1, 2.7, 2.6, 2.8, 1.3, 1.4),
    },
    "recherche_action": {
        "label_fr": "Projet de recherche-action",
        "label_en": "Action-research project",
        "weight": 0.15,
        "profile": (2.4, 2.3, 2.0, 1.8, 2.8, 1.5, 1.8, 1.3, 1.5, 1.1, 2.6, 2.6),
    },
    "initiative_emergente": {
        "label_fr": "Initiative émergente",
        "label_en": "Emerging initiative",
        "weight": 0.25,
        "profile": (1.5, 1.3, 0.7, 0.7, 0.3, 1.1, 0.6, 0.5, 1.1, 0.9, 0.9, 0.6),
    },
}

#: Rater-noise standard deviation sigma_m per marker (lower = easier to agree on).
MARKER_NOISE: dict[str, float] = {
    "M01": 0.60,
    "M02": 0.55,
    "M03": 0.25,
    "M04": 0.55,
    "M05": 0.20,
    "M06": 0.45,
    "M07": 0.50,
    "M08": 0.25,
    "M09": 0.60,
    "M10": 0.35,
    "M11": 0.75,
    "M12": 0.70,
}

#: Mean severity delta_c of each college (subtracted from the latent level).
COLLEGE_SEVERITY: dict[str, float] = {
    "financeur_public": 0.15,
    "financeur_prive": 0.30,
    "expert": 0.05,
    "accompagnement": -0.30,
}

#: Number of raters of each college in the pool.
COLLEGE_SIZES: dict[str, int] = {
    "financeur_public": 4,
    "financeur_prive": 3,
    "expert": 4,
    "accompagnement": 4,
}

#: Share of applications by department (Nord and Pas-de-Calais largest).
DEPARTMENT_WEIGHTS: dict[str, float] = {"59": 0.40, "62": 0.25, "80": 0.12, "60": 0.12, "02": 0.11}

_LEGAL_FORMS = ("association", "scop", "scic", "sas", "sarl", "sa", "autre")
_LEGAL_FORM_WEIGHTS = {
    "collectif_territorial": (0.72, 0.04, 0.14, 0.03, 0.02, 0.00, 0.05),
    "entreprise_sociale_service": (0.38, 0.16, 0.12, 0.18, 0.10, 0.03, 0.03),
    "recherche_action": (0.80, 0.02, 0.06, 0.02, 0.02, 0.00, 0.08),
    "initiative_emergente": (0.82, 0.03, 0.03, 0.04, 0.03, 0.00, 0.05),
}
_STAGES = ("emergence", "experimentation", "essaimage")
_STAGE_WEIGHTS = {
    "collectif_territorial": (0.25, 0.50, 0.25),
    "entreprise_sociale_service": (0.15, 0.45, 0.40),
    "recherche_action": (0.30, 0.60, 0.10),
    "initiative_emergente": (0.75, 0.25, 0.00),
}
_SECTORS = (
    "alimentation",
    "habitat",
    "mobilite",
    "emploi_insertion",
    "sante",
    "education",
    "culture",
    "environnement",
    "numerique",
    "services_a_la_personne",
    "economie_circulaire",
    "agriculture",
)
_SECTOR_WEIGHTS = {
    #                            ali  hab  mob  emp  san  edu  cul  env  num  sap  eco  agr
    "collectif_territorial": (
        0.14,
        0.10,
        0.10,
        0.08,
        0.05,
        0.06,
        0.12,
        0.10,
        0.03,
        0.04,
        0.08,
        0.10,
    ),
    "entreprise_sociale_service": (
        0.08,
        0.06,
        0.10,
        0.22,
        0.10,
        0.04,
        0.02,
        0.04,
        0.06,
        0.18,
        0.08,
        0.02,
    ),
    "recherche_action": (0.08, 0.06, 0.04, 0.08, 0.18, 0.18, 0.08, 0.12, 0.06, 0.04, 0.04, 0.04),
    "initiative_emergente": (
        0.12,
        0.08,
        0.08,
        0.10,
        0.06,
        0.08,
        0.12,
        0.10,
        0.08,
        0.06,
        0.08,
        0.04,
    ),
}

_CUTS = np.array([0.5, 1.5, 2.5])
_QUALITY_SD = 0.30
_TWIST_SD = 0.35
_RATER_SD = 0.12
_REVISE_PULL = 0.5
_REVISE_SD = 0.15
_DELIBERATION_WEIGHT = 0.35
_DELIBERATION_DRIFT = 0.10
_CONSENSUS_SD = 0.20
_DECISION_SD = 0.15
_LABEL_THRESHOLD = 1.60
_POSTPONE_THRESHOLD = 1.40


def _cut(latent: np.ndarray) -> np.ndarray:
    """Ordinal levels 0..3 from latent values (thresholds 0.5, 1.5, 2.5)."""
    return np.searchsorted(_CUTS, latent, side="right")


def _check_options(years, projects_per_year, missing_rate, revise_share) -> tuple[int, ...]:
    try:
        years = tuple(int(y) for y in years)
    except (TypeError, ValueError):
        raise ParameterError(
            f"The 'years' parameter of make_demo_dataset must be a sequence of years. "
            f"Got {years!r} instead."
        ) from None
    if not years or any(y < 1900 or y > 2999 for y in years) or len(set(years)) != len(years):
        raise ParameterError(
            f"The 'years' parameter of make_demo_dataset must hold distinct four-digit years. "
            f"Got {years!r} instead."
        )
    low_high = tuple(projects_per_year) if isinstance(projects_per_year, Sequence) else ()
    if (
        len(low_high) != 2
        or not all(isinstance(v, int | np.integer) for v in low_high)
        or not 1 <= low_high[0] <= low_high[1] <= 999
    ):
        raise ParameterError(
            "The 'projects_per_year' parameter of make_demo_dataset must be a pair "
            f"(low, high) of integers with 1 <= low <= high <= 999. Got {projects_per_year!r} instead."
        )
    for name, value in (("missing_rate", missing_rate), ("revise_share", revise_share)):
        if not isinstance(value, float | int) or not 0 <= value < 1:
            raise ParameterError(
                f"The '{name}' parameter of make_demo_dataset must be a number in [0, 1). "
                f"Got {value!r} instead."
            )
    return years


def _raters(rng: np.random.Generator) -> pd.DataFrame:
    colleges = np.array([c for c, n in COLLEGE_SIZES.items() for _ in range(n)])
    colleges = colleges[rng.permutation(len(colleges))]
    severity = np.array([COLLEGE_SEVERITY[c] for c in colleges]) + rng.normal(
        0, _RATER_SD, len(colleges)
    )
    return pd.DataFrame(
        {
            "rater_id": [f"R{i + 1:02d}" for i in range(len(colleges))],
            "college": colleges,
            "severity": severity,
        }
    )


def _projects(rng: np.random.Generator, years, projects_per_year) -> pd.DataFrame:
    type_codes = list(TYPOLOGIES)
    type_weights = np.array([TYPOLOGIES[t]["weight"] for t in type_codes])
    frames = []
    for year in years:
        n = int(rng.integers(projects_per_year[0], projects_per_year[1] + 1))
        types = rng.choice(len(type_codes), size=n, p=type_weights / type_weights.sum())
        frames.append(
            pd.DataFrame(
                {
                    "project_id": [f"P{year}-{i + 1:03d}" for i in range(n)],
                    "year": year,
                    "typology": [type_codes[t] for t in types],
                }
            )
        )
    projects = pd.concat(frames, ignore_index=True)
    n = len(projects)
    departments = list(DEPARTMENT_WEIGHTS)
    projects["department"] = rng.choice(
        departments, size=n, p=np.array(list(DEPARTMENT_WEIGHTS.values()))
    )
    for column, values, weights in (
        ("legal_form", _LEGAL_FORMS, _LEGAL_FORM_WEIGHTS),
        ("stage", _STAGES, _STAGE_WEIGHTS),
        ("sector", _SECTORS, _SECTOR_WEIGHTS),
    ):
        drawn = np.empty(n, dtype=object)
        for code in type_codes:
            rows = np.flatnonzero(projects["typology"].to_numpy() == code)
            p = np.asarray(weights[code], dtype=float)
            drawn[rows] = rng.choice(values, size=len(rows), p=p / p.sum())
        projects[column] = drawn
    projects["quality"] = rng.normal(0, _QUALITY_SD, n)
    return projects


def _committees(rng: np.random.Generator, n_projects: int, raters: pd.DataFrame) -> list:
    """For each project, the positions (in ``raters``) of its committee members."""
    by_college = [np.flatnonzero(raters["college"].to_numpy() == c) for c in COLLEGE_SIZES]
    n_raters = len(raters)
    sizes = rng.integers(5, 9, size=n_projects)
    committees = []
    for size in sizes:
        members = [int(rng.choice(group)) for group in by_college]
        others = np.setdiff1d(np.arange(n_raters), members)
        members += [int(v) for v in rng.choice(others, size=size - len(members), replace=False)]
        committees.append(sorted(members))
    return committees


@overload
def make_demo_dataset(
    *,
    seed: int = ...,
    years: Sequence[int] = ...,
    projects_per_year: tuple[int, int] = ...,
    missing_rate: float = ...,
    revise_share: float = ...,
    return_truth: Literal[False] = ...,
) -> MarkerDataset: ...


@overload
def make_demo_dataset(
    *,
    seed: int = ...,
    years: Sequence[int] = ...,
    projects_per_year: tuple[int, int] = ...,
    missing_rate: float = ...,
    revise_share: float = ...,
    return_truth: Literal[True],
) -> tuple[MarkerDataset, pd.DataFrame]: ...


def make_demo_dataset(
    *,
    seed: int = DEFAULT_SEED,
    years: Sequence[int] = DEFAULT_YEARS,
    projects_per_year: tuple[int, int] = (70, 110),
    missing_rate: float = 0.05,
    revise_share: float = 0.25,
    return_truth: bool = False,
):
    """Draw a synthetic dataset from the generative model of this module.

    Parameters
    ----------
    seed : int, default 20240601
        Seed of the NumPy generator; the same seed gives the same dataset.
    years : sequence of int, default (2016, 2017, 2018, 2019)
        Years of the calls.
    projects_per_year : (int, int), default (70, 110)
        Bounds of the uniform number of applications per year.
    missing_rate : float, default 0.05
        Probability that an individual or revised score is left empty.
    revise_share : float, default 0.25
        Share of projects with a ``revise`` round after discussion.
    return_truth : bool, default False
        Also return the planted truth.

    Returns
    -------
    MarkerDataset
        ``projects`` (project_id, year, department, legal_form, stage, sector,
        decision), ``raters`` (rater_id, college), ``scores`` (long; rounds
        ``individuel``, ``revise`` for some projects, ``consensus`` by ``COMITE``).
    truth : DataFrame, only with ``return_truth=True``
        One row per project: ``project_id, year, typology`` (code of
        :data:`TYPOLOGIES`), ``typology_label`` (French), ``quality`` (u_p) and
        ``latent_M01`` .. ``latent_M12`` (theta_pm).

    Examples
    --------
    >>> ds, truth = make_demo_dataset(years=[2019], return_truth=True)
    >>> 60 <= len(ds.projects) <= 120
    True
    >>> sorted(truth["typology"].unique())  # doctest: +NORMALIZE_WHITESPACE
    ['collectif_territorial', 'entreprise_sociale_service', 'initiative_emergente',
     'recherche_action']
    """
    years = _check_options(years, projects_per_year, missing_rate, revise_share)
    if not isinstance(seed, int | np.integer) or isinstance(seed, bool) or seed < 0:
        raise ParameterError(
            f"The 'seed' parameter of make_demo_dataset must be a non-negative integer. "
            f"Got {seed!r} instead."
        )
    rng = np.random.default_rng(int(seed))
    markers = default_markers()
    codes = list(markers["code"])
    n_markers = len(codes)

    raters = _raters(rng)
    projects = _projects(rng, years, projects_per_year)
    n_projects = len(projects)

    # latent profiles theta (projects x markers)
    mu = np.array([TYPOLOGIES[t]["profile"] for t in projects["typology"]])
    theta = (
        mu
        + projects["quality"].to_numpy()[:, None]
        + rng.normal(0, _TWIST_SD, (n_projects, n_markers))
    )

    # committees, as (project, rater) pairs
    committees = _committees(rng, n_projects, raters)
    pair_project = np.repeat(np.arange(n_projects), [len(c) for c in committees])
    pair_rater = np.concatenate([np.asarray(c) for c in committees])
    n_pairs = len(pair_project)
    sigma = np.array([MARKER_NOISE[c] for c in codes])

    # individual round (pairs x markers)
    severity = raters["severity"].to_numpy()[pair_rater][:, None]
    latent_ind = theta[pair_project] - severity + rng.normal(0, 1, (n_pairs, n_markers)) * sigma
    score_ind = _cut(latent_ind).astype(float)
    score_ind[rng.random((n_pairs, n_markers)) < missing_rate] = np.nan

    # committee mean of the observed first-round scores (projects x markers)
    sums = np.zeros((n_projects, n_markers))
    counts = np.zeros((n_projects, n_markers))
    np.add.at(sums, pair_project, np.nan_to_num(score_ind))
    np.add.at(counts, pair_project, ~np.isnan(score_ind))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_ind = np.where(counts > 0, sums / counts, theta)

    # revised round for some projects
    revised = rng.random(n_projects) < revise_share
    latent_rev = (
        latent_ind
        + _REVISE_PULL * (mean_ind[pair_project] - latent_ind)
        + rng.normal(0, _REVISE_SD, (n_pairs, n_markers))
    )
    score_rev = _cut(latent_rev).astype(float)
    score_rev[np.isnan(score_ind)] = np.nan
    score_rev[rng.random((n_pairs, n_markers)) < missing_rate / 2] = np.nan

    # consensus
    latent_con = (
        (1 - _DELIBERATION_WEIGHT) * mean_ind
        + _DELIBERATION_WEIGHT * theta
        + _DELIBERATION_DRIFT
        + rng.normal(0, _CONSENSUS_SD, (n_projects, n_markers))
    )
    score_con = _cut(latent_con)

    # decision
    z = score_con.mean(axis=1) + rng.normal(0, _DECISION_SD, n_projects)
    projects["decision"] = np.where(
        z >= _LABEL_THRESHOLD,
        "labellise",
        np.where(z >= _POSTPONE_THRESHOLD, "ajourne", "non_labellise"),
    )

    # long scores table
    project_ids = projects["project_id"].to_numpy()
    rater_ids = raters["rater_id"].to_numpy()
    code_arr = np.array(codes)

    def long(rows_project, rows_rater, round_name, values):
        n_rows = len(rows_project)
        return pd.DataFrame(
            {
                "project_id": np.repeat(rows_project, n_markers),
                "rater_id": np.repeat(rows_rater, n_markers),
                "round": round_name,
                "marker": np.tile(code_arr, n_rows),
                "score": pd.array(values.reshape(-1), dtype="Float64").astype("Int64"),
            }
        )

    keep_rev = revised[pair_project]
    scores = pd.concat(
        [
            long(project_ids[pair_project], rater_ids[pair_rater], "individuel", score_ind),
            long(
                project_ids[pair_project][keep_rev],
                rater_ids[pair_rater][keep_rev],
                "revise",
                score_rev[keep_rev],
            ),
            long(
                project_ids,
                np.full(n_projects, CONSENSUS_RATER),
                "consensus",
                score_con.astype(float),
            ),
        ],
        ignore_index=True,
    )
    round_order = {"individuel": 0, "revise": 1, "consensus": 2}
    scores = scores.assign(_r=scores["round"].map(round_order))
    scores = scores.sort_values(["project_id", "_r", "rater_id", "marker"], kind="mergesort")
    scores = scores.drop(columns="_r").reset_index(drop=True)

    columns = ["project_id", "year", "department", "legal_form", "stage", "sector", "decision"]
    dataset = MarkerDataset.from_frames(
        projects[columns],
        raters[["rater_id", "college"]],
        scores,
        markers=markers,
        source=f"demo (seed={int(seed)})",
    )
    if not return_truth:
        return dataset
    truth = projects[["project_id", "year", "typology"]].copy()
    truth["typology_label"] = [TYPOLOGIES[t]["label_fr"] for t in truth["typology"]]
    truth["quality"] = projects["quality"]
    latent = pd.DataFrame(theta, columns=[f"latent_{c}" for c in codes])
    truth = pd.concat([truth, latent], axis=1)
    return dataset, truth
