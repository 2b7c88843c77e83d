"""The region reference tables and lookups: 38 provinces, 514 kab/kota, by code or name.

Everything is read from ``data/reference/`` (see :mod:`kumkm_utils.regions`) once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from kumkm_utils.config import REFERENCE_DIR
from kumkm_utils.exceptions import UnknownRegionError
from kumkm_utils.regions.codes import PROVINCE_CODE, RegionCodeTypeError, reject_number
from kumkm_utils.regions.names import province_key, short_name, slugify, split_prefix, suggest

REGIONS_FILE = "regions_kemendagri.csv"
PROVINCE_ALIAS_FILE = "provinsi_alias.csv"
KABKOTA_ALIAS_FILE = "kabkota_alias.csv"
PAPUA_FILE = "papua_pemekaran.csv"

JENIS_KABKOTA = ("Kabupaten", "Kota")


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
            "nama_pendek": kk["name"].map(short_name),
            "jenis": kk["type"].str.capitalize(),
            "kode_provinsi": kk["province_code"],
        }
    )
    return out.sort_values("kode_kabkota").reset_index(drop=True)


@lru_cache(maxsize=1)
def _province_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for row in _province_table().itertuples():
        index[province_key(row.nama_provinsi)] = row.kode_provinsi
    for row in _read(PROVINCE_ALIAS_FILE).itertuples():
        key = province_key(row.alias)
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
        _, core, _ = split_prefix(row.alias)
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
    reject_number(code_or_name, "Kode provinsi")
    if not isinstance(code_or_name, str):
        raise RegionCodeTypeError(
            f"provinsi harus berupa teks (kode atau nama), bukan {type(code_or_name).__name__}"
        )
    text = code_or_name.strip()
    table = _province_table()
    if PROVINCE_CODE.match(text):
        if text in set(table["kode_provinsi"]):
            return text
        raise UnknownRegionError(
            f"kode provinsi '{text}' tidak dikenal; kode provinsi yang berlaku: "
            f"{', '.join(table['kode_provinsi'])}"
        )
    code = _province_index().get(province_key(text))
    if code is None:
        raise UnknownRegionError(
            f"provinsi '{text}' tidak dikenal"
            + suggest(text, table["nama_provinsi"], table["kode_provinsi"])
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
    reject_number(kode_kabkota, "Kode kabupaten/kota")
    try:
        return _kabkota_by_code()[kode_kabkota][1]
    except KeyError:
        raise UnknownRegionError(f"kode kabupaten/kota '{kode_kabkota}' tidak dikenal") from None


def kabkota_name(kode_kabkota: str) -> str:
    """Return the official name of a kab/kota code (``"61.12"`` → ``"Kabupaten Kubu Raya"``)."""
    reject_number(kode_kabkota, "Kode kabupaten/kota")
    try:
        return _kabkota_by_code()[kode_kabkota][0]
    except KeyError:
        raise UnknownRegionError(f"kode kabupaten/kota '{kode_kabkota}' tidak dikenal") from None


def _describe(kode: str) -> str:
    nama, prov = _kabkota_by_code()[kode]
    return f"{nama} ({kode}, {_province_cached(prov).nama})"
