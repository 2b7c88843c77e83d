"""laporan.pdf: the report typeset with Typst, offline, from the same blocks as laporan.html.

The print body is the sanitised HTML of :func:`kumkm_utils.render.body.build_body` (wide tables
already get a smaller font, a landscape page or a pointer to the Excel annex), converted to Typst
markup by :mod:`kumkm_utils.render.typst_markup`. The page design lives in the Typst template
``template.typ`` next to this module (A4, title page, table of contents with page numbers, running
head, "Halaman n dari N" and, for synthetic data, "DATA SINTETIS — bukan data resmi" in every
footer); the source starts with ``#show: doc.with(...)``, as quarto's Typst templates do, and
this module passes only the content and the metadata (every text as a Typst string).

Typst compiles in-process (the ``typst`` package) from a private temporary folder that holds
only the source, the template and the chart images; it reads nothing outside that folder and
fetches nothing (the source imports only the template, never a package). Fonts are the DejaVu
Sans files that ship with matplotlib, with system fonts ignored, so the PDF looks the same on
every machine and matches the charts.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from kumkm_utils import formatting
from kumkm_utils.display.notices import SAMPLE_NOTICE_TEXT
from kumkm_utils.exceptions import RenderError
from kumkm_utils.render import templating
from kumkm_utils.render.body import build_body
from kumkm_utils.render.notebook import Block
from kumkm_utils.render.typst_markup import convert
from kumkm_utils.render.typst_table import table_rules
from kumkm_utils.render.typst_text import string_literal

TEMPLATE = Path(__file__).with_name("template.typ")
"""The page design: A4, title page, contents, running head, footer (``#show: doc.with(...)``)."""
TOC_LEVELS = 2
FONT = "DejaVu Sans"
AUTHOR = "Dinas Koperasi dan UMKM"
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


def _template_arguments(
    title: str,
    subtitle: str,
    meta: Mapping[str, Any],
    is_synthetic: bool,
    notice: str | None = None,
) -> dict[str, object]:
    """The metadata the page design (``template.typ``) shows, as plain values."""
    province = str(meta.get("provinsi") or "")
    dated = f"Dibuat {formatting.tanggal(templating.generated_at(meta))}"
    version = str(meta.get("code_version") or "")
    if version:
        dated += f" · versi kode {version}"
    if meta.get("snapshot"):
        dated += f" · data: gudang {meta['snapshot']}"
    return {
        "title": title,
        "subtitle": subtitle,
        "kicker": KICKER,
        "province": province,
        "years": templating.years_text(meta),
        "dated": dated,
        "head": _head(title, province),
        "author": AUTHOR,
        "synthetic-mark": SYNTHETIC_MARK if is_synthetic else None,
        "notice": (notice or SAMPLE_NOTICE_TEXT) if is_synthetic else None,
        "toc-depth": TOC_LEVELS,
        "font": FONT,
    }


def _typst_value(value: object) -> str:
    """A Python value as a Typst literal (strings always as string literals, never markup)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return string_literal(str(value))


def template_header(arguments: Mapping[str, object]) -> str:
    """``#import`` of the page design and ``#show: doc.with(...)`` with the report's metadata."""
    args = ",\n".join(f"  {key}: {_typst_value(value)}" for key, value in arguments.items())
    return f'#import "{TEMPLATE.name}": doc\n#show: doc.with(\n{args},\n)'


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
    arguments = _template_arguments(title, subtitle, meta, is_synthetic, _notice(blocks))
    source = "\n".join([template_header(arguments), table_rules(), converted.markup])
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
        (root / TEMPLATE.name).write_bytes(TEMPLATE.read_bytes())
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
