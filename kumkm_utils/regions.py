"""Indonesian regions: the 38 provinces, the 514 kabupaten/kota, their aliases and the 2022 split.

Everything is read from ``data/reference/``:

- ``regions_kemendagri.csv``: Kemendagri codes and names (Kepmendagri 300.2.2-2138/2025);
- ``provinsi_alias.csv``: common abbreviations of province names (Sultra, DKI, DIY, ...);
- ``kabkota_alias.csv``: the official and short names of every kab/kota plus hand-added
  spellings, abbreviations and former names;
- ``papua_pemekaran.csv``: which kab/kota moved to the four new Papua provinces in 2022.

Codes are always strings: a province is ``"74"``, a kab/kota ``"74.01"``. Passing an integer is
an error, because ``int("01")`` loses the leading zero and codes must never be arithmetic.

Name matching normalises case, spaces and punctuation, and understands the prefixes ``Kab.``,
``Kabupaten``, ``Kota``, ``Kota Adm.`` and ``Kep.`` (Kepulauan). ``Bau-Bau``, ``Bau Bau`` and
``Baubau`` are the same key. When a name exists both as a kabupaten and a kota (Bogor, Malang,
Kupang, ...) the prefix decides; without one the name is ambiguous unless ``province`` narrows
it down. Lookups after normalisation are dictionary hits, so resolving millions of cells costs
one call per distinct value (:func:`resolve_kabkota_series`).

Error messages are in Bahasa Indonesia because they end up in the analysts' validation reports.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from kumkm_utils.config import REFERENCE_DIR
from kumkm_utils.exceptions import UnknownRegionError

logger = logging.getLogger(__name__)

REGIONS_FILE = "regions_kemendagri.csv"
PROVINCE_ALIAS_FILE = "provinsi_alias.csv"
KABKOTA_ALIAS_FILE = "kabkota_alias.csv"
PAPUA_FILE = "papua_pemekaran.csv"

JENIS_KABKOTA = ("Kabupaten", "Kota")

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
_KABKOTA_CODE = re.compile(r"^(\d{2})[.\s]?(\d{2})$")
_PROVINCE_CODE = re.compile(r"^\d{2}$")
SUGGEST_CUTOFF = 70
"""Minimum rapidfuzz WRatio score (0-100) of a name proposed as a close match."""


class RegionCodeTypeError(UnknownRegionError, TypeError):
    """A region code passed as a number instead of a string."""


class AmbiguousRegionError(UnknownRegionError):
    """A kab/kota name that matches several kab/kota (e.g. Bogor without Kota/Kabupaten)."""

    def __init__(self, message: str, candidates: tuple[str, ...]) -> None:
        super().__init__(message)
        self.candidates = candidates


class WrongProvinceError(UnknownRegionError):
    """A kab/kota that exists, but in another province than the one expected."""

    def __init__(self, message: str, kode_kabkota: str, kode_provinsi: str) -> None:
        super().__init__(message)
        self.kode_kabkota = kode_kabkota
        self.kode_provinsi = kode_provinsi


@dataclass(frozen=True)
class Province:
    """One province: its Kemendagri code, name, slug and report folder name.

    Examples
    --------
    >>> province("sultra").folder
    '74-sulawesi-tenggara'
    """

    kode: str
    nama: str
    slug: str

    @property
    def folder(self) -> str:
        """Folder name of this province's reports, ``<kode>-<slug>``."""
        return f"{self.kode}-{self.slug}"


# --------------------------------------------------------------------------- normalisation


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


def _split_prefix(text: str) -> tuple[str | None, str, str]:
    """Split a kab/kota name into (jenis or None, core key, core key including the prefix)."""
    tokens = _tokens(text)
    whole = "".join(tokens)
    for prefix, jenis in _PREFIXES:
        n = len(prefix)
        if tuple(tokens[:n]) == prefix and len(tokens) > n:
            return jenis, "".join(tokens[n:]), whole
    return None, whole, whole


def _province_key(text: str) -> str:
    tokens = _tokens(text)
    for prefix in _PROVINCE_PREFIXES:
        n = len(prefix)
        if tuple(tokens[:n]) == prefix and len(tokens) > n:
            tokens = tokens[n:]
            break
    return "".join(tokens)


def _short_name(nama: str) -> str:
    for prefix in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
        if nama.startswith(prefix):
            return nama[len(prefix) :]
    return nama


def _reject_number(value: object, what: str) -> None:
    if isinstance(value, (bool, int, float, np.integer, np.floating)):
        raise RegionCodeTypeError(
            f"{what} harus berupa teks (mis. '74' atau '74.01'), bukan angka {value!r}: "
            "kode wilayah tidak boleh diubah menjadi angka karena nol di depan dan titik hilang."
        )


# --------------------------------------------------------------------------- reference tables


def _read(name: str, reference_dir: Path | None = None) -> pd.DataFrame:
    path = (reference_dir or REFERENCE_DIR) / name
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def _regions() -> pd.DataFrame:
    return _read(REGIONS_FILE)


@lru_cache(maxsize=1)
def _province_table() -> pd.DataFrame:
    df = _regions()
    prov = df[df["level"] == "1"][["code", "name"]].rename(
        columns={"code": "kode_provinsi", "name": "nama_provinsi"}
    )
    prov["slug"] = prov["nama_provinsi"].map(slugify)
    return prov.sort_values("kode_provinsi").reset_index(drop=True)


@lru_cache(maxsize=1)
def _kabkota_table() -> pd.DataFrame:
    df = _regions()
    kk = df[df["level"] == "2"]
    out = pd.DataFrame(
        {
            "kode_kabkota": kk["code"],
            "nama_kabkota": kk["name"],
            "nama_pendek": kk["name"].map(_short_name),
            "jenis": kk["type"].str.capitalize(),
            "kode_provinsi": kk["province_code"],
        }
    )
    return out.sort_values("kode_kabkota").reset_index(drop=True)


@lru_cache(maxsize=1)
def _province_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for row in _province_table().itertuples():
        index[_province_key(row.nama_provinsi)] = row.kode_provinsi
    for row in _read(PROVINCE_ALIAS_FILE).itertuples():
        key = _province_key(row.alias)
        if index.get(key, row.kode_provinsi) != row.kode_provinsi:
            raise ValueError(f"province alias {row.alias!r} clashes with another province")
        index[key] = row.kode_provinsi
    return index


@dataclass(frozen=True)
class _Entry:
    kode: str
    jenis: str
    kode_provinsi: str
    official: bool


@lru_cache(maxsize=1)
def _kabkota_index() -> dict[str, tuple[_Entry, ...]]:
    """Map a normalised core name to the kab/kota it may denote (official names first)."""
    table = _kabkota_table().set_index("kode_kabkota")
    index: dict[str, dict[str, _Entry]] = {}
    aliases = _read(KABKOTA_ALIAS_FILE)
    unknown = set(aliases["kode_kabkota"]) - set(table.index)
    if unknown:
        raise ValueError(f"{KABKOTA_ALIAS_FILE} names unknown codes: {sorted(unknown)}")
    for row in aliases.itertuples():
        info = table.loc[row.kode_kabkota]
        official = row.jenis_alias in ("resmi", "nama pendek")
        _, core, _ = _split_prefix(row.alias)
        entry = _Entry(row.kode_kabkota, info["jenis"], info["kode_provinsi"], official)
        slot = index.setdefault(core, {})
        previous = slot.get(row.kode_kabkota)
        if previous is None or (official and not previous.official):
            slot[row.kode_kabkota] = entry
    return {core: tuple(slot.values()) for core, slot in index.items()}


@lru_cache(maxsize=1)
def _papua_table() -> pd.DataFrame:
    return _read(PAPUA_FILE)


# --------------------------------------------------------------------------- provinces


def provinces() -> pd.DataFrame:
    """Return the 38 provinces, sorted by code.

    Returns
    -------
    pandas.DataFrame
        Columns ``kode_provinsi`` (``"11"`` ... ``"96"``), ``nama_provinsi`` and ``slug``.
    """
    return _province_table().copy()


def province(code_or_name: str) -> Province:
    """Return the province denoted by a code, a name or a common abbreviation.

    Parameters
    ----------
    code_or_name : str
        ``"74"``, ``"Sulawesi Tenggara"``, ``"Provinsi Sulawesi Tenggara"``, ``"Sultra"``,
        ``"DKI"``, ``"DIY"``, ... (case, spaces and punctuation are ignored).

    Returns
    -------
    Province

    Raises
    ------
    RegionCodeTypeError
        If a number is passed instead of a string.
    UnknownRegionError
        If nothing matches; the message lists close matches.

    Examples
    --------
    >>> province("74").nama
    'Sulawesi Tenggara'
    >>> province("kalbar").kode
    '61'
    """
    return _province_cached(_province_code(code_or_name))


@lru_cache(maxsize=64)
def _province_cached(kode: str) -> Province:
    row = _province_table().set_index("kode_provinsi").loc[kode]
    return Province(kode=kode, nama=row["nama_provinsi"], slug=row["slug"])


def _province_code(code_or_name: object) -> str:
    _reject_number(code_or_name, "Kode provinsi")
    if not isinstance(code_or_name, str):
        raise RegionCodeTypeError(
            f"provinsi harus berupa teks (kode atau nama), bukan {type(code_or_name).__name__}"
        )
    text = code_or_name.strip()
    table = _province_table()
    if _PROVINCE_CODE.match(text):
        if text in set(table["kode_provinsi"]):
            return text
        raise UnknownRegionError(
            f"kode provinsi '{text}' tidak dikenal; kode provinsi yang berlaku: "
            f"{', '.join(table['kode_provinsi'])}"
        )
    code = _province_index().get(_province_key(text))
    if code is None:
        raise UnknownRegionError(
            f"provinsi '{text}' tidak dikenal"
            + _suggest(text, table["nama_provinsi"], table["kode_provinsi"])
        )
    return code


def province_name(kode_provinsi: str) -> str:
    """Return the Kemendagri name of a province code (``"74"`` → ``"Sulawesi Tenggara"``)."""
    return province(kode_provinsi).nama


# --------------------------------------------------------------------------- kab/kota


def kabkota(province: str | None = None) -> pd.DataFrame:
    """Return the kabupaten/kota, all 514 or those of one province, sorted by code.

    Parameters
    ----------
    province : str, optional
        Anything :func:`province` accepts.

    Returns
    -------
    pandas.DataFrame
        Columns ``kode_kabkota`` (``"61.12"``), ``nama_kabkota`` (``"Kabupaten Kubu Raya"``),
        ``nama_pendek`` (``"Kubu Raya"``), ``jenis`` (``"Kabupaten"``/``"Kota"``) and
        ``kode_provinsi``.
    """
    table = _kabkota_table()
    if province is not None:
        table = table[table["kode_provinsi"] == _province_code(province)]
    return table.reset_index(drop=True).copy()


@lru_cache(maxsize=1)
def kabkota_codes() -> frozenset[str]:
    """Return the set of valid kab/kota codes (``"11.01"`` ... ``"96.71"``)."""
    return frozenset(_kabkota_table()["kode_kabkota"])


@lru_cache(maxsize=1)
def _kabkota_by_code() -> dict[str, tuple[str, str]]:
    t = _kabkota_table()
    return dict(
        zip(t["kode_kabkota"], zip(t["nama_kabkota"], t["kode_provinsi"], strict=True), strict=True)
    )


def province_of(kode_kabkota: str) -> str:
    """Return the province code of a kab/kota code (``"61.12"`` → ``"61"``).

    Raises
    ------
    UnknownRegionError
        If the code is not a current kab/kota code.
    """
    _reject_number(kode_kabkota, "Kode kabupaten/kota")
    try:
        return _kabkota_by_code()[kode_kabkota][1]
    except KeyError:
        raise UnknownRegionError(f"kode kabupaten/kota '{kode_kabkota}' tidak dikenal") from None


def kabkota_name(kode_kabkota: str) -> str:
    """Return the official name of a kab/kota code (``"61.12"`` → ``"Kabupaten Kubu Raya"``)."""
    _reject_number(kode_kabkota, "Kode kabupaten/kota")
    try:
        return _kabkota_by_code()[kode_kabkota][0]
    except KeyError:
        raise UnknownRegionError(f"kode kabupaten/kota '{kode_kabkota}' tidak dikenal") from None


def _describe(kode: str) -> str:
    nama, prov = _kabkota_by_code()[kode]
    return f"{nama} ({kode}, {_province_cached(prov).nama})"


def _suggest(
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


def resolve_kabkota(name_or_code: str, province: str | None = None) -> str:
    """Return the Kemendagri code of a kab/kota given by name, alias or code.

    Parameters
    ----------
    name_or_code : str
        ``"KAB. KUBU RAYA"``, ``"Kubu Raya"``, ``"Kabupaten Kubu Raya"``, ``"kab kubu raya"``,
        ``"61.12"`` or ``"6112"``; also abbreviations and former names from
        ``kabkota_alias.csv`` (``"Kab. Kep. Selayar"``, ``"Baubau"``, ``"Kotim"``).
    province : str, optional
        The province the kab/kota must belong to (anything :func:`province` accepts). It also
        settles names that exist in several provinces.

    Returns
    -------
    str
        The code, e.g. ``"61.12"``.

    Raises
    ------
    RegionCodeTypeError
        If a number is passed.
    AmbiguousRegionError
        If the name fits several kab/kota (e.g. ``"Bogor"``: Kabupaten 32.01 and Kota 32.71).
    WrongProvinceError
        If the kab/kota belongs to another province than ``province``.
    UnknownRegionError
        If nothing matches; the message lists up to three close matches.

    Examples
    --------
    >>> resolve_kabkota("KAB. KUBU RAYA")
    '61.12'
    >>> resolve_kabkota("Kota Bogor")
    '32.71'
    """
    prov = None if province is None else _province_code(province)
    return _resolve(name_or_code, prov)


def _resolve(value: object, prov: str | None) -> str:
    _reject_number(value, "Kode kabupaten/kota")
    if not isinstance(value, str):
        raise UnknownRegionError(f"kabupaten/kota {value!r} tidak dikenal")
    text = " ".join(value.split())
    if not text:
        raise UnknownRegionError("nama atau kode kabupaten/kota kosong")
    code_match = _KABKOTA_CODE.match(text)
    if code_match:
        return _check_code(f"{code_match.group(1)}.{code_match.group(2)}", text, prov)
    jenis, core, whole = _split_prefix(text)
    index = _kabkota_index()
    entries = index.get(core, ())
    if jenis is not None:
        typed = tuple(e for e in entries if e.jenis == jenis)
        if not typed and whole != core:
            # "Kota Waringin Barat", "Kota Baru": the first word was part of the name.
            typed = index.get(whole, ())
        if not typed and entries:
            others = ", ".join(_describe(e.kode) for e in entries)
            raise UnknownRegionError(
                f"'{text}' tidak ada: tidak ada {jenis} dengan nama itu; yang ada: {others}"
            )
        entries = typed
    if not entries:
        raise UnknownRegionError(
            f"kabupaten/kota '{text}' tidak dikenal{_suggest_kabkota(text, prov)}"
        )
    in_province = entries if prov is None else tuple(e for e in entries if e.kode_provinsi == prov)
    if not in_province:
        raise _wrong_province(text, entries, prov)
    official = tuple(e for e in in_province if e.official)
    chosen = tuple(sorted(official or in_province, key=lambda e: e.kode))
    if len(chosen) > 1:
        listing = " dan ".join(_describe(e.kode) for e in chosen)
        raise AmbiguousRegionError(
            f"'{text}' ambigu: bisa {listing}; tulis lengkap dengan 'Kabupaten' atau 'Kota'"
            + ("" if prov else " atau sebutkan provinsinya"),
            tuple(e.kode for e in chosen),
        )
    return chosen[0].kode


def _check_code(code: str, text: str, prov: str | None) -> str:
    if code not in kabkota_codes():
        moved = _papua_old_codes().get(code)
        hint = (
            f"; kode lama sebelum pemekaran Papua 2022, sekarang {_describe(moved)}"
            if moved
            else ""
        )
        raise UnknownRegionError(f"kode kabupaten/kota '{text}' tidak dikenal{hint}")
    if prov is not None and province_of(code) != prov:
        raise _wrong_province(text, (_Entry(code, "", province_of(code), True),), prov)
    return code


def _wrong_province(text: str, entries: tuple[_Entry, ...], prov: str | None) -> WrongProvinceError:
    where = ", ".join(_describe(e.kode) for e in entries)
    first = entries[0]
    note = ""
    before = _papua_before_2022().get(first.kode)
    if before is not None and before == prov:
        note = (
            f" (sejak pemekaran 2022 termasuk {_province_cached(first.kode_provinsi).nama}; "
            f"sebelumnya {_province_cached(before).nama})"
        )
    return WrongProvinceError(
        f"'{text}' bukan kabupaten/kota di provinsi {_province_cached(prov).nama} ({prov}): "
        f"yang cocok adalah {where}{note}",
        first.kode,
        first.kode_provinsi,
    )


def _suggest_kabkota(text: str, prov: str | None) -> str:
    table = _kabkota_table()
    if prov is not None:
        table = table[table["kode_provinsi"] == prov]
    jenis, _, _ = _split_prefix(text)
    words = text.split()
    query = " ".join(words[1:]) if jenis is not None and len(words) > 1 else text
    return _suggest(
        query, table["nama_pendek"], table["kode_kabkota"], display=table["nama_kabkota"]
    )


@dataclass(frozen=True)
class KabkotaResolution:
    """Result of resolving many kab/kota values at once.

    Attributes
    ----------
    codes : pandas.Series
        One code per input row (``string`` dtype), ``<NA>`` where the value was blank or
        could not be resolved.
    errors : dict
        For each distinct unresolved (non-blank) input value, the message explaining why.
    """

    codes: pd.Series
    errors: dict[str, str]


def resolve_kabkota_detail(series: pd.Series, province: str | None = None) -> KabkotaResolution:
    """Resolve a column of kab/kota names or codes, each distinct value once.

    Parameters
    ----------
    series : pandas.Series
        Names, aliases or codes as typed (blank cells become ``<NA>`` without an error).
    province : str, optional
        The province every value must belong to.

    Returns
    -------
    KabkotaResolution
        The codes aligned with ``series`` and the error message of each unresolved value.
    """
    prov = None if province is None else _province_code(province)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    resolved = np.empty(len(uniques) + 1, dtype=object)
    resolved[-1] = pd.NA
    errors: dict[str, str] = {}
    for i, value in enumerate(uniques):
        if isinstance(value, str) and not value.strip():
            resolved[i] = pd.NA
            continue
        try:
            resolved[i] = _resolve(value, prov)
        except UnknownRegionError as err:
            resolved[i] = pd.NA
            errors[str(value)] = str(err)
    out = pd.Series(resolved[codes], index=series.index, name=series.name, dtype="string")
    if errors:
        logger.debug("%d distinct kab/kota values not resolved", len(errors))
    return KabkotaResolution(codes=out, errors=errors)


def resolve_kabkota_series(series: pd.Series, province: str | None = None) -> pd.Series:
    """Resolve a column of kab/kota names or codes; ``<NA>`` where a value is not resolved.

    Use :func:`resolve_kabkota_detail` to get the message for each unresolved value.

    Examples
    --------
    >>> resolve_kabkota_series(pd.Series(["Kubu Raya", "Kota Pontianak", "Atlantis"])).tolist()
    ['61.12', '61.71', <NA>]
    """
    return resolve_kabkota_detail(series, province).codes


# --------------------------------------------------------------------------- Papua 2022 split


def papua_pemekaran() -> pd.DataFrame:
    """Return the kab/kota that moved to the four new Papua provinces in 2022.

    Returns
    -------
    pandas.DataFrame
        Columns ``kode_kabkota`` (current code), ``nama_kabkota``, ``kode_provinsi`` (new),
        ``kode_kabkota_lama`` (code before the split), ``kode_provinsi_lama`` (``"91"`` Papua or
        ``"92"`` Papua Barat), ``dasar_hukum`` and ``catatan``.
    """
    return _papua_table().copy()


@lru_cache(maxsize=1)
def _papua_before_2022() -> dict[str, str]:
    t = _papua_table()
    return dict(zip(t["kode_kabkota"], t["kode_provinsi_lama"], strict=True))


@lru_cache(maxsize=1)
def _papua_old_codes() -> dict[str, str]:
    t = _papua_table()
    return dict(zip(t["kode_kabkota_lama"], t["kode_kabkota"], strict=True))


NEW_PAPUA_PROVINCES = {"93": "91", "94": "91", "95": "91", "96": "92"}
"""The four provinces created in 2022 and the province each was split from."""


def province_before_2022(kode_kabkota: str) -> str:
    """Return the province a current kab/kota belonged to before the 2022 Papua split.

    Parameters
    ----------
    kode_kabkota : str
        A current kab/kota code.

    Returns
    -------
    str
        ``"91"`` (Papua) or ``"92"`` (Papua Barat) for the kab/kota of provinces 93-96, the
        current province for every other kab/kota.

    Examples
    --------
    >>> province_before_2022("93.01")
    '91'
    >>> province_before_2022("61.12")
    '61'
    """
    current = province_of(kode_kabkota)
    return _papua_before_2022().get(kode_kabkota, current)


def province_38_to_34(kode_provinsi: str) -> str:
    """Return the 34-province code covering a current province (``"96"`` → ``"92"``)."""
    code = _province_code(kode_provinsi)
    return NEW_PAPUA_PROVINCES.get(code, code)


def map_34_to_38(kode_kabkota: pd.Series) -> pd.Series:
    """Translate pre-2022 kab/kota codes of Papua and Papua Barat to the current codes.

    Pre-split data codes Merauke ``"91.01"`` and Sorong ``"92.01"``; today they are ``"93.01"``
    and ``"96.01"``. Old codes that moved are replaced; every other value is kept as is (no old
    code that moved is reused by a current kab/kota, so the mapping is unambiguous).

    Parameters
    ----------
    kode_kabkota : pandas.Series
        Kab/kota codes as strings.

    Returns
    -------
    pandas.Series
        The current codes, ``string`` dtype.

    Examples
    --------
    >>> map_34_to_38(pd.Series(["91.01", "91.03", "92.01"])).tolist()
    ['93.01', '91.03', '96.01']
    """
    mapping = _papua_old_codes()
    values = kode_kabkota.astype("string")
    return values.map(lambda v: mapping.get(v, v) if isinstance(v, str) else v).astype("string")


def map_38_to_34(kode_provinsi: pd.Series) -> pd.Series:
    """Fold the four new Papua provinces into Papua (91) and Papua Barat (92).

    Use it to compare current data with pre-2022 province series: sum the folded rows.
    """
    values = kode_provinsi.astype("string")
    return values.map(lambda v: NEW_PAPUA_PROVINCES.get(v, v) if isinstance(v, str) else v).astype(
        "string"
    )


# --------------------------------------------------------------------------- alias table


GENERATED_NOTE = "dibuat otomatis dari regions_kemendagri.csv"


def generated_kabkota_aliases() -> pd.DataFrame:
    """Return the alias rows derived from the official names (the generated part of the table).

    For each kab/kota: the official name (``resmi``), the name without ``Kabupaten``/``Kota``
    (``nama pendek``) and, for kabupaten, the ``Kab.`` abbreviation (``singkatan awalan``).
    ``kabkota_alias.csv`` holds these rows followed by the hand-added ones; a test keeps the
    generated part in step with ``regions_kemendagri.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``alias``, ``kode_kabkota``, ``jenis_alias``, ``keterangan``.
    """
    rows = []
    for r in _kabkota_table().itertuples():
        rows.append((r.nama_kabkota, r.kode_kabkota, "resmi"))
        rows.append((r.nama_pendek, r.kode_kabkota, "nama pendek"))
        if r.jenis == "Kabupaten":
            rows.append((f"Kab. {r.nama_pendek}", r.kode_kabkota, "singkatan awalan"))
    out = pd.DataFrame(rows, columns=["alias", "kode_kabkota", "jenis_alias"])
    out["keterangan"] = GENERATED_NOTE
    return out


def build_kabkota_alias_table(manual: pd.DataFrame) -> pd.DataFrame:
    """Return the full alias table: generated rows, then the hand-added ``manual`` rows."""
    manual = manual[manual["keterangan"] != GENERATED_NOTE]
    return pd.concat([generated_kabkota_aliases(), manual], ignore_index=True)
