"""Run every benchmark (``benchmarks/bench_*.py``) one after the other.

Each benchmark is a script that measures our code and the named peer in the same
run, prints the figures and their ratio, and ends with one line per target:
``TARGET <name>: PASS|FAIL (<measured> vs <target>)``. It exits 1 when a target is
missed. This runner sums them up and exits 1 if any benchmark failed.

Usage: ``make bench`` or ``python benchmarks/run.py [NAME ...]`` (NAME filters by
file name, e.g. ``agreement``).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if any(a in s.stem for a in argv)]
    failed, targets = [], []
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, str(script)], cwd=HERE.parent, text=True, capture_output=True
        )
        sys.stdout.write(proc.stdout)
        sys.stderr.write(proc.stderr)
        targets += [line for line in proc.stdout.splitlines() if line.startswith("TARGET ")]
        print(f"({script.name}: {time.perf_counter() - start:.1f} s, exit {proc.returncode})")
        if proc.returncode != 0:
            failed.append(script.name)
    print("\n=== summary ===")
    for line in targets:
        print(line)
    if failed:
        print("benchmarks that failed: " + ", ".join(failed))
        return 1
    print(f"{len(scripts)} benchmark script(s), every target met.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
