"""What a paper needs about a typology: sizes, profiles, what sets clusters apart, cross-tables."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..definitions import VOCABULARIES, default_markers, default_scale, level_labels
from ..exceptions import ParameterError, UndefinedStatisticWarning
from ..i18n import get_language, t_
from ._common import check_option, short_marker_names
from .profiles import Source, project_profiles
from .typology import MarkerTypology

By = Literal["decision", "department", "stage", "legal_form"]


def _profiles_and_labels(data, labels, source) -> tuple[pd.DataFrame, pd.Series]:
    if isinstance(data, MarkerTypology):
        if not hasattr(data, "labels_"):
            raise ParameterError("This MarkerTypology is not fitted yet: call fit() first.")
        return data.project_profiles_, data.labels_
    if labels is None:
        raise ParameterError(
            "Give the cluster labels (a Series indexed by project_id) or a fitted MarkerTypology."
        )
    labels = _as_label_series(labels)
    profiles = project_profiles(data, source=source)
    missing = labels.index.difference(profiles.index)
    if len(missing):
        raise ParameterError(
            f"{len(missing)} labelled project(s) have no profile, e.g. {missing[0]!r}."
        )
    return profiles.loc[labels.index], labels


def _as_label_series(labels) -> pd.Series:
    if isinstance(labels, MarkerTypology):
        return labels.labels_
    if not isinstance(labels, pd.Series):
        raise ParameterError(
            "Cluster labels must be a pandas Series indexed by project_id "
            f"(e.g. typology.labels_); got {type(labels).__name__}."
        )
    out = labels.copy()
    out.index = out.index.astype(str)
    return out


def cluster_differences(data, labels=None, *, source: Source = "consensus") -> pd.DataFrame:
    """Per cluster and marker: mean score, mean of the other projects, standardised difference.

    Parameters
    ----------
    data : MarkerTypology, MarkerDataset or DataFrame
        A fitted typology, or data with ``labels``.
    labels : Series, optional
        Cluster per project (index ``project_id``) when ``data`` is not a typology.
    source : {"consensus", "individual_mean"}
        Profiles used when ``data`` is a dataset.

    Returns
    -------
    DataFrame
        Columns ``cluster, marker, mean, rest_mean, difference, std_difference``;
        ``std_difference`` = (mean in the cluster - mean of the other projects)
        / standard deviation of the marker over all projects (NaN if the marker
        never varies).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"M01": [0., 1., 3., 2.], "M02": [1., 1., 1., 1.]},
    ...                      index=["A", "B", "C", "D"])
    >>> labels = pd.Series([0, 0, 1, 1], index=table.index)
    >>> cluster_differences(table, labels)[["cluster", "marker", "difference"]].values.tolist()
    [[0, 'M01', -2.0], [0, 'M02', 0.0], [1, 'M01', 2.0], [1, 'M02', 0.0]]
    """
    profiles, labels = _profiles_and_labels(data, labels, source)
    values = profiles.to_numpy(dtype=float)
    lab = labels.to_numpy()
    sd = values.std(axis=0, ddof=1) if len(values) > 1 else np.zeros(values.shape[1])
    rows = []
    for cluster in sorted(np.unique(lab)):
        inside = lab == cluster
        mean = values[inside].mean(axis=0)
        rest = values[~inside].mean(axis=0) if (~inside).any() else np.full(len(mean), np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            std = np.where(sd > 0, (mean - rest) / np.where(sd > 0, sd, 1), np.nan)
        for j, marker in enumerate(profiles.columns):
            rows.append(
                {
                    "cluster": cluster,
                    "marker": str(marker),
                    "mean": mean[j],
                    "rest_mean": rest[j],
                    "difference": mean[j] - rest[j],
                    "std_difference": std[j],
                }
            )
    return pd.DataFrame(rows)


def _join(words: list[str], lang: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + t_(" et ", lang=lang) + words[-1]


def _name(high: list[str], low: list[str], lang: str) -> str:
    if high and low:
        return t_(
            "Fort en {high}, faible en {low}",
            high=_join(high, lang),
            low=_join(low, lang),
            lang=lang,
        )
    if high:
        return t_("Fort en {high}", high=_join(high, lang), lang=lang)
    if low:
        return t_("Faible en {low}", low=_join(low, lang), lang=lang)
    return t_("Profil moyen", lang=lang)


def cluster_summary(
    data,
    labels=None,
    *,
    source: Source = "consensus",
    n_markers: int = 2,
    threshold: float = 0.5,
    markers: pd.DataFrame | None = None,
    scale: pd.DataFrame | None = None,
    lang: str | None = None,
) -> pd.DataFrame:
    """One row per cluster: size, overall level, distinguishing markers, suggested names.

    A marker distinguishes a cluster when its standardised difference to the
    other projects (see :func:`cluster_differences`) is at least ``threshold``
    in absolute value; the ``n_markers`` largest above and below make the name,
    e.g. "Fort en gouvernance et recherche (moyenne : affirmé)". Names are
    suggestions to edit, not findings.

    Parameters
    ----------
    data, labels, source
        As in :func:`cluster_differences`.
    n_markers : int, default 2
        Markers named on each side.
    threshold : float, default 0.5
        Smallest absolute standardised difference that counts (a "medium"
        effect in Cohen's terms).
    markers, scale : DataFrame, optional
        Definitions (default: the Godin markers and the 4-level scale); pass
        ``dataset.markers`` and ``dataset.scale`` for custom ones.
    lang : {"fr", "en"}, optional
        Language of the ``name`` column.

    Returns
    -------
    DataFrame
        ``cluster, size, share, mean_score, level, higher, lower, name_fr, name_en, name``:
        ``higher`` / ``lower`` are lists of marker codes, ``level`` is the scale
        label nearest to ``mean_score``, ``name`` is in the language in force.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"M05": [0., 0., 3., 3.], "M07": [3., 3., 0., 1.]},
    ...                      index=["A", "B", "C", "D"])
    >>> labels = pd.Series([0, 0, 1, 1], index=table.index)
    >>> cluster_summary(table, labels, lang="en")["name"].tolist()
    ['Strong on governance, weak on research (mean: weak)', 'Strong on research, weak on governance (mean: asserted)']
    """
    profiles, labels = _profiles_and_labels(data, labels, source)
    lang = get_language(lang)
    markers = default_markers() if markers is None else markers
    scale = default_scale() if scale is None else scale
    diffs = cluster_differences(profiles, labels)
    counts = labels.value_counts().sort_index()
    names_fr, names_en = (
        short_marker_names(markers, lang="fr"),
        short_marker_names(markers, lang="en"),
    )
    levels = np.asarray(scale["level"], dtype=float)
    rows = []
    for cluster, group in diffs.groupby("cluster", sort=True):
        group = group.dropna(subset=["std_difference"])
        high = group[group["std_difference"] >= threshold].nlargest(n_markers, "std_difference")
        low = group[group["std_difference"] <= -threshold].nsmallest(n_markers, "std_difference")
        mean_score = float(profiles[labels.to_numpy() == cluster].to_numpy().mean())
        nearest = int(scale["level"].iloc[int(np.abs(levels - mean_score).argmin())])
        named = {}
        for language, short in (("fr", names_fr), ("en", names_en)):
            level = level_labels(scale, lang=language)[nearest]
            body = _name(
                [short.get(m, m) for m in high["marker"]],
                [short.get(m, m) for m in low["marker"]],
                language,
            )
            mean_word = "moyenne :" if language == "fr" else "mean:"
            named[language] = f"{body} ({mean_word} {level})"
        rows.append(
            {
                "cluster": cluster,
                "size": int(counts.get(cluster, 0)),
                "share": float(counts.get(cluster, 0) / counts.sum()),
                "mean_score": mean_score,
                "level": level_labels(scale, lang=lang)[nearest],
                "higher": list(high["marker"]),
                "lower": list(low["marker"]),
                "name_fr": named["fr"],
                "name_en": named["en"],
            }
        )
    out = pd.DataFrame(rows)
    for language in ("fr", "en"):  # two clusters must not share a name
        column = f"name_{language}"
        dup = out[column].duplicated(keep=False)
        word = "groupe" if language == "fr" else "cluster"
        out.loc[dup, column] = [
            f"{n} ({word} {c})"
            for n, c in zip(out.loc[dup, column], out.loc[dup, "cluster"], strict=True)
        ]
    out["name"] = out[f"name_{lang}"]
    return out


@dataclass(frozen=True)
class Crosstab:
    """Result of :func:`cluster_crosstab`.

    Attributes
    ----------
    table : DataFrame
        Counts, clusters in rows, categories in columns (display labels).
    expected : DataFrame
        Counts expected under independence.
    chi2, dof, p_value : float
        Pearson's chi-square test of independence (``scipy.stats.chi2_contingency``,
        no continuity correction).
    cramers_v : float
        Effect size, sqrt(chi2 / (n * (min(rows, columns) - 1))).
    min_expected : float
        Smallest expected count; under 5 the chi-square approximation is rough.
    by : str
        The project column crossed with the clusters.
    """

    table: pd.DataFrame
    expected: pd.DataFrame
    chi2: float
    dof: int
    p_value: float
    cramers_v: float
    min_expected: float
    by: str


def cluster_crosstab(dataset, labels, *, by: By = "decision", lang: str | None = None) -> Crosstab:
    """Cross-table of clusters by a project characteristic, with a chi-square test.

    Parameters
    ----------
    dataset : MarkerDataset
        Gives the projects table.
    labels : Series or MarkerTypology
        Cluster per project (index ``project_id``).
    by : {"decision", "department", "stage", "legal_form"}, default "decision"
        The project column.
    lang : {"fr", "en"}, optional
        Language of the category labels.

    Returns
    -------
    Crosstab
        Warns (``UndefinedStatisticWarning``) and gives NaN statistics when the
        table has a single row or column.
    """
    check_option(
        by, ("decision", "department", "stage", "legal_form"), name="by", func="cluster_crosstab"
    )
    from scipy.stats import chi2_contingency

    labels = _as_label_series(labels)
    projects = dataset.projects.assign(project_id=dataset.projects["project_id"].astype(str))
    projects = projects.set_index("project_id")
    missing = labels.index.difference(projects.index)
    if len(missing):
        raise ParameterError(
            f"{len(missing)} labelled project(s) are not in the dataset, e.g. {missing[0]!r}."
        )
    values = projects.loc[labels.index, by].astype(object)
    vocabulary = VOCABULARIES.get(by, {})
    french = get_language(lang) == "fr"
    shown = [
        (vocabulary[v][0 if french else 1] if v in vocabulary else str(v))
        if pd.notna(v)
        else t_("(manquant)", lang=lang)
        for v in values
    ]
    order = [vocabulary[v][0 if french else 1] for v in vocabulary]
    table = pd.crosstab(pd.Series(labels.to_numpy(), name="cluster"), pd.Series(shown, name=by))
    table = table[
        [c for c in order if c in table.columns] + [c for c in table.columns if c not in order]
    ]
    if table.shape[0] < 2 or table.shape[1] < 2:
        warnings.warn(
            f"The chi-square test needs at least 2 clusters and 2 values of {by!r}; "
            f"the table is {table.shape[0]} x {table.shape[1]}. Returning NaN.",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
        nan = float("nan")
        return Crosstab(table, table * nan, nan, 0, nan, nan, nan, by)
    chi2, p_value, dof, expected = chi2_contingency(table.to_numpy(), correction=False)
    n = table.to_numpy().sum()
    cramers_v = float(np.sqrt(chi2 / (n * (min(table.shape) - 1))))
    expected = pd.DataFrame(expected, index=table.index, columns=table.columns)
    return Crosstab(
        table=table,
        expected=expected,
        chi2=float(chi2),
        dof=int(dof),
        p_value=float(p_value),
        cramers_v=cramers_v,
        min_expected=float(expected.to_numpy().min()),
        by=by,
    )
