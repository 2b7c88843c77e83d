"""laporan.html: the executed notebook as one offline HTML page with a table of contents.

No code, no scripts, no external resources: styles are inlined, figures are ``data:`` URIs,
and every fragment from the notebook passes the allow-list sanitiser.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from kumkm_utils import formatting
from kumkm_utils.display.notices import SAMPLE_NOTICE_TEXT
from kumkm_utils.render import templating
from kumkm_utils.render.body import build_body
from kumkm_utils.render.notebook import Block

TOC_LEVELS = 2
"""Headings down to this level (h1, h2) are listed in the table of contents."""


_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>\s*", re.IGNORECASE | re.DOTALL)


def _banner_and_body(
    blocks: list[Block], *, title: str, is_synthetic: bool
) -> tuple[str | None, list[Block]]:
    """Return the banner text and the blocks without what the page header already shows.

    The header shows the title and the banner once: the notebook's own first heading (the same
    title) and its banner output (role ``sample-notice``) are left out of the body. The banner
    text is the notebook's (it says "DATA CAMPURAN" for a warehouse with synthetic and real
    submissions); without one, :data:`SAMPLE_NOTICE_TEXT` when ``is_synthetic``.
    """
    notice = None
    kept: list[Block] = []
    title_seen = False
    for block in blocks:
        if block.kind == "html" and block.payload.get("role") == "sample-notice":
            notice = notice or block.payload.get("text") or SAMPLE_NOTICE_TEXT
            continue
        if block.kind == "html" and not title_seen:
            match = _H1.search(block.html)
            if match:
                title_seen = True
                heading = html_lib.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()
                if heading == title.strip():
                    rest = block.html[: match.start()] + block.html[match.end() :]
                    block = Block("html", html=rest, payload=block.payload)
        kept.append(block)
    if notice is None and is_synthetic:
        notice = SAMPLE_NOTICE_TEXT
    return notice, kept


def render_html(
    blocks: list[Block],
    *,
    title: str,
    subtitle: str,
    is_synthetic: bool,
    meta: Mapping[str, Any],
) -> str:
    """Return the report as a self-contained HTML document.

    Parameters
    ----------
    blocks : list of Block
        Report content from :func:`kumkm_utils.render.notebook.notebook_blocks`.
    title, subtitle : str
        Shown at the top (escaped).
    is_synthetic : bool
        Adds the "DATA SINTETIS" banner at the top and in the footer.
    meta : mapping
        Report facts (``provinsi``, ``tahun_evaluasi``, ``tahun_rencana``,
        ``generated_at``, ``code_version``).

    Returns
    -------
    str
        The HTML document.
    """
    notice, blocks = _banner_and_body(blocks, title=title, is_synthetic=is_synthetic)
    body = build_body(blocks, target="screen")
    template = templating.environment().get_template("report.html.j2")
    return template.render(
        title=title,
        subtitle=subtitle,
        facts=templating.facts(meta),
        notice=notice or "",
        # the footer mark follows the runner's flag; the banner shows what the notebook said
        footer_mark=(notice or SAMPLE_NOTICE_TEXT) if is_synthetic else "",
        toc=[h for h in body.headings if h.level <= TOC_LEVELS],
        body=Markup(body.html),
        css=templating.css("base.css", "screen.css"),
        generated=formatting.tanggal(templating.generated_at(meta)),
        code_version=str(meta.get("code_version") or ""),
    )
