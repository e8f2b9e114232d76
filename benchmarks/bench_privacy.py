"""Speed of the personal-data scanner and of the demo generator.

* ``scan_personal_data`` over 1,000,000 score rows (the size of part A's loading
  target), against the peer: the same regular expression run on every cell with
  pandas ``Series.str.contains`` (no factorisation). Target: at most 1 s.
* ``anonymise`` of a raw folder with 1,000,000 score rows (1,200 projects), against
  the peer: reading the same CSV files with ``pandas.read_csv`` and writing them
  back with ``to_csv`` (the I/O floor). Target: at most 5 s.
* ``make_demo_dataset()`` with its defaults. Target: under 1 s.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

from amiris_lab.data.demo import make_demo_dataset
from amiris_lab.data.io import write_dataset
from amiris_lab.data.privacy import anonymise, scan_personal_data
from amiris_lab.data.privacy.detection import _PII

N_ROWS = 1_000_000


def score_rows(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    ids = np.array([f"P{y}-{i:03d}" for y in range(2016, 2026) for i in range(1, 121)])
    return pd.DataFrame(
        {
            "project_id": ids[rng.integers(0, len(ids), n)],
            "rater_id": np.array([f"R{i:02d}" for i in range(1, 16)])[rng.integers(0, 15, n)],
            "round": np.array(["individuel", "revise", "consensus"])[rng.integers(0, 3, n)],
            "marker": np.array([f"M{i:02d}" for i in range(1, 13)])[rng.integers(0, 12, n)],
            "score": np.array(["0", "1", "2", "3", ""])[rng.integers(0, 5, n)],
        }
    ).astype(object)


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    frame = score_rows(N_ROWS)
    table = SimpleNamespace(name="scores", frame=frame, label="scores.csv", lines=None)
    ours = best_of(lambda: scan_personal_data({"scores": table}))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "pattern has match groups"
        peer = best_of(
            lambda: [frame[c].str.contains(_PII, regex=True) for c in frame.columns], repeat=1
        )
    print(
        f"scan_personal_data, {N_ROWS:,} score rows x 5 columns: {ours:.3f} s "
        f"({N_ROWS / ours:,.0f} rows/s)"
    )
    print(
        f"peer (Series.str.contains on every cell): {peer:.3f} s; ratio ours/peer {ours / peer:.3f}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        write_dataset(make_demo_dataset(years=range(2016, 2026), projects_per_year=(120, 120)), raw)
        frame.to_csv(raw / "scores.csv", index=False)

        def run_anonymise():
            shutil.rmtree(Path(tmp) / "out", ignore_errors=True)
            anonymise(raw, Path(tmp) / "out", key=b"benchmark-key-0123456789")

        def run_peer():
            for name in ("projects", "raters", "scores"):
                pd.read_csv(raw / f"{name}.csv", dtype=str).to_csv(
                    Path(tmp) / f"copy_{name}.csv", index=False
                )

        anon = best_of(run_anonymise, repeat=2)
        copy = best_of(run_peer, repeat=2)
    print(f"anonymise, {N_ROWS:,} score rows: {anon:.3f} s ({N_ROWS / anon:,.0f} rows/s)")
    print(f"peer (read_csv + to_csv of the same files): {copy:.3f} s; ratio {anon / copy:.2f}")
    demo = best_of(make_demo_dataset)
    ds = make_demo_dataset()
    print(f"make_demo_dataset(): {demo:.3f} s for {len(ds.scores):,} score rows")

    targets = [
        ("scan_1M_score_rows_s", ours, 1.0),
        ("anonymise_1M_score_rows_s", anon, 5.0),
        ("make_demo_dataset_s", demo, 1.0),
    ]
    failed = False
    for name, measured, target in targets:
        ok = measured <= target
        failed |= not ok
        print(f"TARGET {name}: {'PASS' if ok else 'FAIL'} ({measured:.3f} vs {target})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
