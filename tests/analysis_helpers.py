"""Small datasets for the analysis tests (built by hand or from a seed)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from amiris_lab.data.dataset import MarkerDataset

COLLEGES = ("expert", "financeur_public", "financeur_prive", "accompagnement")


def dataset_from_rows(rows, *, colleges=None, years=None) -> MarkerDataset:
    """A dataset from ``(project_id, rater_id, round, marker, score)`` tuples.

    ``colleges`` maps rater -> college (default: all ``expert``), ``years`` maps
    project -> year (default 2019).
    """
    scores = pd.DataFrame(rows, columns=["project_id", "rater_id", "round", "marker", "score"])
    pids = sorted(scores["project_id"].unique())
    rids = sorted(set(scores["rater_id"]) - {"COMITE"})
    colleges = colleges or {}
    years = years or {}
    projects = pd.DataFrame(
        {
            "project_id": pids,
            "year": [years.get(p, 2019) for p in pids],
            "department": ["59"] * len(pids),
            "legal_form": ["association"] * len(pids),
            "stage": ["emergence"] * len(pids),
            "sector": ["culture"] * len(pids),
            "decision": ["labellise"] * len(pids),
        }
    )
    raters = pd.DataFrame({"rater_id": rids, "college": [colleges.get(r, "expert") for r in rids]})
    return MarkerDataset.from_frames(projects, raters, scores)


def random_dataset(
    seed: int = 0,
    *,
    n_projects: int = 40,
    n_raters: int = 8,
    per_project: int = 4,
    years=(2018, 2019),
    revise: bool = True,
    markers=("M01", "M02", "M03"),
) -> MarkerDataset:
    """Seeded random panel data: each project scored by ``per_project`` random members,
    a latent level per project and marker, a lenience per rater, ordinal noise; a few
    cells left unscored; a consensus near the members' median; a revise round closer to it."""
    rng = np.random.default_rng(seed)
    raters = [f"R{i + 1:02d}" for i in range(n_raters)]
    lenience = rng.normal(0, 0.5, n_raters)
    rows = []
    project_year = {}
    stages = {}
    for p in range(n_projects):
        pid = f"P{p + 1:03d}"
        project_year[pid] = years[p % len(years)]
        stages[pid] = ("emergence", "experimentation")[p % 2]
        panel = rng.choice(n_raters, size=per_project, replace=False)
        for m in markers:
            latent = rng.normal(1.5, 0.9)
            individual = []
            for r in panel:
                score = int(np.clip(np.rint(latent + lenience[r] + rng.normal(0, 0.6)), 0, 3))
                if rng.random() < 0.05:
                    rows.append((pid, raters[r], "individuel", m, None))
                    continue
                individual.append(score)
                rows.append((pid, raters[r], "individuel", m, score))
                if revise:
                    moved = int(np.clip(np.rint((score + latent) / 2), 0, 3))
                    rows.append((pid, raters[r], "revise", m, moved))
            if individual:
                rows.append((pid, "COMITE", "consensus", m, int(np.clip(np.rint(latent), 0, 3))))
    colleges = {r: COLLEGES[i % len(COLLEGES)] for i, r in enumerate(raters)}
    ds = dataset_from_rows(rows, colleges=colleges, years=project_year)
    projects = ds.projects.assign(stage=ds.projects["project_id"].map(stages).astype("category"))
    from dataclasses import replace

    return replace(ds, projects=projects)
