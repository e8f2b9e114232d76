"""Planted typologies for the clustering and plotting tests (seeded, fast).

Each project belongs to one planted type; a type is a profile that is high on a
few markers and at a baseline on the others. Individual scores are the
project's latent profile plus the rater's severity plus rating noise, rounded
and clipped to the 0..3 scale; the consensus is the latent profile plus a small
noise, rounded. ``separation`` sets how far the high markers stand out (in
scale levels), ``noise`` the standard deviation of rating noise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from amiris_lab.data.dataset import MarkerDataset

MARKERS = [f"M{i:02d}" for i in range(1, 13)]

#: marker codes each planted type is high on
TYPES = {
    "recherche": ["M05", "M11", "M12"],
    "territoire": ["M03", "M06", "M07"],
    "service": ["M08", "M09", "M10"],
    "beneficiaires": ["M01", "M02", "M04"],
}


def planted_dataset(
    *,
    n_types: int = 3,
    per_type: int = 30,
    n_raters: int = 8,
    panel: int = 5,
    baseline: float = 0.8,
    separation: float = 1.8,
    project_sd: float = 0.25,
    noise: float = 0.4,
    consensus_noise: float = 0.15,
    severities=None,
    seed: int = 0,
) -> tuple[MarkerDataset, pd.Series]:
    """Return (dataset, truth) where truth is the planted type per project_id."""
    rng = np.random.default_rng(seed)
    names = list(TYPES)[:n_types]
    centres = np.full((n_types, 12), baseline)
    for t, name in enumerate(names):
        centres[t, [MARKERS.index(m) for m in TYPES[name]]] += separation
    kinds = np.repeat(np.arange(n_types), per_type)
    n = len(kinds)
    latent = centres[kinds] + rng.normal(0, project_sd, (n, 12))
    ids = [f"P{i:03d}" for i in range(n)]
    raters = [f"R{j:02d}" for j in range(n_raters)]
    severity = (
        rng.normal(0, 0.15, n_raters) if severities is None else np.asarray(severities, float)
    )
    rows = []
    for i in range(n):
        members = rng.choice(n_raters, size=panel, replace=False)
        for j in members:
            raw = latent[i] + severity[j] + rng.normal(0, noise, 12)
            for m, value in zip(MARKERS, np.clip(np.rint(raw), 0, 3), strict=True):
                rows.append((ids[i], raters[j], "individuel", m, int(value)))
        consensus = np.clip(np.rint(latent[i] + rng.normal(0, consensus_noise, 12)), 0, 3)
        for m, value in zip(MARKERS, consensus, strict=True):
            rows.append((ids[i], "COMITE", "consensus", m, int(value)))
    scores = pd.DataFrame(rows, columns=["project_id", "rater_id", "round", "marker", "score"])
    decisions = np.where(kinds == 0, "labellise", "non_labellise")
    projects = pd.DataFrame(
        {
            "project_id": ids,
            "year": 2020 + (np.arange(n) % 2),
            "department": rng.choice(["02", "59", "60", "62", "80"], n),
            "legal_form": rng.choice(["association", "scic", "sas"], n),
            "stage": rng.choice(["emergence", "experimentation", "essaimage"], n),
            "sector": "divers",
            "decision": decisions,
        }
    )
    colleges = ["expert", "financeur_public", "financeur_prive", "accompagnement"]
    raters_frame = pd.DataFrame(
        {"rater_id": raters, "college": [colleges[j % 4] for j in range(n_raters)]}
    )
    dataset = MarkerDataset.from_frames(projects, raters_frame, scores)
    truth = pd.Series([names[k] for k in kinds], index=pd.Index(ids, name="project_id"))
    return dataset, truth
