"""Validation of the ``ratings`` argument shared by every agreement coefficient.

``ratings`` is a units x raters matrix (rows = projects, columns = raters); NaN
(or ``pd.NA``) means "not scored". It may be a DataFrame, a NumPy array or a
nested list. Categories are the declared scale (``categories=``) or, by default,
the distinct observed values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import ParameterError


def as_matrix(ratings, *, func: str) -> np.ndarray:
    """Return ``ratings`` as a 2-D float array (units x raters), NaN = not scored."""
    if isinstance(ratings, np.ndarray) and ratings.dtype.kind in "fiub":  # fast path
        if ratings.ndim != 2:
            raise ParameterError(
                f"{func} needs a units x raters matrix (2 dimensions); got {ratings.ndim} "
                f"dimension(s) of shape {ratings.shape}."
            )
        matrix = ratings.astype(float, copy=False)
    elif isinstance(ratings, pd.DataFrame):
        try:
            matrix = ratings.to_numpy(dtype=float, na_value=np.nan)
        except (TypeError, ValueError):
            bad = _first_non_numeric(ratings.to_numpy(dtype=object))
            raise ParameterError(
                f"{func} needs numeric ratings (scores); found {bad!r}. "
                "Convert the scores to numbers, with NaN for 'not scored'."
            ) from None
    else:
        try:
            raw = np.asarray(ratings, dtype=object)
        except ValueError:
            raise ParameterError(
                f"{func} needs a units x raters matrix; the rows of 'ratings' have different lengths."
            ) from None
        if raw.ndim == 1 and any(isinstance(row, (list, tuple, np.ndarray)) for row in raw):
            raise ParameterError(
                f"{func} needs a units x raters matrix; the rows of 'ratings' have different lengths."
            )
        if raw.ndim != 2:
            raise ParameterError(
                f"{func} needs a units x raters matrix (2 dimensions); got {raw.ndim} "
                f"dimension(s) of shape {raw.shape}."
            )
        try:
            matrix = pd.DataFrame(raw).to_numpy(dtype=float, na_value=np.nan)
        except (TypeError, ValueError):
            raise ParameterError(
                f"{func} needs numeric ratings (scores); found {_first_non_numeric(raw)!r}. "
                "Convert the scores to numbers, with NaN for 'not scored'."
            ) from None
    if matrix.ndim != 2:  # pragma: no cover - DataFrames are always 2-D
        raise ParameterError(f"{func} needs a units x raters matrix.")
    if np.isinf(matrix).any():
        raise ParameterError(f"{func}: ratings hold an infinite value; use NaN for 'not scored'.")
    return matrix


def _first_non_numeric(values: np.ndarray):
    for value in values.ravel():
        if value is None or value is pd.NA:
            continue
        try:
            float(value)
        except (TypeError, ValueError):
            return value
    return None  # pragma: no cover


def category_codes(
    matrix: np.ndarray, *, categories=None, func: str
) -> tuple[np.ndarray, np.ndarray]:
    """Map ratings to category positions.

    Returns
    -------
    categories : ndarray of float, sorted
        The declared categories, or the distinct observed values.
    codes : ndarray of int, same shape as ``matrix``
        Position of each rating in ``categories``; -1 where not scored.
    """
    present = ~np.isnan(matrix)
    values = matrix[present]
    small = _small_integer_scale(values)
    if small is not None and categories is None:  # fast path: integer scores, small range
        low, ints = small
        seen = np.flatnonzero(np.bincount(ints))
        lookup = np.full(seen[-1] + 1, -1, dtype=np.int64)
        lookup[seen] = np.arange(seen.size)
        codes = np.full(matrix.shape, -1, dtype=np.int64)
        codes[present] = lookup[ints]
        return (seen + low).astype(float), codes
    observed = np.unique(values)
    if categories is None:
        cats = observed
    else:
        try:
            cats = np.unique(np.asarray(list(categories), dtype=float))
        except (TypeError, ValueError):
            raise ParameterError(
                f"The 'categories' parameter of {func} must be a list of numbers "
                f"(the full scale, e.g. [0, 1, 2, 3]). Got {categories!r} instead."
            ) from None
        if cats.size == 0 or np.isnan(cats).any():
            raise ParameterError(
                f"The 'categories' parameter of {func} must list the scale values without NaN. "
                f"Got {categories!r} instead."
            )
        outside = observed[~np.isin(observed, cats)]
        if outside.size:
            shown = ", ".join(_fmt(v) for v in outside[:5])
            scale = ", ".join(_fmt(v) for v in cats)
            raise ParameterError(
                f"{func}: the ratings hold value(s) {shown} outside the declared categories "
                f"[{scale}]. Correct the scores or declare the full scale in 'categories'."
            )
    codes = np.full(matrix.shape, -1, dtype=np.int64)
    if cats.size:
        codes[present] = np.searchsorted(cats, values)
    return cats, codes


def _small_integer_scale(values: np.ndarray):
    """(minimum, values - minimum as int) when every value is an integer in a range < 10,000."""
    if values.size == 0:
        return None
    low, high = values.min(), values.max()
    if high - low >= 10_000:
        return None
    ints = values.astype(np.int64)
    if not np.array_equal(ints, values):
        return None
    low = int(low)
    return low, ints - low


def unit_counts(codes: np.ndarray, n_categories: int) -> np.ndarray:
    """Units x categories matrix of how many raters gave each category to each unit."""
    n_units = codes.shape[0]
    rows = np.repeat(np.arange(n_units), codes.shape[1])
    flat = codes.ravel()
    keep = flat >= 0
    counts = np.bincount(rows[keep] * n_categories + flat[keep], minlength=n_units * n_categories)
    return counts.reshape(n_units, n_categories).astype(float)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
