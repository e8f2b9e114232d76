"""Conditional maximum likelihood (CML) for the many-facet Rasch model, as R's eRm does it.

Each project's raw score is a sufficient statistic for its measure, so conditioning
on it removes the projects from the likelihood (Andersen 1970, 1977; Fischer &
Molenaar 1995, ch. 15). Seen from one project, every (marker, member) pair it was
scored on is a "virtual item" of a linear rating scale (or partial credit) model
whose item-category parameters are linear in the facet measures and thresholds:
``psi_ik = k * (D_marker + C_member + ...) + sum_{j<=k} tau_gj``. That is exactly
eRm's ``LRSM``/``LPCM`` with a design matrix (Mair & Hatzinger 2007), and the
estimates agree with eRm's to numerical precision (``tests/data/rasch``).

The conditional likelihood of project ``p`` with raw score ``r`` is
``prod_i eps_{i,x_i} / gamma_r`` with ``eps_ik = exp(-psi_ik)`` and ``gamma_r``
the elementary symmetric function of order ``r`` of its virtual items. All
projects' ``gamma`` are computed together by the summation recursion (one NumPy
pass per item slot, projects padded to the longest), and the conditional category
probabilities ``P(X_i = k | r)`` (the gradient) by reverse-mode differentiation
of the same recursion. The parameters are found by Newton steps that use the JMLE information
(projects eliminated) as the Hessian, started from the corrected JMLE estimates;
their standard errors come from the inverse of the numerically differentiated
(central differences of the exact gradient) conditional information.

Projects with an extreme score carry no information and drop out, as in eRm;
the projects' measures are then estimated by maximum likelihood with the facet
measures fixed (eRm's ``person.parameter``), extreme ones with the same 0.3
score-point adjustment as JMLE.
"""

from __future__ import annotations

import numpy as np

from ._core import (
    cumulative,
    linear_predictor,
    location_design,
    pack,
    probabilities,
    score_and_information,
    unpack,
)
from ._data import FacetsData
from .design import Layout
from .jmle import Estimates, local_se, measure_extremes, newton_solve, solve_elements


class _Conditional:
    """The conditional log-likelihood and its gradient for one fixed set of observations."""

    def __init__(self, d: FacetsData, layout: Layout, rows: np.ndarray):
        self.d, self.layout = d, layout
        order = np.argsort(d.codes[rows, 0], kind="stable")
        self.rows = rows[order]
        project = d.codes[self.rows, 0]
        _, start, counts = np.unique(project, return_index=True, return_counts=True)
        self.n_projects, self.length = len(counts), int(counts.max())
        self.slot = np.arange(len(self.rows)) - np.repeat(start, counts)
        self.which = np.repeat(np.arange(len(counts)), counts)
        self.x = d.x[self.rows]
        self.raw = np.bincount(self.which, weights=self.x).astype(int)
        self.n_scores = self.length * d.m + 1
        self.no = layout.offset[1]
        self.jac = location_design(d, self.rows, layout)
        size = min(self.length * d.m, int(self.raw.max())) + 1
        # reused by every evaluation: the cells never written stay zero
        self._buffer = np.zeros((self.length + 1, self.n_projects, size))

    def evaluate(self, rest: np.ndarray, values, tau):
        """Conditional log-likelihood, its gradient over the rest (non-project) vector."""
        d, layout = self.d, self.layout
        full = np.concatenate([np.zeros(self.no), rest])
        values, tau = unpack(full, values, tau, layout)
        values[0] = np.zeros_like(values[0])
        eta = linear_predictor(d, values, self.rows)
        m = d.m
        log_eps = eta[:, None] * np.arange(m + 1) - cumulative(tau)[d.group[self.rows]]
        cube = np.full((self.n_projects, self.length, m + 1), -np.inf)
        cube[:, :, 0] = 0.0
        cube[self.which, self.slot] = log_eps
        log_gamma, probs = _esf(cube, self.raw, m, self._buffer)
        ll = float(log_eps[np.arange(len(self.x)), self.x].sum() - log_gamma.sum())
        p = probs[self.which, self.slot]
        grad, _ = score_and_information(d, self.rows, p, layout, information=False, jac=self.jac)
        return ll, grad[self.no :]


def _esf(cube: np.ndarray, raw: np.ndarray, m: int, forward: np.ndarray):
    """log gamma_r and P(X_i = k | r) for every project (rows of ``cube``).

    ``cube[p, i, k]`` is ``log eps`` of category ``k`` of item slot ``i`` (padding
    slots have only category 0). Forward: ``G_i[s] = sum_k G_{i-1}[s-k] eps_ik``,
    rescaled at each step; backward: the adjoint of ``log gamma_r``.
    """
    n_p, length, _ = cube.shape
    shift = cube.max(axis=2)
    eps = np.exp(cube - shift[..., None])
    size = min(length * m, int(raw.max())) + 1  # scores above the largest raw one never matter
    forward[0, :, 0] = 1.0
    log_scale = np.zeros(n_p)
    for i in range(length):
        upto = min((i + 1) * m + 1, size)  # step i reaches (i+1)*m at most
        prev = forward[i, :, :upto]
        new = forward[i + 1, :, :upto]
        np.multiply(prev, eps[:, i, 0:1], out=new)
        for k in range(1, min(m, upto - 1) + 1):
            new[:, k:] += prev[:, : upto - k] * eps[:, i, k : k + 1]
        top = new.max(axis=1)
        new /= top[:, None]
        log_scale += np.log(top)
    at = np.arange(n_p)
    log_gamma = np.log(forward[length][at, raw]) + log_scale + shift.sum(axis=1)
    adj = np.zeros((n_p, size))
    adj[at, raw] = 1.0
    probs = np.empty_like(eps)
    for i in range(length - 1, -1, -1):
        prev = forward[i]
        q = np.stack([(adj[:, k:] * prev[:, : size - k]).sum(axis=1) for k in range(m + 1)], axis=1)
        pr = eps[:, i, :] * q
        probs[:, i, :] = pr / pr.sum(axis=1, keepdims=True)
        new = adj * eps[:, i, 0:1]
        for k in range(1, m + 1):
            new[:, :-k] += adj[:, k:] * eps[:, i, k : k + 1]
        adj = new / new.max(axis=1, keepdims=True)
    return log_gamma, probs


def fit_cml(
    d: FacetsData,
    layout: Layout,
    active: np.ndarray,
    flags,
    start: Estimates,
    *,
    max_iter: int = 200,
    tol: float = 1e-7,
    adjustment: float = 0.3,
    se: bool = True,
) -> Estimates:
    """Conditional maximum likelihood estimates (see the module docstring)."""
    rows = np.flatnonzero(active)
    problem = _Conditional(d, layout, rows)
    values = [v.copy() for v in start.values]
    tau = start.tau.copy()
    zr = layout.z_rest
    no = problem.no
    u0 = zr.T @ pack(values, tau, layout)[no:]

    def objective(u):
        ll, grad = problem.evaluate(zr @ u, values, tau)
        return -ll, -(zr.T @ grad)

    # Newton steps with the JMLE information (projects eliminated) in place of the
    # conditional one: they differ by O(1/L), so each step gains about two digits.
    p = probabilities(linear_predictor(d, values, rows), tau, d.group[rows])
    grad, info = score_and_information(d, rows, p, layout)
    _, schur = newton_solve(grad, info, layout)
    u = u0
    f_u, g_u = objective(u)
    converged, n_iter = False, 0
    while n_iter < max_iter:
        n_iter += 1
        step = -np.linalg.solve(schur, g_u)
        for _ in range(30):
            f_new, g_new = objective(u + step)
            if f_new <= f_u + 1e-10 * max(1.0, abs(f_u)):
                break
            step /= 2
        u, f_u, g_u = u + step, f_new, g_new
        if np.max(np.abs(step)) < tol:
            converged = True
            break
    full = np.concatenate([np.zeros(no), zr @ u])
    values, tau = unpack(full, values, tau, layout)
    tau_se = np.full(tau.shape, np.nan)
    rest_se, cov = None, None
    if se:
        h = 1e-5
        hess = np.empty((len(u), len(u)))
        for j in range(len(u)):
            e = np.zeros(len(u))
            e[j] = h
            hess[:, j] = (objective(u + e)[1] - g_u) / h
        hess = (hess + hess.T) / 2
        cov = zr @ np.linalg.pinv(hess) @ zr.T
        rest_se = np.sqrt(np.clip(np.diag(cov), 0, None))
        tau_se = rest_se[-layout.n_tau :].reshape(tau.shape)
    free = np.flatnonzero(flags[0] == 0)
    raw = np.bincount(d.codes[rows, 0], weights=d.x[rows], minlength=len(flags[0]))[free]
    values = solve_elements(d, values, tau, 0, free, raw, rows)
    values = measure_extremes(d, values, tau, flags, adjustment=adjustment)
    ses = local_se(d, values, tau, flags, active)
    if rest_se is not None:
        for f in range(1, len(values)):
            keep = layout.position[f] >= 0
            ses[f][keep] = rest_se[layout.offset[f] - no + layout.position[f][keep]]
    return Estimates(
        values=values,
        tau=tau,
        tau_se=tau_se,
        se=ses,
        n_iter=n_iter,
        converged=converged,
        loglik=-float(f_u),
        rest_cov=cov,
    )
