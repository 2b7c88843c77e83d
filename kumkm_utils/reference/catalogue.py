"""Reference catalogues: nomenclature 2.17, national priorities, indicators, published figures.

Each function reads one CSV of ``data/reference/`` (cached) and returns a fresh copy, so callers
may modify what they get. Codes stay strings. Every table carries its source (a ``sumber`` or
``source_url`` column) and caveats (``catatan``); ``data/reference/README.md`` lists the files.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from kumkm_utils.config import REFERENCE_DIR
from kumkm_utils.exceptions import KumkmError

NOMENCLATURE_FILE = "nomenklatur_2_17.csv"
PRIORITIES_FILE = "prioritas_nasional.csv"
PUBLISHED_PROVINCE_FILE = "published_province.csv"
PUBLISHED_NATIONAL_FILE = "published_national.csv"
SEED_FACTS_FILE = "seed_facts.csv"

LEVELS = ("program", "kegiatan", "sub_kegiatan")
TINGKAT = ("provinsi", "kabkota")

PRIORITY_CODES = (
    "PL-KUMKM",
    "MP-UMKM",
    "KWU",
    "NEW-PLUT",
    "KOP-PANGAN",
    "KEMISKINAN-EKSTREM",
    "ASTA-CITA",
    "MBG",
    "KDKMP",
)
"""The national priority codes of the design contract (``program.prioritas_nasional``)."""


class UnknownReferenceError(KumkmError, LookupError):
    """A code (indicator, priority, nomenclature) that the reference tables do not know."""


@cache
def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / name, dtype=str, keep_default_na=False)


def _nullable(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Turn empty strings into <NA> in ``columns`` (text stays text)."""
    out = frame.copy()
    for col in columns:
        out[col] = out[col].replace("", pd.NA).astype("string")
    return out


# --------------------------------------------------------------------------- nomenclature


def nomenclature(level: str | None = None, *, tingkat: str | None = None) -> pd.DataFrame:
    """Return the nomenclature of urusan 2.17 (Koperasi, Usaha Kecil dan Menengah).

    Parameters
    ----------
    level : {"program", "kegiatan", "sub_kegiatan"}, optional
        Keep one level only.
    tingkat : {"provinsi", "kabkota"}, optional
        Keep the kegiatan/sub kegiatan of one government level (``.1.`` or ``.2.`` in the
        code); programmes have no tingkat and are dropped by this filter.

    Returns
    -------
    pandas.DataFrame
        Columns ``kode``, ``level``, ``tingkat``, ``kode_program``, ``nama``,
        ``indikator_keluaran``, ``satuan``, ``sumber``, ``catatan``, sorted by code.
        Provincial sub kegiatan mirror the kab/kota ones and are marked ⚠ in ``catatan``.

    Raises
    ------
    ValueError
        If ``level`` or ``tingkat`` is not one of the allowed values.

    Examples
    --------
    >>> nomenclature("program")["kode"].tolist()[:2]
    ['2.17.01', '2.17.02']
    """
    if level is not None and level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    if tingkat is not None and tingkat not in TINGKAT:
        raise ValueError(f"tingkat must be one of {TINGKAT}, got {tingkat!r}")
    table = _read(NOMENCLATURE_FILE)
    if level is not None:
        table = table[table["level"] == level]
    if tingkat is not None:
        table = table[table["tingkat"] == tingkat]
    return table.reset_index(drop=True).copy()


def programme_of(kode: str) -> str:
    """Return the programme code of a nomenclature code (``"2.17.07.1.01.0003"`` → ``"2.17.07"``).

    Raises
    ------
    UnknownReferenceError
        If the code is not of urusan 2.17.
    """
    parts = str(kode).split(".")
    if len(parts) < 3 or parts[:2] != ["2", "17"] or not parts[2].isdigit():
        raise UnknownReferenceError(f"kode '{kode}' bukan kode nomenklatur urusan 2.17")
    return ".".join(parts[:3])


# --------------------------------------------------------------------------- priorities


def priorities(year: int | None = None) -> pd.DataFrame:
    """Return the national priorities, all or those valid in ``year``.

    Parameters
    ----------
    year : int, optional
        A plan or evaluation year; a priority is valid when
        ``tahun_mulai <= year <= tahun_selesai`` (2023 set: 2023-2024; 2025 set: 2025-2029).

    Returns
    -------
    pandas.DataFrame
        Columns ``kode``, ``nama``, ``uraian``, ``tahun_mulai``, ``tahun_selesai`` (Int64),
        ``program_terkait`` (tuple of programme codes that can serve it), ``sumber``,
        ``catatan``.

    Examples
    --------
    >>> priorities(2026)["kode"].tolist()
    ['ASTA-CITA', 'MBG', 'KDKMP']
    """
    table = _read(PRIORITIES_FILE).copy()
    for col in ("tahun_mulai", "tahun_selesai"):
        table[col] = table[col].astype("Int64")
    table["program_terkait"] = table["program_terkait"].map(lambda s: tuple(s.split(";")))
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, int):
            raise TypeError(f"year must be an int, got {year!r}")
        table = table[(table["tahun_mulai"] <= year) & (table["tahun_selesai"] >= year)]
    return table.reset_index(drop=True)


# --------------------------------------------------------------------------- indicators


def indicators(kelompok: str | None = None) -> pd.DataFrame:
    """Return the indicator catalogue, built from the declarations
    (:mod:`kumkm_utils.indicators.deklarasi`, the one home of every indicator).

    Parameters
    ----------
    kelompok : str, optional
        ``kelembagaan``, ``usaha``, ``pengawasan``, ``umkm``, ``program`` or ``eksternal``
        (indicators published by others, not computed from Dinas submissions).

    Returns
    -------
    pandas.DataFrame
        Columns ``kode``, ``nama``, ``label_pendek``, ``kelompok``, ``definisi``,
        ``pembilang``, ``penyebut``, ``satuan``, ``arah`` (``naik`` = higher is better,
        ``turun`` = lower is better), ``desimal``, ``dataset``, ``dihitung`` (``ya``/``tidak``),
        ``peran``, ``sumber``, ``catatan``.
    """
    from kumkm_utils.indicators import deklarasi

    table = deklarasi.katalog()
    if kelompok is not None:
        known = sorted(set(table["kelompok"]))
        if kelompok not in known:
            raise ValueError(f"kelompok must be one of {known}, got {kelompok!r}")
        table = table[table["kelompok"] == kelompok]
    return table.reset_index(drop=True).copy()


def indicator(kode: str) -> dict[str, str]:
    """Return one indicator of the catalogue as a dict.

    Raises
    ------
    UnknownReferenceError
        If ``kode`` is not declared; the message lists close codes.

    Examples
    --------
    >>> indicator("persen_rat")["penyebut"]
    'koperasi yang berstatus aktif'
    """
    records = indicators().set_index("kode")
    if kode not in records.index:
        from rapidfuzz import process

        close = [c for c, _, _ in process.extract(str(kode), list(records.index), limit=3)]
        raise UnknownReferenceError(
            f"indikator '{kode}' tidak ada di katalog; yang mirip: {', '.join(close)}"
        )
    return {"kode": kode, **records.loc[kode].to_dict()}


# --------------------------------------------------------------------------- published figures


def _typed_published(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    out["year"] = out["year"].astype("Int64")
    out["value"] = pd.to_numeric(out["value"]).astype("Float64")
    return out


def published(indicator: str | None = None, province: str | None = None) -> pd.DataFrame:
    """Return published province figures (real, with their source URL).

    Parameters
    ----------
    indicator : str, optional
        E.g. ``"koperasi_aktif_bps"``. The suffix names the reporting system (``_bps``,
        ``_kemenkop``, ``_dinas``, ``_pemprov``, ``_se2016``); never mix systems in a series.
    province : str, optional
        Anything :func:`kumkm_utils.regions.province` accepts.

    Returns
    -------
    pandas.DataFrame
        Columns ``kode_provinsi``, ``province_name``, ``year`` (Int64), ``indicator``,
        ``value`` (Float64, in ``unit``), ``unit``, ``source_url``.
    """
    table = _read(PUBLISHED_PROVINCE_FILE)
    if indicator is not None:
        table = table[table["indicator"] == indicator]
    if province is not None:
        from kumkm_utils.regions import province as _province

        table = table[table["kode_provinsi"] == _province(province).kode]
    return _typed_published(table.reset_index(drop=True))


def published_national(indicator: str | None = None) -> pd.DataFrame:
    """Return published national figures (same columns as :func:`published`, no province code)."""
    table = _read(PUBLISHED_NATIONAL_FILE)
    if indicator is not None:
        table = table[table["indicator"] == indicator]
    return _typed_published(table.reset_index(drop=True))


def seed_facts(province: str | None = None) -> pd.DataFrame:
    """Return the figures stated at Rakorda meetings (``qualifier``: exact/about/more_than)."""
    table = _read(SEED_FACTS_FILE).copy()
    if province is not None:
        from kumkm_utils.regions import province as _province

        table = table[table["province_code"] == _province(province).kode]
    table["year"] = table["year"].astype("Int64")
    table["value"] = pd.to_numeric(table["value"]).astype("Float64")
    return table.reset_index(drop=True)
