"""REML estimation of the variance components of a random-effects G study.

The model is ``score = mu + sum_k Z_k u_k + e`` with ``u_k ~ N(0, s2_k I)`` and
``e ~ N(0, s2 I)``, the formula R's lme4 fits with
``lmer(score ~ 1 + (1|p) + (1|r) + (1|m) + (1|p:r) + (1|p:m) + (1|r:m), REML = TRUE)``.
As in lme4 (Bates et al. 2015, *J. Stat. Softw.* 67(1), section 3), the REML
deviance is profiled over the residual variance and written in the relative
standard deviations ``lam_k = sd_k / sd``::

    M(lam) = L' [Z X]' [Z X] L + diag(1 random, 0 fixed),   L = diag(lam, 1)
    d(lam) = log det M + (n - p) (1 + log(2 pi pwrss / (n - p)))
    pwrss  = y'y - b' M^-1 b,   b = L' [Z X]' y

so a component at the boundary (``lam_k = 0``) is an ordinary point.

The speed comes from the design: every source that contains the object of
measurement (``project_id``, ``project_id:rater_id``, ``project_id:marker``) has
levels that belong to a single project, so ``M`` restricted to them is
block-diagonal with one small dense block per project (1 + members + markers
columns). Those blocks are factorised together (batched Cholesky) and eliminated;
what remains is a dense Schur complement on the few crossed columns (members,
markers, member x marker, intercept). No sparse library beyond NumPy is needed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from scipy.linalg import solve_triangular
from scipy.optimize import minimize
from threadpoolctl import ThreadpoolController

from ..exceptions import ConvergenceError
from ..i18n import lazy_
from .design import Design

LOG_2PI = float(np.log(2 * np.pi))


@dataclass
class _Blocks:
    """Cross-products of ``[Z X]`` split into per-project blocks and crossed columns."""

    a_loc: np.ndarray  # (P, L, L)
    a_lg: np.ndarray  # (P, L, G)
    a_gg: np.ndarray  # (G, G)
    b_loc: np.ndarray  # (P, L)
    b_g: np.ndarray  # (G,)
    term_loc: np.ndarray  # (P, L): source index of each local column, K for padding
    term_g: np.ndarray  # (G,): source index of each crossed column, K + 1 for the intercept
    yy: float
    n: int
    n_fixed: int = 1


def _blocks(design: Design) -> _Blocks:
    y = design.y
    n = len(y)
    sources = design.sources
    n_sources = len(sources)
    project = design.project_codes
    n_projects = int(project.max()) + 1
    local = [k for k, s in enumerate(sources) if s.has_object]
    crossed = [k for k, s in enumerate(sources) if not s.has_object]

    # position of every local level inside its project's block (projects, then sources)
    level_project = []
    for k in local:
        owner = np.zeros(sources[k].n_levels, dtype=np.int64)
        owner[sources[k].codes] = project
        level_project.append(owner)
    owners = np.concatenate(level_project)
    source_of = np.concatenate([np.full(sources[k].n_levels, k) for k in local])
    level_of = np.concatenate([np.arange(sources[k].n_levels) for k in local])
    order = np.lexsort((level_of, source_of, owners))
    first = np.searchsorted(owners[order], np.arange(n_projects))
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order)) - first[owners[order]]
    width = int(position.max()) + 1
    term_loc = np.full((n_projects, width), n_sources, dtype=np.int64)
    term_loc[owners, position] = source_of
    pos, start = {}, 0
    for k in local:
        pos[k] = position[start : start + sources[k].n_levels][sources[k].codes]
        start += sources[k].n_levels

    # crossed columns: offsets of every crossed source, then the intercept
    offsets, start = {}, 0
    term_g = []
    for k in crossed:
        offsets[k] = start
        start += sources[k].n_levels
        term_g += [k] * sources[k].n_levels
    n_global = start + 1
    term_g = np.array([*term_g, n_sources + 1], dtype=np.int64)
    gcol = {k: offsets[k] + sources[k].codes for k in crossed}
    gcol["fixed"] = np.full(n, n_global - 1, dtype=np.int64)
    gkeys = [*crossed, "fixed"]

    size_ll = n_projects * width * width
    a_loc = np.zeros(size_ll)
    for s in local:
        for t in local:
            idx = (project * width + pos[s]) * width + pos[t]
            a_loc += np.bincount(idx, minlength=size_ll)
    size_lg = n_projects * width * n_global
    a_lg = np.zeros(size_lg)
    for s in local:
        for g in gkeys:
            idx = (project * width + pos[s]) * n_global + gcol[g]
            a_lg += np.bincount(idx, minlength=size_lg)
    a_gg = np.zeros(n_global * n_global)
    for g in gkeys:
        for h in gkeys:
            a_gg += np.bincount(gcol[g] * n_global + gcol[h], minlength=n_global * n_global)
    b_loc = np.zeros(n_projects * width)
    for s in local:
        b_loc += np.bincount(project * width + pos[s], weights=y, minlength=n_projects * width)
    b_g = np.zeros(n_global)
    for g in gkeys:
        b_g += np.bincount(gcol[g], weights=y, minlength=n_global)
    return _Blocks(
        a_loc=a_loc.reshape(n_projects, width, width),
        a_lg=a_lg.reshape(n_projects, width, n_global),
        a_gg=a_gg.reshape(n_global, n_global),
        b_loc=b_loc.reshape(n_projects, width),
        b_g=b_g,
        term_loc=term_loc,
        term_g=term_g,
        yy=float(y @ y),
        n=n,
    )


@functools.cache
def _blas() -> ThreadpoolController:
    # Finding the loaded BLAS libraries reads /proc (about 6 ms): once per process, not
    # once per fit (a bootstrap refits hundreds of times).
    return ThreadpoolController()


class RemlProblem:
    """The profiled REML deviance of a design, as a function of the relative SDs.

    :meth:`evaluate` gives the deviance and its analytic gradient::

        d log det M / d lam_k = (2 / lam_k) (q_k - sum_{c in k} (M^-1)_cc)
        d pwrss / d lam_k     = -(2 / lam_k) sum_{c in k} beta_c^2,   beta = M^-1 b

    (both are even in ``lam_k``, so their derivative is 0 at ``lam_k = 0``).
    """

    def __init__(self, design: Design):
        self.design = design
        self.k = len(design.sources)
        self.blocks = _blocks(design)
        width = self.blocks.a_loc.shape[1]
        self._eye = np.eye(width)
        self._random_g = (self.blocks.term_g < self.k).astype(float)
        self.q = np.array([s.n_levels for s in design.sources], dtype=float)
        self.dof = self.blocks.n - self.blocks.n_fixed

    def _scales(self, lam: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ext = np.concatenate([lam, [0.0, 1.0]])
        return ext[self.blocks.term_loc], ext[self.blocks.term_g]

    def evaluate(self, lam, *, gradient: bool = False):
        """``(log det M, pwrss)`` at ``lam``, plus their gradients if asked."""
        lam = np.asarray(lam, dtype=float)
        b = self.blocks
        s_loc, s_g = self._scales(lam)
        m_loc = s_loc[:, :, None] * b.a_loc * s_loc[:, None, :] + self._eye
        chol = np.linalg.cholesky(m_loc)
        inv_chol = np.linalg.inv(chol)  # batched, lower triangular
        m_lg = s_loc[:, :, None] * b.a_lg * s_g[None, None, :]
        w = inv_chol @ m_lg  # L_j^-1 M_jG
        c = np.einsum("pij,pj->pi", inv_chol, s_loc * b.b_loc)
        n_g = w.shape[2]
        w2 = w.reshape(-1, n_g)
        schur = s_g[:, None] * b.a_gg * s_g[None, :] + np.diag(self._random_g) - w2.T @ w2
        try:
            chol_g = np.linalg.cholesky(schur)
        except np.linalg.LinAlgError:
            return (np.inf, np.nan, None, None) if gradient else (np.inf, np.nan)
        r_g = s_g * b.b_g - w2.T @ c.reshape(-1)
        z = solve_triangular(chol_g, r_g, lower=True)
        logdet = 2.0 * np.log(np.diagonal(chol, axis1=1, axis2=2)).sum()
        logdet += 2.0 * np.log(np.diag(chol_g)).sum()
        pwrss = b.yy - float((c * c).sum()) - float(z @ z)
        if not gradient:
            return float(logdet), float(pwrss)
        # solution beta = M^-1 b and the diagonal of M^-1
        inv_g = solve_triangular(chol_g, np.eye(n_g), lower=True)  # R^-1
        beta_g = inv_g.T @ z
        beta_loc = np.einsum("pji,pj->pi", inv_chol, c - w @ beta_g)
        diag_g = (inv_g * inv_g).sum(axis=0)
        u = np.swapaxes(inv_chol, 1, 2) @ (w2 @ inv_g.T).reshape(w.shape)
        diag_loc = (inv_chol * inv_chol).sum(axis=1) + (u * u).sum(axis=2)
        k = self.k
        sum_diag = np.bincount(b.term_loc.ravel(), weights=diag_loc.ravel(), minlength=k + 2)
        sum_diag += np.bincount(b.term_g, weights=diag_g, minlength=k + 2)
        sum_beta2 = np.bincount(b.term_loc.ravel(), weights=(beta_loc**2).ravel(), minlength=k + 2)
        sum_beta2 += np.bincount(b.term_g, weights=beta_g**2, minlength=k + 2)
        with np.errstate(divide="ignore", invalid="ignore"):
            g_logdet = np.where(lam > 0, 2.0 / lam * (self.q - sum_diag[:k]), 0.0)
            g_pwrss = np.where(lam > 0, -2.0 / lam * sum_beta2[:k], 0.0)
        return float(logdet), float(pwrss), g_logdet, g_pwrss

    def pieces(self, lam: np.ndarray) -> tuple[float, float]:
        """``(log det M, pwrss)`` at ``lam``."""
        return self.evaluate(lam)

    def deviance(self, lam: np.ndarray) -> float:
        """REML deviance profiled over the residual variance (lme4's ``REMLcrit``)."""
        logdet, pwrss = self.evaluate(lam)
        if not np.isfinite(logdet) or not pwrss > 0:
            return np.inf
        return logdet + self.dof * (1.0 + LOG_2PI + np.log(pwrss / self.dof))

    def deviance_and_gradient(self, lam: np.ndarray) -> tuple[float, np.ndarray]:
        logdet, pwrss, g_logdet, g_pwrss = self.evaluate(lam, gradient=True)
        if not np.isfinite(logdet) or not pwrss > 0:
            return np.inf, np.zeros(self.k)
        value = logdet + self.dof * (1.0 + LOG_2PI + np.log(pwrss / self.dof))
        return value, g_logdet + self.dof / pwrss * g_pwrss

    def full_gradient(self, theta: np.ndarray) -> np.ndarray:
        """Gradient of the unprofiled deviance in ``(lam_1..lam_K, s2_residual)``."""
        lam, resid = theta[:-1], theta[-1]
        _, pwrss, g_logdet, g_pwrss = self.evaluate(lam, gradient=True)
        return np.concatenate([g_logdet + g_pwrss / resid, [self.dof / resid - pwrss / resid**2]])

    def variances(self, lam: np.ndarray) -> np.ndarray:
        """``(s2_1, ..., s2_K, s2_residual)`` from the relative SDs at the optimum."""
        _, pwrss = self.evaluate(lam)
        resid = pwrss / self.dof
        return np.concatenate([np.asarray(lam) ** 2 * resid, [resid]])


def start_from_anova(anova: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Relative SDs to start REML from: the ANOVA estimates, kept away from 0 and infinity."""
    resid = max(float(anova[-1]), 0.05 * float(np.var(y)), 1e-12)
    return np.clip(np.sqrt(np.maximum(anova[:-1], 0.0) / resid), 0.05, 20.0)


def fit_reml(design: Design, *, start: np.ndarray | None = None):
    """Minimise the profiled REML deviance over ``lam >= 0`` (L-BFGS-B, analytic gradient).

    Returns ``(variances, problem, lam)``: the K + 1 variance components (sources
    then residual), the :class:`RemlProblem` and the relative SDs at the optimum.
    BLAS runs on one thread: the matrices are small and a shared machine makes
    threaded BLAS spin (measured 100x slower under load).
    """
    with _blas().limit(limits=1, user_api="blas"):
        problem = RemlProblem(design)
        lam0 = np.full(problem.k, 0.5) if start is None else np.maximum(np.asarray(start), 0.05)
        result = minimize(
            problem.deviance_and_gradient,
            lam0,
            jac=True,
            method="L-BFGS-B",
            bounds=[(0.0, None)] * problem.k,
            options={"ftol": 1e-13, "gtol": 1e-8, "maxiter": 1000},
        )
        if not np.isfinite(result.fun) or result.status == 1:  # 1: iteration limit
            raise ConvergenceError(
                lazy_(
                    "L'estimation REML n'a pas convergé ({reason}). Essayez method='anova', "
                    "retirez une facette à très peu de niveaux, ou vérifiez que les scores ne "
                    "sont pas tous identiques.",
                    reason=result.message,
                )
            )
        lam = np.where(result.x < 1e-6, 0.0, result.x)
        return problem.variances(lam), problem, lam


def standard_errors(problem: RemlProblem, lam: np.ndarray, variances: np.ndarray) -> np.ndarray:
    """Asymptotic SEs of the components from the REML information.

    The information is half the Hessian of the REML deviance; the Hessian in
    ``(lam, s2_residual)`` is taken by forward differences of the analytic
    gradient, then mapped to the variances ``s2_k = lam_k^2 s2`` (delta method).
    Components at the boundary (0) are held fixed and get NaN. For balanced data
    the result equals the ANOVA formula ``sqrt(2 sum_i c_i^2 MS_i^2 / df_i)``
    (checked in the tests on Brennan's synthetic data No. 4).
    """
    resid = variances[-1]
    theta = np.concatenate([lam, [resid]])
    free = np.flatnonzero(theta > 0)
    out = np.full(len(variances), np.nan)
    with _blas().limit(limits=1, user_api="blas"):
        base = problem.full_gradient(theta)
        hess = np.zeros((len(free), len(free)))
        for col, i in enumerate(free):
            step = 1e-6 * theta[i]
            moved = theta.copy()
            moved[i] += step
            hess[:, col] = ((problem.full_gradient(moved) - base) / step)[free]
    hess = 0.5 * (hess + hess.T)
    try:
        cov_theta = 2.0 * np.linalg.inv(hess)
    except np.linalg.LinAlgError:
        return out
    jac = np.zeros((len(variances), len(free)))  # d variances / d theta[free]
    for col, i in enumerate(free):
        if i < len(lam):
            jac[i, col] = 2.0 * lam[i] * resid
        else:
            jac[:-1, col] = lam**2
            jac[-1, col] = 1.0
    cov = jac @ cov_theta @ jac.T
    keep = np.concatenate([lam > 0, [True]])
    diag = np.diag(cov)
    out[keep] = np.sqrt(np.where(diag[keep] > 0, diag[keep], np.nan))
    return out
