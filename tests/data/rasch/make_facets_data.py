"""Write the simulated facets data that ``erm_facets.R`` fits with eRm (run from the repo root).

python tests/data/rasch/make_facets_data.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from rasch_simulation import simulate  # noqa: E402

data, _ = simulate(
    np.random.default_rng(2015),
    n_projects=120,
    marker_difficulty=(-0.5, 0.0, 0.2, 0.4),
    rater_severity=(-0.6, -0.2, 0.1, 0.3, 0.5),
    raters_per_project=3,
)
data.to_csv(HERE / "facets_small.csv", index=False, lineterminator="\n")
pcm, _ = simulate(
    np.random.default_rng(1982),
    n_projects=150,
    marker_difficulty=(-0.4, 0.0, 0.1, 0.3),
    rater_severity=(-0.4, 0.0, 0.2, 0.35),
    thresholds=[[-1.5, 0.0, 1.5], [-0.5, 0.0, 0.5], [-1.0, -0.2, 1.2], [-1.2, 0.3, 0.9]],
    raters_per_project=2,
)
pcm.to_csv(HERE / "facets_pcm.csv", index=False, lineterminator="\n")
