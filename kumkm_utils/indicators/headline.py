"""The headline indicator table: value, previous year, change and rating or direction.

:data:`HEADLINES` lists the indicators of the executive summary in report order, each with
the function and column that compute it and how to format it; its name, denominator and
direction come from the indicator catalogue. Programme achievements get the five-band rating; every other indicator a direction
(membaik / memburuk / tetap) read from its change and its ``arah``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import duckdb
import pandas as pd

from kumkm_utils import formatting as fmt
from kumkm_utils import reference
from kumkm_utils.indicators import _core, ekonomi, koperasi, pengawasan, program, umkm, usaha
from kumkm_utils.indicators.trend import total_rows

Format = Literal["angka", "persen", "rupiah"]

MEMBAIK, MEMBURUK, TETAP = "Membaik", "Memburuk", "Tetap"


@dataclass(frozen=True)
class Headline:
    """One headline indicator: where it comes from and how it reads."""

    kode: str
    """Code in the indicator catalogue (``kumkm_utils.reference.indicators()``)."""
    fungsi: Callable[..., pd.DataFrame]
    kolom: str
    format: Format
    dinilai: bool = False
    """True: rated with the five-band LKjIP scale instead of a direction."""

    @property
    def nama(self) -> str:
        """Catalogue name, with the denominator of a percentage ("... (dari koperasi aktif)")."""
        entry = reference.indicator(self.kode)
        nama, penyebut = str(entry["nama"]), str(entry.get("penyebut") or "")
        if self.format != "persen" or not penyebut or self.kode.startswith("pertumbuhan"):
            return nama
        if nama.endswith(")") or "(" in penyebut:
            return f"{nama}; dari {penyebut}"
        return f"{nama} (dari {penyebut})"

    @property
    def naik_lebih_baik(self) -> bool:
        """Whether a higher value is better (catalogue ``arah`` = ``naik``)."""
        return reference.indicator(self.kode)["arah"] == "naik"

    @property
    def satuan(self) -> str:
        """Unit of the value column of the display table."""
        if self.format == "angka":  # what is counted: "unit" (koperasi, UMKM), "orang" (anggota)
            return str(reference.indicator(self.kode).get("satuan") or "unit")
        return {"persen": "%", "rupiah": "Rp miliar"}[self.format]


HEADLINES: tuple[Headline, ...] = (
    Headline("koperasi_aktif", koperasi.kelembagaan, "koperasi_aktif", "angka"),
    Headline("persen_koperasi_aktif", koperasi.kelembagaan, "persen_aktif", "persen"),
    Headline("persen_rat", koperasi.kelembagaan, "persen_rat", "persen"),
    Headline("jumlah_anggota", koperasi.anggota, "anggota", "angka"),
    Headline("volume_usaha", usaha.usaha, "volume_usaha_rp", "rupiah"),
    Headline("pertumbuhan_volume_usaha", usaha.usaha, "pertumbuhan_volume_usaha", "persen"),
    Headline("shu", usaha.usaha, "shu_rp", "rupiah"),
    Headline("persen_usp_dinilai", pengawasan.kesehatan, "persen_dinilai", "persen"),
    Headline("persen_ksp_sehat", pengawasan.kesehatan, "persen_sehat", "persen"),
    Headline("persen_koperasi_bermasalah", pengawasan.bermasalah, "persen_bermasalah", "persen"),
    Headline("jumlah_umkm", umkm.skala, "jumlah_umkm", "angka"),
    Headline("persen_ukm", umkm.skala, "persen_ukm", "persen"),
    Headline("persen_umkm_nib", umkm.profil, "persen_nib", "persen"),
    Headline("persen_umkm_digital", umkm.profil, "persen_digital", "persen"),
    Headline("serapan_anggaran", program.realisasi, "persen_keuangan", "persen", dinilai=True),
    Headline("capaian_fisik", program.realisasi, "capaian_fisik", "persen", dinilai=True),
    Headline("kontribusi_koperasi_pdrb", ekonomi.kontribusi_pdrb, "kontribusi_pdrb", "persen"),
)
"""The headline indicators of the executive summary, in report order."""


def _call(
    spec: Headline, con: duckdb.DuckDBPyConnection, province: str | None, year: int
) -> pd.DataFrame:
    return spec.fungsi(con, province=province, year=year, by="provinsi", n_years=2)


def persen_decimals(value: float | None) -> int:
    """Decimals to show a percentage with: 2 below 5% (e.g. 0,35%, 2,44%), else 1."""
    return 2 if value is not None and not pd.isna(value) and abs(float(value)) < 5 else 1


def arah_perubahan(change: float | None, naik_lebih_baik: bool, *, decimals: int = 9) -> str | None:
    """Return Membaik / Memburuk / Tetap for a change given the indicator's direction.

    A change that rounds to zero at the shown ``decimals`` is Tetap, so the table never says
    "0,0 poin, Membaik".

    Examples
    --------
    >>> arah_perubahan(-2.0, naik_lebih_baik=False)
    'Membaik'
    >>> arah_perubahan(0.04, naik_lebih_baik=True, decimals=1)
    'Tetap'
    """
    if change is None or pd.isna(change):
        return None
    if round(float(change), decimals) == 0:
        return TETAP
    return MEMBAIK if (change > 0) == naik_lebih_baik else MEMBURUK


@_core.remembered
def headline(con: duckdb.DuckDBPyConnection, *, province: str | None, year: int) -> pd.DataFrame:
    """Compute the headline indicators of a province (or Indonesia) for a year.

    Parameters
    ----------
    con
        Open warehouse connection.
    province
        Province code, or None for the national totals.
    year
        Evaluation year.

    Returns
    -------
    pandas.DataFrame
        One row per :data:`HEADLINES` entry: ``kode``, ``indikator``, ``format``, ``satuan``,
        ``nilai``, ``nilai_sebelumnya``, ``perubahan`` (points for percentages) and
        ``penilaian`` (five-band rating or direction; NA when it cannot be said).
    """
    cache: dict[Callable[..., pd.DataFrame], pd.DataFrame] = {}
    rows = []
    for spec in HEADLINES:
        if spec.fungsi not in cache:
            cache[spec.fungsi] = total_rows(_call(spec, con, province, year))
        frame = cache[spec.fungsi]
        by_year = frame.set_index("tahun")[spec.kolom]
        now = by_year.get(year, pd.NA)
        before = by_year.get(year - 1, pd.NA)
        change = now - before if not (pd.isna(now) or pd.isna(before)) else pd.NA
        if spec.dinilai:
            rating = program.predikat(pd.Series([now], dtype="Float64")).iloc[0]
        else:
            rating = arah_perubahan(
                change if spec.format != "rupiah" or pd.isna(change) else change / 1e6,
                spec.naik_lebih_baik,
                decimals=_shown_decimals(spec.format, now),
            )
        rows.append(
            {
                "kode": spec.kode,
                "indikator": spec.nama,
                "format": spec.format,
                "satuan": spec.satuan,
                "nilai": now,
                "nilai_sebelumnya": before,
                "perubahan": change,
                "penilaian": pd.NA if rating is None else rating,
            }
        )
    out = pd.DataFrame(rows)
    for column in ("nilai", "nilai_sebelumnya", "perubahan"):
        out[column] = out[column].astype("Float64")
    out["penilaian"] = out["penilaian"].astype("string")
    return out


def _shown_decimals(kind: str, value: float | None) -> int:
    """Decimals of the change shown in the headline table (the display's decimals rule: one per
    unit, :func:`kumkm_utils.formatting.desimal`): counts 0, percent points and money 1."""
    return 0 if kind == "angka" else 1


def _format_value(value: float, kind: str, reference_value: float | None = None) -> str:
    if kind == "persen":
        return fmt.persen(
            value, persen_decimals(value if reference_value is None else reference_value)
        )
    if kind == "rupiah":
        return fmt.rupiah(value)
    return fmt.angka(value)


def _format_change(value: float, kind: str, reference_value: float | None = None) -> str:
    if kind == "persen":
        return fmt.perubahan(value, persen_decimals(reference_value), satuan=" poin")
    if kind == "rupiah":
        return fmt.perubahan_rupiah(value)
    return fmt.perubahan(value, 0)


def headline_text(frame: pd.DataFrame, *, year: int) -> str:
    """Lay out a :func:`headline` frame as a deterministic plain-text table.

    Values are formatted the Indonesian way (``18,3%``, ``Rp 1,2 M``); missing values read
    "tidak ada data", changes that cannot be computed "–".
    """
    table = pd.DataFrame(
        {
            "Indikator": frame["indikator"],
            str(year): [
                _format_value(v, k) for v, k in zip(frame["nilai"], frame["format"], strict=True)
            ],
            str(year - 1): [
                _format_value(v, k, n)
                for v, k, n in zip(
                    frame["nilai_sebelumnya"], frame["format"], frame["nilai"], strict=True
                )
            ],
            "Perubahan": [
                _format_change(v, k, n)
                for v, k, n in zip(frame["perubahan"], frame["format"], frame["nilai"], strict=True)
            ],
            "Penilaian": frame["penilaian"].fillna(fmt.STRIP),
        }
    )
    return fmt.tabel_teks(table)


def headline_display(frame: pd.DataFrame, *, year: int) -> pd.DataFrame:
    """Return the headline table for :func:`kumkm_utils.display.table`: numbers stay numbers.

    Money is expressed in Rp miliar so that one value column can hold every indicator; the
    ``Satuan`` column says the unit of each row.
    """
    scale = frame["format"].map({"rupiah": 1e-9}).fillna(1.0)
    return pd.DataFrame(
        {
            "Indikator": frame["indikator"],
            "Satuan": frame["satuan"],
            f"Nilai {year}": (frame["nilai"] * scale).astype("Float64"),
            f"Nilai {year - 1}": (frame["nilai_sebelumnya"] * scale).astype("Float64"),
            "Perubahan": (frame["perubahan"] * scale).astype("Float64"),
            "Penilaian": frame["penilaian"],
        }
    )


def ringkas(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None = None,
    year: int,
    codes: tuple[str, ...] = ("koperasi_aktif", "persen_rat", "persen_ukm", "serapan_anggaran"),
) -> pd.DataFrame:
    """A few headline values per province side by side (national roll-up, index page).

    Parameters
    ----------
    province
        None for every province (plus the national total), or one province.
    codes
        Headline codes (:data:`HEADLINES`) to include.

    Returns
    -------
    pandas.DataFrame
        ``tingkat``, ``kode_wilayah``, ``nama_wilayah``, ``tahun`` and one column per code.
    """
    specs = [s for s in HEADLINES if s.kode in codes]
    out: pd.DataFrame | None = None
    for spec in specs:
        frame = spec.fungsi(con, province=province, year=year, by="provinsi")
        if "kode" in frame.columns:  # programme frames: kode/nama instead of the region ids
            frame = frame.rename(columns={"kode": "kode_wilayah", "nama": "nama_wilayah"})
        part = frame[["tingkat", "kode_wilayah", "nama_wilayah", "tahun", spec.kolom]].rename(
            columns={spec.kolom: spec.kode}
        )
        out = (
            part
            if out is None
            else out.merge(
                part, on=["tingkat", "kode_wilayah", "nama_wilayah", "tahun"], how="outer"
            )
        )
    if out is None:
        return pd.DataFrame(columns=["tingkat", "kode_wilayah", "nama_wilayah", "tahun"])
    out["_rank"] = (out["tingkat"] == "nasional").astype(int)
    return out.sort_values(["_rank", "kode_wilayah"]).drop(columns="_rank").reset_index(drop=True)


INDEKS = {
    "koperasi_aktif": "Koperasi aktif",
    "persen_rat": "RAT (% dari koperasi aktif)",
    "serapan_anggaran": "Serapan anggaran (%)",
}
"""Headline codes shown on the index page, with their short labels."""


def indeks(frame: pd.DataFrame) -> dict[str, float | None]:
    """Return the index-page headline (short label → value) from a :func:`headline` frame."""
    values = frame.set_index("kode")["nilai"]
    return {
        label: (None if pd.isna(values[code]) else round(float(values[code]), 2))
        for code, label in INDEKS.items()
    }


def _angka_ringkas(value: object) -> str:
    """Whole numbers without decimals, values below 5 with two, others with one."""
    number = float(value)  # type: ignore[arg-type]
    if number.is_integer():
        return fmt.angka(number, 0)
    return fmt.angka(number, 2 if abs(number) < 5 else 1)


def _perubahan_ringkas(value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    decimals = 0 if number.is_integer() else 2 if abs(number) < 5 else 1
    return fmt.perubahan(number, decimals)


def tampilkan(
    frame: pd.DataFrame, *, year: int, key: str, title: str, note: str | None = None
) -> None:
    """Show the headline table (:func:`headline_display`) with compact Indonesian number formats."""
    from kumkm_utils import display

    table = headline_display(frame, year=year)
    # no per-value formats: the display's decimals rule gives every row the decimals of its
    # unit (the "Satuan" column), so one column never mixes 0,22 with 10,6
    display.table(table, key=key, title=title, note=note)
