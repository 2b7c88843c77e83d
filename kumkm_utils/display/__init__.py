"""What notebooks call to show tables, figures and text: escaped, numbered and annex-ready.

Every function publishes a MIME bundle (:mod:`~kumkm_utils.display.outputs`). Tables carry their
raw data so that :mod:`kumkm_utils.render` can build the Excel annex; figures carry their
caption. Anything that comes from data (names of cooperatives, kab/kota, programmes) is
HTML-escaped here, so the HTML in the notebook is safe to copy into a report as it is.

Tables and figures are numbered in the order they are first shown ("Tabel 1.",
"Gambar 1."); showing the same key again (re-running a cell in JupyterLab) keeps its number.

This package exposes the notebook-facing API (``display.table``, ``display.figure``,
``display.text``, ``display.sample_notice``, ``display.build_facts``, ...); the renderer and
the tests import the rest from the module that owns it:

- :mod:`~kumkm_utils.display.outputs`: MIME types, output metadata, publishing;
- :mod:`~kumkm_utils.display.numbering`: running numbers and keys of tables and figures;
- :mod:`~kumkm_utils.display.column_formats`: named formats and the decimals rule;
- :mod:`~kumkm_utils.display.tables`: escaped HTML tables and their annex payload;
- :mod:`~kumkm_utils.display.figures`: charts as SVG with a PNG copy and a caption;
- :mod:`~kumkm_utils.display.markdown`: Markdown text with escaped values;
- :mod:`~kumkm_utils.display.notices`: the synthetic-data banner;
- :mod:`~kumkm_utils.display.facts`: the parameters and code version of a report.
"""

from kumkm_utils.display.facts import build_facts, parameters_table
from kumkm_utils.display.figures import figure
from kumkm_utils.display.markdown import text
from kumkm_utils.display.notices import sample_notice
from kumkm_utils.display.numbering import reset_numbering
from kumkm_utils.display.tables import table

__all__ = [
    "build_facts",
    "figure",
    "parameters_table",
    "reset_numbering",
    "sample_notice",
    "table",
    "text",
]
