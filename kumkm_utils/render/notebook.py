"""Read an executed notebook into the ordered content blocks of a report.

Code inputs are never part of a report. Cells tagged ``parameters``,
``injected-parameters`` or ``remove-cell`` are dropped whole; cells tagged
``remove-output`` contribute nothing. Outputs are classified by the payloads that
:mod:`kumkm_utils.display` attaches (tables, figures, captions).
"""

from __future__ import annotations

import base64
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from kumkm_utils.display.markdown import markdown_to_html
from kumkm_utils.display.outputs import FIGURE_MIME, KUMKM_METADATA, TABLE_MIME
from kumkm_utils.exceptions import RenderError
from kumkm_utils.render.sanitize import mask_nik_in_markup
from kumkm_utils.render.svg_fonts import with_font

logger = logging.getLogger(__name__)

REMOVED_CELL_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell"})
REMOVED_OUTPUT_TAGS = frozenset({"remove-output"})

_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class Block:
    """One piece of report content, in document order.

    ``kind`` is ``"html"`` (a fragment still to be sanitised), ``"table"`` (``html`` and
    the annex ``payload``), ``"figure"`` (``image`` as base64 SVG (with its font, see
    :mod:`kumkm_utils.render.svg_fonts`), PNG or JPEG, with ``mime`` and the figure
    ``payload``), ``"pre"`` (plain ``text``) or ``"error"`` (``text``).
    """

    kind: str
    html: str = ""
    text: str = ""
    image: str = ""
    mime: str = "image/png"
    payload: dict[str, Any] = field(default_factory=dict)


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read an executed notebook (nbformat 4).

    Raises
    ------
    RenderError
        If the file is missing or not a notebook.
    """
    try:
        return nbformat.read(str(path), as_version=4)
    except FileNotFoundError as err:
        raise RenderError(f"executed notebook {path} does not exist") from err
    except (ValueError, nbformat.reader.NotJSONError) as err:
        raise RenderError(f"{path} is not a readable Jupyter notebook: {err}") from err


def _join(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _output_blocks(output: Any) -> list[Block]:
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stdout" and _join(output.get("text", "")).strip():
            return [Block("pre", text=_ANSI_RE.sub("", _join(output["text"])))]
        return []  # stderr carries warnings and progress bars, not report content
    if kind == "error":
        return [Block("error", text=f"{output.get('ename', 'Error')}: {output.get('evalue', '')}")]
    if kind not in {"display_data", "execute_result"}:
        return []
    data = output.get("data", {})
    role = output.get("metadata", {}).get(KUMKM_METADATA, {}).get("role")
    if role == "caption":
        return []  # the renderer draws figure captions from the figure payload
    if TABLE_MIME in data:
        return [
            Block("table", html=_join(data.get("text/html", "")), payload=dict(data[TABLE_MIME]))
        ]
    if "image/svg+xml" in data and (FIGURE_MIME in data or not data.keys() & {"text/html"}):
        # charts (kumkm_utils.display.figure) and bare SVG outputs; an SVG next to an HTML
        # rendering of the same output (a library's rich repr) is shown as that HTML
        svg = with_font(mask_nik_in_markup(_join(data["image/svg+xml"])))
        return [
            Block(
                "figure",
                image=base64.b64encode(svg.encode("utf-8")).decode("ascii"),
                mime="image/svg+xml",
                payload=dict(data.get(FIGURE_MIME, {})),
            )
        ]
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            payload = dict(data.get(FIGURE_MIME, {}))
            return [Block("figure", image=_join(data[mime]).strip(), mime=mime, payload=payload)]
    if "text/html" in data:
        meta = output.get("metadata", {}).get(KUMKM_METADATA, {})
        payload = {"role": role, "text": str(meta.get("text", ""))} if role else {}
        return [Block("html", html=_join(data["text/html"]), payload=payload)]
    if "text/markdown" in data:
        return [Block("html", html=markdown_to_html(_join(data["text/markdown"])))]
    if "text/plain" in data:
        return [Block("pre", text=_join(data["text/plain"]))]
    return []


def _markdown_cell_html(source: str) -> str:
    import mistune

    # Markdown cells are written by the notebook's authors; raw HTML in them is allowed
    # here and cleaned later by the sanitiser like every other fragment.
    render = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])
    return str(render(source))


def notebook_blocks(nb: nbformat.NotebookNode) -> list[Block]:
    """Return the report content of an executed notebook, in order.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook.

    Returns
    -------
    list of Block
        Markdown cells and visible outputs; inputs and removed cells left out.
    """
    blocks: list[Block] = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & REMOVED_CELL_TAGS:
            continue
        if cell.cell_type == "markdown":
            if cell.source.strip():
                blocks.append(Block("html", html=_markdown_cell_html(cell.source)))
        elif cell.cell_type == "code" and not tags & REMOVED_OUTPUT_TAGS:
            for output in cell.get("outputs", []):
                blocks.extend(_output_blocks(output))
    return blocks


def table_payloads(blocks: list[Block]) -> list[dict[str, Any]]:
    """Return the annex payloads of the tables, in order; a repeated key keeps the last one.

    Parameters
    ----------
    blocks : list of Block
        As returned by :func:`notebook_blocks`.

    Returns
    -------
    list of dict
        Table payloads with unique keys.
    """
    by_key: dict[str, dict[str, Any]] = {}
    for block in blocks:
        if block.kind != "table":
            continue
        key = str(block.payload.get("key", "")) or f"tabel-{len(by_key) + 1}"
        if key in by_key:
            logger.warning("table key %r shown more than once; the annex keeps the last", key)
            del by_key[key]
        by_key[key] = {**block.payload, "key": key}
    return list(by_key.values())


_H1 = re.compile(r"(<h1\b[^>]*>)(.*?)(</h1>)", re.IGNORECASE | re.DOTALL)


def complete_title(blocks: list[Block], title: str) -> list[Block]:
    """Give the notebook's own title the report's full title (e.g. with the province name).

    A notebook starts with a generic heading ("Laporan Evaluasi KUMKM Provinsi"); when the
    first level-1 heading of the report is the beginning of ``title``, it is replaced by
    ``title`` so the report does not show a heading without the province. Other headings and
    blocks are returned unchanged.

    Examples
    --------
    >>> b = [Block("html", html="<h1>Laporan Provinsi</h1><p>x</p>")]
    >>> complete_title(b, "Laporan Provinsi Bali")[0].html
    '<h1>Laporan Provinsi Bali</h1><p>x</p>'
    """
    import html as html_lib

    for index, block in enumerate(blocks):
        if block.kind != "html":
            continue
        match = _H1.search(block.html)
        if match is None:
            continue
        current = html_lib.unescape(re.sub(r"<[^>]+>", "", match.group(2))).strip()
        if current and title.startswith(current) and title != current:
            new_html = (
                block.html[: match.start(2)]
                + html_lib.escape(title, quote=False)
                + block.html[match.end(2) :]
            )
            blocks = list(blocks)
            blocks[index] = Block(
                block.kind,
                html=new_html,
                text=block.text,
                image=block.image,
                mime=block.mime,
                payload=block.payload,
            )
        return blocks
    return blocks
