"""Interpretation bands for agreement coefficients, in French and English.

Scales (bounds as published; a band holds values above its threshold, strictly
or not as the authors wrote it):

* ``landis_koch`` -- Landis and Koch (1977): <0 poor, 0-.20 slight, .21-.40 fair,
  .41-.60 moderate, .61-.80 substantial, .81-1 almost perfect;
* ``krippendorff`` -- Krippendorff (2004): >= .800 reliable, .667-.800 tentative
  conclusions only, below .667 discard (worded « insuffisant » / "insufficient":
  the scores are not consistent enough to conclude, see
  :mod:`amiris_lab.analysis.reading`, which reads this scale);
* ``koo_li`` -- Koo and Li (2016), for ICC: <.50 poor, .50-.75 moderate,
  .75-.90 good, >.90 excellent;
* ``fleiss`` -- Fleiss (1981): <.40 poor, .40-.75 intermediate to good, >.75 excellent;
* ``altman`` -- Altman (1991): <=.20 poor, .21-.40 fair, .41-.60 moderate,
  .61-.80 good, .81-1 very good;
* ``cicchetti`` -- Cicchetti (1994): <.40 poor, .40-.59 fair, .60-.74 good,
  .75-1 excellent.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd
from scipy.special import ndtr

from .._param_validation import CONFIDENCE, validate_params
from ..exceptions import ParameterError
from ..i18n import N_, t_

Scale = Literal["landis_koch", "krippendorff", "koo_li", "fleiss", "altman", "cicchetti"]

# scale -> bands from the top: (threshold, strict, label: French msgid of the catalogue);
# the last band has no threshold (everything below).
BANDS: dict[str, list[tuple[float, bool, str]]] = {
    "landis_koch": [
        (0.8, True, N_("presque parfait")),
        (0.6, True, N_("substantiel")),
        (0.4, True, N_("modéré")),
        (0.2, True, N_("passable")),
        (0.0, False, N_("léger")),
        (-math.inf, False, N_("mauvais")),
    ],
    "krippendorff": [
        (0.8, False, N_("fiable")),
        (0.667, False, N_("conclusions provisoires")),
        (-math.inf, False, N_("insuffisant")),
    ],
    "koo_li": [
        (0.9, True, N_("excellent")),
        (0.75, False, N_("bon")),
        (0.5, False, N_("modéré")),
        (-math.inf, False, N_("médiocre")),
    ],
    "fleiss": [
        (0.75, True, N_("excellent")),
        (0.4, False, N_("intermédiaire à bon")),
        (-math.inf, False, N_("médiocre")),
    ],
    "altman": [
        (0.8, True, N_("très bon")),
        (0.6, True, N_("bon")),
        (0.4, True, N_("modéré")),
        (0.2, True, N_("passable")),
        (-math.inf, False, N_("médiocre")),
    ],
    "cicchetti": [
        (0.75, False, N_("excellent")),
        (0.6, False, N_("bon")),
        (0.4, False, N_("passable")),
        (-math.inf, False, N_("médiocre")),
    ],
}


@validate_params({"scale": BANDS})
def interpret(value: float, *, scale: Scale = "landis_koch", lang: str | None = None) -> str:
    """The band a coefficient falls in, as a label (French by default).

    Parameters
    ----------
    value : float
        A coefficient (kappa, alpha, AC1, ICC...). NaN gives "indéfini" / "undefined".
    scale : {"landis_koch", "krippendorff", "koo_li", "fleiss", "altman", "cicchetti"}
        The published scale (see the module docstring for its bounds).
    lang : {"fr", "en"}, optional
        Language of the label; default the session language (French).

    Returns
    -------
    str

    Examples
    --------
    >>> interpret(0.72)
    'substantiel'
    >>> interpret(0.72, scale="krippendorff", lang="en")
    'tentative conclusions'
    """
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ParameterError(f"interpret needs a number (a coefficient); got {value!r}.") from None
    if math.isnan(value):
        return t_("indéfini", lang=lang)
    for threshold, strict, label in BANDS[scale]:
        if value > threshold or (not strict and value == threshold):
            return t_(label, lang=lang)
    return t_(BANDS[scale][-1][2], lang=lang)  # pragma: no cover (-inf)


@validate_params({"scale": BANDS, "level": CONFIDENCE})
def gwet_benchmark(
    value: float,
    se: float,
    *,
    scale: Scale = "landis_koch",
    lang: str | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Gwet's probabilistic benchmarking: how sure we are the coefficient reaches each band.

    Parameters
    ----------
    value, se : float
        The coefficient and its standard error (e.g. from :func:`gwet_ac`).
    scale : str, default "landis_koch"
        One of the scales of :func:`interpret`.
    lang : {"fr", "en"}, optional
    level : float, default 0.95
        Required cumulative probability.

    Returns
    -------
    DataFrame
        One row per band from the top: ``band, lower, upper, probability``
        (that the true coefficient lies in the band) and ``cumulative`` (that
        it lies in the band or above), under a normal law of mean ``value``
        and SD ``se`` truncated to [-1, 1] (Gwet 2014, irrCAC
        ``landis.koch.bf``); ``chosen`` is True for the first band, going down,
        whose cumulative probability reaches ``level``. The chosen label is
        also in ``frame.attrs["chosen"]``.

    Examples
    --------
    Gwet's AC1 on his 4-rater example (irrCAC: 0.397, 0.883, 0.995; "Moderate"):

    >>> table = gwet_benchmark(0.77544, 0.14295, lang="en")
    >>> table["cumulative"].round(3).tolist()[:3]
    [0.397, 0.883, 0.995]
    >>> table.attrs["chosen"]
    'moderate'
    """
    value, se = float(value), float(se)
    bands = BANDS[scale]
    lowers = np.array([max(b[0], -1.0) for b in bands])
    uppers = np.concatenate([[1.0], lowers[:-1]])
    labels = [t_(b[2], lang=lang) for b in bands]
    if not (np.isfinite(value) and np.isfinite(se) and se > 0):
        cumulative = np.full(len(bands), np.nan)
        probability = np.full(len(bands), np.nan)
    else:
        top, bottom = ndtr((1.0 - value) / se), ndtr((-1.0 - value) / se)
        cdf_low = ndtr((np.clip(lowers, -1.0, 1.0) - value) / se)
        cumulative = (top - cdf_low) / (top - bottom)
        probability = np.diff(np.concatenate([[0.0], cumulative]))
    reached = np.flatnonzero(cumulative >= level)
    chosen = np.zeros(len(bands), dtype=bool)
    if reached.size:
        chosen[reached[0]] = True
    frame = pd.DataFrame(
        {
            "band": labels,
            "lower": lowers,
            "upper": uppers,
            "probability": probability,
            "cumulative": cumulative,
            "chosen": chosen,
        }
    )
    frame.attrs["chosen"] = labels[reached[0]] if reached.size else t_("indéfini", lang=lang)
    return frame
