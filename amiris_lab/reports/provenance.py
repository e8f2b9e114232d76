"""What a reader needs to reproduce a report: data fingerprint, parameters, versions."""

from __future__ import annotations

import datetime as _dt
import hashlib
import platform
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from ..i18n import N_, t_
from ..numbers import format_number

_PACKAGES = (
    "amiris_lab",
    "numpy",
    "pandas",
    "scipy",
    "scikit-learn",
    "matplotlib",
    "papermill",
    "nbconvert",
)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def provenance(
    dataset,
    parameters: Mapping[str, Any],
    *,
    template: str | Path | None = None,
    run_date: _dt.datetime | None = None,
) -> dict[str, Any]:
    """Provenance record of a report run.

    Parameters
    ----------
    dataset : MarkerDataset
        The data the report reads (its ``fingerprint`` is the SHA-256 of its
        canonical content, the same whatever the file format).
    parameters : mapping
        The report's parameters (year, lang, n_boot, seed...).
    template : str or Path, optional
        The template notebook; its SHA-256 is recorded.
    run_date : datetime, optional
        Defaults to now (UTC). The date lives only here and in the HTML's
        methods section, never in the key figures, which stay byte-identical.

    Returns
    -------
    dict
        ``dataset_fingerprint, dataset_source, parameters, seed, package_version,
        versions, python, template_sha256, run_date``.

    Examples
    --------
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> p = provenance(make_demo_dataset(years=[2019]), {"year": 2019, "seed": 1})
    >>> len(p["dataset_fingerprint"]), p["seed"]
    (64, 1)
    """
    run_date = run_date or _dt.datetime.now(_dt.UTC)
    sha = None
    if template is not None and Path(template).exists():
        sha = hashlib.sha256(Path(template).read_bytes()).hexdigest()
    from .. import __version__

    return {
        "dataset_fingerprint": dataset.fingerprint,
        "dataset_source": None if dataset.source is None else str(dataset.source),
        "parameters": {k: parameters[k] for k in parameters},
        "seed": parameters.get("seed"),
        "package_version": __version__,
        "versions": {name: _version(name) for name in _PACKAGES},
        "python": platform.python_version(),
        "template_sha256": sha,
        "run_date": run_date.replace(microsecond=0).isoformat(),
    }


#: Words for the report's parameters in the provenance table (messages of the catalogue).
PARAMETER_WORDS = {
    "year": N_("Année"),
    "data_dir": N_("Dossier des données"),
    "lang": N_("Langue du rapport"),
    "n_boot": N_("Tirages bootstrap"),
    "seed": N_("Graine des calculs aléatoires"),
    "alpha_min": N_("Seuil d'accord (α de Krippendorff)"),
    "previous_years": N_("Années antérieures comparées"),
}


def provenance_table(record: Mapping[str, Any], *, lang: str | None = None):
    """The provenance record as a two-column table for the report, in words (fr/en).

    Examples
    --------
    >>> rec = {"dataset_fingerprint": "ab", "parameters": {"year": 2019, "lang": "fr"},
    ...        "package_version": "0.1", "versions": {}, "python": "3.11",
    ...        "run_date": "2026-01-01T00:00:00+00:00"}
    >>> list(provenance_table(rec, lang="fr").index)[:4]
    ['Empreinte des données (SHA-256)', 'Source des données', 'Année', 'Langue du rapport']
    """
    import pandas as pd

    rows = [
        (
            t_("Empreinte des données (SHA-256)", lang=lang),
            record["dataset_fingerprint"],
        ),
        (t_("Source des données", lang=lang), record.get("dataset_source") or ""),
    ]
    for key, value in record["parameters"].items():
        words = PARAMETER_WORDS.get(key)
        if key == "alpha_min":
            value = format_number(value, digits=3, lang=lang)
        elif key == "n_boot":
            value = format_number(value, digits=0, lang=lang)
        elif key == "lang":
            value = {
                "fr": t_("français", lang=lang),
                "en": t_("anglais", lang=lang),
            }.get(value, value)
        name = t_(words, lang=lang) if words else t_("Paramètre {key}", key=key, lang=lang)
        rows.append((name, str(value)))
    rows.append(
        (t_("Version d'amiris_lab", lang=lang), record["package_version"])
    )
    for name, version in record["versions"].items():
        if name != "amiris_lab" and version:
            rows.append((name, version))
    rows.append(("Python", record["python"]))
    if record.get("template_sha256"):
        rows.append(
            (
                t_("Modèle de rapport (SHA-256)", lang=lang),
                record["template_sha256"],
            )
        )
    when = record["run_date"].replace("T", " ").replace("+00:00", "")
    rows.append((t_("Date d'exécution (UTC)", lang=lang), when))
    label = t_("Élément", lang=lang)
    table = pd.DataFrame(rows, columns=[label, t_("Valeur", lang=lang)]).set_index(label)
    # one header row on the page: « Élément | Valeur » (the index unnamed, the columns named)
    table.index.name, table.columns.name = None, label
    return table
