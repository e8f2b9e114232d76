"""Joint maximum likelihood (JMLE) for the many-facet Rasch model, as FACETS and Winsteps do it.

All measures (projects, markers, members, ...) and the Rasch-Andrich thresholds are
estimated together by Newton-Raphson on the joint likelihood (Wright & Masters 1982,
ch. 5; Linacre 1989, *Many-Facet Rasch Measurement*). The log-likelihood is concave
in the parameters, so full Newton steps with step halving converge in a few
iterations; the projects' block of the information is diagonal and is eliminated
by a Schur complement, so each step costs one pass over the observations.

Conventions (FACETS/Winsteps):

* identification: every facet but the projects is centred on zero (a facet nested
  in another, such as members in colleges, is centred within each outer element),
  the thresholds of each group sum to zero;
* extreme scores: an element whose every score is the lowest or the highest
  category has no finite estimate. Such elements (found again and again until none
  is left) are set aside while the others are estimated, then measured with the
  others fixed at the score ``extreme_adjustment`` (0.3) score points inside the
  extreme (Winsteps' ``EXTRSC=0.3``);
* bias correction: JMLE over-spreads the non-object measures because the project
  measures are incidental (Andersen 1973; Wright & Douglas 1977). With
  ``bias_correction=True`` the marker, member (and other) measures and the
  thresholds are multiplied by ``(L - 1) / L``, ``L`` the mean number of scores per
  project, and the projects re-estimated with them fixed (Winsteps' ``STBIAS``;
  Wright 1988, "The efficacy of unconditional maximum likelihood bias correction",
  *Applied Measurement in Education* 1:3). FACETS applies none.
* standard errors of measures are the model (local) ones, ``1 / sqrt(sum of
  score variances)`` over an element's scores, as FACETS prints them; those of
  the thresholds come from the inverse of the joint information.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._core import (
    linear_predictor,
    location_design,
    log_likelihood,
    mean_variance,
    pack,
    probabilities,
    score_and_information,
    unpack,
)
from ._data import FacetsData
from .design import Layout


@dataclass
class Estimates:
    """What an estimator returns (measures in logits, FACETS' directions)."""

    values: list[np.ndarray]
    tau: np.ndarray
    tau_se: np.ndarray
    se: list[np.ndarray] = field(default_factory=list)
    n_iter: int = 0
    converged: bool = True
    loglik: float = float("nan")
    rest_cov: np.ndarray | None = None


def newton_solve(grad, info, layout: Layout):
    """Newton step on the constrained space (projects free, the rest through ``z_rest``)."""
    no = layout.offset[1] if len(layout.offset) > 1 else layout.n_loc
    zr = layout.z_rest
    d = np.diag(info)[:no].copy()
    d[d <= 0] = 1e-12
    b = info[:no, no:] @ zr
    c = zr.T @ info[no:, no:] @ zr
    g_o, g_r = grad[:no], zr.T @ grad[no:]
    schur = c - (b.T / d) @ b
    u_r = np.linalg.solve(schur, g_r - b.T @ (g_o / d))
    u_o = (g_o - b @ u_r) / d
    return np.concatenate([u_o, zr @ u_r]), schur


def solve_elements(
    d: FacetsData,
    values,
    tau,
    facet: int,
    elements,
    target,
    rows,
    max_iter: int = 60,
    tol: float = 1e-8,
):
    """Measures of some elements of one facet, others fixed, so expected = target raw score.

    Vectorised Newton over all the elements at once (``bincount`` per element).
    """
    values = [v.copy() for v in values]
    sign = 1.0 if facet == 0 else -1.0
    n = len(d.labels[facet])
    mask = np.isin(d.codes[rows, facet], elements)
    rows = rows[mask]
    code = d.codes[rows, facet]
    for _ in range(max_iter):
        p = probabilities(linear_predictor(d, values, rows), tau, d.group[rows])
        e, v = mean_variance(p)
        se = np.bincount(code, weights=e, minlength=n)[elements]
        sv = np.bincount(code, weights=v, minlength=n)[elements]
        step = np.clip((target - se) / np.maximum(sv, 1e-12), -1.0, 1.0)
        values[facet][elements] += sign * step
        if np.max(np.abs(step), initial=0.0) < tol:
            break
    return values


def measure_extremes(d: FacetsData, values, tau, flags, *, adjustment: float):
    """Estimate the extreme elements with the others fixed (score pulled in by ``adjustment``)."""
    rows = np.arange(len(d.x))
    for _ in range(2):  # two sweeps: extreme elements of different facets meet in some scores
        for f, flag in enumerate(flags):
            elements = np.flatnonzero(flag != 0)
            if not len(elements):
                continue
            count = np.bincount(d.codes[:, f], minlength=len(flag))[elements]
            target = np.where(flag[elements] > 0, count * d.m - adjustment, adjustment)
            values = solve_elements(d, values, tau, f, elements, target, rows)
    return values


def local_se(d: FacetsData, values, tau, flags, active) -> list[np.ndarray]:
    """FACETS' model SE: ``1/sqrt(sum V)`` over each element's scores (extremes: all theirs)."""
    p = probabilities(linear_predictor(d, values), tau, d.group)
    _, v = mean_variance(p)
    out = []
    for f, flag in enumerate(flags):
        n = len(flag)
        code = d.codes[:, f]
        use = active | (flag[code] != 0)
        info = np.bincount(code[use], weights=v[use], minlength=n)
        with np.errstate(divide="ignore"):
            out.append(1.0 / np.sqrt(info))
    return out


def fit_jmle(
    d: FacetsData,
    layout: Layout,
    active: np.ndarray,
    flags,
    *,
    max_iter: int = 100,
    tol: float = 1e-7,
    bias_correction: bool = True,
    adjustment: float = 0.3,
    start=None,
) -> Estimates:
    """Joint maximum likelihood estimates (see the module docstring)."""
    rows = np.flatnonzero(active)
    x, group = d.x[rows], d.group[rows]
    values = [np.zeros(len(lab)) for lab in d.labels] if start is None else start[0]
    tau = np.zeros((d.n_groups, d.m)) if start is None else start[1]
    vector = pack(values, tau, layout)
    ll = log_likelihood(probabilities(linear_predictor(d, values, rows), tau, group), x)
    converged, schur, it = False, None, 0
    jac = location_design(d, rows, layout)
    while it < max_iter:
        it += 1
        p = probabilities(linear_predictor(d, values, rows), tau, group)
        grad, info = score_and_information(d, rows, p, layout, jac=jac)
        step, schur = newton_solve(grad, info, layout)
        biggest = np.max(np.abs(step))
        if biggest > 2.0:
            step *= 2.0 / biggest
        for _ in range(30):
            new_values, new_tau = unpack(vector + step, values, tau, layout)
            p_new = probabilities(linear_predictor(d, new_values, rows), new_tau, group)
            ll_new = log_likelihood(p_new, x)
            if ll_new >= ll - 1e-10 * max(1.0, abs(ll)):
                break
            step /= 2
        vector, values, tau, ll = vector + step, new_values, new_tau, ll_new
        if np.max(np.abs(step)) < tol:
            converged = True
            break
    rest_cov = layout.z_rest @ np.linalg.pinv(schur) @ layout.z_rest.T
    tau_se = np.sqrt(np.clip(np.diag(rest_cov)[-layout.n_tau :], 0, None)).reshape(tau.shape)
    if bias_correction:
        n_per_project = np.bincount(d.codes[rows, 0])
        length = n_per_project[n_per_project > 0].mean()
        factor = (length - 1.0) / length
        for f in range(1, len(values)):
            values[f] = values[f] * factor
        tau = tau * factor
        tau_se = tau_se * factor
        rest_cov = rest_cov * factor**2
        free = np.flatnonzero(flags[0] == 0)
        raw = np.bincount(d.codes[rows, 0], weights=x, minlength=len(flags[0]))[free]
        values = solve_elements(d, values, tau, 0, free, raw, rows)
    values = measure_extremes(d, values, tau, flags, adjustment=adjustment)
    return Estimates(
        values=values,
        tau=tau,
        tau_se=tau_se,
        se=local_se(d, values, tau, flags, active),
        n_iter=it,
        converged=converged,
        loglik=ll,
        rest_cov=rest_cov,
    )
