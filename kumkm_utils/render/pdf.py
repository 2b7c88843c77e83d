"""laporan.pdf: WeasyPrint from our own print HTML, with a fetcher that reads nothing.

The print document is built from the same blocks as the HTML report, plus a title page and a
table of contents with page numbers. Wide tables get a smaller font, a landscape page, or a
pointer to the Excel annex (see :mod:`kumkm_utils.render.body`). WeasyPrint only ever sees
``data:`` URIs: :class:`OfflineURLFetcher` refuses every other URL (local files and network).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kumkm_utils import formatting
from kumkm_utils.display import SAMPLE_NOTICE_TEXT
from kumkm_utils.render import templating
from kumkm_utils.render.body import build_body
from kumkm_utils.render.notebook import Block

logger = logging.getLogger(__name__)

TOC_LEVELS = 2


def _weasyprint() -> Any:
    # WeasyPrint logs every CSS property it does not support at WARNING; keep our logs useful.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    import weasyprint

    return weasyprint


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher

    class OfflineURLFetcher(URLFetcher):
        """URL fetcher that serves ``data:`` URIs only; every other URL is refused."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.lower().startswith("data:"):
                self.refused.append(url)
                logger.warning("PDF renderer refused to fetch %s", url[:200])
                raise ValueError(f"the report renderer fetches no URL ({url[:80]})")
            return super().fetch(url, headers)

    return OfflineURLFetcher


def offline_fetcher() -> Any:
    """Return a new WeasyPrint URL fetcher that only serves ``data:`` URIs.

    Its ``refused`` attribute lists the URLs it refused (for tests and logs).
    """
    return _fetcher_class()()


def print_html(
    blocks: list[Block],
    *,
    title: str,
    subtitle: str,
    is_synthetic: bool,
    meta: Mapping[str, Any],
    sheets: Mapping[str, str] | None = None,
) -> str:
    """Return the print HTML of the report (title page, TOC, body) for WeasyPrint.

    Parameters are those of :func:`render_pdf` minus the path.
    """
    body = build_body(blocks, target="print", sheets=sheets)
    province = str(meta.get("provinsi") or "")
    head = " · ".join(p for p in (title, province) if p)
    template = templating.environment().get_template("print.html.j2")
    return template.render(
        title=title,
        subtitle=subtitle,
        kicker="Rapat Koordinasi Daerah Koperasi dan UMKM",
        province=province,
        years=templating.years_text(meta),
        generated=formatting.tanggal(templating.generated_at(meta)),
        code_version=str(meta.get("code_version") or ""),
        is_synthetic=is_synthetic,
        notice=SAMPLE_NOTICE_TEXT,
        running_head=templating.css_string(head[:90]),
        toc=[h for h in body.headings if h.level <= TOC_LEVELS],
        body=Markup(body.html),
        css=templating.css("base.css", "print.css"),
    )


def write_pdf(document_html: str, path: Path) -> list[str]:
    """Render print HTML to a PDF file offline.

    Parameters
    ----------
    document_html : str
        From :func:`print_html`.
    path : Path
        Output file.

    Returns
    -------
    list of str
        URLs the fetcher refused (empty for a report built by :func:`print_html`).
    """
    weasyprint = _weasyprint()
    fetcher = offline_fetcher()
    # base_url must not point at a real directory: relative URLs then resolve to nothing.
    weasyprint.HTML(string=document_html, base_url="data:,", url_fetcher=fetcher).write_pdf(
        str(path)
    )
    return list(fetcher.refused)


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
        URLs the fetcher refused.
    """
    document = print_html(blocks, title=title, subtitle=subtitle, is_synthetic=is_synthetic,
                          meta=meta, sheets=sheets)
    return write_pdf(document, path)
