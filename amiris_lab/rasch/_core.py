"""The model's probabilities and their derivatives, vectorised over observations.

For an observation with linear predictor ``eta = B_project - D_marker - C_member - ...``
and thresholds ``tau_g1..tau_gm`` of its group ``g`` (Andrich 1978; Masters 1982)::

    P(X = k) = exp(k * eta - psi_gk) / sum_h exp(h * eta - psi_gh),   psi_gk = sum_{j<=k} tau_gj

The sufficient statistics are ``X`` (for the location measures) and ``-1[X >= j]``
(for the thresholds), so the log-likelihood is concave and its information is
the covariance of those statistics (an exponential family).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from ._data import FacetsData
from .design import Layout


def linear_predictor(d: FacetsData, values: list[np.ndarray], rows=slice(None)) -> np.ndarray:
    """``eta`` of each observation: object measure minus the other facets' measures."""
    codes = d.codes[rows]
    eta = values[0][codes[:, 0]].astype(float)
    for f in range(1, len(d.facets)):
        eta = eta - values[f][codes[:, f]]
    return eta


def cumulative(tau: np.ndarray) -> np.ndarray:
    """``psi[g, k] = sum_{j<=k} tau[g, j]``, with ``psi[g, 0] = 0``; shape (G, m+1)."""
    return np.concatenate([np.zeros((tau.shape[0], 1)), np.cumsum(tau, axis=1)], axis=1)


def probabilities(eta: np.ndarray, tau: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Category probabilities, shape (n_obs, m+1)."""
    psi = cumulative(tau)
    k = np.arange(psi.shape[1])
    logits = eta[:, None] * k - psi[group]
    logits -= logits.max(axis=1, keepdims=True)
    np.exp(logits, out=logits)
    logits /= logits.sum(axis=1, keepdims=True)
    return logits


def moments(p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Expected score, variance and fourth central moment of each observation."""
    k = np.arange(p.shape[1])
    e = p @ k
    dev = k[None, :] - e[:, None]
    v = np.einsum("ij,ij->i", p, dev**2)
    c = np.einsum("ij,ij->i", p, dev**4)
    return e, v, c


def mean_variance(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Expected score and variance of each observation (the cheap part of :func:`moments`)."""
    k = np.arange(p.shape[1], dtype=float)
    e = p @ k
    return e, p @ (k * k) - e * e


def at_least(p: np.ndarray) -> np.ndarray:
    """``S[:, j-1] = P(X >= j)`` for ``j = 1..m``."""
    return np.cumsum(p[:, ::-1], axis=1)[:, ::-1][:, 1:]


def pack(values: list[np.ndarray], tau: np.ndarray, layout: Layout) -> np.ndarray:
    out = np.empty(layout.n)
    for f, pos in enumerate(layout.position):
        keep = pos >= 0
        out[layout.offset[f] + pos[keep]] = values[f][keep]
    out[layout.n_loc :] = tau.ravel()
    return out


def unpack(vector: np.ndarray, values: list[np.ndarray], tau: np.ndarray, layout: Layout):
    values = [v.copy() for v in values]
    for f, pos in enumerate(layout.position):
        keep = pos >= 0
        values[f][keep] = vector[layout.offset[f] + pos[keep]]
    return values, vector[layout.n_loc :].reshape(tau.shape).copy()


def location_design(d: FacetsData, rows: np.ndarray, layout: Layout) -> sparse.csr_matrix:
    """Sparse ``d eta / d measures`` (+1 object, -1 other facets), shape (n_rows, n_loc)."""
    cols, signs = [], []
    for f in range(len(d.facets)):
        cols.append(layout.offset[f] + layout.position[f][d.codes[rows, f]])
        signs.append(np.full(len(rows), 1.0 if f == 0 else -1.0))
    cols = np.column_stack(cols)
    signs = np.column_stack(signs)
    ok = np.column_stack([layout.position[f][d.codes[rows, f]] >= 0 for f in range(len(d.facets))])
    r = np.broadcast_to(np.arange(len(rows))[:, None], cols.shape)
    return sparse.csr_matrix((signs[ok], (r[ok], cols[ok])), shape=(len(rows), layout.n_loc))


def score_and_information(
    d: FacetsData,
    rows: np.ndarray,
    p: np.ndarray,
    layout: Layout,
    *,
    information: bool = True,
    jac=None,
):
    """Gradient of the log-likelihood and its information over the parameter vector.

    ``p`` holds the category probabilities of the observations ``rows`` (joint
    probabilities for JMLE, conditional ones for CML).
    """
    x = d.x[rows]
    g = d.group[rows]
    m = d.m
    k = np.arange(m + 1)
    e = p @ k
    s = at_least(p)  # (n, m)
    jac = location_design(d, rows, layout) if jac is None else jac
    grad = np.empty(layout.n)
    grad[: layout.n_loc] = jac.T @ (x - e)
    observed_at_least = x[:, None] >= np.arange(1, m + 1)[None, :]
    tau_index = g[:, None] * m + np.arange(m)[None, :]
    grad[layout.n_loc :] = -np.bincount(
        tau_index.ravel(), weights=(observed_at_least - s).ravel(), minlength=layout.n_tau
    )
    if not information:
        return grad, None
    v = p @ k**2 - e**2
    # Cov(X, -1[X>=j]) = -(E[X 1[X>=j]] - E[X] P(X>=j))
    x_at_least = np.cumsum((p * k)[:, ::-1], axis=1)[:, ::-1][:, 1:]
    c_xt = -(x_at_least - e[:, None] * s)
    info = np.zeros((layout.n, layout.n))
    info[: layout.n_loc, : layout.n_loc] = (jac.T @ jac.multiply(v[:, None])).toarray()
    h = sparse.csr_matrix(
        (c_xt.ravel(), (np.repeat(np.arange(len(rows)), m), tau_index.ravel())),
        shape=(len(rows), layout.n_tau),
    )
    cross = (jac.T @ h).toarray()
    info[: layout.n_loc, layout.n_loc :] = cross
    info[layout.n_loc :, : layout.n_loc] = cross.T
    # Cov(1[X>=j], 1[X>=l]) = P(X >= max(j, l)) - P(X>=j) P(X>=l), within a group
    block = np.zeros((d.n_groups, m, m))
    for j in range(m):
        for l_ in range(m):
            w = s[:, max(j, l_)] - s[:, j] * s[:, l_]
            block[:, j, l_] = np.bincount(g, weights=w, minlength=d.n_groups)
    for gi in range(d.n_groups):
        lo = layout.n_loc + gi * m
        info[lo : lo + m, lo : lo + m] = block[gi]
    return grad, info


def log_likelihood(p: np.ndarray, x: np.ndarray) -> float:
    return float(np.log(np.maximum(p[np.arange(len(x)), x], 1e-300)).sum())
