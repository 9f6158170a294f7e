"""Tables that fit the terminal: every command's table output goes through :func:`print_table`.

The width is the terminal's (``shutil.get_terminal_size``: ``COLUMNS`` when
set, 80 when output is not a terminal). When the columns' natural widths do
not fit, cells are cut with an ellipsis, text columns (names, titles,
sentences, IRIs) first and widest first, numbers only when the text columns
are down to :data:`TEXT_MIN` characters (a number column's header is cut
before its values); a table of many columns drops its borders. ``--wide``
(``wide=True``) shows every cell in full however wide the table gets.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import typer
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

#: Text columns are cut to this many characters before a number column's header is cut...
TEXT_ROOMY = 24
#: ...then to this many, before any other cut...
TEXT_MIN = 8
#: ...and to this many (three characters and the ellipsis) before a number is cut.
TEXT_TINY = 4
#: ... nor a number column below this many.
NUMBER_MIN = 4
_NUMBER = re.compile(r"^[+\-\u2212]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+\-]?\d+)?\s?%?$")

#: The ``--wide`` option of every command that prints tables.
WideOpt = typer.Option(
    False, "--wide", help="Tables: show every cell in full, however wide (default: fit the terminal, cutting long "
    "names and sentences with an ellipsis)."
)


@dataclass(frozen=True, slots=True)
class Column:
    """A column's header and layout; ``numeric`` None means: numeric when every non-empty cell is a number."""

    header: str
    justify: Literal["left", "right"] = "left"
    numeric: bool | None = None


def terminal_width() -> int:
    """The width to fit: ``COLUMNS``, else the terminal's, else 80."""
    return shutil.get_terminal_size((80, 24)).columns


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines too) as one space."""
    return " ".join(text.split())


def shorten(text: str, n: int) -> str:
    """``text`` on one line, cut to ``n`` characters with an ellipsis when longer."""
    text = one_line(text)
    return text if len(text) <= n else text[: max(n - 1, 0)].rstrip() + "\u2026"


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


def fit_widths(natural: Sequence[int], floors: Sequence[Sequence[int]], available: int) -> list[int]:
    """Column widths summing to at most ``available`` (when the last floors allow it).

    For each list of floors in turn, each round cuts the widest column still
    above its floor (the rightmost of equals) down to the next column's width
    (one character when they are equal), or as far as needed.
    """
    widths = list(natural)
    for floor in floors:
        while sum(widths) > available:
            above = [i for i, w in enumerate(widths) if w > floor[i]]
            if not above:
                break
            widest = max(above, key=lambda i: (widths[i], i))
            target = max([floor[widest], *(widths[i] for i in above if i != widest)])
            step = widths[widest] - target if target < widths[widest] else 1
            widths[widest] -= min(step, sum(widths) - available)
    return widths


def _floors(natural: Sequence[int], data: Sequence[int], numeric: Sequence[bool]) -> list[list[int]]:
    """The floors :func:`fit_widths` cuts to, in order: text columns to :data:`TEXT_ROOMY`; a number
    column's header to its values' width; text columns to :data:`TEXT_MIN`, then to
    :data:`TEXT_TINY`; numbers to :data:`NUMBER_MIN`; then anything to one."""
    roomy = [w if num else min(w, TEXT_ROOMY) for w, num in zip(natural, numeric, strict=True)]
    headers = [min(w, max(d, NUMBER_MIN)) if num else r
               for w, d, r, num in zip(natural, data, roomy, numeric, strict=True)]
    text = [h if num else min(w, TEXT_MIN) for h, w, num in zip(headers, natural, numeric, strict=True)]
    tiny = [t if num else min(t, TEXT_TINY) for t, num in zip(text, numeric, strict=True)]
    numbers = [min(t, NUMBER_MIN) if num else t for t, num in zip(tiny, numeric, strict=True)]
    return [roomy, headers, text, tiny, numbers, [min(w, 1) for w in natural]]


def _styled(compact: bool, title: str | Text | None, title_style: str | None) -> Table:
    """A boxed table, or a compact one (no borders, one space between columns) for many columns."""
    if compact:
        return Table(title=title, title_justify="left", header_style="bold", title_style=title_style,
                     box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 0), collapse_padding=True)
    return Table(title=title, title_justify="left", header_style="bold", title_style=title_style)


def _chrome(table: Table, n: int) -> int:
    """Characters ``table``'s borders and padding take with ``n`` columns."""
    probe = _styled(table.box is box.SIMPLE_HEAD, None, None)
    for _ in range(n):
        probe.add_column(width=1)
    return _measure(probe) - n


def _measure(renderable: Table) -> int:
    console = Console(width=1 << 16)
    return Measurement.get(console, console.options, renderable).maximum


def fitted_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    width: int | None = None,
    wide: bool = False,
    title: str | Text | None = None,
    title_style: str | None = None,
) -> Table:
    """A rich table of plain-text ``rows`` (never markup) no wider than ``width`` unless ``wide``.

    Boxed when it fits with its text columns cut to :data:`TEXT_MIN`, compact
    (no borders) otherwise.
    """
    cells = [[one_line(c) for c in row] for row in rows]
    data = [max((cell_len(r[i]) for r in cells), default=0) for i in range(len(columns))]
    natural = [max(cell_len(col.header), d) for col, d in zip(columns, data, strict=True)]
    numeric = [
        col.numeric if col.numeric is not None else any(r[i] for r in cells) and all(
            is_number(r[i]) for r in cells if r[i])
        for i, col in enumerate(columns)
    ]
    width = width or terminal_width()
    floors = _floors(natural, data, numeric)
    table = _styled(False, title, title_style)
    if not wide and sum(floors[2]) + _chrome(table, len(columns)) > width:
        table = _styled(True, title, title_style)
    widths = natural if wide else fit_widths(natural, floors, width - _chrome(table, len(columns)))
    for col, w, num in zip(columns, widths, numeric, strict=True):
        justify = "right" if num and col.numeric is None else col.justify
        table.add_column(Text(col.header), justify=justify, width=max(w, 1), no_wrap=True, overflow="ellipsis")
    for row in cells:
        table.add_row(*(Text(c) for c in row))
    return table


def print_table(console: Console, table: Table) -> None:
    """Print ``table`` in full: on a console as wide as it when it is wider than ``console`` (``--wide``)."""
    needed = _measure(table)
    if needed <= console.width:
        console.print(table, soft_wrap=False)  # the title wraps to the width too
        return
    wide = Console(file=console.file, width=needed, highlight=False, force_terminal=console.is_terminal,
                   no_color=console.no_color)
    wide.print(table, soft_wrap=False)
