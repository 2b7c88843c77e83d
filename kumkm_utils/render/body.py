"""The report body shared by the HTML and PDF outputs: blocks -> one sanitised fragment + TOC."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

from kumkm_utils.display.tables import table_html
from kumkm_utils.render.headings import Heading
from kumkm_utils.render.notebook import Block
from kumkm_utils.render.sanitize import HtmlSanitizer

WIDE_COLUMNS = 9
"""From this many columns a printed table uses a smaller font."""
LANDSCAPE_COLUMNS = 13
"""From this many columns a printed table gets a landscape page of its own."""
ANNEX_ONLY_COLUMNS = 21
"""From this many columns a printed table is replaced by a pointer to the Excel annex."""


@dataclass
class Body:
    """Sanitised body HTML and its headings (for the table of contents)."""

    html: str
    headings: list[Heading]


def _figure_html(block: Block) -> str:
    payload = block.payload
    number, title = payload.get("number"), payload.get("title")
    esc = html.escape
    parts = [
        '<figure class="kumkm-figure">',
        f'<img src="data:{block.mime};base64,{block.image}" alt="{esc(title or "Gambar")}">',
    ]
    if title:
        caption = f"Gambar {number}. {title}" if number else title
        parts.append(f"<figcaption>{esc(caption)}</figcaption>")
    if payload.get("source"):
        parts.append(f'<p class="kumkm-source">Sumber: {esc(payload["source"])}</p>')
    parts.append("</figure>")
    return "".join(parts)


def _print_table_html(block: Block, sheets: Mapping[str, str]) -> tuple[str, str]:
    """Return a table for print and the class of its wrapper ("", "wide" or "landscape").

    Narrow tables print as shown; wide ones get a smaller font, wider ones a landscape page
    of their own, and the widest are replaced by a pointer to the Excel annex.
    """
    payload = block.payload
    n_columns = len(payload.get("columns", []))
    if n_columns >= ANNEX_ONLY_COLUMNS:
        import pandas as pd

        number, title = payload.get("number"), payload.get("title", "")
        sheet = sheets.get(str(payload.get("key")), "")
        stub = pd.DataFrame(
            {
                "Keterangan": [
                    f"Tabel ini memiliki {n_columns} kolom; tabel lengkap di lampiran Excel "
                    f"(lampiran.xlsx, lembar \u201c{sheet}\u201d)."
                ]
            }
        )
        caption = f"Tabel {number}. {title}" if number else title
        return table_html(stub, caption=caption, unit=payload.get("unit")), ""
    if n_columns >= LANDSCAPE_COLUMNS:
        return block.html, "landscape"
    if n_columns >= WIDE_COLUMNS:
        return block.html, "wide"
    return block.html, ""


def build_body(
    blocks: list[Block], *, target: str, sheets: Mapping[str, str] | None = None
) -> Body:
    """Turn notebook blocks into one sanitised HTML fragment.

    Parameters
    ----------
    blocks : list of Block
        From :func:`kumkm_utils.render.notebook.notebook_blocks`.
    target : {"screen", "print"}
        ``print`` adapts wide tables to the page (see the ``*_COLUMNS`` thresholds).
    sheets : mapping, optional
        Table key -> annex sheet name, for the pointers of tables moved to the annex.

    Returns
    -------
    Body
    """
    sanitizer = HtmlSanitizer()
    fragments: list[str] = []
    for block in blocks:
        extra = ""
        if block.kind == "figure":
            raw = _figure_html(block)
        elif block.kind == "table":
            if target == "print":
                raw, extra = _print_table_html(block, sheets or {})
            else:
                raw = block.html
        elif block.kind == "pre":
            raw = f'<pre class="kumkm-output">{html.escape(block.text)}</pre>'
        elif block.kind == "error":
            raw = (
                '<div class="kumkm-error"><strong>Kesalahan saat menjalankan sel:</strong> '
                f"{html.escape(block.text)}</div>"
            )
        else:
            raw = block.html
        # The print class ("wide", "landscape") sits on the block's outermost box: the PDF
        # renderer puts that whole block (caption, table, notes) on its own landscape page.
        classes = f"block block-{block.kind} {extra}".strip()
        fragments.append(f'<div class="{classes}">{raw}</div>')
    cleaned = sanitizer.clean("\n".join(fragments))
    return Body(html=cleaned, headings=sanitizer.headings)
