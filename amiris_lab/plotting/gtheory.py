"""Pictures of a generalizability study: D-study curves and variance shares."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from ..exceptions import ParameterError
from ..i18n import N_, get_language, t_
from ._style import OKABE_ITO, despine, new_axes, number, require_columns, x_grid

#: Display names of the factors of a G study (French, English).
FACTOR_NAMES = {
    "project_id": N_("projet"),
    "rater_id": N_("membre"),
    "marker": N_("marqueur"),
    "college": N_("collège"),
    "year": N_("année"),
}

COEFFICIENT_NAMES = {
    "g_coef": N_("Coefficient de généralisabilité Eρ²"),
    "phi": N_("Coefficient de fiabilité absolue Φ"),
}


def source_label(source: str, *, lang=None) -> str:
    """``"project_id:marker"`` -> ``"Projet × marqueur"``; ``residual`` spelled out.

    Examples
    --------
    >>> source_label("project_id:marker", lang="fr")
    'Projet × marqueur'
    """
    if source == "residual":
        return t_("Résiduel (interaction d'ordre supérieur, erreur)", lang=lang)
    parts = [t_(FACTOR_NAMES[f], lang=lang) if f in FACTOR_NAMES else f for f in source.split(":")]
    text = " × ".join(parts)
    return text[:1].upper() + text[1:]


def dstudy_curves(
    table: pd.DataFrame,
    *,
    coefficient: str = "g_coef",
    target: float | None = 0.80,
    ax=None,
    lang: str | None = None,
):
    """Coefficient against committee size, one line per marker, with the target line.

    Parameters
    ----------
    table : DataFrame
        :func:`amiris_lab.gtheory.marker_curves` output: ``marker, rater_id`` and
        the coefficient column.
    coefficient : {"g_coef", "phi"}, default "g_coef"
        Eρ² (ranking projects) or Φ (a project against a threshold).
    target : float or None, default 0.80
        Drawn as a dashed horizontal line.
    ax : matplotlib Axes, optional
    lang : {"fr", "en"}, optional

    Returns
    -------
    matplotlib Axes
    """
    if coefficient not in COEFFICIENT_NAMES:
        raise ParameterError(
            "The 'coefficient' parameter of dstudy_curves must be one of {'g_coef', 'phi'}. "
            f"Got {coefficient!r} instead."
        )
    require_columns(table, ["marker", "rater_id", coefficient], func="dstudy_curves")
    ax = new_axes(ax, figsize=(8, 5))
    styles = ("-", "--", ":")
    markers = list(dict.fromkeys(table["marker"]))
    for i, code in enumerate(markers):
        part = table[table["marker"] == code].sort_values("rater_id")
        colour = OKABE_ITO[i % 7]  # no yellow-on-white: cycle the 7 legible colours
        ax.plot(
            part["rater_id"],
            part[coefficient],
            color=colour,
            linestyle=styles[(i // 7) % len(styles)],
            linewidth=1.6,
            label=str(code),
        )
    if target is not None:
        ax.axhline(target, color="#555555", linestyle=(0, (4, 3)), linewidth=1)
        ax.text(
            table["rater_id"].max(),
            target,
            t_("cible {value}", lang=lang, value=number(target, lang=lang, digits=2)),
            ha="right",
            va="bottom",
            fontsize=8.5,
            color="#555555",
        )
    sizes = np.sort(table["rater_id"].unique())
    ax.set_xticks(sizes if len(sizes) <= 20 else sizes[:: max(1, len(sizes) // 15)])
    ax.set_xlim(sizes.min() - 0.3, sizes.max() + 0.3)
    ax.set_ylim(0, 1)
    ax.set_xlabel(t_("Nombre de membres qui notent chaque projet", lang=lang))
    ax.set_ylabel(t_(COEFFICIENT_NAMES[coefficient], lang=lang))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    despine(ax)
    ax.legend(
        title=t_("Marqueur", lang=lang),
        frameon=False,
        fontsize=8.5,
        ncol=2 if len(markers) > 6 else 1,
        loc="lower right",
    )
    return ax


def variance_shares(components: pd.DataFrame, *, ax=None, lang: str | None = None):
    """Horizontal bars: share of the score variance from each source.

    Parameters
    ----------
    components : DataFrame
        ``GStudy.components``: index ``source``, column ``share`` (``variance``).
    ax : matplotlib Axes, optional
    lang : {"fr", "en"}, optional

    Returns
    -------
    matplotlib Axes
    """
    require_columns(components, ["share"], func="variance_shares")
    ax = new_axes(ax, figsize=(8, 0.55 * len(components) + 1.4))
    shares = components["share"].to_numpy(dtype=float)
    labels = [source_label(s, lang=lang) for s in components.index]
    y = np.arange(len(shares))[::-1]
    colours = [
        OKABE_ITO[0] if s == "project_id" else ("#999999" if s == "residual" else OKABE_ITO[1])
        for s in components.index
    ]
    ax.barh(y, shares, color=colours, height=0.65)
    for yi, share in zip(y, shares, strict=True):
        ax.text(
            share + 0.005,
            yi,
            f"{number(100 * share, lang=lang, digits=1)}\u202f%"
            if get_language(lang) == "fr"
            else f"{100 * share:.1f}%",
            va="center",
            fontsize=9,
        )
    ax.set_yticks(y)
    ax.set_yticklabels(labels)
    ax.set_xlim(0, max(shares.max() * 1.2, 0.1))
    space = "\u202f%" if get_language(lang) == "fr" else "%"
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{100 * x:.0f}{space}"))
    ax.set_xlabel(t_("Part de la variance des scores", lang=lang))
    x_grid(ax)
    despine(ax)
    return ax
