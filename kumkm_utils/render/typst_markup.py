"""Sanitised report HTML -> Typst markup, for laporan.pdf.

The print body is first built and sanitised as HTML (:func:`kumkm_utils.render.body.build_body`,
the same blocks and allow-list as laporan.html); this module walks that HTML and writes the
equivalent Typst markup. Only the tags the sanitiser keeps are known; any other tag keeps its text.

Every piece of text comes from submissions or notebooks and is written as *literal* text:
:func:`escape` puts a backslash before every character that Typst markup would interpret, so a
kab/kota name such as ``#read("/etc/passwd")`` or ``= Judul`` prints as typed and never runs.
Strings passed to Typst functions go through :func:`string_literal`. Images (``data:`` URIs) are
not inlined: they are handed back as bytes with the file name the markup refers to, and the
caller writes them next to the source (Typst reads files only below its root folder).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SPECIAL = re.compile(r"([\\#*_$@<>\[\]`~=\-+/'\"])")
_DOT = re.compile(r"(?<=\d)\.|\.(?=\.)")
"""A full stop after a digit (a numbered-list marker) or before another one (``...`` is an
ellipsis shorthand in Typst)."""
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SPACE = re.compile(r"\s+")
_NO_BUFFER = frozenset("table thead tbody tfoot tr colgroup ul ol".split())
"""Elements whose content is collected elsewhere (cells, list items), not in a buffer of their own."""
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg);base64,(.*)$", re.DOTALL)

HEADER_FILL = "#1f5f8b"
ZEBRA_FILL = "#f4f8fb"
RULE = "#e1e1e1"
MUTED = "#555555"


def escape(text: str) -> str:
    """Return ``text`` as Typst markup that prints exactly these characters.

    Besides Typst's markup characters, a full stop after a digit is escaped, so that a
    numbered heading such as "1. Ringkasan" never starts a numbered list, and so is a full
    stop before another (``...`` would become an ellipsis). Control characters and lone
    surrogates, which cannot be printed (or even written as UTF-8), are dropped.

    Examples
    --------
    >>> print(escape('#read("/etc/passwd") = 1,5%'))
    \\#read(\\"\\/etc\\/passwd\\") \\= 1,5%
    >>> print(escape("1. Ringkasan ..."))
    1\\. Ringkasan \\.\\..
    """
    return _DOT.sub(r"\\.", _SPECIAL.sub(r"\\\1", _UNPRINTABLE.sub("", text)))


ZWSP = "\u200b"
LONG_WORD = 24
"""Words longer than this (URLs, hashes, file names) get break opportunities (zero-width spaces),
as ``overflow-wrap: break-word`` does in the HTML, so they wrap inside a table cell."""
_LONG_WORD = re.compile(rf"\S{{{LONG_WORD + 1},}}")


def breakable(text: str) -> str:
    """Insert zero-width spaces into long words: after ``/ . - _ ? & = :`` and every 12 characters.

    Examples
    --------
    >>> breakable("lihat https://example.org/data/x.csv").count(ZWSP) > 0
    True
    >>> breakable("Kabupaten Konawe")
    'Kabupaten Konawe'
    """
    def split(match: re.Match[str]) -> str:
        word = re.sub(r"([/.\-_?&=:])", "\\1" + ZWSP, match.group(0))
        return ZWSP.join(_chunks(part) for part in word.split(ZWSP))

    return _LONG_WORD.sub(split, text)


def _chunks(part: str, size: int = 12) -> str:
    return ZWSP.join(part[i:i + size] for i in range(0, len(part), size)) if len(part) > size else part


def string_literal(text: str) -> str:
    """Return ``text`` as a Typst string literal (double quotes, escapes for ``\\``, ``"``, newlines).

    Examples
    --------
    >>> string_literal('a "b"\\n')
    '"a \\\\"b\\\\"\\\\n"'
    """
    body = (_UNPRINTABLE.sub("", text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{body}"'


@dataclass
class _Cell:
    header: bool
    numeric: bool
    nowrap: bool = False
    markup: list[str] = field(default_factory=list)
    colspan: int = 1


@dataclass
class _Table:
    rows: list[list[_Cell]] = field(default_factory=list)
    header_rows: int = 0
    in_head: bool = False


@dataclass
class Converted:
    """Typst markup of a fragment and the images it refers to (file name -> bytes)."""

    markup: str
    images: dict[str, bytes]


class _Converter(HTMLParser):
    """Stream the sanitised HTML into Typst markup (one pass, a stack of open elements)."""

    def __init__(self, image_prefix: str) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[list[str]] = [[]]  # stack of buffers; the top receives text
        self.stack: list[tuple[str, dict[str, str], int]] = []  # tag, attrs, buffer depth
        self.tables: list[_Table] = []
        self.lists: list[list[str]] = []
        self.images: dict[str, bytes] = {}
        self.image_prefix = image_prefix
        self.pre_depth = 0
        self.to_landscape = False  # set by a crowded table; its block goes on a landscape page

    # -- buffers
    def _push(self) -> None:
        self.out.append([])

    def _pop(self) -> str:
        return "".join(self.out.pop())

    def _emit(self, markup: str) -> None:
        self.out[-1].append(markup)

    # -- parser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        classes = set(attr.get("class", "").split())
        if tag in ("br",):
            self._emit(" #linebreak(); ")
            return
        if tag == "hr":
            self._emit(f'\n#line(length: 100%, stroke: 0.5pt + rgb("{RULE}"))\n')
            return
        if tag == "img":
            self._image(attr)
            return
        if tag == "col":
            return
        self.stack.append((tag, attr, len(self.out)))
        if tag in _NO_BUFFER:
            if tag == "table":
                self.tables.append(_Table())
            elif tag == "thead" and self.tables:
                self.tables[-1].in_head = True
            elif tag == "tr" and self.tables:
                self.tables[-1].rows.append([])
            elif tag in ("ul", "ol"):
                self.lists.append([])
            return
        if tag in ("td", "th") and self.tables:
            table = self.tables[-1]
            span = attr.get("colspan", "1")
            header = tag == "th" or table.in_head
            cell = _Cell(header=header, numeric="num" in classes,
                         nowrap=not header and bool(classes & {"num", "short"}),
                         colspan=int(span) if span.isdigit() and 0 < int(span) < 100 else 1)
            if table.rows:
                table.rows[-1].append(cell)
            self._push()
        elif tag == "pre":
            self.pre_depth += 1
            self._push()
        else:
            self._push()

    def handle_endtag(self, tag: str) -> None:
        if not any(t == tag for t, _, _ in self.stack):
            return  # a stray end tag: the sanitiser balances tags, but never trust it
        while self.stack:
            open_tag, attr, _ = self.stack.pop()
            self._close(open_tag, attr)
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.pre_depth:
            self._emit(data)
            return
        text = _SPACE.sub(" ", data)
        if text.strip() or (text and self.out[-1]):
            self._emit(escape(breakable(text)))

    # -- closing elements
    def _close(self, tag: str, attr: dict[str, str]) -> None:
        classes = set(attr.get("class", "").split())
        if tag == "table":
            table = self.tables.pop()
            markup, crowded = _table_markup(table, self._print_context())
            self.to_landscape = self.to_landscape or crowded
            self._emit(markup)
            return
        if tag == "thead" and self.tables:
            table = self.tables[-1]
            table.in_head = False
            table.header_rows = len(table.rows)
            return
        if tag in ("tbody", "tfoot", "tr", "colgroup"):
            return
        if tag in ("td", "th"):
            content = self._pop().strip()
            if self.tables and self.tables[-1].rows and self.tables[-1].rows[-1]:
                self.tables[-1].rows[-1][-1].markup.append(content)
            return
        if tag in ("ul", "ol"):
            items = self.lists.pop()
            func = "enum" if tag == "ol" else "list"
            self._emit(f"\n#{func}(" + ", ".join(f"[{i}]" for i in items) + ")\n")
            return
        if tag == "pre":
            self.pre_depth -= 1
            text = self._pop()
            self._emit(f"\n#block(fill: luma(246), inset: 5pt, width: 100%, text(size: 7.5pt, "
                       f"raw(block: true, {string_literal(text.strip(chr(10)))})))\n")
            return
        content = self._pop()
        if self.pre_depth:  # inside <pre> everything is literal text (e.g. <pre><code>)
            self._emit(content)
        elif tag == "li":
            if self.lists:
                self.lists[-1].append(content.strip())
            else:
                self._emit(content)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = min(int(tag[1]), 4)
            self._emit(f"\n#heading(level: {level})[{content.strip()}]\n")
        elif tag == "p":
            self._paragraph(content.strip(), classes)
        # Inline calls end with ";": otherwise text right after them (".x", "(", "[") would
        # continue the expression as a field access, a call or another content argument.
        elif tag in ("strong", "b"):
            self._emit(f"#strong[{content}];" if content.strip() else content)
        elif tag in ("em", "i"):
            self._emit(f"#emph[{content}];" if content.strip() else content)
        elif tag == "code":
            self._emit(f"#raw({string_literal(_unescape_markup(content))});")
        elif tag in ("sub", "sup"):
            self._emit(f"#{tag}[{content}];")
        elif tag in ("s", "del"):
            self._emit(f"#strike[{content}];")
        elif tag == "u":
            self._emit(f"#underline[{content}];")
        elif tag == "figure":
            self._emit(f"\n#block(breakable: false, width: 100%)[{content}]\n")
        elif tag == "figcaption":
            self._emit(f"\n#block(above: 4pt, below: 2pt)[#strong[{content.strip()}]]\n")
        elif tag == "blockquote":
            self._emit(f"\n#quote(block: true)[{content.strip()}]\n")
        elif tag == "div":
            self._div(content, classes)
        else:  # a, span, small, abbr, dl/dt/dd ...: their text only
            self._emit(content)

    def _print_context(self) -> str:
        """The print class ("wide", "landscape" or "") of the innermost block that has one."""
        for tag, attr, _ in reversed(self.stack):
            classes = set(attr.get("class", "").split())
            for name in ("landscape", "wide"):
                if tag == "div" and name in classes:
                    return name
        return ""

    def _paragraph(self, content: str, classes: set[str]) -> None:
        if not content:
            return
        if "kumkm-caption" in classes:
            self._emit(f"\n#block(sticky: true, above: 10pt, below: 3pt)[#strong[{content}]]\n")
        elif classes & {"kumkm-unit", "kumkm-note", "kumkm-source"}:
            sticky = "true" if "kumkm-unit" in classes else "false"
            self._emit(f'\n#block(sticky: {sticky}, above: 2pt, below: 3pt, text(size: 0.8em, '
                       f'fill: rgb("{MUTED}"))[{content}])\n')
        else:
            self._emit(f"\n{content}\n\n")

    def _div(self, content: str, classes: set[str]) -> None:
        landscape = "landscape" in classes or ("block" in classes and self.to_landscape)
        if "block" in classes:  # a report block ends: a crowded table inside has been placed
            self.to_landscape = False
        if classes & {"kumkm-sample-notice", "sample-banner"}:
            self._emit('\n#block(width: 100%, stroke: 2pt + rgb("#b42318"), fill: rgb("#fef3f2"), '
                       f'inset: 7pt, above: 8pt, below: 8pt, text(fill: rgb("#7a271a"), '
                       f'weight: "bold")[{content.strip()}])\n')
        elif "kumkm-error" in classes:
            self._emit('\n#block(width: 100%, stroke: 1pt + rgb("#b42318"), fill: rgb("#fef3f2"), '
                       f"inset: 6pt)[{content.strip()}]\n")
        elif landscape:
            self._emit("\n#page(flipped: true, margin: (x: 15mm, top: 15mm, bottom: 20mm))"
                       f"[#show table: set text(size: {TABLE_FONT_PT['landscape']}pt)\n{content}]\n")
        elif "wide" in classes:
            self._emit(f"\n#[#show table: set text(size: {TABLE_FONT_PT['wide']}pt)\n{content}]\n")
        elif "kumkm-table" in classes:
            self._emit(f"\n#block(above: 10pt, below: 12pt, width: 100%)[{content}]\n")
        else:
            self._emit(content)

    def _image(self, attr: dict[str, str]) -> None:
        match = _DATA_IMAGE.match(attr.get("src", ""))
        if not match:
            return  # the sanitiser keeps only data: images; anything else is not fetched
        try:
            data = base64.b64decode(match.group(2), validate=False)
        except (binascii.Error, ValueError):
            return
        name = f"{self.image_prefix}{len(self.images) + 1:03d}.{'jpg' if match.group(1) == 'jpeg' else 'png'}"
        self.images[name] = data
        alt = string_literal(attr.get("alt", "Gambar"))
        self._emit(f"#image({string_literal(name)}, width: 100%, alt: {alt});")


def _unescape_markup(markup: str) -> str:
    return re.sub(r"\\(.)", r"\1", markup)


CELL_INSET_PT = 9.0
"""Horizontal padding of a cell (4 pt each side) plus 1 pt of slack, in points."""
PAGE_WIDTH_PT = {"portrait": 493.2, "landscape": 756.9}
"""Text width of a portrait and a landscape A4 page with the report's margins, in points."""
TABLE_FONT_PT = {"": 8.0, "wide": 6.8, "landscape": 7.0}
"""Font size of a table by its print class (see :mod:`kumkm_utils.render.body`)."""


def _cell_text(cell: _Cell) -> str:
    return _unescape_markup(re.sub(r"#\w+\[|\];?", "", "".join(cell.markup))).strip()


def fit_columns(need: list[float], least: list[float], avail: float) -> list[float]:
    """Column widths in points for a table ``avail`` points wide.

    ``need`` is each column's width on one line, ``least`` the width it cannot go below (its
    longest word). If everything fits on one line, each column gets what it needs. Otherwise
    the narrow columns (numbers, short names) that fit within a fair share get their full
    width first, and the remaining columns share the rest in proportion to their need, never
    below ``least``. When even ``least`` does not fit, widths are proportional to ``least``.

    Examples
    --------
    >>> fit_columns([50, 60], [20, 20], 200)
    [50, 60]
    >>> fit_columns([40, 300, 300], [30, 50, 60], 400)
    [40.0, 180.0, 180.0]
    """
    if sum(need) <= avail:
        return list(need)
    if sum(least) >= avail:
        total = sum(least) or 1.0
        return [avail * w / total for w in least]
    width: list[float | None] = [None] * len(need)
    rest = avail
    open_cols = set(range(len(need)))
    while open_cols:
        fair = rest / len(open_cols)
        small = [i for i in open_cols if need[i] <= fair]
        if not small:
            break
        for i in small:
            width[i] = need[i]
            rest -= need[i]
            open_cols.discard(i)
    while open_cols:
        total = sum(need[i] for i in open_cols)
        floor = [i for i in open_cols if rest * need[i] / total < least[i]]
        if not floor:
            for i in open_cols:
                width[i] = rest * need[i] / total
            break
        for i in floor:
            width[i] = least[i]
            rest -= least[i]
            open_cols.discard(i)
    return [float(w) for w in width]


MAX_WORD_SHARE = 0.2
"""No single word may claim more than this share of the page width as a column's minimum."""
CROWDED_COLUMNS = 6
CROWDED_RATIO = 1.8
"""A portrait table of at least CROWDED_COLUMNS columns whose text on one line would need more
than CROWDED_RATIO page widths is moved to a landscape page (e.g. the sub-kegiatan list)."""


def _column_widths(rows: list[list[_Cell]], header_rows: int, n_cols: int, context: str
                   ) -> tuple[list[str], bool]:
    """Typst column widths (in points) from the measured text of every cell, and whether the
    table is too crowded for a portrait page (see :data:`CROWDED_RATIO`)."""
    from kumkm_utils.render.text_metrics import width_em

    size = TABLE_FONT_PT.get(context, 8.0)
    avail = PAGE_WIDTH_PT["landscape" if context == "landscape" else "portrait"]
    need = [CELL_INSET_PT] * n_cols
    least = [CELL_INSET_PT] * n_cols
    headed = [CELL_INSET_PT] * n_cols  # width with every header on one line
    for r_index, row in enumerate(rows):
        col = 0
        for cell in row:
            if col >= n_cols:
                break
            if cell.colspan == 1:
                text = _cell_text(cell)
                header = r_index < header_rows
                words = [width_em(w, header) * size
                         for w in text.replace(ZWSP, " ").split()] or [0.0]
                # headers wrap at spaces; values on one line when there is room
                whole = max(words) if header else width_em(text.replace(ZWSP, ""), header) * size
                need[col] = max(need[col], whole + CELL_INSET_PT)
                if header:
                    headed[col] = max(headed[col], width_em(text, True) * size + CELL_INSET_PT)
                least[col] = max(least[col], min(max(words), MAX_WORD_SHARE * avail)
                                 + CELL_INSET_PT)
            col += cell.colspan
    crowded = (context != "landscape" and n_cols >= CROWDED_COLUMNS
               and sum(need) > CROWDED_RATIO * avail)
    unwrapped = [max(a, b) for a, b in zip(need, headed, strict=True)]
    if sum(unwrapped) <= avail:  # room for headers on one line too
        return [f"{w:.1f}pt" for w in unwrapped], crowded
    return [f"{w:.1f}pt" for w in fit_columns(need, least, avail)], crowded


def _table_markup(table: _Table, context: str = "") -> tuple[str, bool]:
    """One ``#table(...)`` with a repeated header, right-aligned numbers and content-led widths.

    ``context`` is the print class of the table's block ("", "wide" or "landscape"). Returns
    the markup and whether it was laid out for a landscape page because portrait was too
    crowded (the caller then puts the table's block on a landscape page).
    """
    rows = [r for r in table.rows if r]
    if not rows:
        return "", False
    n_cols = max(sum(c.colspan for c in r) for r in rows)
    header_rows = min(table.header_rows or (1 if all(c.header for c in rows[0]) else 0), len(rows))
    numeric = [False] * n_cols
    for row in rows[header_rows:]:
        col = 0
        for cell in row:
            if col < n_cols and cell.colspan == 1 and cell.numeric:
                numeric[col] = True
            col += cell.colspan
    widths, crowded = _column_widths(rows, header_rows, n_cols, context)
    if crowded:
        widths, _ = _column_widths(rows, header_rows, n_cols, "landscape")
    align = ", ".join("right" if numeric[i] else "left" for i in range(n_cols))

    def cell_markup(cell: _Cell) -> str:
        body = "".join(cell.markup)
        if cell.colspan > 1:
            return f"table.cell(colspan: {cell.colspan})[{body}]"
        return f"[{body}]"

    lines = [f"#table(columns: ({', '.join(widths)},), align: ({align},),"]
    if header_rows:
        head = ", ".join(cell_markup(c) for r in rows[:header_rows] for c in r)
        lines.append(f"  table.header({head}),")
    for row in rows[header_rows:]:
        cells = [cell_markup(c) for c in row]
        missing = n_cols - sum(c.colspan for c in row)
        cells += ["[]"] * max(missing, 0)
        lines.append("  " + ", ".join(cells) + ",")
    lines.append(")")
    return "\n" + "\n".join(lines) + "\n", crowded


def table_rules() -> str:
    """Typst set/show rules that give every table the report's look (header fill, zebra, rules)."""
    return (
        f'#set table(stroke: (x, y) => (bottom: 0.5pt + rgb("{RULE}")), inset: (x: 4pt, y: 2.5pt),\n'
        f'  fill: (x, y) => if y == 0 {{ rgb("{HEADER_FILL}") }} '
        f'else if calc.even(y) {{ rgb("{ZEBRA_FILL}") }})\n'
        "#show table.cell.where(y: 0): set text(fill: white, weight: \"bold\")\n"
        "#show table.cell.where(y: 0): set align(bottom)\n"
        "#set table.cell(breakable: false)\n"
        f"#show table: set text(size: {TABLE_FONT_PT['']}pt)\n"
    )


def convert(fragment: str, *, image_prefix: str = "gambar-") -> Converted:
    """Convert sanitised report HTML to Typst markup.

    Parameters
    ----------
    fragment : str
        HTML that went through :class:`kumkm_utils.render.sanitize.HtmlSanitizer`.
    image_prefix : str
        Prefix of the image file names the markup refers to.

    Returns
    -------
    Converted
        The markup and the images it refers to (write them next to the Typst source).
    """
    converter = _Converter(image_prefix)
    converter.feed(fragment)
    converter.close()
    while converter.stack:  # close what the fragment left open
        tag, attr, _ = converter.stack.pop()
        converter._close(tag, attr)
    return Converted("".join(converter.out[0]), converter.images)


__all__ = ["Converted", "convert", "escape", "string_literal", "table_rules"]
