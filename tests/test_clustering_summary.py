"""Cluster summary and names, cross-tables, marker dendrogram, rater clusters, project map."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from clustering_planted import MARKERS, TYPES, planted_dataset
from scipy.stats import spearmanr

from amiris_lab.clustering import (
    MarkerTypology,
    cluster_crosstab,
    cluster_differences,
    cluster_summary,
    marker_dendrogram,
    project_map,
    rater_clusters,
    short_marker_names,
)
from amiris_lab.exceptions import ParameterError, UndefinedStatisticWarning


@pytest.fixture(scope="module")
def fitted():
    dataset, truth = planted_dataset(n_types=3, seed=0)
    return dataset, truth, MarkerTypology(n_clusters=3, random_state=0).fit(dataset)


def test_summary_names_the_planted_markers(fitted):
    dataset, truth, typology = fitted
    summary = cluster_summary(typology)
    assert summary["size"].tolist() == [30, 30, 30]
    assert summary["share"].sum() == pytest.approx(1)
    for _, row in summary.iterrows():
        members = typology.labels_[typology.labels_ == row["cluster"]].index
        planted = truth.loc[members].mode().item()
        assert len(row["higher"]) == 2 and set(row["higher"]) <= set(TYPES[planted])
        for code in row["higher"]:
            assert short_marker_names(lang="fr")[code] in row["name_fr"]
        assert row["name"] == row["name_fr"]  # French by default
    english = cluster_summary(typology, lang="en")
    assert english["name"].str.startswith("Strong on").all()


def test_differences_by_hand():
    table = pd.DataFrame({"M01": [0.0, 2.0, 3.0, 3.0]}, index=list("ABCD"))
    labels = pd.Series([0, 0, 1, 1], index=table.index)
    out = cluster_differences(table, labels).set_index("cluster")
    sd = np.std([0, 2, 3, 3], ddof=1)  # 1.414...
    assert out.loc[0, "mean"] == 1 and out.loc[0, "rest_mean"] == 3
    assert out.loc[0, "std_difference"] == pytest.approx(-2 / sd)


def test_crosstab_by_hand():
    dataset, _ = planted_dataset(n_types=2, per_type=3, seed=0)
    # planted: type 0 is 'labellise', type 1 'non_labellise'; a perfect split
    labels = pd.Series([0, 0, 0, 1, 1, 1], index=[f"P{i:03d}" for i in range(6)])
    result = cluster_crosstab(dataset, labels, by="decision")
    # expected counts 1.5 everywhere: chi2 = 4 * 1.5^2 / 1.5 = 6, 1 dof
    assert result.table.to_numpy().tolist() == [[3, 0], [0, 3]]
    assert list(result.table.columns) == ["Labellisé", "Non labellisé"]
    assert result.chi2 == pytest.approx(6.0)
    assert result.dof == 1
    assert result.p_value == pytest.approx(0.014305878, rel=1e-6)  # 1 - pchisq(6, 1) in R
    assert result.cramers_v == pytest.approx(1.0)
    assert result.min_expected == pytest.approx(1.5)
    english = cluster_crosstab(dataset, labels, by="decision", lang="en")
    assert list(english.table.columns) == ["Labelled", "Not labelled"]


def test_crosstab_undefined_and_errors(fitted):
    dataset, _, typology = fitted
    one = pd.Series(0, index=typology.labels_.index)
    with pytest.warns(UndefinedStatisticWarning, match=r"at least 2 clusters and 2 values"):
        result = cluster_crosstab(dataset, one, by="stage")
    assert np.isnan(result.chi2)
    with pytest.raises(
        ParameterError,
        match=r"'by' parameter of cluster_crosstab must be one of "
        r"\{'decision', 'department', 'stage', 'legal_form'\}. Got 'sector'",
    ):
        cluster_crosstab(dataset, typology, by="sector")
    with pytest.raises(
        ParameterError,
        match=r"1 labelled project\(s\) are not in the dataset, "
        r"e.g. 'X9'",
    ):
        cluster_crosstab(dataset, pd.Series([0], index=["X9"]))
    with pytest.raises(ParameterError, match=r"must be a pandas Series indexed by project_id"):
        cluster_crosstab(dataset, [0, 1])
    with pytest.raises(ParameterError, match=r"Give the cluster labels"):
        cluster_summary(dataset)


def test_marker_dendrogram_groups_planted_markers():
    dataset, _ = planted_dataset(n_types=3, per_type=40, seed=4)
    result = marker_dendrogram(dataset)
    profiles = dataset.profiles()
    rho = spearmanr(profiles.to_numpy()).statistic
    np.testing.assert_allclose(result.correlation.to_numpy(), rho, atol=1e-12)
    assert sorted(result.order) == MARKERS
    position = {m: i for i, m in enumerate(result.order)}
    # markers planted together are neighbours in the leaf order
    for group in (["M05", "M11", "M12"], ["M03", "M06", "M07"], ["M08", "M09", "M10"]):
        assert max(position[m] for m in group) - min(position[m] for m in group) == 2
    assert result.labels[0].startswith(result.order[0] + " ")
    assert result.linkage.shape == (11, 4)
    individual = marker_dendrogram(dataset, source="individual", lang="en")
    assert sorted(individual.order) == MARKERS
    with pytest.raises(ParameterError, match=r"'source' parameter of marker_dendrogram"):
        marker_dendrogram(dataset, source="revise")


def test_rater_clusters_separate_lenient_and_severe():
    severities = [1.0, 1.0, 1.0, 0.0, 0.0, -1.0, -1.0, -1.0]
    dataset, _ = planted_dataset(n_raters=8, panel=6, severities=severities, seed=6)
    result = rater_clusters(dataset, n_clusters=3)
    labels = result.labels
    assert labels[["R00", "R01", "R02"]].nunique() == 1 and labels["R00"] == 0  # lenient first
    assert labels[["R05", "R06", "R07"]].nunique() == 1 and labels["R05"] == 2
    assert result.severity.shape == (8, 12)
    # a +1 rater among panels of six: gap to the others' mean is about 1 - (1/5)(net of the rest)
    assert result.summary.set_index("rater_id").loc["R00", "mean_severity"] > 0.6
    auto = rater_clusters(dataset)
    assert auto.scores["chosen"].sum() == 1
    with pytest.raises(ParameterError, match=r"'round' parameter of rater_clusters"):
        rater_clusters(dataset, round="consensus")
    with pytest.raises(ParameterError, match=r"at least 3 raters with 10000 or more scores"):
        rater_clusters(dataset, min_scores=10000)


def test_project_map_sign_and_labels(fitted):
    dataset, _, typology = fitted
    coords = project_map(typology)
    assert list(coords.columns) == ["project_id", "pc1", "pc2", "cluster"]
    assert coords["cluster"].tolist() == typology.labels_.tolist()
    ratios = coords.attrs["explained_variance_ratio"]
    assert len(ratios) == 2 and ratios[0] >= ratios[1]
    from_data = project_map(dataset)
    assert from_data["cluster"].isna().all()
