"""Decision (D) studies: how dependable is the mean of n' members (and markers)?

Brennan (2001, chapter 4) for random facets: with D-study sample sizes ``n'_f``
and ``d(t) = prod_{f in t} n'_f`` over the facets of source ``t``,

    relative error  s2(delta) = sum_{t contains p, t != p} s2(t) / d(t)
    absolute error  s2(Delta) = sum_{t != p} s2(t) / d(t)
    E rho^2 = s2(p) / (s2(p) + s2(delta)),    Phi = s2(p) / (s2(p) + s2(Delta))

Checked against Brennan's synthetic data No. 4 (n'_r = 4, n'_t = 3: E rho^2 = .55,
Phi = .46). For a nested facet, ``n'`` counts levels per level of its parent.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from ..exceptions import AmirisError, DesignError, ParameterError
from ..i18n import lazy_, t_
from .anova import fit_anova
from .design import OBJECT, design_from_codes
from .reml import fit_reml, start_from_anova
from .study import GStudy, gstudy

COLUMNS = ("universe", "rel_error", "abs_error", "g_coef", "phi")


def _default_size(g: GStudy, facet: str) -> float:
    """Harmonic mean, over projects (and parent levels), of the levels of ``facet`` seen."""
    table = g.table
    keys = [OBJECT] + ([g.nested[facet]] if facet in g.nested else [])
    counts = table.groupby(keys, observed=True)[facet].nunique()
    return float(len(counts) / (1.0 / counts).sum())


def dstudy(g: GStudy, rater_id=None, marker=None, **sizes) -> pd.DataFrame:
    """Error variances and coefficients for committees of ``n'`` members.

    Parameters
    ----------
    g : GStudy
        The result of :func:`gstudy`.
    rater_id, marker : int or list of int, optional
        D-study sample sizes (members scoring each project, markers averaged). A
        facet left out keeps the G study's harmonic-mean size.
    **sizes
        Sizes of other facets (e.g. ``college=3``).

    Returns
    -------
    DataFrame
        One row per combination of sizes: a column per facet (its ``n'``), then
        ``universe`` (s2(p)), ``rel_error``, ``abs_error``, ``g_coef`` (E rho^2) and
        ``phi`` (Phi).

    Examples
    --------
    >>> import amiris_lab
    >>> ds = amiris_lab.make_demo_dataset(seed=1, years=[2020], projects_per_year=(30, 30))
    >>> g = amiris_lab.gstudy(ds, marker="M01")
    >>> d = dstudy(g, rater_id=[1, 5, 10])
    >>> bool(d["g_coef"].is_monotonic_increasing)
    True
    """
    given = dict(sizes)
    if rater_id is not None:
        given["rater_id"] = rater_id
    if marker is not None:
        given["marker"] = marker
    facets = list(dict.fromkeys([*g.facets, *g.nested.values()]))
    unknown = [f for f in given if f not in facets]
    if unknown:
        raise ParameterError(
            lazy_(
                "La facette {facet!r} n'est pas dans l'étude G (facettes : {facets}).",
                facet=unknown[0],
                facets=", ".join(facets),
            )
        )
    grids = {}
    for facet in facets:
        values = given.get(facet, _default_size(g, facet))
        values = np.atleast_1d(np.asarray(values, dtype=float))
        if (values <= 0).any() or not np.isfinite(values).all():
            raise ParameterError(
                lazy_(
                    "Les effectifs de {facet!r} doivent être des nombres positifs ; reçu {values}.",
                    facet=facet,
                    values=values.tolist(),
                )
            )
        grids[facet] = values
    rows = [dict(zip(facets, combo, strict=True)) for combo in itertools.product(*grids.values())]
    out = pd.DataFrame(rows, columns=facets)
    values = _coefficients(
        g.components["variance"].to_dict(), g.source_facets, {f: out[f].to_numpy() for f in facets}
    )
    for name, column in values.items():
        out[name] = column
    for facet in facets:
        if np.allclose(out[facet], np.round(out[facet])):
            out[facet] = out[facet].round().astype(int)
    return out


def marker_curves(g: GStudy, rater_id=range(1, 16)) -> pd.DataFrame:
    """D studies of each marker alone (p x r), for committees of ``rater_id`` members.

    Parameters
    ----------
    g : GStudy
        With ``rater_id`` and ``marker`` facets (or a single-marker study).
    rater_id : iterable of int, default 1..15

    Returns
    -------
    DataFrame
        ``marker, rater_id, universe, rel_error, abs_error, g_coef, phi``; the
        input of :func:`amiris_lab.plotting.dstudy_curves`.

    Examples
    --------
    >>> import amiris_lab
    >>> ds = amiris_lab.make_demo_dataset(seed=1, years=[2020], projects_per_year=(30, 30))
    >>> curves = marker_curves(amiris_lab.gstudy(ds), rater_id=[1, 5])
    >>> curves.shape
    (24, 7)
    """
    sizes = [int(n) for n in rater_id]
    table = g.table
    if "marker" not in g.facets:
        out = dstudy(g, rater_id=sizes)
        return out.assign(marker=g.label or "all")[["marker", *out.columns]]
    parts = []
    for code in sorted(table["marker"].unique()):
        part = table[table["marker"] == code].drop(columns=["marker"])
        single = gstudy(part, ("rater_id",), method=g.method)
        parts.append(dstudy(single, rater_id=sizes).assign(marker=code))
    out = pd.concat(parts, ignore_index=True)
    return out[["marker", "rater_id", *COLUMNS]]


def _coefficients(variance: dict, source_facets: dict, sizes: dict) -> dict[str, np.ndarray]:
    """Brennan's random-model error variances and coefficients for arrays of sizes."""
    length = len(next(iter(sizes.values())))
    universe = float(variance.get(OBJECT, 0.0))
    rel = np.zeros(length)
    absolute = np.zeros(length)
    for source, value in variance.items():
        if source == OBJECT:
            continue
        divisor = np.ones(length)
        for facet in source_facets[source]:
            divisor = divisor * sizes[facet]
        part = value / divisor
        absolute += part
        if source == "residual" or OBJECT in source.split(":"):
            rel += part
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            "universe": np.full(length, universe),
            "rel_error": rel,
            "abs_error": absolute,
            "g_coef": universe / (universe + rel),
            "phi": universe / (universe + absolute),
        }


def _needed(variance: dict, source_facets: dict, target: float, max_raters: int) -> dict:
    """Smallest n' members reaching ``target`` (NaN beyond ``max_raters``), and the value there."""
    sizes = np.arange(1, max_raters + 1, dtype=float)
    values = _coefficients(variance, source_facets, {"rater_id": sizes})
    out = {}
    for coef in ("g_coef", "phi"):
        reached = np.flatnonzero(values[coef] >= target)
        out[coef] = float(sizes[reached[0]]) if len(reached) else np.nan
        out[coef + "_value"] = float(values[coef][reached[0]]) if len(reached) else np.nan
    return out


def _bootstrap_needed(part, g: GStudy, target, max_raters, n_boot, rng, bar) -> dict:
    """Refit the p x r study on projects drawn with replacement (arrays, no pandas)."""
    project = pd.factorize(part["project_id"])[0]
    rater = pd.factorize(part["rater_id"])[0]
    y = part["score"].to_numpy(dtype=float)
    order = np.argsort(project, kind="stable")
    counts = np.bincount(project)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    n_projects = len(counts)
    draws = {"g_coef": [], "phi": []}
    for _ in range(n_boot):
        chosen = rng.integers(0, n_projects, size=n_projects)
        lengths = counts[chosen]
        offsets = np.repeat(starts[chosen] - np.cumsum(lengths) + lengths, lengths)
        rows = order[np.arange(lengths.sum()) + offsets]
        new_project = np.repeat(np.arange(n_projects), lengths)
        new_rater = np.unique(rater[rows], return_inverse=True)[1]
        try:
            if np.bincount(new_rater).size < 2:
                raise DesignError("one rater")
            design = design_from_codes(
                y[rows], {OBJECT: new_project, "rater_id": new_rater}, facets=("rater_id",)
            )
            if g.method == "reml":
                anova = fit_anova(design)
                start = start_from_anova(anova, design.y)
                variances = fit_reml(design, start=start)[0]
            else:
                variances = np.maximum(fit_anova(design), 0.0)
            names = [*(s.name for s in design.sources), "residual"]
            needed = _needed(
                dict(zip(names, variances, strict=True)),
                {"rater_id": ("rater_id",), "residual": ("rater_id",)},
                target,
                max_raters,
            )
        except AmirisError:
            needed = {"g_coef": np.nan, "phi": np.nan}
        for coef in draws:
            draws[coef].append(needed[coef])
        bar.update(1)
    return draws


def min_raters(
    g: GStudy,
    target: float = 0.80,
    *,
    n_boot: int = 200,
    confidence: float = 0.95,
    max_raters: int = 30,
    seed: int = 0,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Smallest committee whose mean score reaches ``target``, per marker.

    For each marker, a p x r G study of that marker (same method as ``g``; members
    crossed with projects, any nesting in colleges left aside) gives
    the smallest ``n'`` members with E rho^2 >= target (relative decisions:
    ranking projects) and with Phi >= target (absolute decisions: a project
    against a threshold). The interval is a percentile bootstrap over projects
    (projects drawn with replacement, the G study refitted each time).

    Parameters
    ----------
    g : GStudy
        With a ``rater_id`` facet; with a ``marker`` facet, one row per marker.
    target : float, default 0.80
    n_boot : int, default 200
        Bootstrap resamples (0: no interval).
    confidence : float, default 0.95
    max_raters : int, default 30
        Larger committees are not searched: NaN means "more than max_raters".
    seed : int, default 0
    progress : bool, optional
        Show a progress bar (default: when there are many refits and a terminal).

    Returns
    -------
    DataFrame
        ``marker, coefficient ("g_coef" or "phi"), target, n_raters, value,
        ci_low, ci_high, n_boot`` (``value`` is the coefficient at ``n_raters``).
    """
    if not 0 < target < 1:
        raise ParameterError(
            lazy_("'target' attend un nombre entre 0 et 1 ; reçu {value!r}.", value=target)
        )
    if "rater_id" not in g.facets:
        raise ParameterError(lazy_("min_raters demande une étude G avec la facette 'rater_id'."))
    table = g.table
    per_marker = "marker" in g.facets
    groups = (
        [(m, table[table["marker"] == m]) for m in sorted(table["marker"].unique())]
        if per_marker
        else [(g.label or "all", table)]
    )
    rng = np.random.default_rng(seed)
    rows = []
    show = progress if progress is not None else (None if len(groups) * n_boot > 200 else False)
    bar = tqdm(
        total=len(groups) * n_boot,
        disable=(not show) if show is not None else None,
        desc=t_("bootstrap des projets"),
    )
    for label, part in groups:
        part = part.drop(columns=["marker"]) if per_marker else part
        single = gstudy(part, ("rater_id",), method=g.method)
        point = _needed(
            single.components["variance"].to_dict(), single.source_facets, target, max_raters
        )
        draws = _bootstrap_needed(part, g, target, max_raters, n_boot, rng, bar)
        alpha = (1 - confidence) / 2
        for coef in ("g_coef", "phi"):
            sample = np.array(draws[coef], dtype=float)
            sample = np.where(np.isnan(sample), np.inf, sample)  # beyond max_raters
            low, high = (
                (
                    np.quantile(sample, alpha, method="inverted_cdf"),
                    np.quantile(sample, 1 - alpha, method="inverted_cdf"),
                )
                if n_boot
                else (np.nan, np.nan)
            )
            rows.append(
                {
                    "marker": label,
                    "coefficient": coef,
                    "target": target,
                    "n_raters": point[coef],
                    "value": point[coef + "_value"],
                    "ci_low": low if np.isfinite(low) else np.nan,
                    "ci_high": high if np.isfinite(high) else np.nan,
                    "n_boot": n_boot,
                }
            )
    bar.close()
    return pd.DataFrame(rows)
