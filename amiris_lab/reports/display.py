"""What the reader sees: readable tables and figures with a text alternative.

The report template and the research notebooks show their results through
these helpers, so that a table reads the same everywhere (French numbers,
headers in words, no raw codes) and every figure carries an ``alt`` text
(RGAA / WCAG 1.1.1) and an optional caption kept on the same page as the picture.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping, Sequence

import pandas as pd

from ..i18n import get_language
from ..numbers import format_table

__all__ = ["figure_html", "readable", "show_figure"]


def readable(
    table: pd.DataFrame,
    *,
    headers: Mapping[str, str] | None = None,
    index: str | None = None,
    digits: int | Mapping[str, int] = 2,
    percent: Sequence[str] = (),
    drop: Sequence[str] = (),
    lang: str | None = None,
) -> pd.DataFrame:
    """A table for people: numbers in their language, headers in words, a named index.

    Parameters
    ----------
    table : DataFrame
    headers : mapping, optional
        Column name -> header shown (columns not listed keep their name).
    index : str, optional
        Column to use as the row labels (after renaming, give the shown header);
        without it a default 0, 1, 2... index is hidden by using the first column.
    digits : int or mapping, default 2
        Decimals of float columns (per column with a mapping); integers keep none.
    percent : sequence of str
        Columns holding shares (0-1), shown as percentages.
    drop : sequence of str
        Columns not to show.
    lang : {"fr", "en"}, optional

    Returns
    -------
    DataFrame
        Text cells, ready for ``display``.

    Examples
    --------
    >>> t = pd.DataFrame({"cluster": [1, 2], "share": [0.25, 0.75], "mean_score": [1.5, 2.25]})
    >>> out = readable(t, headers={"cluster": "Groupe", "share": "Part",
    ...                "mean_score": "Note moyenne"}, index="Groupe", percent=["share"], lang="fr")
    >>> out.index.name, out.loc["1"].tolist() == ["25\\u00a0%", "1,50"]
    ('Groupe', True)
    """
    lang = get_language(lang)
    out = table.drop(columns=[c for c in drop if c in table.columns])
    if not isinstance(out.index, pd.RangeIndex):
        out = out.reset_index()
    out = format_table(out, digits=dict(digits) if isinstance(digits, Mapping) else digits,
                       percent=tuple(percent), lang=lang)  # fmt: skip
    if headers:
        out = out.rename(columns=dict(headers))
    key = index if index is not None else out.columns[0]
    out = out.set_index(key)
    out.columns.name = None
    return out


def figure_html(fig, *, alt: str, caption: str | None = None, dpi: int = 90) -> str:
    """A ``<figure>`` holding the picture as an embedded PNG, its ``alt`` text and caption.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> text = figure_html(fig, alt="Une courbe « test ».", caption="Figure 1")
    >>> 'alt="Une courbe « test »."' in text and "<figcaption>Figure 1</figcaption>" in text
    True
    """
    fig = getattr(fig, "figure", fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    caption_html = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="amiris-figure">'
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}"/>'
        f"{caption_html}</figure>"
    )


def show_figure(fig, *, alt: str, caption: str | None = None) -> None:
    """Show a figure with its text alternative (and close it, so it is not drawn twice)."""
    import matplotlib.pyplot as plt
    from IPython.display import HTML, display

    fig = getattr(fig, "figure", fig)
    display(HTML(figure_html(fig, alt=alt, caption=caption)))
    plt.close(fig)
