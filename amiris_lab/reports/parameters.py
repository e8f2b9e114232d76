"""The report template's declared parameters, checked before any kernel starts.

Papermill neither validates nor coerces parameters (an unknown name is only
logged, ``"2019"`` stays a string), so :func:`check_parameters` reads the
``parameters`` cell of the template with :func:`papermill.inspect_notebook`,
rejects unknown names, coerces safe strings (``"2019"`` -> ``2019``) and checks
the values the report relies on (year present in the data, ``lang`` fr/en...).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..exceptions import ParameterError
from ..i18n import N_, lazy_, t_

_TYPES = {"int": int, "float": float, "str": str, "bool": bool}


def template_parameters(template: str | Path) -> dict[str, dict[str, Any]]:
    """Parameters declared in the ``parameters`` cell of a notebook.

    Parameters
    ----------
    template : str or Path
        Notebook with a cell tagged ``parameters`` written ``name: type = literal``.

    Returns
    -------
    dict
        ``name -> {"type": "int" | "float" | "str" | "bool" | None, "default": value,
        "help": str}`` in the order of the cell; ``default`` is the Python value of
        the literal (None when it is not a literal).

    Examples
    --------
    >>> from amiris_lab.reports import default_template
    >>> params = template_parameters(default_template())
    >>> params["year"]["type"], params["lang"]["default"]
    ('int', 'fr')
    """
    import papermill as pm

    declared = pm.inspect_notebook(str(template))
    out: dict[str, dict[str, Any]] = {}
    for name, info in declared.items():
        type_name = info.get("inferred_type_name")
        try:
            default = ast.literal_eval(str(info.get("default")))
        except (ValueError, SyntaxError):
            default = None
        out[name] = {
            "type": type_name if type_name in _TYPES else None,
            "default": default,
            "help": info.get("help") or "",
        }
    return out


def _coerce(name: str, value: Any, type_name: str | None) -> Any:
    """Value converted to the declared type where it is safe, else ParameterError."""
    if type_name is None:
        return value
    wrong = ParameterError(
        t_(
            "Le paramètre '{name}' du rapport attend {expected} ; reçu {value!r} ({type_name}).",
            name=name,
            expected=t_(_TYPES[type_name]),
            value=value,
            type_name=type(value).__name__,
        )
    )
    if type_name == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false", "vrai", "faux"):
            return value.strip().lower() in ("true", "vrai")
        raise wrong
    if type_name == "int":
        if isinstance(value, bool):
            raise wrong
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                raise wrong from None
        raise wrong
    if type_name == "float":
        if isinstance(value, bool):
            raise wrong
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value.strip().replace(",", "."))
            except ValueError:
                raise wrong from None
        raise wrong
    # str: paths are fine, numbers are not silently turned into text
    if isinstance(value, str | Path):
        return str(value)
    raise wrong


_TYPES = {
    "int": N_("un entier"),
    "float": N_("un nombre"),
    "str": N_("un texte"),
    "bool": N_("un booléen"),
}


def check_parameters(
    parameters: Mapping[str, Any],
    *,
    declared: Mapping[str, Mapping[str, Any]],
    years: Iterable[int] | None = None,
) -> dict[str, Any]:
    """Check and coerce report parameters against the template's declaration.

    Parameters
    ----------
    parameters : mapping
        Values given by the user (only those to change).
    declared : mapping
        Output of :func:`template_parameters`.
    years : iterable of int, optional
        Years present in the data; when given, ``year`` must be one of them and
        ``previous_years`` is checked against it.

    Returns
    -------
    dict
        Every declared parameter, defaults filled in, values of the declared types.

    Raises
    ------
    ParameterError
        Unknown name, wrong type, year absent from the data, ``lang`` not fr/en,
        ``n_boot`` below 1, negative ``previous_years``, ``alpha_min`` outside (0, 1].

    Examples
    --------
    >>> declared = {"year": {"type": "int", "default": 2019},
    ...             "lang": {"type": "str", "default": "fr"}}
    >>> check_parameters({"year": "2018"}, declared=declared, years=[2018, 2019])
    {'year': 2018, 'lang': 'fr'}
    """
    unknown = [name for name in parameters if name not in declared]
    if unknown:
        known = ", ".join(sorted(declared))
        raise ParameterError(
            lazy_(
                "Paramètre inconnu du rapport : {join}. Paramètres possibles : {known}.",
                join=", ".join(map(repr, unknown)),
                known=known,
            )
        )
    values = {name: info.get("default") for name, info in declared.items()}
    for name, value in parameters.items():
        values[name] = _coerce(name, value, declared[name].get("type"))

    if "lang" in values and values["lang"] not in ("fr", "en"):
        raise ParameterError(
            lazy_(
                "Le paramètre 'lang' du rapport doit valoir 'fr' ou 'en' ; reçu {lang_value!r}.",
                lang_value=values["lang"],
            )
        )
    if "n_boot" in values and values["n_boot"] is not None and values["n_boot"] < 1:
        raise ParameterError(
            lazy_(
                "Le paramètre 'n_boot' du rapport doit être au moins 1 ; reçu {n_boot}.",
                n_boot=values["n_boot"],
            )
        )
    for name in ("previous_years",):
        if name in values and values[name] is not None and values[name] < 0:
            raise ParameterError(
                lazy_(
                    "Le paramètre '{name}' du rapport doit être positif ou nul ; reçu {values}.",
                    name=name,
                    values=values[name],
                )
            )
    if "alpha_min" in values and not 0 < values["alpha_min"] <= 1:
        raise ParameterError(
            lazy_(
                "Le paramètre 'alpha_min' du rapport doit être dans ]0, 1] ; reçu {alpha_min}.",
                alpha_min=values["alpha_min"],
            )
        )
    if years is not None and "year" in values:
        available = sorted(int(y) for y in years)
        if values["year"] not in available:
            listed = ", ".join(map(str, available)) or t_("aucune")
            raise ParameterError(
                lazy_(
                    "L'année {year} est absente des données (années présentes : {listed}).",
                    year=values["year"],
                    listed=listed,
                )
            )
    return values
