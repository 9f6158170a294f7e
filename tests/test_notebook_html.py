"""papergraph.notebook.html_table: any text in a cell comes back as that text, never as markup."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from papergraph.notebook import cell, html_table

TAGS = re.compile(r"</?(?:table|caption|thead|tbody|tfoot|tr|th|td|code)\b[^<>]*>")


@given(
    headers=st.lists(st.text(max_size=12), min_size=1, max_size=4),
    rows=st.lists(st.lists(st.one_of(st.text(max_size=30), st.none(), st.integers(), st.floats()),
                           min_size=1, max_size=4), max_size=5),
    caption=st.text(max_size=20),
)  # fmt: skip
def test_cells_are_text_never_markup(
    headers: list[str], rows: list[list[object]], caption: str
) -> None:
    out = html_table(headers, rows, caption=caption)
    assert "<" not in TAGS.sub("", out) and ">" not in TAGS.sub("", out)
    found = [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", out, re.S)]
    expected = [html.unescape(cell(v)) for row in rows for v in row]
    assert found == expected
    for row in rows:
        for v in row:
            if isinstance(v, str):
                assert html.unescape(cell(v)) == v


def test_cell_formats() -> None:
    assert cell(None) == "" and cell(float("nan")) == ""
    assert cell(81.90) == "81.9" and cell(3) == "3"
    assert cell("<b>&") == "&lt;b&gt;&amp;"
