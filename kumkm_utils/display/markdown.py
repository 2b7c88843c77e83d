"""Text in reports: Markdown templates filled with escaped values, rendered to HTML.

The notebook author writes the template; every value interpolated into it (a name from data, a
number) is escaped for HTML and Markdown first, so data can neither open Markdown syntax nor
raw HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd

from kumkm_utils.display.outputs import KUMKM_METADATA, publish
from kumkm_utils.exceptions import DisplayError
from kumkm_utils.formatting import angka, is_missing, tanggal

_MD_SPECIAL_RE = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


def escape_markdown(value: str) -> str:
    """Escape a value for a Markdown template: every ASCII punctuation gets a backslash.

    CommonMark renders a backslash-escaped punctuation character literally, so the value
    can neither open Markdown syntax nor raw HTML (``<`` becomes ``\\<``, shown as ``<``
    and written to HTML as ``&lt;``).

    Parameters
    ----------
    value : str
        Text from data (a name, a label).

    Returns
    -------
    str
        Text that renders literally in Markdown and contains no HTML.

    Examples
    --------
    >>> print(escape_markdown("<b>*Koperasi*</b>"))
    \\<b\\>\\*Koperasi\\*\\<\\/b\\>
    """
    return _MD_SPECIAL_RE.sub(r"\\\1", value)


def _value_text(value: Any) -> str:
    if is_missing(value):
        return "tidak ada data"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int):
        return angka(value, 0)
    if isinstance(value, float):
        return angka(value, 0 if value == round(value) else 1)
    if isinstance(value, dt.datetime | pd.Timestamp):
        return tanggal(value.date())
    if isinstance(value, dt.date):
        return tanggal(value)
    return str(value)


def markdown_to_html(markdown: str) -> str:
    """Render trusted Markdown to HTML; raw HTML in it is escaped, not passed through.

    Parameters
    ----------
    markdown : str
        Markdown text.

    Returns
    -------
    str
        HTML fragment.
    """
    import mistune

    renderer = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])
    return str(renderer(markdown))


def format_markdown(markdown: str, **values: Any) -> str:
    """Fill a Markdown template with escaped values (numbers in Indonesian format).

    Parameters
    ----------
    markdown : str
        Template with ``{name}`` fields (``str.format`` syntax without format specs).
    **values
        The values; strings are escaped for HTML and Markdown, numbers are formatted
        (``2300 -> "2.300"``), missing values become "tidak ada data".

    Returns
    -------
    str
        The filled Markdown.

    Raises
    ------
    DisplayError
        If the template names a value that was not given.

    Examples
    --------
    >>> print(format_markdown("**{n}** koperasi di {kab}", n=2300, kab="Kab. <X>"))
    **2\\.300** koperasi di Kab\\. \\<X\\>
    """
    safe = {name: escape_markdown(_value_text(value)) for name, value in values.items()}
    try:
        return markdown.format(**safe)
    except KeyError as err:
        raise DisplayError(
            f"text template names {err.args[0]!r}, which was not given; given: {sorted(values)}"
        ) from err


def text(markdown: str, /, **values: Any) -> None:
    """Show Markdown text whose ``{name}`` fields are filled with escaped values.

    Parameters
    ----------
    markdown : str
        Template in Markdown, written in Bahasa Indonesia by the notebook author.
    **values
        Values from data; escaped (HTML and Markdown) before they are inserted.

    Raises
    ------
    DisplayError
        If the template names a value that was not given.
    """
    filled = format_markdown(markdown, **values)
    publish(
        {"text/html": markdown_to_html(filled), "text/markdown": filled, "text/plain": filled},
        {KUMKM_METADATA: {"role": "text"}},
    )
