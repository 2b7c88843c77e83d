"""Personal data and unsafe characters: the one place that finds and scrubs them.

Every text that leaves the warehouse for a report, and every free-text cell that enters it,
goes through this module:

- **Citizen NIK** (Nomor Induk Kependudukan, 16 digits). Clerks write it plain
  (``7471012345678901``) or grouped with spaces, dots or dashes (``7471 0123 4567 8901``,
  ``7471.0123.4567.8901``, ``7471-0123-4567-8901``, ``747101 230456 0001``). Any run of exactly
  16 digits with at most one such separator between digits is a NIK, unless it is grouped in
  thousands like a money amount (``1.234.567.890.123.456``). Digits glued to the run (a 17th
  digit, or another group after a separator) make it something else: a 13-digit NIB, a
  koperasi registration number, a region code or an amount never match.
- **Control characters**: C0 controls other than tab, line feed and carriage return (NUL, VT,
  ESC ...), DEL, the C1 block (U+0080-U+009F) and the bidirectional overrides and isolates
  (U+202A-U+202E, U+2066-U+2069), which can hide or reorder text in HTML and PDF.

Decisions (documented in the data dictionary): free-text columns are masked at ingestion, so
the warehouse never stores a citizen NIK in them (the cell is noted in the validation report);
a ``nik_koperasi`` that is a citizen NIK rejects the row (:mod:`kumkm_utils.schemas`). Every
report output (HTML, PDF, Excel annex, ``ringkasan.json``, the manifest entry and the executed
``notebook.ipynb``) is scrubbed again on the way out, whatever the warehouse holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

NIK_MASK = "[NIK disamarkan]"

_SEP = "[ .\\-\u00a0]"
_NIK_RE = re.compile(rf"(?<!\d)(?<!\d{_SEP})\d(?:{_SEP}?\d){{15}}(?!{_SEP}?\d)")
"""16 digits, at most one separator between two digits, no digit (or separator + digit) around."""
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:([.,\u00a0 ])\d{3})(?:\1\d{3})+")

NIK_HINT_RE2 = "[0-9](?:[ .\\-\u00a0]?[0-9]){15}"
"""A cheap pre-filter for Arrow (RE2 has no look-around): texts that may hold a NIK."""

CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
"""Character class (without brackets) of the characters removed from every text."""
_CONTROL_RE = re.compile(f"[{CONTROL_CHARS}]")


def _is_nik(match: re.Match[str]) -> bool:
    return not _THOUSANDS_RE.fullmatch(match.group(0))


def find_nik(text: str) -> list[str]:
    """Return the NIK-like numbers in ``text``, as written.

    Examples
    --------
    >>> find_nik("KTP 7471-0123-4567-8901, NIB 9120001234567, Rp 1.234.567.890.123.456")
    ['7471-0123-4567-8901']
    """
    return [m.group(0) for m in _NIK_RE.finditer(text) if _is_nik(m)]


def mask_nik(text: str, *, keep: int = 0) -> str:
    """Replace every citizen NIK in ``text`` (any grouping) by :data:`NIK_MASK`.

    Parameters
    ----------
    text : str
        Any text from data.
    keep : int, default 0
        0: the whole number becomes :data:`NIK_MASK`. Otherwise the first ``keep`` digits (the
        region part) are kept and the other twelve digits shown as ``*`` (validation reports,
        where the clerk must find the cell).

    Examples
    --------
    >>> mask_nik("NIK 7401012304560001, NIB 1234567890123")
    'NIK [NIK disamarkan], NIB 1234567890123'
    >>> mask_nik("7471 0123 4567 8901")
    '[NIK disamarkan]'
    >>> mask_nik("7401.0123.4567.8901", keep=4)
    '7401************'
    """
    if not text or not any(c.isdigit() for c in text):
        return text

    def repl(m: re.Match[str]) -> str:
        if not _is_nik(m):
            return m.group(0)
        if keep:
            digits = re.sub(r"\D", "", m.group(0))
            return digits[:keep] + "*" * (16 - keep)
        return NIK_MASK

    return _NIK_RE.sub(repl, text)


def strip_controls(text: str) -> str:
    """Remove control characters and bidirectional overrides (see :data:`CONTROL_CHARS`).

    Examples
    --------
    >>> strip_controls("Koperasi\\x00 Maju\\u202e\\x1b[31m")
    'Koperasi Maju[31m'
    """
    return _CONTROL_RE.sub("", text)


def has_controls(text: str) -> bool:
    """Whether ``text`` holds a character :func:`strip_controls` removes."""
    return _CONTROL_RE.search(text) is not None


def scrub_text(text: str) -> str:
    """Text for a report: control characters removed, NIKs masked."""
    return mask_nik(strip_controls(text))


_CHARACTER_DATA = re.compile(r">([^<]+)<")


def scrub_markup(markup: str) -> str:
    """Scrub the text between the tags of XML (a chart's SVG), never inside tags.

    Coordinates and path data (``M 12.5 345.6 ...``) are left alone: only character data can
    hold a name or a number from the data.

    Examples
    --------
    >>> scrub_markup('<text x="1234567890123456">Kab. 7401 0123 0456 0001</text>')
    '<text x="1234567890123456">Kab. [NIK disamarkan]</text>'
    """
    return _CHARACTER_DATA.sub(lambda m: ">" + scrub_text(m.group(1)) + "<", markup)


def scrub_json(value: Any, text: Callable[[str], str] = scrub_text) -> Any:
    """Scrub every string (values and keys) of a JSON-like value; numbers of 16 digits too.

    A 16-digit integer (a NIK typed into a numeric cell) becomes the masked text.
    """
    if isinstance(value, str):
        return text(value)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value
    if isinstance(value, int):
        return NIK_MASK if len(str(abs(value))) == 16 else value
    if isinstance(value, dict):
        return {scrub_json(k, text): scrub_json(v, text) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub_json(v, text) for v in value]
    return value


_MARKUP_MIMES = ("image/svg+xml",)
_BINARY_MIMES = ("image/png", "image/jpeg", "image/gif", "application/pdf")


def _scrub_data(data: dict) -> dict:
    out = {}
    for mime, payload in data.items():
        if mime in _BINARY_MIMES:
            out[mime] = payload
        elif mime in _MARKUP_MIMES:
            joined = "".join(payload) if isinstance(payload, list) else str(payload)
            out[mime] = scrub_markup(joined)
        else:
            out[mime] = scrub_json(payload)
    return out


def scrub_notebook(nb: dict) -> dict:
    """Scrub an executed notebook (nbformat JSON as a dict) in place and return it.

    Cell sources, every output's text, HTML, markdown and JSON payloads (the table payloads
    the annex is built from), SVG character data, stream text and error messages and
    tracebacks are scrubbed; embedded PNG/JPEG images are left as they are (charts carry no
    data text in raster images: they are SVG).
    """
    for cell in nb.get("cells", []):
        if "source" in cell:
            cell["source"] = scrub_json(cell["source"])
        for output in cell.get("outputs", []) or []:
            if "data" in output and isinstance(output["data"], dict):
                output["data"] = _scrub_data(output["data"])
            for key in ("text", "evalue", "ename", "traceback"):
                if key in output:
                    output[key] = scrub_json(output[key])
    return nb


def scrub_output_folder(folder) -> list[str]:
    """Scrub, in place, the notebooks (``*.ipynb``) and JSON files of a report's output folder.

    Called on the staging folder right after the kernel ran and before anything is rendered
    or published (also for a failed run's notebook), so that ``notebook.ipynb`` and
    ``ringkasan.json`` never hold what :func:`scrub_text` removes. Returns the names of the
    files that changed.
    """
    import json
    from pathlib import Path

    changed = []
    for path in sorted(Path(folder).iterdir()):
        if not path.is_file() or path.suffix not in (".ipynb", ".json"):
            continue
        try:
            original = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        clean = scrub_notebook(original) if path.suffix == ".ipynb" else scrub_json(original)
        text = json.dumps(clean, ensure_ascii=False, indent=1) + "\n"
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8")
            changed.append(path.name)
    return changed


__all__ = [
    "scrub_output_folder",
    "NIK_MASK",
    "CONTROL_CHARS",
    "find_nik",
    "mask_nik",
    "strip_controls",
    "has_controls",
    "scrub_text",
    "scrub_markup",
    "scrub_json",
    "scrub_notebook",
]
