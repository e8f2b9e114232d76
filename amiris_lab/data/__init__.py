"""The data layer: reading, checking, holding, writing and anonymising marker datasets.

* :mod:`.readers` reads every table of a folder or workbook as text, with line numbers;
* :mod:`.validation` checks the tables and says what to fix;
* :mod:`.dataset` holds a valid dataset (:class:`MarkerDataset`);
* :mod:`.io` loads and writes datasets (:func:`load_dataset`, :func:`write_dataset`);
* :mod:`.datapackage` describes a dataset as a Frictionless Data Package;
* :mod:`.privacy` finds personal data, pseudonymises, checks k-anonymity;
* :mod:`.demo` draws synthetic datasets; :mod:`.summary` describes one.

Names are loaded lazily: ``import amiris_lab.data`` does not import pandas (the
workshop participant page imports the package without it).

Examples
--------
>>> import amiris_lab.data as data
>>> data.load_dataset.__module__
'amiris_lab.data.io'
"""

from __future__ import annotations

from .._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "MarkerDataset": "amiris_lab.data.dataset",
    "load_dataset": "amiris_lab.data.io",
    "write_dataset": "amiris_lab.data.io",
    "dataset_from_tables": "amiris_lab.data.io",
    "validate_dataset": "amiris_lab.data.validation",
    "validate_tables": "amiris_lab.data.validation",
    "read_raw_tables": "amiris_lab.data.readers",
    "summary_table": "amiris_lab.data.summary",
    "make_demo_dataset": "amiris_lab.data.demo",
    "data_package": "amiris_lab.data.datapackage",
    "write_data_package": "amiris_lab.data.datapackage",
    "scan_personal_data": "amiris_lab.data.privacy.detection",
    "anonymise": "amiris_lab.data.privacy.pipeline",
    "k_anonymity": "amiris_lab.data.privacy.kanonymity",
    "generalise": "amiris_lab.data.privacy.kanonymity",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
