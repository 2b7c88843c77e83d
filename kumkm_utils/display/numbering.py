"""Running numbers of tables and figures ("Tabel 1.", "Gambar 1.") and the keys they go by.

Tables and figures are numbered in the order they are first shown; showing the same key again
(re-running a cell in JupyterLab) keeps its number. A key is unique per report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kumkm_utils.exceptions import DisplayError

_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,62}$")


@dataclass
class _Numbering:
    """Running numbers of tables and figures in one kernel session."""

    tables: dict[str, tuple[int, str]] = field(default_factory=dict)
    figures: dict[str, tuple[int, str]] = field(default_factory=dict)

    def number(self, kind: str, key: str, title: str) -> int:
        registry = self.tables if kind == "table" else self.figures
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise DisplayError(
                f"{kind} key {key!r} is not valid: use 1-63 lower-case letters, digits, "
                "'_', '.' or '-', starting with a letter or digit"
            )
        if key in registry:
            number, old_title = registry[key]
            if old_title != title:
                raise DisplayError(
                    f"{kind} key {key!r} is already used for {old_title!r}; "
                    f"keys must be unique per report (now asked for {title!r})"
                )
            return number
        number = len(registry) + 1
        registry[key] = (number, title)
        return number


_NUMBERING = _Numbering()


def number(kind: str, key: str, title: str) -> int:
    """Return the running number of a table or figure, numbering it when first shown.

    Parameters
    ----------
    kind : str
        ``"table"`` or ``"figure"`` (each is numbered on its own).
    key : str
        Unique key of the table or figure in the report.
    title : str
        Its title; a key shown again must come with the same title.

    Returns
    -------
    int
        The number: the next free one for a new key, the old one for a key shown again.

    Raises
    ------
    DisplayError
        If the key is invalid or already used for another title.
    """
    return _NUMBERING.number(kind, key, title)


def reset_numbering() -> None:
    """Start table and figure numbers again at 1 (for tests and fresh reports)."""
    _NUMBERING.tables.clear()
    _NUMBERING.figures.clear()
