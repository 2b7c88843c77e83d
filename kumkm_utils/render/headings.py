"""The report's headings: a unique anchor for each, and the list the table of contents uses.

The sanitiser (:mod:`kumkm_utils.render.sanitize`) finds the headings in the cleaned HTML and
hands each one's level and text to :class:`HeadingRegister`; the HTML table of contents and the
Typst outline are built from :attr:`HeadingRegister.headings`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


def slug(text: str) -> str:
    """Lowercase ASCII words joined by ``-`` (at most 60 characters; ``bagian`` when empty).

    Examples
    --------
    >>> slug("1. Ringkasan Eksekutif"), slug("Ā"), slug("!!")
    ('1-ringkasan-eksekutif', 'a', 'bagian')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "bagian"


@dataclass
class Heading:
    """A heading of the report: level (1-4), plain text and the id it was given."""

    level: int
    text: str
    anchor: str


@dataclass
class HeadingRegister:
    """Gives each heading of one report a unique id and keeps them in document order.

    Examples
    --------
    >>> r = HeadingRegister("h-")
    >>> r.add(2, "Bab 1"), r.add(3, "Bab 1")
    ('h-bab-1', 'h-bab-1-2')
    >>> [(h.level, h.anchor) for h in r.headings]
    [(2, 'h-bab-1'), (3, 'h-bab-1-2')]
    """

    prefix: str = "h-"
    headings: list[Heading] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def add(self, level: int, text: str) -> str:
        """Record a heading and return its id: the slug of its text, numbered when taken."""
        base = f"{self.prefix}{slug(text)}"
        anchor, i = base, 2
        while anchor in self.used:
            anchor, i = f"{base}-{i}", i + 1
        self.used.add(anchor)
        self.headings.append(Heading(level, text, anchor))
        return anchor
