"""Keeping datasets anonymous: a personal-data scanner, keyed pseudonyms, k-anonymity.

Three tools, each answering a question a data-protection officer asks, in four
modules:

* :mod:`.detection` -- :func:`scan_personal_data`: *does this file hold personal
  data?* E-mail addresses, French phone numbers, SIREN / SIRET numbers in the
  cells, and column names such as ``nom``, ``prénom``, ``email``, ``adresse``.
* :mod:`.pseudonyms` -- :func:`pseudonym`: keyed pseudonyms (HMAC-SHA256) of
  project and rater ids, the same for the same id and key, so years line up.
* :mod:`.pipeline` -- :func:`anonymise`: *turn raw committee records into a
  shareable dataset* (ids pseudonymised, identifying columns dropped, free text
  redacted, a report of every change written beside the tables).
* :mod:`.kanonymity` -- :func:`k_anonymity` and :func:`generalise`: *could a
  project be recognised from its description?*

Names are loaded lazily, so importing this package costs nothing until one is used.
"""

from __future__ import annotations

from ..._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "PERSONAL_NAME_PARTS": "amiris_lab.data.privacy.detection",
    "PERSONAL_NAMES": "amiris_lab.data.privacy.detection",
    "mask_value": "amiris_lab.data.privacy.detection",
    "personal_column_reason": "amiris_lab.data.privacy.detection",
    "redact_personal_data": "amiris_lab.data.privacy.detection",
    "scan_personal_data": "amiris_lab.data.privacy.detection",
    "pseudonym": "amiris_lab.data.privacy.pseudonyms",
    "AnonymisationReport": "amiris_lab.data.privacy.pipeline",
    "anonymise": "amiris_lab.data.privacy.pipeline",
    "QUASI_IDENTIFIERS": "amiris_lab.data.privacy.kanonymity",
    "GENERALISATION_STEPS": "amiris_lab.data.privacy.kanonymity",
    "KAnonymityReport": "amiris_lab.data.privacy.kanonymity",
    "GeneralisationResult": "amiris_lab.data.privacy.kanonymity",
    "k_anonymity": "amiris_lab.data.privacy.kanonymity",
    "generalise": "amiris_lab.data.privacy.kanonymity",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
