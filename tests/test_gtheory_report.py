"""« Combien de membres faut-il ? »: the sentences say what the numbers say."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from amiris_lab.gtheory import gstudy, min_raters
from amiris_lab.reports import members_needed_table, members_needed_text

HERE = Path(__file__).parent / "data" / "gtheory"


@pytest.fixture(scope="module")
def study():
    g = gstudy(pd.read_csv(HERE / "unbalanced_pxrxm.csv"))
    return g, min_raters(g, n_boot=20, seed=0, progress=False)


def _percent(share: float) -> str:
    return f"{round(100 * share)}\u00a0%"  # French: no-break space before %


def test_text_tells_the_variance_split_and_the_members_needed(study):
    g, table = study
    text = members_needed_text(g, table, lang="fr")
    shares = g.components["share"]
    assert f"{_percent(shares['project_id'])} de la variance tient aux projets" in text
    assert f"{_percent(shares['rater_id'])} aux membres" in text
    rho = table[table["coefficient"] == "g_coef"].set_index("marker")["n_raters"]
    low, high = int(rho.min()), int(rho.max())
    hardest = ", ".join(rho[rho == rho.max()].index)
    assert f"va de {low} (" in text and f"à {high} ({hardest})" in text
    assert "20 tirages" in text
    assert "  " not in text and " ." not in text


def test_text_and_table_in_english(study):
    g, table = study
    text = members_needed_text(g, table, lang="en")
    assert "of the variance comes from the projects themselves" in text
    readable = members_needed_table(table, lang="en")
    assert readable.index.name == "Marker"
    assert list(readable.columns) == [
        "Members for Eρ² ≥ 0.80",
        "Interval (Eρ²)",
        "Members for Φ ≥ 0.80",
        "Interval (Φ)",
    ]
    phi = table[table["coefficient"] == "phi"].set_index("marker")["n_raters"]
    assert readable["Members for Φ ≥ 0.80"].tolist() == [int(v) for v in phi]
