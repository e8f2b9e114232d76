"""Open the dataset a report reads."""

from __future__ import annotations

from pathlib import Path

from ..exceptions import ParameterError
from ..i18n import lazy_

#: ``data_dir`` value meaning "the built-in synthetic demo generator" (same data as data/demo).
DEMO = "demo:"


def open_dataset(data_dir: str | Path):
    """The dataset in ``data_dir`` (any format ``amiris_lab.load_dataset`` reads).

    ``"demo:"`` draws the synthetic demo dataset in memory
    (``amiris_lab.make_demo_dataset()``, the same data as ``data/demo``).

    Raises
    ------
    ParameterError
        ``data_dir`` does not exist.
    SchemaError
        The data are invalid (from ``load_dataset``).

    Examples
    --------
    >>> open_dataset("demo:").years
    [2016, 2017, 2018, 2019]
    """
    if str(data_dir) == DEMO:
        from ..data.demo import make_demo_dataset

        return make_demo_dataset()
    path = Path(data_dir)
    if not path.exists():
        raise ParameterError(
            lazy_("Le dossier de données {data_dir} n'existe pas.", data_dir=data_dir)
        )
    from ..data.io import load_dataset

    return load_dataset(path)
