"""How a report was built: its parameters table and the code version, shown at its end."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from kumkm_utils.display.markdown import text
from kumkm_utils.display.outputs import KUMKM_METADATA, publish
from kumkm_utils.display.tables import table_html


def parameters_table(parameters: Mapping[str, Any], *, title: str = "Parameter laporan") -> None:
    """Show the report's parameters as a small escaped two-column table (not numbered).

    Parameters
    ----------
    parameters : mapping
        Parameter name -> value.
    title : str, default "Parameter laporan"
        Caption above the table.
    """
    rows = [
        (str(name), "tidak ada" if value is None else str(value))
        for name, value in parameters.items()
    ]
    frame = pd.DataFrame(rows, columns=["Parameter", "Nilai"], dtype="object")
    body = table_html(frame, caption=title, formats={"Parameter": "teks", "Nilai": "teks"})
    publish(
        {"text/html": body, "text/plain": title + "\n" + frame.to_string(index=False)},
        {KUMKM_METADATA: {"role": "parameters"}},
    )


def build_facts(parameters: Mapping[str, Any]) -> None:
    """Show how the report was built: its parameters table and the code version in one line.

    The version line is the text the title page and the annex print
    (:func:`kumkm_utils.runner.manifest.version_text`).
    """
    from kumkm_utils.runner.manifest import code_version, version_text

    parameters_table(parameters)
    text("Versi kode: {versi}.", versi=version_text(code_version()))
