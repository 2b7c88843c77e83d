"""How full each page of a report PDF is, from the positions of its text (pypdf).

Charts keep their text as text in the PDF (labels of every bar, axis ticks), so the lowest
line of text on a page marks how far down its content goes. A page is *exempt* from the fill
rule when it is the title page or the table of contents, the last page, or the last page of a
section (the next page starts with a heading of the PDF outline).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4
MARGINS = {"portrait": (20 * MM, 22 * MM), "landscape": (15 * MM, 20 * MM)}
"""(top, bottom) margins of the report's pages (kumkm_utils.render.pdf / typst_markup)."""


@dataclass
class PageFill:
    number: int  # 1-based
    fill: float  # share of the text area used, from its top
    landscape: bool
    exempt: bool
    first_text: str


def page_fills(path: Path) -> list[PageFill]:
    """The fill of every page of ``path``."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    starts_section: set[int] = set()

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                starts_section.add(reader.get_destination_page_number(item))

    walk(reader.outline)
    fills = []
    n_pages = len(reader.pages)
    for index, page in enumerate(reader.pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        landscape = width > height
        top_margin, bottom_margin = MARGINS["landscape" if landscape else "portrait"]
        body_top, body_bottom = height - top_margin, bottom_margin
        ys: list[tuple[float, str]] = []

        def visit(text, cm, tm, font, size, ys=ys, lo=body_bottom, hi=body_top):
            if text.strip():
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                if lo - 2 <= y <= hi + 2:
                    ys.append((y, text.strip()))

        page.extract_text(visitor_text=visit)
        lowest = min((y for y, _ in ys), default=body_top)
        fill = (body_top - lowest) / (body_top - body_bottom)
        first = max(ys, default=(0, ""))[1]
        exempt = index in (0, 1) or index == n_pages - 1 or (index + 1) in starts_section
        fills.append(PageFill(index + 1, round(fill, 3), landscape, exempt, first[:60]))
    return fills


def underfilled(path: Path, minimum: float = 1 / 3) -> list[PageFill]:
    """Pages less than ``minimum`` full that are not exempt."""
    return [p for p in page_fills(path) if not p.exempt and p.fill < minimum]
