"""Data simulated from the many-facet Rasch model, for the tests of ``amiris_lab.rasch``."""

from __future__ import annotations

import numpy as np
import pandas as pd


def simulate(
    rng: np.random.Generator,
    *,
    n_projects: int = 200,
    marker_difficulty=(-0.6, -0.2, 0.0, 0.3, 0.5),
    rater_severity=(-0.5, -0.2, 0.0, 0.1, 0.25, 0.35),
    thresholds=(-1.2, 0.1, 1.1),
    raters_per_project: int = 3,
    project_sd: float = 1.0,
    interaction: dict | None = None,
    random_rater: int | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Scores of projects by a panel of ``raters_per_project`` members drawn at random.

    ``thresholds`` is one row (rating scale) or one row per marker (partial credit).
    ``interaction`` maps ``(rater index, marker index)`` to extra logits of severity in
    that cell; ``random_rater`` is the index of a member who scores at random (misfit).
    Returns the long data and the true parameters (facets centred, as estimated).
    """
    delta = np.asarray(marker_difficulty, float) - np.mean(marker_difficulty)
    sev = np.asarray(rater_severity, float) - np.mean(rater_severity)
    tau = np.atleast_2d(np.asarray(thresholds, float))
    tau = tau - tau.mean(axis=1, keepdims=True)
    theta = rng.normal(0.0, project_sd, n_projects)
    rows = []
    for p in range(n_projects):
        panel = rng.choice(len(sev), size=raters_per_project, replace=False)
        for r in panel:
            for m in range(len(delta)):
                t = tau[m if len(tau) > 1 else 0]
                eta = theta[p] - delta[m] - sev[r] - (interaction or {}).get((r, m), 0.0)
                logits = np.concatenate([[0.0], np.cumsum(eta - t)])
                prob = np.exp(logits - logits.max())
                score = rng.choice(len(prob), p=prob / prob.sum())
                if r == random_rater:
                    score = int(rng.integers(0, len(prob)))
                rows.append((f"P{p:03d}", f"M{m + 1:02d}", f"R{r + 1:02d}", int(score)))
    data = pd.DataFrame(rows, columns=["project_id", "marker", "rater_id", "score"])
    truth = {"project_id": theta, "marker": delta, "rater_id": sev, "thresholds": tau}
    return data, truth
