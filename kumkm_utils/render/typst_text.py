"""Untrusted text as Typst source: escaped markup, string literals, break opportunities.

Every piece of text in laporan.pdf comes from submissions or notebooks (kab/kota and programme
names, notes) and must print exactly as typed. :func:`escape` puts a backslash before every
character that Typst markup would interpret, so ``#read("/etc/passwd")`` or ``= Judul`` is
text, never code or a heading; :func:`string_literal` does the same for strings passed to Typst
functions. Text goes into the source only through these two functions.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\#*_$@<>\[\]`~=\-+/'\"])")
_DOT = re.compile(r"(?<=\d)\.|\.(?=\.)")
"""A full stop after a digit (a numbered-list marker) or before another one (``...`` is an
ellipsis shorthand in Typst)."""
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def escape(text: str) -> str:
    """Return ``text`` as Typst markup that prints exactly these characters.

    Besides Typst's markup characters, a full stop after a digit is escaped, so that a
    numbered heading such as "1. Ringkasan" never starts a numbered list, and so is a full
    stop before another (``...`` would become an ellipsis). Control characters and lone
    surrogates, which cannot be printed (or even written as UTF-8), are dropped.

    Examples
    --------
    >>> print(escape('#read("/etc/passwd") = 1,5%'))
    \\#read(\\"\\/etc\\/passwd\\") \\= 1,5%
    >>> print(escape("1. Ringkasan ..."))
    1\\. Ringkasan \\.\\..
    """
    return _DOT.sub(r"\\.", _SPECIAL.sub(r"\\\1", _UNPRINTABLE.sub("", text)))


def unescape(markup: str) -> str:
    """Undo :func:`escape` on plain escaped text (for measuring it or passing it as a string).

    Examples
    --------
    >>> unescape(escape('#a "b" 1. ...'))
    '#a "b" 1. ...'
    """
    return _ESCAPED.sub(r"\1", markup)


def string_literal(text: str) -> str:
    """Return ``text`` as a Typst string literal (in double quotes, with escapes).

    Examples
    --------
    >>> string_literal('a "b"\\n')
    '"a \\\\"b\\\\"\\\\n"'
    """
    body = (
        _UNPRINTABLE.sub("", text)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{body}"'


ZWSP = "\u200b"
LONG_WORD = 24
"""Words longer than this (URLs, hashes, file names) get break opportunities (zero-width spaces),
as ``overflow-wrap: break-word`` does in the HTML, so they wrap inside a table cell."""
_LONG_WORD = re.compile(rf"\S{{{LONG_WORD + 1},}}")


def breakable(text: str) -> str:
    """Insert zero-width spaces into long words: after ``/ . - _ ? & = :`` and every 12 characters.

    Examples
    --------
    >>> breakable("lihat https://example.org/data/x.csv").count(ZWSP) > 0
    True
    >>> breakable("Kabupaten Konawe")
    'Kabupaten Konawe'
    """

    def split(match: re.Match[str]) -> str:
        word = re.sub(r"([/.\-_?&=:])", "\\1" + ZWSP, match.group(0))
        return ZWSP.join(_chunks(part) for part in word.split(ZWSP))

    return _LONG_WORD.sub(split, text)


def _chunks(part: str, size: int = 12) -> str:
    if len(part) <= size:
        return part
    return ZWSP.join(part[i : i + size] for i in range(0, len(part), size))


__all__ = ["LONG_WORD", "ZWSP", "breakable", "escape", "string_literal", "unescape"]
