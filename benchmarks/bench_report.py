"""Annual report timings: one report end to end (parameters to HTML) and a four-year batch.

Both go through the same path as ``amiris-lab report`` (run_report / run_reports:
parameter checks, papermill in this process, HTML export). The floor is an empty
notebook through that same path (kernel start, papermill, nbconvert), measured in
the same run, so the ratio shows what the report's own content costs.

Targets (2-core machine): one report < 15 s, four-year batch < 40 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "demo"
TARGET_ONE_S = 15.0
TARGET_BATCH_S = 40.0

EMPTY_PARAMETERS = """year: int = 2019
data_dir: str = ""
lang: str = "fr"
"""


def _empty_template(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(EMPTY_PARAMETERS)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = folder / "vide.ipynb"
    nbformat.write(nb, path)
    return path


def main() -> int:
    from amiris_lab.reports import run_report, run_reports

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        empty = _empty_template(tmp)
        # warm-up: imports of papermill/nbconvert and disk cache (not measured)
        run_report(2019, data_dir=DATA, out_dir=tmp / "warm", formats=("html",), template=empty)

        t = time.perf_counter()
        run_report(2019, data_dir=DATA, out_dir=tmp / "floor", formats=("html",), template=empty)
        floor_one = time.perf_counter() - t

        t = time.perf_counter()
        run_report(2019, data_dir=DATA, out_dir=tmp / "one", formats=("html",))
        one = time.perf_counter() - t

        t = time.perf_counter()
        run_reports(
            [2016, 2017, 2018, 2019],
            data_dir=DATA,
            out_dir=tmp / "floor4",
            formats=("html",),
            template=empty,
            progress=False,
        )
        floor_batch = time.perf_counter() - t

        t = time.perf_counter()
        run_reports(
            [2016, 2017, 2018, 2019],
            data_dir=DATA,
            out_dir=tmp / "batch",
            formats=("html",),
            progress=False,
        )
        batch = time.perf_counter() - t

    print("annual report on data/demo, default parameters (n_boot=1000), HTML only")
    print(f"one report (2019), parameters to HTML: {one:.2f} s")
    print(
        f"  floor, empty notebook through the same path: {floor_one:.2f} s (report / floor = {one / floor_one:.1f}x)"
    )
    print(f"four-year batch (2016-2019), one process: {batch:.2f} s")
    print(
        f"  floor, four empty notebooks: {floor_batch:.2f} s (batch / floor = {batch / floor_batch:.1f}x)"
    )
    ok_one, ok_batch = one < TARGET_ONE_S, batch < TARGET_BATCH_S
    print(f"TARGET report_one_year_s: {'PASS' if ok_one else 'FAIL'} ({one:.2f} vs {TARGET_ONE_S})")
    print(
        f"TARGET report_batch_4_years_s: {'PASS' if ok_batch else 'FAIL'} ({batch:.2f} vs {TARGET_BATCH_S})"
    )
    return 0 if ok_one and ok_batch else 1


if __name__ == "__main__":
    sys.exit(main())
