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
from ..i18n import tr

Scale = Literal["landis_koch", "krippendorff", "koo_li", "fleiss", "altman", "cicchetti"]

# scale -> bands from the top: (threshold, strict, French label, English label);
# the last band has no threshold (everything below).
BANDS: dict[str, list[tuple[float, bool, str, str]]] = {
    "landis_koch": [
        (0.8, True, "presque parfait", "almost perfect"),
        (0.6, True, "substantiel", "substantial"),
        (0.4, True, "modéré", "moderate"),
        (0.2, True, "passable", "fair"),
        (0.0, False, "léger", "slight"),
        (-math.inf, False, "mauvais", "poor"),
    ],
    "krippendorff": [
        (0.8, False, "fiable", "reliable"),
        (0.667, False, "conclusions provisoires", "tentative conclusions"),
        (-math.inf, False, "insuffisant", "insufficient"),
    ],
    "koo_li": [
        (0.9, True, "excellent", "excellent"),
        (0.75, False, "bon", "good"),
        (0.5, False, "modéré", "moderate"),
        (-math.inf, False, "médiocre", "poor"),
    ],
    "fleiss": [
        (0.75, True, "excellent", "excellent"),
        (0.4, False, "intermédiaire à bon", "intermediate to good"),
        (-math.inf, False, "médiocre", "poor"),
    ],
    "altman": [
        (0.8, True, "très bon", "very good"),
        (0.6, True, "bon", "good"),
        (0.4, True, "modéré", "moderate"),
        (0.2, True, "passable", "fair"),
        (-math.inf, False, "médiocre", "poor"),
    ],
    "cicchetti": [
        (0.75, False, "excellent", "excellent"),
        (0.6, False, "bon", "good"),
        (0.4, False, "passable", "fair"),
        (-math.inf, False, "médiocre", "poor"),
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
        return tr("indéfini", "undefined", lang=lang)
    for threshold, strict, fr, en in BANDS[scale]:
        if value > threshold or (not strict and value == threshold):
            return tr(fr, en, lang=lang)
    return tr(BANDS[scale][-1][2], BANDS[scale][-1][3], lang=lang)  # pragma: no cover (-inf)


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
    labels = [tr(b[2], b[3], lang=lang) for b in bands]
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
    frame.attrs["chosen"] = (
        labels[reached[0]] if reached.size else tr("indéfini", "undefined", lang=lang)
    )
    return frame
