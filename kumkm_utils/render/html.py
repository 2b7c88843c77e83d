"""laporan.html: the executed notebook as one offline HTML page with a table of contents.

No code, no scripts, no external resources: styles are inlined, figures are ``data:`` URIs,
and every fragment from the notebook passes the allow-list sanitiser.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from kumkm_utils import formatting
from kumkm_utils.display import SAMPLE_NOTICE_TEXT
from kumkm_utils.render import templating
from kumkm_utils.render.body import build_body
from kumkm_utils.render.notebook import Block

TOC_LEVELS = 2
"""Headings down to this level (h1, h2) are listed in the table of contents."""


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
    body = build_body(blocks, target="screen")
    template = templating.environment().get_template("report.html.j2")
    return template.render(
        title=title,
        subtitle=subtitle,
        facts=templating.facts(meta),
        is_synthetic=is_synthetic,
        notice=SAMPLE_NOTICE_TEXT,
        toc=[h for h in body.headings if h.level <= TOC_LEVELS],
        body=Markup(body.html),
        css=templating.css("base.css", "screen.css"),
        generated=formatting.tanggal(templating.generated_at(meta)),
        code_version=str(meta.get("code_version") or ""),
    )
