"""The parameter layout of the many-facet Rasch model and the connectedness check.

:func:`make_layout` says where each measure and threshold lives in the parameter
vector and gives a basis of the constrained space (centred facets, thresholds summing
to zero). :func:`check_connected` refuses a design whose measures are not all
linked to one another (disconnected subsets, confounded facets).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.linalg import null_space
from scipy.sparse.csgraph import connected_components

from ..exceptions import EstimationError
from ..i18n import lazy_, t_
from ._data import FacetsData, _names


def location_constraints(d: FacetsData, free: list[np.ndarray]) -> list[np.ndarray]:
    """Groups of element codes per non-object facet whose measures sum to zero.

    A facet nested in another (members in colleges) is centred within each outer
    element, the outer facet over all its elements (group anchoring).
    """
    groups = []
    for f in range(1, len(d.facets)):
        facet = d.facets[f]
        keep = free[f]
        if facet in d.nesting:
            o = d.facets.index(d.nesting[facet])
            outer_of = np.zeros(len(d.labels[f]), dtype=int)
            outer_of[d.codes[:, f]] = d.codes[:, o]
            groups += [(f, keep[outer_of[keep] == e]) for e in np.unique(outer_of[keep])]
        else:
            groups.append((f, keep))
    return groups


def check_connected(d: FacetsData, active: np.ndarray, layout) -> None:
    """Refuse a design whose location measures are not all linked.

    The design is identified when the information of the non-object measures,
    after eliminating the projects, is positive definite on the constrained space.
    When it is not, the subsets are named from the bipartite graphs projects x facet.
    """
    rows = np.flatnonzero(active)
    p_code = d.codes[rows, 0]
    n_p = len(d.labels[0])
    cols = []
    for f in range(1, len(d.facets)):
        cols.append(layout.offset[f] + layout.position[f][d.codes[rows, f]])
    n_rest = layout.n_loc - layout.offset[1]
    cols = np.column_stack(cols) - layout.offset[1]
    r = np.repeat(np.arange(len(rows)), cols.shape[1])
    jr = sparse.csr_matrix((np.ones(r.size), (r, cols.ravel())), shape=(len(rows), n_rest))
    jp = sparse.csr_matrix(
        (np.ones(len(rows)), (np.arange(len(rows)), p_code)), shape=(len(rows), n_p)
    )
    a_rr = (jr.T @ jr).toarray()
    a_rp = (jr.T @ jp).toarray()
    dp = np.asarray(jp.sum(axis=0)).ravel()
    used = dp > 0
    schur = a_rr - (a_rp[:, used] / dp[used]) @ a_rp[:, used].T
    z = layout.z_loc_rest
    if z.shape[1] == 0:
        return
    eig, vec = np.linalg.eigh(z.T @ schur @ z)
    if eig[0] > 1e-8 * max(eig[-1], 1.0):
        return
    subsets = _subsets(d, rows)
    if subsets:
        raise EstimationError(subsets[0], elements=subsets[1])
    loading = z @ vec[:, 0]
    big = np.flatnonzero(np.abs(loading) > 0.1 * np.abs(loading).max())
    named = [layout.element_of(layout.offset[1] + i) for i in big]
    text = ", ".join(f"{facet} {label}" for facet, label in named[:10])
    raise EstimationError(
        lazy_(
            "Les mesures de ces éléments ne peuvent être séparées les unes des "
            "autres : {text}. Ils sont toujours notés ensemble (plan confondu) ; "
            "ajoutez des notes qui les croisent ou retirez une facette.",
            text=text,
        ),
        elements=named,
    )


def _subsets(d: FacetsData, rows: np.ndarray):
    n_p = len(d.labels[0])
    for f in range(1, len(d.facets)):
        n_f = len(d.labels[f])
        p = d.codes[rows, 0]
        e = d.codes[rows, f] + n_p
        graph = sparse.coo_matrix((np.ones(len(rows)), (p, e)), shape=(n_p + n_f, n_p + n_f))
        n_comp, comp = connected_components(graph, directed=False)
        seen = np.zeros(n_p + n_f, dtype=bool)
        seen[p] = True
        seen[e] = True
        labels = np.unique(comp[seen])
        if len(labels) < 2:
            continue
        parts, elements = [], []
        for i, c in enumerate(labels, start=1):
            projects = np.flatnonzero((comp[:n_p] == c) & seen[:n_p])
            members = np.flatnonzero((comp[n_p:] == c) & seen[n_p:])
            parts.append(
                t_(
                    "sous-ensemble {number} : {count} projet(s) ({projects}) et {facet} {members}",
                    number=i,
                    count=len(projects),
                    projects=_names(d.labels[0], projects, 4),
                    facet=d.facets[f],
                    members=_names(d.labels[f], members),
                )
            )
            elements += [(d.facets[f], str(d.labels[f][m])) for m in members]
        message = lazy_(
            "Données en sous-ensembles déconnectés pour la facette {facet} : {parts}. Aucun "
            "élément commun ne les relie, l'échelle commune serait arbitraire. Ajustez chaque "
            "sous-ensemble à part (year=…) ou reliez-les (un membre commun).",
            facet=d.facets[f],
            parts="; ".join(parts),
        )
        return message, elements
    return None


@dataclass
class Layout:
    """Where each parameter lives in the parameter vector.

    Order: object facet (projects), then each other facet, then thresholds
    ``tau[g, j]`` for group ``g`` and step ``j = 1..m`` at ``n_loc + g*m + j - 1``.
    Only free (non-extreme) elements get a position; others have position -1.
    """

    position: list[np.ndarray]
    offset: list[int]
    n_loc: int
    n_tau: int
    z_loc_rest: np.ndarray
    z_rest: np.ndarray
    facets: tuple[str, ...]
    labels: list[np.ndarray]

    @property
    def n(self) -> int:
        return self.n_loc + self.n_tau

    def element_of(self, index: int) -> tuple[str, str]:
        for f in range(len(self.facets) - 1, -1, -1):
            if index >= self.offset[f]:
                code = np.flatnonzero(self.position[f] == index - self.offset[f])[0]
                return self.facets[f], str(self.labels[f][code])
        raise IndexError(index)


def make_layout(d: FacetsData, flags: list[np.ndarray]) -> Layout:
    """Parameter layout over non-extreme elements, with the basis of the constrained space."""
    position, offset, n = [], [], 0
    free = []
    for f in range(len(d.facets)):
        keep = np.flatnonzero(flags[f] == 0)
        pos = np.full(len(d.labels[f]), -1)
        pos[keep] = np.arange(len(keep))
        position.append(pos)
        offset.append(n)
        free.append(keep)
        n += len(keep)
    n_loc = n
    n_tau = d.n_groups * d.m
    n_rest_loc = n_loc - offset[1] if len(d.facets) > 1 else 0
    rows = []
    for f, members in location_constraints(d, free):
        row = np.zeros(n_rest_loc + n_tau)
        row[offset[f] - offset[1] + position[f][members]] = 1.0
        rows.append(row)
    rows_loc = [r[:n_rest_loc] for r in rows]
    for g in range(d.n_groups):
        row = np.zeros(n_rest_loc + n_tau)
        row[n_rest_loc + g * d.m : n_rest_loc + (g + 1) * d.m] = 1.0
        rows.append(row)
    c = np.array(rows) if rows else np.zeros((0, n_rest_loc + n_tau))
    z_rest = null_space(c) if len(rows) else np.eye(n_rest_loc + n_tau)
    c_loc = np.array(rows_loc) if rows_loc else np.zeros((0, n_rest_loc))
    z_loc_rest = null_space(c_loc) if len(rows_loc) else np.eye(n_rest_loc)
    return Layout(position, offset, n_loc, n_tau, z_loc_rest, z_rest, d.facets, d.labels)
