"""laporan.pdf: the report typeset with Typst, offline, from the same blocks as laporan.html.

The print body is the sanitised HTML of :func:`kumkm_utils.render.body.build_body` (wide tables
already get a smaller font, a landscape page or a pointer to the Excel annex), converted to Typst
markup by :mod:`kumkm_utils.render.typst_markup` and wrapped in the print layout: A4, title page,
table of contents with page numbers, running head, "Halaman n dari N" and, for synthetic data,
"DATA SINTETIS — bukan data resmi" in every footer.

Typst compiles in-process (the ``typst`` package) from a private temporary folder that holds
only the source and the chart images; it reads nothing outside that folder and fetches nothing
(the source never imports a package). Fonts are the DejaVu Sans files that ship with matplotlib,
with system fonts ignored, so the PDF looks the same on every machine and matches the charts.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from kumkm_utils import formatting
from kumkm_utils.display import SAMPLE_NOTICE_TEXT
from kumkm_utils.exceptions import RenderError
from kumkm_utils.render import templating
from kumkm_utils.render.body import build_body
from kumkm_utils.render.notebook import Block
from kumkm_utils.render.typst_markup import convert
from kumkm_utils.render.typst_table import table_rules
from kumkm_utils.render.typst_text import escape, string_literal

TOC_LEVELS = 2
FONT = "DejaVu Sans"
ACCENT = "#1f5f8b"
GREY = "#555555"
SYNTHETIC_MARK = "DATA SINTETIS — bukan data resmi"
"""Footer of every page of a report built from the synthetic sample."""
KICKER = "Rapat Koordinasi Daerah Koperasi dan UMKM"


@lru_cache(maxsize=1)
def font_dir() -> str:
    """The folder of matplotlib's bundled DejaVu fonts (the only fonts the PDF uses)."""
    import matplotlib

    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")


def _head(title: str, province: str) -> str:
    """Running head "<title> · <province>" (the province once if the title names it)."""
    parts = [title] if province and province in title else [title, province]
    head = " · ".join(p for p in parts if p)
    return head if len(head) <= 90 else head[:89] + "…"


def _page_rules(head: str, is_synthetic: bool) -> list[str]:
    """A4 page with running head (from page 2), footer with page n of N and the sample mark."""
    mark = (
        f'text(weight: "bold", fill: rgb("#b42318"))[{escape(SYNTHETIC_MARK)}]'
        if is_synthetic
        else "[]"
    )
    footer = (
        f'text(size: 8pt, {{ {mark}; h(1fr); text(fill: rgb("{GREY}"))[Halaman '
        "#counter(page).display() dari #counter(page).final().first()] })"
    )
    header = (
        f'if here().page() > 1 {{ align(right, text(size: 7.5pt, fill: rgb("#777777"))'
        f"[{escape(head)}]) }}"
    )
    return [
        f'#set page(paper: "a4", margin: (left: 18mm, right: 18mm, top: 20mm, bottom: 22mm), '
        f"header: context {{ {header} }}, footer: context {footer})",
        f'#set text(font: "{FONT}", size: 9.5pt, fill: rgb("#222222"), lang: "id", '
        "hyphenate: false)",
        "#set par(leading: 0.68em, spacing: 1.05em, justify: false)",
        f'#show heading: set text(fill: rgb("{ACCENT}"))',
        "#show heading: set block(sticky: true, above: 1.5em, below: 0.75em)",
        "#show heading: set par(leading: 0.4em)",
        "#show heading.where(level: 1): set text(size: 1.6em)",
        "#show heading.where(level: 2): it => block(width: 100%, sticky: true, above: 1.6em, "
        'below: 0.8em, stroke: (bottom: 0.75pt + rgb("#c9d9e6")), inset: (bottom: 3pt), '
        "text(size: 1.3em, it.body))",
        "#show heading.where(level: 3): set text(size: 1.1em)",
        "#set list(indent: 0.6em, spacing: 0.9em)",
        "#set enum(indent: 0.6em, spacing: 0.9em)",
    ]


def _title_page(
    title: str,
    subtitle: str,
    province: str,
    meta: Mapping[str, Any],
    is_synthetic: bool,
    notice: str | None = None,
) -> list[str]:
    """The title page's lines (as the WeasyPrint print.css laid it out), then a page break."""
    dated = f"Dibuat {formatting.tanggal(templating.generated_at(meta))}"
    version = str(meta.get("code_version") or "")
    if version:
        dated += f" · versi kode {version}"
    lines = [
        "#[#set par(spacing: 0pt, leading: 0.35em)",
        "#v(45mm)",
        f'#text(size: 12pt, fill: rgb("{GREY}"), tracking: 0.05em)[{escape(KICKER.upper())}]',
        "#v(7mm)",
        f'#text(size: 24pt, weight: "bold", fill: rgb("{ACCENT}"))[{escape(title)}]',
    ]
    if subtitle:
        lines += ["#v(4mm)", f"#text(size: 14pt)[{escape(subtitle)}]"]
    lines.append("#v(12mm)")
    if province:
        lines += [f'#text(size: 18pt, weight: "bold")[{escape(province)}]', "#v(3mm)"]
    lines += [
        f"#text(size: 12pt)[{escape(templating.years_text(meta))}]",
        "#v(20mm)",
        f'#text(size: 10pt, fill: rgb("{GREY}"))[{escape(dated)}]',
    ]
    if is_synthetic:
        lines += [
            "#v(20mm)",
            f'#block(width: 100%, stroke: 1pt + rgb("#b42318"), fill: rgb("#fef3f2"), '
            f'inset: (x: 8pt, y: 7pt), text(size: 11pt, weight: "bold", fill: rgb("#7a271a"))'
            f"[{escape(notice or SAMPLE_NOTICE_TEXT)}])",
        ]
    return [*lines, "]", "#pagebreak()"]


def _contents() -> list[str]:
    """The table of contents (headings of levels 1-2 with their page numbers)."""
    return [
        f'#block(below: 1.2em, text(size: 1.3em, weight: "bold", fill: rgb("{ACCENT}"))'
        "[Daftar isi])",
        "#show outline.entry: set block(above: 0.75em)",
        f"#outline(title: none, depth: {TOC_LEVELS}, indent: 1.2em)",
        "#pagebreak()",
    ]


def _notice(blocks: list[Block]) -> str | None:
    """The banner text the notebook showed (e.g. "DATA CAMPURAN ..."), if any."""
    for block in blocks:
        if block.payload.get("role") == "sample-notice" and block.payload.get("text"):
            return str(block.payload["text"])
    return None


def print_source(
    blocks: list[Block],
    *,
    title: str,
    subtitle: str,
    is_synthetic: bool,
    meta: Mapping[str, Any],
    sheets: Mapping[str, str] | None = None,
) -> tuple[str, dict[str, bytes]]:
    """Return the Typst source of the report and the images it refers to.

    Parameters are those of :func:`render_pdf` minus the path.
    """
    body = build_body(blocks, target="print", sheets=sheets)
    converted = convert(body.html)
    province = str(meta.get("provinsi") or "")
    head = _head(title, province)
    source = "\n".join(
        [
            f"#set document(title: {string_literal(head)}, "
            f"author: {string_literal('Dinas Koperasi dan UMKM')})",
            *_page_rules(head, is_synthetic),
            table_rules(),
            *_title_page(title, subtitle, province, meta, is_synthetic, _notice(blocks)),
            *_contents(),
            converted.markup,
        ]
    )
    return source, converted.images


def _unix_seconds(moment: dt.datetime | None) -> int | None:
    """Seconds since the epoch; a naive time counts as UTC, so the PDF is the same in every
    time zone.

    Examples
    --------
    >>> _unix_seconds(dt.datetime(2024, 11, 21))
    1732147200
    """
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp())


def compile_pdf(
    source: str, images: Mapping[str, bytes], path: Path, *, timestamp: dt.datetime | None = None
) -> None:
    """Compile a Typst source with its images into ``path``, offline.

    Raises
    ------
    RenderError
        If Typst reports an error (with its message).
    """
    import typst

    with tempfile.TemporaryDirectory(prefix="kumkm-typst-") as tmp:
        root = Path(tmp)
        (root / "packages").mkdir()
        for name, data in images.items():
            (root / name).write_bytes(data)
        main = root / "laporan.typ"
        main.write_text(source, encoding="utf-8")
        try:
            pdf = typst.compile(
                str(main),
                root=str(root),
                font_paths=[font_dir()],
                ignore_system_fonts=True,
                package_path=str(root / "packages"),
                package_cache_path=str(root / "packages"),
                timestamp=_unix_seconds(timestamp),
            )
        except Exception as err:  # typst raises its own error types with the compiler message
            raise RenderError(f"Typst could not typeset the PDF: {err}") from err
    Path(path).write_bytes(pdf)


def render_pdf(
    blocks: list[Block],
    path: Path,
    *,
    title: str,
    subtitle: str,
    is_synthetic: bool,
    meta: Mapping[str, Any],
    sheets: Mapping[str, str] | None = None,
) -> list[str]:
    """Write laporan.pdf: A4, title page, TOC with page numbers, "Halaman n dari N".

    Parameters
    ----------
    blocks : list of Block
        Report content.
    path : Path
        Output file.
    title, subtitle : str
        Title page text.
    is_synthetic : bool
        Adds the banner on the title page and "DATA SINTETIS" in every page footer.
    meta : mapping
        Report facts (``provinsi``, ``tahun_evaluasi``, ``tahun_rencana``,
        ``generated_at``, ``code_version``).
    sheets : mapping, optional
        Table key -> annex sheet name (for tables moved to the annex).

    Returns
    -------
    list of str
        The names of the images embedded in the PDF.
    """
    source, images = print_source(
        blocks, title=title, subtitle=subtitle, is_synthetic=is_synthetic, meta=meta, sheets=sheets
    )
    compile_pdf(source, images, path, timestamp=templating.generated_at(meta))
    return sorted(images)


__all__ = ["compile_pdf", "font_dir", "print_source", "render_pdf"]
