"""laporan.pdf: the report typeset with Typst, offline, from the same blocks as laporan.html.

The print body is the sanitised HTML of :func:`kumkm_utils.render.body.build_body` (wide tables
already get a smaller font, a landscape page or a pointer to the Excel annex), converted to Typst
markup by :mod:`kumkm_utils.render.typst_markup` and wrapped in the print layout: A4, title page,
table of contents with page numbers, running head, "Halaman n dari N" and, for synthetic data,
"DATA SINTETIS" in every footer.

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
from kumkm_utils.render.typst_markup import convert, escape, string_literal, table_rules

TOC_LEVELS = 2
FONT = "DejaVu Sans"
ACCENT = "#1f5f8b"
SYNTHETIC_MARK = "DATA SINTETIS"


@lru_cache(maxsize=1)
def font_dir() -> str:
    """The folder of matplotlib's bundled DejaVu fonts (the only fonts the PDF uses)."""
    import matplotlib

    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")


def _head(title: str, province: str) -> str:
    head = " · ".join(p for p in (title, province) if p)
    return head if len(head) <= 90 else head[:89] + "…"


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
    generated = formatting.tanggal(templating.generated_at(meta))
    version = str(meta.get("code_version") or "")
    mark = SYNTHETIC_MARK if is_synthetic else ""
    footer = (f'text(size: 7.5pt, fill: rgb("#555555"))[{escape(mark)}#h(1fr)Halaman '
              "#counter(page).display() dari #counter(page).final().first()]")
    header = (f'if here().page() > 1 {{ text(size: 7.5pt, fill: rgb("#555555"))'
              f"[{escape(_head(title, province))}] }}")
    title_page = [
        "#v(40mm)",
        f'#text(size: 12pt, fill: rgb("#555555"), tracking: 0.05em)[{escape("RAPAT KOORDINASI DAERAH KOPERASI DAN UMKM")}]',
        f'#block(above: 6mm, below: 3mm, text(size: 24pt, weight: "bold", fill: rgb("{ACCENT}"))[{escape(title)}])',
        f"#block(below: 12mm, text(size: 14pt)[{escape(subtitle)}])" if subtitle else "",
        f'#block(below: 2mm, text(size: 18pt, weight: "bold")[{escape(province)}])' if province else "",
        f"#block(below: 20mm, text(size: 12pt)[{escape(templating.years_text(meta))}])",
        f'#text(size: 10pt, fill: rgb("#555555"))[{escape(generated)}'
        + (f" #linebreak() Versi kode {escape(version)}" if version else "") + "]",
    ]
    if is_synthetic:
        title_page.append(
            '#block(above: 20mm, width: 100%, stroke: 2pt + rgb("#b42318"), fill: rgb("#fef3f2"), '
            f'inset: 8pt, text(size: 11pt, weight: "bold", fill: rgb("#7a271a"))[{escape(SAMPLE_NOTICE_TEXT)}])'
        )
    source = "\n".join([
        f"#set document(title: {string_literal(_head(title, province))}, "
        f"author: {string_literal('Dinas Koperasi dan UMKM')})",
        f'#set page(paper: "a4", margin: (left: 18mm, right: 18mm, top: 20mm, bottom: 22mm), '
        f"header: context {{ {header} }}, footer: context {footer})",
        f'#set text(font: "{FONT}", size: 9.5pt, lang: "id", hyphenate: false)',
        "#set par(leading: 0.55em, spacing: 0.9em, justify: false)",
        f'#show heading: set text(fill: rgb("{ACCENT}"))',
        "#show heading: set block(sticky: true, above: 1.3em, below: 0.6em)",
        "#show heading.where(level: 1): set text(size: 1.6em)",
        "#show heading.where(level: 2): it => block(width: 100%, sticky: true, above: 1.4em, "
        'below: 0.7em, stroke: (bottom: 0.75pt + rgb("#c9d9e6")), inset: (bottom: 2pt), '
        "text(size: 1.3em, it.body))",
        "#show heading.where(level: 3): set text(size: 1.1em)",
        "#set list(indent: 0.6em)",
        "#set enum(indent: 0.6em)",
        table_rules(),
        *title_page,
        "#pagebreak()",
        f"#outline(title: [Daftar isi], depth: {TOC_LEVELS}, indent: 1.2em)",
        "#pagebreak()",
        converted.markup,
    ])
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
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return int(moment.timestamp())


def compile_pdf(source: str, images: Mapping[str, bytes], path: Path, *,
                timestamp: dt.datetime | None = None) -> None:
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
            pdf = typst.compile(str(main), root=str(root), font_paths=[font_dir()],
                                ignore_system_fonts=True, package_path=str(root / "packages"),
                                package_cache_path=str(root / "packages"),
                                timestamp=_unix_seconds(timestamp))
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
    source, images = print_source(blocks, title=title, subtitle=subtitle,
                                  is_synthetic=is_synthetic, meta=meta, sheets=sheets)
    compile_pdf(source, images, path, timestamp=templating.generated_at(meta))
    return sorted(images)


__all__ = ["compile_pdf", "font_dir", "print_source", "render_pdf"]
