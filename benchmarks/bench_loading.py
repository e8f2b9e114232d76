"""Speed of loading and validating a dataset of 1,000,000 score rows.

The dataset (8,000 projects x 10 raters x 12 markers individual scores, plus the
committee's consensus on 3,334 projects: 1,000,008 long CSV rows, 2 % not
scored) is written by a separate process, so the peak memory printed is that of
loading alone (``resource.getrusage`` maximum resident set size).

* ours: ``load_dataset(folder)`` = read every table as text, check everything
  (ids, categories, scores, duplicates, consensus rules, personal data) and build
  the :class:`MarkerDataset`. Target: at most 3 s on a 2-core machine.
* peer: plain ``pandas.read_csv`` of the same five files (no checks, default
  dtypes), measured in the same run; the ratio says what the checks cost.
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

N_PROJECTS, N_RATERS, N_CONSENSUS = 8_000, 10, 3_334
TARGET_S = 3.0


def generate(folder: str) -> int:
    """Write the benchmark dataset into ``folder``; return the number of score rows."""
    from amiris_lab.data.dataset import MarkerDataset
    from amiris_lab.data.io import write_dataset
    from amiris_lab.definitions import VOCABULARIES

    rng = np.random.default_rng(20240601)
    ids = np.array([f"P{i:05d}" for i in range(N_PROJECTS)])
    pick = lambda kind: np.array(list(VOCABULARIES[kind]))[  # noqa: E731
        rng.integers(0, len(VOCABULARIES[kind]), N_PROJECTS)
    ]
    projects = pd.DataFrame(
        {
            "project_id": ids,
            "year": rng.integers(2010, 2026, N_PROJECTS),
            "department": pick("department"),
            "legal_form": pick("legal_form"),
            "stage": pick("stage"),
            "sector": np.array(["culture", "habitat", "sante", "emploi"])[
                rng.integers(0, 4, N_PROJECTS)
            ],
            "decision": pick("decision"),
        }
    )
    pool = np.array([f"R{i:03d}" for i in range(60)])
    raters = pd.DataFrame(
        {"rater_id": pool, "college": np.array(list(VOCABULARIES["college"]))[np.arange(60) % 4]}
    )
    markers = [f"M{i:02d}" for i in range(1, 13)]
    # each project: 10 distinct raters of the pool
    panel = np.argsort(rng.random((N_PROJECTS, len(pool))), axis=1)[:, :N_RATERS]
    n_ind = N_PROJECTS * N_RATERS * 12
    individual = pd.DataFrame(
        {
            "project_id": np.repeat(ids, N_RATERS * 12),
            "rater_id": np.repeat(pool[panel].ravel(), 12),
            "round": "individuel",
            "marker": np.tile(markers, N_PROJECTS * N_RATERS),
            "score": rng.integers(0, 4, n_ind),
        }
    )
    consensus = pd.DataFrame(
        {
            "project_id": np.repeat(ids[:N_CONSENSUS], 12),
            "rater_id": "COMITE",
            "round": "consensus",
            "marker": np.tile(markers, N_CONSENSUS),
            "score": rng.integers(0, 4, N_CONSENSUS * 12),
        }
    )
    scores = pd.concat([individual, consensus], ignore_index=True)
    scores["score"] = pd.array(scores["score"], dtype="Int64")
    scores.loc[rng.random(len(scores)) < 0.02, "score"] = pd.NA
    dataset = MarkerDataset.from_frames(projects, raters, scores)
    write_dataset(dataset, folder)
    return len(scores)


def _generate_into(folder: str, queue) -> None:
    queue.put(generate(folder))


def main() -> int:
    from amiris_lab.data.io import load_dataset

    with tempfile.TemporaryDirectory() as folder:
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        child = context.Process(target=_generate_into, args=(folder, queue))
        child.start()
        n_rows = queue.get()
        child.join()
        size = sum(p.stat().st_size for p in Path(folder).glob("*.csv"))
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        times = []
        for _ in range(2):
            start = time.perf_counter()
            dataset = load_dataset(folder)
            times.append(time.perf_counter() - start)
        ours = min(times)
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        assert len(dataset.scores) == n_rows
        peer_times = []
        for _ in range(2):
            start = time.perf_counter()
            for name in ("projects", "raters", "scores", "markers", "scale"):
                pd.read_csv(Path(folder) / f"{name}.csv")
            peer_times.append(time.perf_counter() - start)
        peer = min(peer_times)
    print(f"dataset: {n_rows:,} score rows (long CSV, {size / 1e6:.1f} MB), best of 2 runs")
    print(f"load_dataset (read + validate + build): {ours:.3f} s ({n_rows / ours:,.0f} rows/s)")
    print(
        f"peak memory (max RSS of the loading process): {rss_after / 1024:.0f} MB "
        f"(before loading: {rss_before / 1024:.0f} MB)"
    )
    print(
        f"peer (pandas.read_csv of the same files): {peer:.3f} s; ratio ours/peer {ours / peer:.2f}"
    )
    ok = ours <= TARGET_S
    print(f"TARGET load_validate_1M_rows_s: {'PASS' if ok else 'FAIL'} ({ours:.3f} vs {TARGET_S})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
