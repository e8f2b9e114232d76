"""Speed of the REML G study (``amiris_lab.gstudy``) against statsmodels ``MixedLM``.

Ours: the full p x r x m REML fit, with standard errors, on the demo's individual
scores (``load_dataset("data/demo")``, round ``individuel``: 366 projects, 15
members, 12 markers, 27,469 scores, 58% of the cells empty). Best of 3 runs.

Peer, measured in the same run: statsmodels ``MixedLM`` with the six sources as
variance components (``vc_formula``, one group), the usual way to fit crossed
random effects in Python. It builds dense design matrices, so it is timed on a
subsample of ``N_SUB`` projects only (stated in the output), and ours is timed on
the same subsample for the ratio. Both solutions are scored with the same REML
criterion (lme4's ``REMLcrit``, which ours reproduces to 1e-9: see
tests/test_gtheory_exactness.py): the lower one is the better optimum.

Target: the full fit under 3 s. The machine is shared by several engineers, so
the target is checked on the CPU time of this process (``time.process_time``;
BLAS is pinned to one thread during the fit); wall-clock time and the load
average are printed beside it.
"""

from __future__ import annotations

import os
import sys
import time
import warnings

import numpy as np

N_SUB = 6
TARGET_S = 3.0


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def reml_criterion(table, variances: dict) -> float:
    from amiris_lab.gtheory.design import build_design
    from amiris_lab.gtheory.reml import RemlProblem

    design = build_design(table, facets=("rater_id", "marker"))
    problem = RemlProblem(design)
    names = [s.name for s in design.sources]
    lam = np.sqrt(np.array([variances[n] for n in names]) / variances["residual"])
    return problem.deviance(lam)


def main() -> int:
    import statsmodels.formula.api as smf

    import amiris_lab

    dataset = amiris_lab.load_dataset("data/demo")
    amiris_lab.gstudy(dataset, marker="M01", year=2016)  # warm-up: imports
    runs = [timed(lambda: amiris_lab.gstudy(dataset)) for _ in range(3)]
    g = runs[0][0]
    best_cpu = min(r[2] for r in runs)
    best_wall = min(r[1] for r in runs)
    load = os.getloadavg()
    print(
        f"1. full REML G study, {g.design['n_scores']} scores, {g.design['n_projects']} "
        f"projects x {g.design['n_rater_id']} members x {g.design['n_marker']} markers "
        f"({100 * g.design['cells_share']:.0f}% of cells observed), with SEs, best of 3:"
    )
    print(f"   ours {best_cpu:.2f} s CPU, {best_wall:.2f} s wall-clock "
          f"(load average {load[0]:.1f} on {os.cpu_count()} cores)")  # fmt: skip
    print(g.components.round(4).to_string())

    rng = np.random.default_rng(0)
    table = g.table
    keep = rng.choice(table["project_id"].unique(), N_SUB, replace=False)
    sub = table[table["project_id"].isin(keep)].reset_index(drop=True)
    ours_sub, ours_wall, ours_cpu = timed(lambda: amiris_lab.gstudy(sub))
    peer_data = sub.assign(
        one=1,
        pr=sub["project_id"] + ":" + sub["rater_id"],
        pm=sub["project_id"] + ":" + sub["marker"],
        rm=sub["rater_id"] + ":" + sub["marker"],
    )
    sources = {
        "project_id": "project_id",
        "rater_id": "rater_id",
        "marker": "marker",
        "pr": "project_id:rater_id",
        "pm": "project_id:marker",
        "rm": "rater_id:marker",
    }
    vc = {k: f"0 + C({k})" for k in sources}
    model = smf.mixedlm("score ~ 1", peer_data, groups="one", vc_formula=vc, re_formula="0")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        peer, peer_wall, peer_cpu = timed(lambda: model.fit(reml=True))
    peer_var = dict(zip((sources[n] for n in model.exog_vc.names), peer.vcomp, strict=True))
    peer_var["residual"] = peer.scale
    ours_var = ours_sub.components["variance"].to_dict()
    print(f"2. subsample of {N_SUB} projects ({len(sub)} scores), the peer being too slow "
          "on the full data:")  # fmt: skip
    print(f"   ours {ours_cpu:.3f} s CPU ({ours_wall:.3f} s wall); statsmodels MixedLM "
          f"{peer_cpu:.1f} s CPU ({peer_wall:.1f} s wall); ratio peer/ours (CPU) "
          f"{peer_cpu / ours_cpu:.0f}")  # fmt: skip
    print("   source                 ours     statsmodels")
    for source in ours_var:
        print(f"   {source:<20} {ours_var[source]:8.4f} {peer_var[source]:10.4f}")
    print(f"   REML criterion: ours {reml_criterion(sub, ours_var):.4f}, statsmodels "
          f"{reml_criterion(sub, peer_var):.4f} (lower is better)")  # fmt: skip

    ok = best_cpu < TARGET_S
    print(f"TARGET gstudy_full_demo_cpu_s: {'PASS' if ok else 'FAIL'} "
          f"({best_cpu:.3f} vs < {TARGET_S}; wall-clock {best_wall:.3f} s under load "
          f"{load[0]:.1f})")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
