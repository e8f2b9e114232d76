"""« Combien de membres faut-il ? »: a G study and ``min_raters`` told in plain words."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..gtheory import dstudy
from ..i18n import get_language, t_
from .narrative import fmt, percent

#: Sources whose share is told, in this order.
_SOURCES = ("project_id", "rater_id", "marker", "project_id:marker", "project_id:rater_id")


def _members(value: float, *, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t_("plus de 30 membres", lang=lang)
    n = int(value)
    return t_("{n} membre", lang=lang, n=n) if n == 1 else t_("{n} membres", lang=lang, n=n)


def _count(value: float, *, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t_("plus de 30", lang=lang)
    return str(int(value))


def members_needed_table(table: pd.DataFrame, *, lang: str | None = None) -> pd.DataFrame:
    """The ``min_raters`` table as a reader wants it: one row per marker, both coefficients.

    Returns
    -------
    DataFrame
        Index: marker; columns: members needed and interval for Eρ² (ranking) and Φ
        (a threshold), in the report's language.
    """
    lang = get_language(lang)
    rows = []
    for marker, part in table.groupby("marker", sort=True):
        row = {t_("Marqueur", lang=lang): marker}
        for coef, label in (("g_coef", "Eρ²"), ("phi", "Φ")):
            line = part[part["coefficient"] == coef].iloc[0]
            needed = line["n_raters"]
            row[
                t_(
                    "Membres pour {coef} ≥ {target}",
                    lang=lang,
                    coef=label,
                    target=fmt(line["target"], lang=lang),
                )
            ] = "> 30" if pd.isna(needed) else int(needed)
            low, high = line["ci_low"], line["ci_high"]
            row[t_("Intervalle ({coef})", lang=lang, coef=label)] = (
                "" if pd.isna(low) else f"{int(low)}–{'> 30' if pd.isna(high) else int(high)}"
            )
        rows.append(row)
    return pd.DataFrame(rows).set_index(t_("Marqueur", lang=lang))


def members_needed_text(g, table: pd.DataFrame, *, lang: str | None = None) -> str:
    """How the score variance splits and how many members each marker needs, in sentences.

    Parameters
    ----------
    g : GStudy
        The p x r x m study of the year (:func:`amiris_lab.gstudy`).
    table : DataFrame
        :func:`amiris_lab.min_raters` of ``g``.
    lang : {"fr", "en"}, optional

    Examples
    --------
    >>> import amiris_lab
    >>> ds = amiris_lab.make_demo_dataset(seed=1, years=[2020], projects_per_year=(40, 40))
    >>> g = amiris_lab.gstudy(ds)
    >>> text = members_needed_text(g, amiris_lab.min_raters(g, n_boot=0), lang="fr")
    >>> "membres" in text
    True
    """
    lang = get_language(lang)
    comp = g.components
    share = {s: comp.loc[s, "share"] for s in _SOURCES if s in comp.index}
    parts = [
        t_(
            "Sur l'ensemble des notes individuelles, {p} de la variance tient aux projets "
            "eux-mêmes (ce que l'on veut mesurer), {r} aux membres (certains notent plus "
            "sévèrement que d'autres) et {pm} à l'interaction projet × marqueur (un projet fort "
            "sur un marqueur ne l'est pas forcément sur un autre) ; le reste, {rest}, est un "
            "désaccord entre membres sur un projet et un marqueur que rien d'autre n'explique.",
            lang=lang,
            p=percent(share.get("project_id", 0.0), lang=lang),
            r=percent(share.get("rater_id", 0.0), lang=lang),
            pm=percent(share.get("project_id:marker", 0.0), lang=lang),
            rest=percent(comp.loc["residual", "share"], lang=lang),
        )
    ]
    current = g.design.get("raters_per_project_harmonic")
    if current and "marker" in g.facets:
        profile = dstudy(g, rater_id=current).iloc[0]
        parts.append(
            t_(
                "Aujourd'hui, un projet est noté par {mean} membres en moyenne ; avec ce nombre, "
                "la moyenne des {n_markers} marqueurs classe les projets avec une fiabilité "
                "Eρ² = {rho}.",
                lang=lang,
                mean=fmt(current, digits=1, lang=lang),
                n_markers=g.design["n_marker"],
                rho=fmt(profile["g_coef"], lang=lang),
            )
        )
    rho = table[table["coefficient"] == "g_coef"].set_index("marker")
    phi = table[table["coefficient"] == "phi"].set_index("marker")
    target = fmt(float(table["target"].iloc[0]), lang=lang)
    needed = rho["n_raters"].fillna(np.inf)
    easiest = needed[needed == needed.min()].index.tolist()
    hardest = needed[needed == needed.max()].index.tolist()
    parts.append(
        t_(
            "Pour classer les projets sur un seul marqueur avec une fiabilité d'au moins "
            "{target} (Eρ²), le nombre de membres nécessaire va de {few} ({easy}) à {many} "
            "({hard}).",
            lang=lang,
            target=target,
            few=_count(rho.loc[easiest[0], "n_raters"], lang=lang),
            easy=", ".join(easiest),
            many=_count(rho.loc[hardest[0], "n_raters"], lang=lang),
            hard=", ".join(hardest),
        )
    )
    if current:
        below = needed[needed > math.floor(current)].index.tolist()
        if below:
            parts.append(
                t_(
                    "Avec {current} membres par projet, {k} marqueurs sur {n} atteignent ce "
                    "seuil ; n'y arrivent pas : {below}. Il y faudrait plus de membres, ou une "
                    "grille de lecture plus claire qui rapproche leurs notes.",
                    lang=lang,
                    current=int(math.floor(current)),
                    k=len(needed) - len(below),
                    n=len(needed),
                    below=", ".join(below),
                )
            )
        else:
            parts.append(
                t_(
                    "Avec {current} membres par projet, les {n} marqueurs atteignent ce seuil.",
                    lang=lang,
                    current=int(math.floor(current)),
                    n=len(needed),
                )
            )
    worst = phi["n_raters"].fillna(np.inf)
    parts.append(
        t_(
            "Pour situer un projet par rapport à un seuil (fiabilité absolue Φ ≥ {target}), "
            "qui compte aussi la sévérité propre de chaque membre, il faut jusqu'à {many} "
            "({hard}).",
            lang=lang,
            target=target,
            many=_members(phi.loc[worst.idxmax(), "n_raters"], lang=lang),
            hard=", ".join(worst[worst == worst.max()].index),
        )
    )
    n_boot = int(table["n_boot"].iloc[0])
    if n_boot:
        parts.append(
            t_(
                "Les intervalles du tableau viennent d'un bootstrap sur les projets ({n_boot} "
                "tirages) : ils montrent la marge d'incertitude sur le nombre de membres.",
                lang=lang,
                n_boot=n_boot,
            )
        )
    return " ".join(parts)
