"""Executed notebook -> report outputs: laporan.html, laporan.pdf, lampiran.xlsx, notebook.ipynb.

Use :func:`render_report`; every file is written under a temporary name and moved into
place with :func:`os.replace`, so a reader never sees half a report.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kumkm_utils.exceptions import RenderError
from kumkm_utils.files import atomic_path

logger = logging.getLogger(__name__)

OUTPUT_FILES = {
    "notebook": "notebook.ipynb",
    "html": "laporan.html",
    "pdf": "laporan.pdf",
    "xlsx": "lampiran.xlsx",
}
"""Output kind -> file name inside the report folder."""


def missing_data_notice(meta: Mapping[str, Any]) -> str | None:
    """The banner of a report whose evaluation year lacks some datasets (HTML), else None.

    ``meta["missing_data"]`` holds the dataset codes the batch found without a row for the
    province and year (:func:`kumkm_utils.runner.planning.note_missing_data`, the warehouse
    read once per batch); the index page names the same list. They are named, so that their
    sections' "tidak ada data" is not read as zero. A report with no data at all is refused by
    the runner before it starts (:func:`kumkm_utils.runner.data_years.check_data_for_year`).

    Examples
    --------
    >>> missing_data_notice({"missing_data": []}) is None
    True
    >>> "belum ada kiriman: Data UMKM." in missing_data_notice(
    ...     {"missing_data": ["umkm"], "tahun_evaluasi": 2025})
    True
    """
    import html

    from kumkm_utils import schemas

    missing = list(meta.get("missing_data") or [])
    if not missing:
        return None
    year = meta.get("tahun_evaluasi", (meta.get("parameters") or {}).get("tahun_evaluasi"))
    names = ", ".join(schemas.dataset(d).schema.title or d for d in missing)
    return (
        '<div class="catatan-data"><p><strong>Data belum lengkap.</strong> '
        f"Untuk tahun {year} belum ada kiriman: {html.escape(names)}. Bagian laporan yang "
        "memakai data itu menyatakan tidak ada data; angkanya bukan nol.</p></div>"
    )


def sign_notebook(nb: Any) -> bool:
    """Mark an executed notebook as trusted for this user's Jupyter (nbformat's notary).

    JupyterLab renders the SVG charts and the HTML of a notebook only when it trusts it; a
    notebook the runner wrote is trusted because it ran our own code. The signature is kept in
    the user's Jupyter data folder (``nbsignatures.db``, with the secret ``notebook_secret``),
    the same place JupyterLab checks, so it holds for the user who built the report; for anyone
    else the charts fall back to their PNG copy
    (:data:`kumkm_utils.display.figures.PNG_FALLBACK_DPI`).
    A failure to sign (read-only home, locked database) is logged, never fatal.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook exactly as written to the report folder.

    Returns
    -------
    bool
        Whether the notebook was signed.
    """
    import sqlite3

    from nbformat.sign import NotebookNotary

    try:
        NotebookNotary().sign(nb)
    except (OSError, sqlite3.Error, ValueError) as err:
        logger.warning(
            "could not sign the executed notebook (JupyterLab will not trust it): %s", err
        )
        return False
    return True


def warm_up() -> None:
    """Import the renderer's modules and make the charts' embedded font (about 1 s, once).

    A batch worker's fork server calls this (:mod:`kumkm_utils.runner.worker_imports`), so
    no worker pays for it with its first report. Typst is imported, not run: a fork after its
    first compilation would copy its threads' state without the threads.
    """
    import typst  # noqa: F401

    from kumkm_utils.render import annex, html, notebook, pdf, svg_fonts  # noqa: F401

    svg_fonts.font_face_css()


def render_report(
    executed_notebook: Path,
    out_dir: Path,
    *,
    title: str,
    subtitle: str,
    is_synthetic: bool,
    meta: Mapping[str, Any],
    outputs: tuple[str, ...] = ("notebook", "html", "pdf", "xlsx"),
) -> dict[str, Path]:
    """Render an executed notebook into the report folder.

    Parameters
    ----------
    executed_notebook : Path
        The notebook papermill wrote.
    out_dir : Path
        Report folder (created if missing), e.g. ``reports/2023/74-sulawesi-tenggara``.
    title, subtitle : str
        Report title and subtitle (title page, HTML header).
    is_synthetic : bool
        Whether the data is the synthetic sample: banner on the first page, footer mark.
    meta : mapping
        Report facts: ``provinsi`` (name; default ``label``), ``kode_provinsi``,
        ``tahun_evaluasi``, ``tahun_rencana`` (default: from ``parameters`` or ``tahun``),
        ``generated_at`` (datetime or ISO string; default now), ``code_version``,
        ``missing_data`` (dataset codes without data for the year: a banner names them),
        ``parameters`` (dict). Unknown keys are ignored.
    outputs : tuple of str
        Which outputs to write (keys of :data:`OUTPUT_FILES`).

    Returns
    -------
    dict
        Output kind -> path written.

    Raises
    ------
    RenderError
        If the notebook cannot be read or an output cannot be written.
    """
    import nbformat

    from kumkm_utils.privacy import scrub_notebook
    from kumkm_utils.render.annex import sheet_names, write_annex
    from kumkm_utils.render.html import render_html
    from kumkm_utils.render.notebook import (
        complete_title,
        notebook_blocks,
        read_notebook,
        table_payloads,
    )
    from kumkm_utils.render.pdf import render_pdf
    from kumkm_utils.render.templating import report_facts

    unknown = set(outputs) - set(OUTPUT_FILES)
    if unknown:
        raise RenderError(f"unknown outputs {sorted(unknown)}; choose from {list(OUTPUT_FILES)}")
    executed_notebook = Path(executed_notebook)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    meta = report_facts(meta)
    # The one scrubbing point of a report: every output below is made from this notebook,
    # and the notebook.ipynb the folder holds is this scrubbed copy, never papermill's own.
    nb = scrub_notebook(read_notebook(executed_notebook))
    blocks = complete_title(notebook_blocks(nb), title)
    notice = missing_data_notice(meta)
    if notice is not None:
        from kumkm_utils.render.notebook import Block

        first = next((i for i, b in enumerate(blocks) if b.kind == "html"), -1)
        blocks.insert(first + 1, Block("html", html=notice))
    payloads = table_payloads(blocks)
    sheets = sheet_names(payloads)
    common = {"title": title, "subtitle": subtitle, "is_synthetic": is_synthetic, "meta": meta}
    written: dict[str, Path] = {}

    def step(kind: str, write: Callable[[Path], Any]) -> None:
        if kind not in outputs:
            return
        target = out_dir / OUTPUT_FILES[kind]
        started = time.perf_counter()
        try:
            with atomic_path(target) as tmp:
                write(tmp)
        except (OSError, ValueError) as err:
            raise RenderError(f"could not write {target}: {err}") from err
        logger.info("wrote %s in %.1f s", target, time.perf_counter() - started)
        written[kind] = target

    # signed when published, as its final bytes (kumkm_utils.runner.publish.normalise_notebook)
    step("notebook", lambda tmp: nbformat.write(nb, str(tmp)))
    step("html", lambda tmp: tmp.write_text(render_html(blocks, **common), encoding="utf-8"))
    step(
        "xlsx",
        lambda tmp: write_annex(tmp, payloads, meta=meta, is_synthetic=is_synthetic, title=title),
    )
    step("pdf", lambda tmp: render_pdf(blocks, tmp, sheets=sheets, **common))
    return written


__all__ = [
    "OUTPUT_FILES",
    "atomic_path",
    "missing_data_notice",
    "render_report",
    "sign_notebook",
    "warm_up",
]
