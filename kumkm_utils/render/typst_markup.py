"""Sanitised report HTML -> Typst markup, for laporan.pdf.

The print body is first built and sanitised as HTML (:func:`kumkm_utils.render.body.build_body`,
the same blocks and allow-list as laporan.html); this module walks that HTML with the standard
library's parser and writes the equivalent Typst markup. Only the tags the sanitiser keeps are
known; any other tag keeps its text. Tables are laid out by :mod:`kumkm_utils.render.typst_table`.

Every piece of text comes from submissions or notebooks and is written as *literal* text,
through :func:`~kumkm_utils.render.typst_text.escape` (markup) or
:func:`~kumkm_utils.render.typst_text.string_literal` (function arguments), so a kab/kota name
such as ``#read("/etc/passwd")`` or ``= Judul`` prints as typed and never runs. Images
(``data:`` URIs) are not inlined: they are handed back as bytes with the file name the markup
refers to, and the caller writes them next to the source (Typst reads files only below its
root folder).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from kumkm_utils.render.typst_table import (
    MUTED,
    PAGE_HEIGHT_PT,
    PAGE_WIDTH_PT,
    RULE,
    TABLE_FONT_PT,
    Cell,
    Table,
)
from kumkm_utils.render.typst_text import breakable, escape, string_literal, unescape

_SPACE = re.compile(r"[ \t\n\r\f]+")
"""HTML white space (a no-break space is text and stays)."""
_NO_BUFFER = frozenset("table thead tbody tfoot tr colgroup ul ol".split())
"""Elements whose content is collected elsewhere (cells, list items), not in a buffer."""
LEAD_IN_MAX_CHARS = 1500
"""Headings and text up to this length before a landscape table go onto its landscape page."""
FIGURE_MIN_SCALE = 0.68
"""A chart may shrink to this share of its height to fit the rest of a page."""
FIGURE_CAPTION_PT = 34
"""Room kept under a chart for its caption and source line, in points."""
TEXT_BOTTOM_PT = round(20 * 72 / 25.4 + PAGE_HEIGHT_PT["portrait"], 1)
"""Distance from the top of a portrait page to the bottom of its text area (top margin 20 mm,
see :mod:`kumkm_utils.render.pdf`)."""

_SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)pt"[^>]*?\sheight="([\d.]+)pt"', re.DOTALL)


class _LeadIn(str):
    """Markup of a text block (a Markdown cell), which may move onto a landscape page."""


def _aspect_ratio(svg: bytes) -> float | None:
    """Height / width of a matplotlib SVG (its ``width``/``height`` in pt), else None."""
    match = _SVG_SIZE.search(svg[:4000].decode("utf-8", "replace"))
    if not match or float(match.group(1)) <= 0:
        return None
    return float(match.group(2)) / float(match.group(1))


_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|svg\+xml);base64,(.*)$", re.DOTALL)


@dataclass
class Converted:
    """Typst markup of a fragment and the images it refers to (file name -> bytes)."""

    markup: str
    images: dict[str, bytes]


def _span(value: str | None) -> int:
    """A colspan/rowspan attribute as a number from 1 to 99 (anything else: 1)."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and 0 < int(value) < 100 else 1


def _inline(tag: str, content: str) -> str:
    """Typst markup of an inline element; a, span, small, abbr, dl/dt/dd ...: their text only."""
    # Inline calls end with ";": otherwise text right after them (".x", "(", "[") would
    # continue the expression as a field access, a call or another content argument.
    if tag in ("strong", "b"):
        return f"#strong[{content}];" if content.strip() else content
    if tag in ("em", "i"):
        return f"#emph[{content}];" if content.strip() else content
    if tag == "code":
        return f"#raw({string_literal(unescape(content))});"
    if tag in ("sub", "sup"):
        return f"#{tag}[{content}];"
    if tag in ("s", "del"):
        return f"#strike[{content}];"
    if tag == "u":
        return f"#underline[{content}];"
    return content


class _Converter(HTMLParser):
    """Stream the sanitised HTML into Typst markup (one pass, a stack of open elements)."""

    def __init__(self, image_prefix: str) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[list[str | Table]] = [[]]  # stack of buffers; the top receives text
        self.stack: list[tuple[str, dict[str, str], int]] = []  # tag, attrs, buffer depth
        self.tables: list[Table] = []
        self.lists: list[list[str]] = []
        self.images: dict[str, bytes] = {}
        self.image_prefix = image_prefix
        self.pre_depth = 0
        self.to_landscape = False  # set by a crowded table; its block goes on a landscape page
        self.figure_marker = ""  # label of the chart in the figure being read (see _image)

    # -- buffers
    def _push(self) -> None:
        self.out.append([])

    def _pop(self) -> str:
        # tables are written out last: the notes that follow them go inside
        return "".join(x if isinstance(x, str) else x.markup() for x in self.out.pop())

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
                self.tables.append(Table())
            elif tag == "thead" and self.tables:
                self.tables[-1].in_head = True
            elif tag == "tr" and self.tables:
                self.tables[-1].rows.append([])
            elif tag in ("ul", "ol"):
                self.lists.append([])
            return
        if tag in ("td", "th") and self.tables:
            table = self.tables[-1]
            cell = Cell(
                header=tag == "th" or table.in_head,
                numeric="num" in classes,
                colspan=_span(attr.get("colspan")),
                rowspan=_span(attr.get("rowspan")),
            )
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
        if self._close_container(tag):
            return
        content = self._pop()
        if self.pre_depth:  # inside <pre> everything is literal text (e.g. <pre><code>)
            self._emit(content)
        elif not self._close_block(tag, content, set(attr.get("class", "").split())):
            self._emit(_inline(tag, content))

    def _close_container(self, tag: str) -> bool:
        """Close a table part, a list or a <pre> (no buffer of their own, or a literal one);
        False for any other element."""
        if tag == "table":
            table = self.tables.pop()
            self.to_landscape = table.lay_out(self._print_context()) or self.to_landscape
            self.out[-1].append(table)
            return True
        if tag == "thead" and self.tables:
            table = self.tables[-1]
            table.in_head = False
            table.header_rows = len(table.rows)
            return True
        if tag in ("tbody", "tfoot", "tr", "colgroup"):
            return True
        if tag in ("td", "th"):
            content = self._pop().strip()
            if self.tables and self.tables[-1].rows and self.tables[-1].rows[-1]:
                self.tables[-1].rows[-1][-1].markup.append(content)
            return True
        if tag in ("ul", "ol"):
            items = self.lists.pop()
            func = "enum" if tag == "ol" else "list"
            self._emit(f"\n#{func}(" + ", ".join(f"[{i}]" for i in items) + ")\n")
            return True
        if tag == "pre":
            self.pre_depth -= 1
            text = self._pop()
            self._emit(
                f"\n#block(fill: luma(246), inset: 5pt, width: 100%, text(size: 7.5pt, "
                f"raw(block: true, {string_literal(text.strip(chr(10)))})))\n"
            )
            return True
        return False

    def _close_block(self, tag: str, content: str, classes: set[str]) -> bool:
        """Write a block element (list item, heading, paragraph, figure, quote, div);
        False for an inline one."""
        if tag == "li":
            if self.lists:
                self.lists[-1].append(content.strip())
            else:
                self._emit(content)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = min(int(tag[1]), 4)
            self._emit(f"\n#heading(level: {level})[{content.strip()}]\n")
        elif tag == "p":
            self._paragraph(content.strip(), classes)
        elif tag == "figure":
            marker = f"#metadata(none) <{self.figure_marker}>" if self.figure_marker else ""
            self.figure_marker = ""
            self._emit(f"\n{marker}\n#block(breakable: false, width: 100%)[{content}]\n")
        elif tag == "figcaption":
            self._emit(f"\n#block(above: 4pt, below: 2pt)[#strong[{content.strip()}]]\n")
        elif tag == "blockquote":
            self._emit(f"\n#quote(block: true)[{content.strip()}]\n")
        elif tag == "div":
            self._div(content, classes)
        else:
            return False
        return True

    def _last_table(self) -> Table | None:
        """The table just closed in the current element, if nothing but space followed it."""
        for item in reversed(self.out[-1]):
            if isinstance(item, Table):
                return item
            if item.strip():
                return None
        return None

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
        elif classes & {"kumkm-note", "kumkm-source"} and self._last_table() is not None:
            self._last_table().notes.append(content)  # printed inside it, kept with its end
        elif classes & {"kumkm-unit", "kumkm-note", "kumkm-source"}:
            sticky = "true" if "kumkm-unit" in classes else "false"
            self._emit(
                f"\n#block(sticky: {sticky}, above: 2pt, below: 3pt, text(size: 0.8em, "
                f'fill: rgb("{MUTED}"))[{content}])\n'
            )
        else:
            self._emit(f"\n{content}\n\n")

    def _lead_in(self) -> str:
        """Take the text blocks (headings, paragraphs) just before a landscape block.

        They introduce what follows; left on the portrait page they would fill it with a
        heading and two lines, the rest of the page empty.
        """
        buffer = self.out[-1]
        taken: list[str] = []
        while (
            buffer
            and isinstance(buffer[-1], str)
            and (isinstance(buffer[-1], _LeadIn) or not buffer[-1].strip())
        ):
            taken.insert(0, buffer.pop())
        if not any(isinstance(t, _LeadIn) for t in taken):
            buffer.extend(taken)
            return ""
        if sum(len(t) for t in taken) > LEAD_IN_MAX_CHARS:  # a long text stays where it was
            buffer.extend(taken)
            return ""
        return "".join(taken)

    def _div(self, content: str, classes: set[str]) -> None:
        landscape = "landscape" in classes or ("block" in classes and self.to_landscape)
        if "block" in classes:  # a report block ends: a crowded table inside has been placed
            self.to_landscape = False
        if "block-html" in classes and "#table(" not in content and "#image(" not in content:
            self.out[-1].append(_LeadIn(content))
            return
        if classes & {"kumkm-sample-notice", "sample-banner"}:
            self._emit(
                '\n#block(width: 100%, stroke: 2pt + rgb("#b42318"), fill: rgb("#fef3f2"), '
                f'inset: 7pt, above: 8pt, below: 8pt, text(fill: rgb("#7a271a"), '
                f'weight: "bold")[{content.strip()}])\n'
            )
        elif "kumkm-error" in classes:
            self._emit(
                '\n#block(width: 100%, stroke: 1pt + rgb("#b42318"), fill: rgb("#fef3f2"), '
                f"inset: 6pt)[{content.strip()}]\n"
            )
        elif landscape:
            lead_in = self._lead_in() if "block" in classes else ""
            self._emit(
                "\n#page(flipped: true, margin: (x: 15mm, top: 15mm, bottom: 20mm))"
                f"[#show table: set text(size: {TABLE_FONT_PT['landscape']}pt)\n"
                f"{lead_in}{content}]\n"
            )
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
        suffix = {"jpeg": "jpg", "svg+xml": "svg"}.get(match.group(1), match.group(1))
        name = f"{self.image_prefix}{len(self.images) + 1:03d}.{suffix}"
        self.images[name] = data
        alt = string_literal(attr.get("alt", "Gambar"))
        ratio = _aspect_ratio(data) if suffix == "svg" else None
        if ratio is None:
            self._emit(f"#image({string_literal(name)}, width: 100%, alt: {alt});")
            return
        # A chart that does not fit in what is left of the page would leave that space empty
        # (it moves whole to the next page): if it fits at FIGURE_MIN_SCALE of its size or
        # more, it is drawn smaller, on this page.
        # The place is measured at a marker put just before the figure's block (see _close):
        # measured inside the block, a chart moved to the next page would find room there and
        # stay there.
        marker = f"kumkm-{name.rsplit('.', 1)[0]}"
        self.figure_marker = marker
        self._emit(
            "#context { let avail = "
            f'{TEXT_BOTTOM_PT}pt - locate(label("{marker}")).position().y - {FIGURE_CAPTION_PT}pt; '
            f"let natural = {PAGE_WIDTH_PT['portrait']}pt * {ratio:.4f}; "
            f"if avail < natural and avail >= natural * {FIGURE_MIN_SCALE} "
            f"{{ align(center, image({string_literal(name)}, height: avail, alt: {alt})) }} "
            f"else {{ image({string_literal(name)}, width: 100%, alt: {alt}) }} }};"
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
    return Converted(converter._pop(), converter.images)


__all__ = ["Converted", "convert"]
