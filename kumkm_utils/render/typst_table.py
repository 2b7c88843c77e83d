"""Report tables as Typst ``#table``: widths from the text, header repeated, rows kept together.

Typst sizes ``auto`` columns only from their unbroken content, which lets a long header push
numbers onto two lines, so the widths are computed here, from the measured text of every cell
(:mod:`kumkm_utils.render.text_metrics`), much as a browser lays out an HTML table: every
column gets at least its longest word (numbers and short codes: their whole text) and the
rest of the line is shared in proportion to what each column lacks to fit on one line.

A table is laid out like the HTML one (full width, header fill, light zebra, thin rules,
numbers right-aligned) with what print needs on top: the header repeats on every page, notes
below the table are part of it, and a zero-width last column holds unbreakable cells spanning
the first and the last rows, so a table never leaves one or two rows alone at the foot or the
head of a page, and its notes never start a page on their own.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from kumkm_utils.render.typst_text import ZWSP, unescape

HEADER_FILL = "#1f5f8b"
ZEBRA_FILL = "#f4f8fb"
RULE = "#e1e1e1"
MUTED = "#555555"

CELL_INSET_PT = 9.0
"""Horizontal padding of a cell (4 pt each side) plus 1 pt of slack, in points."""
CELL_INSET_Y_PT = 3.0
"""Vertical padding of a cell (each side), in points."""
PAGE_WIDTH_PT = {"portrait": 493.2, "landscape": 756.9}
"""Text width of a portrait and a landscape A4 page with the report's margins, in points."""
PAGE_HEIGHT_PT = {"portrait": 722.8, "landscape": 496.1}
"""Text height of a portrait and a landscape A4 page with the report's margins, in points."""
TABLE_FONT_PT = {"": 8.0, "wide": 6.8, "landscape": 7.0}
"""Font size of a table by its print class (see :mod:`kumkm_utils.render.body`)."""
LANDSCAPE_SHRINK_LIMIT = 1.45
"""A landscape table estimated up to this many pages long is set smaller to fit on one page
(the estimate runs about 15% long: the 31 rows of a province's sub kegiatan list, estimated
1,39 pages, take 1,2)."""
ESTIMATE_SLACK = 1.15
"""How much longer :func:`_row_heights` estimates a table than Typst sets it."""
MIN_TABLE_FONT_PT = 5.8
"""Never set a table smaller than this to make it fit."""
LANDSCAPE_CAPTION_PT = 40
"""Room taken on a landscape page by a table's caption and unit line, in points."""
NOTE_FONT_PT = 7.5
"""Font size of the unit, note and source lines (0.8 em of the 9.5 pt body, as in the HTML)."""

MAX_WORD_SHARE = 0.2
"""No single word may claim more than this share of the page width as a column's minimum."""
CROWDED_COLUMNS = 6
CROWDED_RATIO = 1.8
"""A portrait table of at least CROWDED_COLUMNS columns whose text on one line would need more
than CROWDED_RATIO page widths is moved to a landscape page (e.g. the sub-kegiatan list)."""
KEEP_FIRST_ROWS = 5
KEEP_LAST_ROWS = 3
"""Rows kept together at the start of a table (with its header) and at its end (with its
notes); a table of up to KEEP_FIRST_ROWS + KEEP_LAST_ROWS + 2 rows is never split."""
KEEP_MAX_SHARE = 0.5
"""A group of rows is kept together only if it takes at most this share of a page."""

_MARKUP = re.compile(r"#linebreak\(\);|#\w+\[|(?<!\\)\];?")


@dataclass
class Cell:
    """One table cell: Typst markup (escaped text) and what its HTML said about it."""

    header: bool
    numeric: bool
    markup: list[str] = field(default_factory=list)
    colspan: int = 1
    rowspan: int = 1
    column: int = 0
    """The first grid column the cell occupies (set by :meth:`Table.lay_out`)."""

    @property
    def text(self) -> str:
        """The cell's plain text, for measuring."""
        return unescape(_MARKUP.sub(" ", "".join(self.markup))).strip()


@dataclass
class Table:
    """A table being converted: rows of cells, then the layout decided at its end tag."""

    rows: list[list[Cell]] = field(default_factory=list)
    header_rows: int = 0
    in_head: bool = False
    notes: list[str] = field(default_factory=list)
    """Markup of the note and source lines that follow the table (printed inside it)."""
    context: str = ""
    widths: list[float] = field(default_factory=list)
    n_cols: int = 0
    filled: list[int] = field(default_factory=list)
    """Grid positions of each row taken by its cells or by row spans from above."""

    def lay_out(self, context: str) -> bool:
        """Fix the column widths for a table in a block of print class ``context``.

        Returns whether the table is too crowded for a portrait page; it is then laid out
        for a landscape page, where the caller must put it.
        """
        self.rows = [r for r in self.rows if r]
        if not self.rows:
            return False
        self.header_rows = min(
            self.header_rows or int(all(c.header for c in self.rows[0])), len(self.rows)
        )
        self._place()
        self.context = context
        self.widths, crowded = column_widths(self, context)
        if crowded:
            self.context = "landscape"
            self.widths, _ = column_widths(self, "landscape")
        return crowded

    def _place(self) -> None:
        """Give every cell its grid column, as a browser places cells around row spans.

        Row spans are cut at the end of the header and of the body (Typst allows neither
        to cross).
        """
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            end = self.header_rows if r < self.header_rows else len(self.rows)
            col = 0
            for cell in row:
                while (r, col) in taken:
                    col += 1
                cell.column, cell.rowspan = col, max(1, min(cell.rowspan, end - r))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, col + dc))
                col += cell.colspan
        self.n_cols = 1 + max(c for _, c in taken)
        per_row = Counter(r for r, _ in taken)
        self.filled = [per_row[index] for index in range(len(self.rows))]

    def markup(self) -> str:
        """The ``#table(...)`` markup (empty for a table without rows)."""
        return table_markup(self) if self.rows and self.widths else ""


def fit_columns(cells: list[list[float]], least: list[float], avail: float) -> list[float]:
    """Column widths in points for a table ``avail`` points wide.

    ``cells[r][c]`` is the width of row ``r``'s text in column ``c`` on one line (padding
    included, 0 where the row has no cell of its own there); ``least`` is the width a column
    cannot go below (its longest word; numbers: their whole text). A table that fits on one
    line per cell is widened to ``avail`` in proportion. Otherwise every column starts at
    ``least`` and the rest of the line goes, a step at a time, to the column whose widening
    shortens the table most (rows are as tall as their most wrapped cell), so a column of long
    names is not squeezed to a few letters while numbers keep their one line. When even
    ``least`` does not fit, widths are proportional to it.

    Examples
    --------
    >>> fit_columns([[50, 150]], [20, 20], 400)
    [100.0, 300.0]
    >>> [round(w) for w in fit_columns([[40, 300, 300]], [40, 60, 60], 400)]
    [40, 180, 180]
    """
    import numpy as np

    text = np.maximum(np.asarray(cells, dtype=float) - CELL_INSET_PT, 0.0)
    floor = np.asarray(least, dtype=float)
    need = np.maximum(text.max(axis=0) + CELL_INSET_PT, floor)
    if need.sum() <= avail:
        return [float(w) for w in avail * need / need.sum()]
    if floor.sum() >= avail:
        return [float(w) for w in avail * floor / (floor.sum() or 1.0)]

    def lines(widths: np.ndarray) -> np.ndarray:  # rows x columns, fractional lines of text
        return np.maximum(text / np.maximum(widths - CELL_INSET_PT, 1.0), 1.0)

    widths, slack = floor.copy(), avail - floor.sum()
    n_cols = len(widths)
    while slack > 0.5:
        step = max(slack / 12, 0.5)
        now, wider = lines(widths), lines(widths + step)
        tallest = now.max(axis=1)
        others = (
            np.partition(now, -2, axis=1)[:, -2] if n_cols > 1 else np.ones(len(now))
        )  # the row's height without its tallest cell
        is_top = np.arange(n_cols)[None, :] == now.argmax(axis=1)[:, None]
        without = np.where(is_top, others[:, None], tallest[:, None])
        # table height if column c alone were wider; summed lines break ties between columns
        height = np.maximum(without, wider).sum(axis=0) + 0.01 * (wider - now).sum(axis=0)
        best = int(height.argmin())
        if tallest.sum() - height[best] <= 1e-9:
            break
        widths[best] += step
        slack -= step
    widths += slack * widths / widths.sum()
    return [float(w) for w in widths]


def _measure(
    table: Table, size: float, avail: float
) -> tuple[list[list[float]], list[float], list[float]]:
    """One-line width of every cell (rows x columns, 0 where none), each column's least width
    and its width with headers wrapped at spaces, in points with padding."""
    from kumkm_utils.render.text_metrics import width_em

    n_cols = table.n_cols
    cells = [[0.0] * n_cols for _ in table.rows]
    least = [CELL_INSET_PT] * n_cols
    need = [CELL_INSET_PT] * n_cols
    for r_index, row in enumerate(table.rows):
        header = r_index < table.header_rows
        for cell in row:
            if cell.colspan > 1:
                continue
            col = cell.column
            text = " ".join(cell.text.replace(ZWSP, " ").split())
            words = max((width_em(w, header) * size for w in text.split()), default=0.0)
            whole = width_em(text, header) * size
            cells[r_index][col] = whole + CELL_INSET_PT
            need[col] = max(need[col], (words if header else whole) + CELL_INSET_PT)
            floor = whole if cell.numeric and not header else words  # numbers: one line
            least[col] = max(least[col], min(floor, MAX_WORD_SHARE * avail) + CELL_INSET_PT)
    return cells, least, need


def column_widths(table: Table, context: str) -> tuple[list[float], bool]:
    """Column widths in points for a table in a block of print class ``context``, and whether
    the table is too crowded for a portrait page (see :data:`CROWDED_RATIO`)."""
    size = TABLE_FONT_PT.get(context, TABLE_FONT_PT[""])
    avail = PAGE_WIDTH_PT["landscape" if context == "landscape" else "portrait"]
    cells, least, need = _measure(table, size, avail)
    crowded = (
        context != "landscape"
        and len(need) >= CROWDED_COLUMNS
        and sum(need) > CROWDED_RATIO * avail
    )
    return fit_columns(cells, least, avail), crowded


def _row_heights(table: Table) -> list[float]:
    """Estimated height of every row in points (lines of wrapped text times the line height)."""
    from kumkm_utils.render.text_metrics import width_em

    size = TABLE_FONT_PT.get(table.context, TABLE_FONT_PT[""])
    heights = []
    for r_index, row in enumerate(table.rows):
        lines = 1
        for cell in row:
            width = sum(table.widths[cell.column : cell.column + cell.colspan]) - CELL_INSET_PT
            text_width = width_em(cell.text.replace(ZWSP, ""), r_index < table.header_rows) * size
            lines = max(lines, math.ceil(text_width / max(width, 1.0) / cell.rowspan))
        heights.append(lines * size * 1.3 + 2 * CELL_INSET_Y_PT)
    return heights


def _kept_groups(table: Table) -> list[tuple[int, int]]:
    """(first body row, number of rows incl. note rows) of the row groups kept together."""
    body = len(table.rows) - table.header_rows
    notes = len(table.notes)
    if body + notes == 0:
        return []
    if body <= KEEP_FIRST_ROWS + KEEP_LAST_ROWS + 2:
        groups = [(0, body + notes)]
    else:
        groups = [(0, KEEP_FIRST_ROWS), (body - KEEP_LAST_ROWS, KEEP_LAST_ROWS + notes)]
    heights = _row_heights(table)[table.header_rows :] + [NOTE_FONT_PT * 2.6] * notes
    page = PAGE_HEIGHT_PT["landscape" if table.context == "landscape" else "portrait"]
    return [
        (start, size)
        for start, size in groups
        if size > 1 and sum(heights[start : start + size]) <= KEEP_MAX_SHARE * page
    ]


def _cell_markup(cell: Cell, style: str = "") -> str:
    body = "".join(cell.markup)
    if style:
        body = f"#text({style})[{body}]"
    spans = [
        f"{name}: {n}"
        for name, n in (("colspan", cell.colspan), ("rowspan", cell.rowspan))
        if n > 1
    ]
    return f"table.cell({', '.join(spans)})[{body}]" if spans else f"[{body}]"


def _row_cells(row: list[Cell], filled: int, n_cols: int, style: str = "") -> list[str]:
    return [_cell_markup(c, style) for c in row] + ["[]"] * max(n_cols - filled, 0)


def table_markup(table: Table) -> str:
    """One ``#table(...)`` with a repeated header, right-aligned numbers, notes and kept rows."""
    rows, header_rows, n_cols = table.rows, table.header_rows, table.n_cols
    numeric = [False] * n_cols
    for row in rows[header_rows:]:
        for cell in row:
            if cell.colspan == 1 and cell.numeric:
                numeric[cell.column] = True
    # the last column is 0 pt wide: it holds the unbreakable cells that keep rows together
    columns = ", ".join(f"{w:.1f}pt" for w in table.widths) + ", 0pt"
    align = ", ".join("right" if numeric[i] else "left" for i in range(n_cols)) + ", left"
    lines = [f"#table(columns: ({columns}), align: ({align}),"]
    if header_rows > 1:  # the global rules style row 0 only
        lines.append(
            f'  fill: (x, y) => if y < {header_rows} {{ rgb("{HEADER_FILL}") }} '
            f'else if calc.even(y - {header_rows} + 1) {{ rgb("{ZEBRA_FILL}") }},'
        )
    if header_rows:
        style = 'fill: white, weight: "bold"' if header_rows > 1 else ""
        head = [
            c
            for r, row in enumerate(rows[:header_rows])
            for c in [*_row_cells(row, table.filled[r], n_cols, style), "[]"]
        ]
        lines.append(f"  table.header({', '.join(head)}),")
    kept = dict(_kept_groups(table))
    covered = {i for start, size in kept.items() for i in range(start, start + size)}
    body = rows[header_rows:]
    for index in range(len(body) + len(table.notes)):
        if index < len(body):
            cells = _row_cells(body[index], table.filled[header_rows + index], n_cols)
        else:
            note = table.notes[index - len(body)]
            cells = [
                f"table.cell(colspan: {n_cols}, fill: none, stroke: none, align: left, "
                f"inset: (x: 0pt, top: 4pt, bottom: 1pt), text(size: {NOTE_FONT_PT}pt, "
                f'fill: rgb("{MUTED}"))[{note}])'
            ]
        if index in kept:
            cells.append(
                f"table.cell(rowspan: {kept[index]}, breakable: false, "
                "stroke: none, fill: none, inset: 0pt)[]"
            )
        elif index not in covered:
            cells.append("[]")
        lines.append("  " + ", ".join(cells) + ",")
    lines.append(")")
    markup = "\n" + "\n".join(lines) + "\n"
    size = _landscape_fit_size(table)
    if size is not None:  # a slightly too long landscape table: smaller type, one page
        markup = f"\n#[#show table: set text(size: {size:.1f}pt)\n{markup}]\n"
    return markup


def _landscape_fit_size(table: Table) -> float | None:
    """A smaller font for a landscape table that would leave a few rows on a page of their own.

    When the estimated height is more than a page but at most :data:`LANDSCAPE_SHRINK_LIMIT`
    pages, the font shrinks in proportion (not below :data:`MIN_TABLE_FONT_PT`), so the table
    ends on its first page instead of leaving its last rows alone on a second one.
    """
    if table.context != "landscape":
        return None
    page = PAGE_HEIGHT_PT["landscape"] - LANDSCAPE_CAPTION_PT
    height = sum(_row_heights(table)) + NOTE_FONT_PT * 2.6 * len(table.notes)
    if not page < height <= page * LANDSCAPE_SHRINK_LIMIT:
        return None
    size = TABLE_FONT_PT["landscape"] * page / height * ESTIMATE_SLACK
    return max(size, MIN_TABLE_FONT_PT) if size < TABLE_FONT_PT["landscape"] else None


def table_rules() -> str:
    """Typst set/show rules that give every table the report's look (header fill, zebra, rules)."""
    return (
        f'#set table(stroke: (x, y) => (bottom: 0.5pt + rgb("{RULE}")), '
        f"inset: (x: 4pt, y: {CELL_INSET_Y_PT}pt),\n"
        f'  fill: (x, y) => if y == 0 {{ rgb("{HEADER_FILL}") }} '
        f'else if calc.even(y) {{ rgb("{ZEBRA_FILL}") }})\n'
        '#show table.cell.where(y: 0): set text(fill: white, weight: "bold")\n'
        "#show table.cell.where(y: 0): set align(bottom)\n"
        "#set table.cell(breakable: false)\n"
        f"#show table: set text(size: {TABLE_FONT_PT['']}pt)\n"
        "#show table: set par(leading: 0.45em)\n"
    )


__all__ = ["Cell", "Table", "column_widths", "fit_columns", "table_markup", "table_rules"]
