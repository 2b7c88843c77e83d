"""Name normalisation of provinces and kab/kota, and close-match suggestions.

Matching normalises case, spaces and punctuation, and understands the prefixes ``Kab.``,
``Kabupaten``, ``Kota``, ``Kota Adm.`` and ``Kep.`` (Kepulauan): ``Bau-Bau``, ``Bau Bau`` and
``Baubau`` are the same key.
"""

from __future__ import annotations

import re

import pandas as pd

_PREFIXES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("kabupaten", "administrasi"), "Kabupaten"),
    (("kabupaten", "adm"), "Kabupaten"),
    (("kab", "administrasi"), "Kabupaten"),
    (("kab", "adm"), "Kabupaten"),
    (("kabupaten",), "Kabupaten"),
    (("kab",), "Kabupaten"),
    (("kota", "administrasi"), "Kota"),
    (("kota", "adm"), "Kota"),
    (("kotamadya",), "Kota"),
    (("kodya",), "Kota"),
    (("kota",), "Kota"),
)
_TOKEN_EXPANSIONS = {"kep": "kepulauan", "kepl": "kepulauan"}
_PROVINCE_PREFIXES = (("provinsi",), ("prov",), ("propinsi",))
SUGGEST_CUTOFF = 70
"""Minimum rapidfuzz WRatio score (0-100) of a name proposed as a close match."""


def slugify(text: str) -> str:
    """Return a lowercase ASCII slug, words joined by ``-``.

    Examples
    --------
    >>> slugify("Daerah Istimewa Yogyakarta")
    'daerah-istimewa-yogyakarta'
    """
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def _tokens(text: str) -> list[str]:
    return [_TOKEN_EXPANSIONS.get(t, t) for t in re.findall(r"[a-z0-9]+", text.lower())]


def split_prefix(text: str) -> tuple[str | None, str, str]:
    """Split a kab/kota name into (jenis or None, core key, core key including the prefix)."""
    tokens = _tokens(text)
    whole = "".join(tokens)
    for prefix, jenis in _PREFIXES:
        n = len(prefix)
        if tuple(tokens[:n]) == prefix and len(tokens) > n:
            return jenis, "".join(tokens[n:]), whole
    return None, whole, whole


def province_key(text: str) -> str:
    tokens = _tokens(text)
    for prefix in _PROVINCE_PREFIXES:
        n = len(prefix)
        if tuple(tokens[:n]) == prefix and len(tokens) > n:
            tokens = tokens[n:]
            break
    return "".join(tokens)


def short_name(nama: str) -> str:
    for prefix in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
        if nama.startswith(prefix):
            return nama[len(prefix) :]
    return nama


def suggest(
    text: str,
    names: pd.Series,
    codes: pd.Series,
    *,
    display: pd.Series | None = None,
    limit: int = 3,
) -> str:
    """Return "; mungkin maksud Anda: ..." with up to ``limit`` close matches, or ``""``."""
    from rapidfuzz import fuzz, process, utils

    choices = dict(zip(codes, names, strict=True))
    shown = dict(zip(codes, names if display is None else display, strict=True))
    found = process.extract(
        text,
        choices,
        scorer=fuzz.WRatio,
        limit=limit,
        processor=utils.default_process,
        score_cutoff=SUGGEST_CUTOFF,
    )
    if not found:
        return "; tidak ada nama yang mirip"
    return "; mungkin maksud Anda: " + ", ".join(f"{shown[code]} ({code})" for _, _, code in found)
