"""Pictures of agreement: forest plot per marker, rater severity, pairwise kappa heatmap."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..definitions import VOCABULARIES, vocabulary_label
from ..exceptions import ParameterError
from ..i18n import N_, t_
from ._style import (
    OKABE_ITO,
    despine,
    legend_below,
    legend_right,
    marker_frame,
    marker_row_labels,
    new_axes,
    number,
    palette,
    require_columns,
    x_grid,
)

#: Axis names of the statistics of the agreement table (French msgids of the catalogue).
STATISTIC_NAMES = {
    "alpha": N_("α de Krippendorff"),
    "ac1": N_("AC1 de Gwet"),
    "ac2": N_("AC2 de Gwet"),
    "fleiss": N_("κ de Fleiss"),
    "conger": N_("κ de Conger"),
    "bp": N_("Coefficient de Brennan-Prediger"),
    "percent_agreement": N_("Accord observé"),
    "icc": N_("Coefficient de corrélation intraclasse"),
}

#: Colours of the reliability bands: under 0.667, 0.667-0.800, 0.800 and up.
BAND_COLOURS = ("#D55E00", "#E69F00", "#009E73")


def agreement_forest(
    table: pd.DataFrame,
    *,
    statistic: str = "alpha",
    thresholds: tuple[float, float] = (0.667, 0.800),
    markers: pd.DataFrame | None = None,
    ax=None,
    lang: str | None = None,
):
    """Forest plot of agreement per marker: value and interval, with Krippendorff's thresholds.

    Parameters
    ----------
    table : DataFrame
        The agreement table (:func:`amiris_lab.agreement_table`): columns
        ``marker, statistic, value, ci_low, ci_high`` (``statistic`` optional;
        extra ``year`` or ``college`` columns give one dodged point per group).
    statistic : str, default "alpha"
        Rows of this statistic are drawn.
    thresholds : pair of float, default (0.667, 0.800)
        Krippendorff's limits: tentative conclusions from the first, reliable
        data from the second. Drawn as vertical lines over shaded bands.
    markers : DataFrame, optional
        Marker definitions, for the order and the labels.
    ax : Axes, optional
    lang : {"fr", "en"}, optional

    Returns
    -------
    matplotlib.axes.Axes
        One row per marker, top to bottom in marker order.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"marker": ["M01", "M02"], "statistic": "alpha",
    ...                       "value": [0.7, 0.5], "ci_low": [0.6, 0.3], "ci_high": [0.8, 0.65]})
    >>> [t.get_text() for t in agreement_forest(table).get_yticklabels()]
    ['M01 · besoin', 'M02 · bénéficiaires']
    """
    require_columns(table, ["marker", "value"], func="agreement_forest")
    data = table
    if "statistic" in table.columns:
        data = table[table["statistic"].astype(str) == statistic]
        if data.empty:
            raise ParameterError(
                f"No row of statistic {statistic!r} in the table; it holds "
                f"{', '.join(sorted(map(str, table['statistic'].unique())))}."
            )
    markers = marker_frame(markers)
    codes = [c for c in markers["code"] if c in set(data["marker"].astype(str))]
    codes += sorted(set(data["marker"].astype(str)) - set(codes))
    varying = [c for c in ("year", "college") if c in data.columns and data[c].nunique() > 1]
    if varying:
        data = data.assign(
            _group=[
                " · ".join(str(v) for v in row) for row in data[varying].itertuples(index=False)
            ]
        )
    group_col = "_group" if varying else None
    groups = list(dict.fromkeys(data[group_col])) if group_col else [None]
    ax = new_axes(ax, figsize=(7.5, 0.42 * len(codes) + 1.8))
    low_t, high_t = thresholds
    lows = pd.to_numeric(data.get("ci_low", data["value"]), errors="coerce")
    left = float(np.nanmin([0.0, np.nanmin(lows.to_numpy(dtype=float)) - 0.05]))
    right = 1.0
    ax.axvspan(left, low_t, color=BAND_COLOURS[0], alpha=0.08, zorder=0)
    ax.axvspan(low_t, high_t, color=BAND_COLOURS[1], alpha=0.12, zorder=0)
    ax.axvspan(high_t, right, color=BAND_COLOURS[2], alpha=0.10, zorder=0)
    ax.axvline(low_t, color="#8a4b00", linestyle="--", linewidth=1.2, zorder=1)
    ax.axvline(high_t, color="#00573f", linestyle="--", linewidth=1.2, zorder=1)
    if left < 0:
        ax.axvline(0, color="#555555", linewidth=0.8, zorder=1)
    y_of = {c: i for i, c in enumerate(codes)}
    width = 0.6
    colours = palette(len(groups)) if group_col else ["#1a1a1a"]
    for g, (group, colour) in enumerate(zip(groups, colours, strict=True)):
        part = data if group is None else data[data[group_col] == group]
        offset = 0.0 if len(groups) == 1 else (g - (len(groups) - 1) / 2) * width / len(groups)
        y = np.array([y_of[str(m)] for m in part["marker"]]) + offset
        value = part["value"].to_numpy(dtype=float)
        lo = part["ci_low"].to_numpy(dtype=float) if "ci_low" in part else value
        hi = part["ci_high"].to_numpy(dtype=float) if "ci_high" in part else value
        ax.errorbar(
            value,
            y,
            xerr=[np.abs(value - lo), np.abs(hi - value)],
            fmt="o",
            color=colour,
            ecolor=colour,
            elinewidth=1.6,
            capsize=3,
            markersize=6,
            zorder=3,
            label=None if group is None else str(group),
        )
    ax.set_yticks(range(len(codes)))
    ax.set_yticklabels(marker_row_labels(codes, markers, lang=lang))
    ax.set_ylim(len(codes) - 0.5, -0.5)
    ax.set_xlim(left, right)
    ax.set_xlabel(t_(STATISTIC_NAMES.get(statistic, statistic), lang=lang))
    x_grid(ax)
    from matplotlib.patches import Patch

    bands = [
        Patch(
            color=BAND_COLOURS[2],
            alpha=0.3,
            label=t_("fiable (≥ {number})", number=number(high_t, lang=lang), lang=lang),
        ),
        Patch(
            color=BAND_COLOURS[1],
            alpha=0.35,
            label=t_("conclusions provisoires", lang=lang),
        ),
        Patch(
            color=BAND_COLOURS[0],
            alpha=0.25,
            label=t_("insuffisant (< {number})", number=number(low_t, lang=lang), lang=lang),
        ),
    ]
    handles = bands
    if group_col:
        handles = ax.get_legend_handles_labels()[0] + bands
    legend_below(ax, -0.12 - 0.2 / len(codes), ncol=3, handles=handles)
    despine(ax)
    return ax


def _college_label(value, lang) -> str:
    value = str(value)
    if value in VOCABULARIES["college"]:
        return vocabulary_label("college", value, lang=lang)
    return value


def rater_severity_plot(table: pd.DataFrame, *, ax=None, lang: str | None = None):
    """Each rater's (or college's) severity with its interval, coloured by college.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`amiris_lab.analysis.rater_severity`: columns
        ``rater_id, college, severity, ci_low, ci_high`` (``rater_id`` may be
        absent for the by-college table). Severity is the mean signed gap to
        the other raters of the same project: negative = more severe.
    ax : Axes, optional
    lang : {"fr", "en"}, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"rater_id": ["R1", "R2"], "college": ["expert", "financeur_public"],
    ...                       "severity": [0.3, -0.2], "ci_low": [0.1, -0.4],
    ...                       "ci_high": [0.5, 0.0]})
    >>> [t.get_text() for t in rater_severity_plot(table).get_yticklabels()]
    ['R1', 'R2']
    """
    require_columns(table, ["college", "severity"], func="rater_severity_plot")
    data = table.sort_values("severity", ascending=False, kind="mergesort").reset_index(drop=True)
    names = (
        data["rater_id"].astype(str)
        if "rater_id" in data
        else data["college"].map(lambda v: _college_label(v, lang))
    )
    colleges = list(dict.fromkeys(str(c) for c in table["college"]))
    known = [c for c in VOCABULARIES["college"] if c in colleges]
    colleges = known + [c for c in colleges if c not in known]
    colour_of = dict(zip(colleges, OKABE_ITO, strict=False))
    ax = new_axes(ax, figsize=(7, 0.35 * len(data) + 1.8))
    y = np.arange(len(data))
    ax.axvline(0, color="#555555", linewidth=1)
    for college in colleges:
        part = data[data["college"].astype(str) == college]
        value = part["severity"].to_numpy(dtype=float)
        lo = part["ci_low"].to_numpy(dtype=float) if "ci_low" in part else value
        hi = part["ci_high"].to_numpy(dtype=float) if "ci_high" in part else value
        ax.errorbar(
            value,
            y[part.index],
            xerr=[np.abs(value - lo), np.abs(hi - value)],
            fmt="o",
            color=colour_of[college],
            capsize=3,
            markersize=6,
            label=_college_label(college, lang),
        )
    ax.set_yticks(y)
    ax.set_yticklabels(list(names))
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_xlabel(
        t_("Écart moyen aux autres membres (niveaux)\n← plus sévère · plus indulgent →", lang=lang)
    )
    x_grid(ax)
    legend_right(ax, t_("Collège", lang=lang))
    despine(ax)
    return ax


def kappa_heatmap(
    matrix: pd.DataFrame,
    *,
    annot: bool = True,
    title: str | None = None,
    ax=None,
    lang: str | None = None,
):
    """Heatmap of pairwise kappas between raters (square rater x rater table).

    The diagonal is left blank; colours run from -1 to 1 around 0 (blue =
    agreement beyond chance, red = below). Pairs who never scored the same
    project (NaN) stay blank.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame([[1, .4], [.4, 1]], index=["R1", "R2"], columns=["R1", "R2"])
    >>> ax = kappa_heatmap(m)
    >>> ax.get_xlabel()
    'Membre'
    """
    import seaborn as sns

    if not isinstance(matrix, pd.DataFrame) or matrix.shape[0] != matrix.shape[1]:
        raise ParameterError("kappa_heatmap expects a square rater x rater DataFrame.")
    values = matrix.astype(float)
    mask = np.eye(len(values), dtype=bool) | values.isna().to_numpy()
    n = len(values)
    ax = new_axes(ax, figsize=(0.45 * n + 2.5, 0.42 * n + 1.5))
    sns.heatmap(
        values,
        mask=mask,
        vmin=-1,
        vmax=1,
        center=0,
        cmap="vlag_r",
        annot=annot and n <= 20,
        fmt=".2f",
        annot_kws={"fontsize": 7},
        square=True,
        linewidths=0.5,
        linecolor="white",
        cbar_kws={"label": t_("κ pondéré", lang=lang), "shrink": 0.8},
        ax=ax,
    )
    ax.set_xlabel(t_("Membre", lang=lang))
    ax.set_ylabel(t_("Membre", lang=lang))
    if title is None:
        title = t_("Accord entre paires de membres", lang=lang)
    ax.set_title(title)
    return ax
