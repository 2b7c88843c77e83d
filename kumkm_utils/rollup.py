"""The national roll-up for the Rakortek: 38 provinces side by side, national totals from the parts.

How the national picture is built:

1. :func:`province_parts` asks the indicator functions (:mod:`kumkm_utils.indicators`) for
   one row per province and year of **numerators and denominators** (counts and sums computed
   in DuckDB: only 38 rows per year reach pandas, whatever the size of the tables);
2. every headline indicator (:data:`UKURAN`) is a ratio of two of those columns (or one
   column), computed the same way for a province and for Indonesia;
3. :func:`national_totals` sums numerators and denominators over the provinces that have
   both, then divides: a national percentage is **never an average of provincial
   percentages** (three provinces with RAT 1/10, 1/10 and 80/100 give 82/120 = 68,3%, not
   the mean 40%).

Rankings, the distribution across provinces, the comparison with published national series,
the province × national-priority matrix and the provenance tables are pure functions of these
frames, so the national notebook only calls them and shows the results.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from kumkm_utils import formatting as fmt
from kumkm_utils.exceptions import ParameterError
from kumkm_utils.indicators import _wilayah
from kumkm_utils.indicators._core import query, ratio, years_ending

logger = logging.getLogger(__name__)

DATASETS = ("koperasi", "umkm", "program")
"""Datasets whose presence per province is tracked (``ada_<dataset>`` columns)."""

JUMLAH_PROVINSI = 38

MEMORY_LIMIT = "400MB"
"""DuckDB memory limit of the roll-up's connection (the report kernel must stay under 500 MB)."""


# --------------------------------------------------------------------------- measures
@dataclass(frozen=True)
class Ukuran:
    """One headline indicator of the roll-up, defined by the part columns it divides.

    The value is ``pembilang / penyebut × skala`` (``penyebut`` None: the plain sum of
    ``pembilang``); with ``pertumbuhan`` it is ``(pembilang − penyebut) / penyebut × 100``.
    """

    kode: str
    """Code in the indicator catalogue (``kumkm_utils.reference.indicators()``)."""
    nama: str
    """Indonesian name shown in the report (ratios name their denominator)."""
    satuan: str
    """``"%"``, ``"Rp"``, ``"unit"`` or ``"orang"``."""
    dataset: str
    pembilang: str
    penyebut: str | None = None
    skala: float = 100.0
    pertumbuhan: bool = False
    naik_lebih_baik: bool = True
    dinilai: bool = False
    """True: rated with the five-band LKjIP scale (programme achievements)."""
    label_pembilang: str = ""
    label_penyebut: str = ""


UKURAN: tuple[Ukuran, ...] = (
    Ukuran("koperasi_aktif", "Jumlah koperasi aktif", "unit", "koperasi", "koperasi_aktif"),
    Ukuran("persen_koperasi_aktif", "Koperasi aktif (% dari seluruh koperasi)", "%", "koperasi",
           "koperasi_aktif", "jumlah_koperasi", label_pembilang="Koperasi aktif",
           label_penyebut="Jumlah koperasi"),
    Ukuran("persen_rat", "Koperasi aktif yang melaksanakan RAT (% dari koperasi aktif)", "%", "koperasi",
           "koperasi_rat", "koperasi_aktif", label_pembilang="Koperasi aktif yang RAT",
           label_penyebut="Koperasi aktif"),
    Ukuran("jumlah_anggota", "Jumlah anggota koperasi", "orang", "koperasi", "anggota"),
    Ukuran("volume_usaha", "Volume usaha koperasi", "Rp", "koperasi", "volume_usaha_rp"),
    Ukuran("pertumbuhan_volume_usaha", "Pertumbuhan volume usaha koperasi (% dari tahun sebelumnya)", "%",
           "koperasi", "vu_banding_rp", "vu_sebelumnya_banding_rp", pertumbuhan=True,
           label_pembilang="Volume usaha tahun ini", label_penyebut="Volume usaha tahun sebelumnya"),
    Ukuran("jumlah_umkm", "Jumlah UMKM terdata", "unit", "umkm", "jumlah_umkm"),
    Ukuran("persen_ukm", "Usaha kecil dan menengah (% dari UMKM dengan skala diketahui)", "%", "umkm",
           "ukm", "umkm_skala_diketahui", label_pembilang="Usaha kecil + menengah",
           label_penyebut="UMKM dengan skala diketahui"),
    Ukuran("persen_umkm_naik_kelas", "UMKM yang naik kelas (% dari unit yang tercatat dua tahun)", "%",
           "umkm", "naik", "diikuti", label_pembilang="Unit naik kelas",
           label_penyebut="Unit tercatat tahun lalu dan tahun ini"),
    Ukuran("persen_umkm_nib", "UMKM yang memiliki NIB (% dari UMKM)", "%", "umkm", "punya_nib", "jumlah_umkm",
           label_pembilang="UMKM ber-NIB", label_penyebut="Jumlah UMKM"),
    Ukuran("serapan_anggaran", "Serapan anggaran program (% realisasi keuangan dari pagu)", "%", "program",
           "realisasi_keuangan_rp", "pagu_rp", dinilai=True, label_pembilang="Realisasi keuangan (Rp)",
           label_penyebut="Pagu (Rp)"),
    Ukuran("capaian_fisik", "Capaian fisik program (% tertimbang pagu)", "%", "program",
           "fisik_tertimbang", "pagu_bertarget_rp", skala=1.0, dinilai=True,
           label_pembilang="Σ pagu × capaian (Rp·%)", label_penyebut="Pagu sub kegiatan bertarget (Rp)"),
)
"""The headline indicators of the national roll-up, in report order."""

PERINGKAT: tuple[str, ...] = (
    "persen_koperasi_aktif", "persen_rat", "volume_usaha", "pertumbuhan_volume_usaha", "persen_ukm",
    "persen_umkm_naik_kelas", "persen_umkm_nib", "serapan_anggaran", "capaian_fisik",
)
"""Indicators ranked across provinces (section "Peringkat provinsi")."""

PETA: tuple[str, ...] = ("persen_rat", "persen_ukm", "serapan_anggaran")
"""Indicators drawn on the tile map of the archipelago."""

SUM_COLUMNS: tuple[str, ...] = (
    "jumlah_koperasi", "koperasi_aktif", "koperasi_rat", "anggota", "modal_rp", "aset_rp", "volume_usaha_rp",
    "volume_usaha_sebelumnya_rp", "shu_rp", "vu_banding_rp", "vu_sebelumnya_banding_rp",
    "jumlah_umkm", "mikro", "kecil", "menengah", "ukm", "umkm_skala_diketahui", "punya_nib", "diikuti", "naik",
    "pagu_rp", "realisasi_keuangan_rp", "pagu_bertarget_rp", "fisik_tertimbang",
)
"""Numerator and denominator columns of :func:`province_parts` (summed for Indonesia)."""

_BY_CODE = {u.kode: u for u in UKURAN}


def ukuran(kode: str) -> Ukuran:
    """Return the roll-up indicator ``kode``.

    Raises
    ------
    ParameterError
        If ``kode`` is not in :data:`UKURAN`.

    Examples
    --------
    >>> ukuran("persen_rat").penyebut
    'koperasi_aktif'
    """
    if kode not in _BY_CODE:
        raise ParameterError(f"unknown roll-up indicator {kode!r}; known: {sorted(_BY_CODE)}")
    return _BY_CODE[kode]


def nilai(frame: pd.DataFrame, spec: Ukuran) -> pd.Series:
    """Compute one indicator on rows of numerators and denominators (provinces or Indonesia).

    Examples
    --------
    >>> f = pd.DataFrame({"koperasi_rat": [420.0], "koperasi_aktif": [2300.0]})
    >>> round(float(nilai(f, ukuran("persen_rat")).iloc[0]), 2)
    18.26
    """
    num = frame[spec.pembilang].astype("Float64")
    if spec.penyebut is None:
        return num
    den = frame[spec.penyebut].astype("Float64")
    if spec.pertumbuhan:
        return ratio(num - den, den)
    return ratio(num, den, scale=spec.skala)


def check_parameters(tahun_evaluasi: object, tahun_rencana: object) -> int:
    """Check the national notebook's years and return the plan year (default evaluation + 1).

    Raises
    ------
    ParameterError
        If a year is not an integer, or the plan year comes before the evaluation year.

    Examples
    --------
    >>> check_parameters(2025, None)
    2026
    """
    for name, value in (("tahun_evaluasi", tahun_evaluasi), ("tahun_rencana", tahun_rencana)):
        if value is None and name == "tahun_rencana":
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParameterError(f"{name} harus bilangan bulat seperti 2025, bukan {value!r}")
    plan = int(tahun_evaluasi) + 1 if tahun_rencana is None else int(tahun_rencana)
    if plan < int(tahun_evaluasi):
        raise ParameterError(f"tahun_rencana ({plan}) tidak boleh sebelum tahun_evaluasi ({tahun_evaluasi})")
    return plan


# --------------------------------------------------------------------------- reading
def connect(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only with a memory limit fit for a report kernel.

    Parameters
    ----------
    path
        Warehouse file; None for :func:`kumkm_utils.config.warehouse_path`.

    Raises
    ------
    WarehouseError
        If the warehouse does not exist or cannot be opened.
    """
    from kumkm_utils import warehouse

    con = warehouse.connect(path)
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    return con


def _provinces() -> pd.DataFrame:
    table = _wilayah.daftar_provinsi()
    return table.rename(columns={"kode_wilayah": "kode_provinsi", "nama_wilayah": "nama_provinsi"})


def _region_part(frame: pd.DataFrame, columns: Sequence[str], flag: str | None = None) -> pd.DataFrame:
    rows = frame[frame["tingkat"] == "provinsi"]
    out = rows[["kode_wilayah", "tahun", *columns]].rename(columns={"kode_wilayah": "kode_provinsi"})
    if flag is not None:
        out[flag] = rows["ada_data"].to_numpy()
    return out


def province_parts(con: duckdb.DuckDBPyConnection, *, year: int, n_years: int = 2,
                   transitions: bool = True) -> pd.DataFrame:
    """Numerators and denominators of every roll-up indicator, one row per province and year.

    Parameters
    ----------
    con
        Open warehouse connection.
    year
        Last year (the evaluation year).
    n_years
        Years ``year - n_years + 1 .. year`` (2: this year and the previous one).
    transitions
        Also follow UMKM size classes from year to year (``diikuti``, ``naik``); a self-join
        of the UMKM table, left out for long national series.

    Returns
    -------
    pandas.DataFrame
        ``kode_provinsi``, ``nama_provinsi``, ``tahun``, ``ada_koperasi``, ``ada_umkm``,
        ``ada_program`` and the :data:`SUM_COLUMNS`; NA where a province has no data (never
        zero). ``vu_banding_rp`` / ``vu_sebelumnya_banding_rp`` hold the business volume of
        this and the previous year only where both are known (the growth's like-for-like
        parts).
    """
    from kumkm_utils.indicators import koperasi, program, umkm, usaha

    years = years_ending(year, n_years)
    common = {"province": None, "year": year, "by": "provinsi", "total": False, "n_years": n_years}
    grid = _provinces().merge(pd.DataFrame({"tahun": years}, dtype="int64"), how="cross")
    parts = [
        _region_part(koperasi.kelembagaan(con, **common),
                     ["jumlah_koperasi", "koperasi_aktif", "koperasi_rat"], "ada_koperasi"),
        _region_part(koperasi.anggota(con, **common), ["anggota"]),
        _region_part(usaha.usaha(con, **common),
                     ["modal_rp", "aset_rp", "volume_usaha_rp", "volume_usaha_sebelumnya_rp", "shu_rp"]),
        _region_part(umkm.skala(con, **common), ["jumlah_umkm", "mikro", "kecil", "menengah"], "ada_umkm"),
        _region_part(umkm.profil(con, **common), ["punya_nib"]),
    ]
    if transitions:
        parts.append(_region_part(umkm.transisi(con, **common), ["diikuti", "naik"]))
    out = grid
    for part in parts:
        out = out.merge(part, on=["kode_provinsi", "tahun"], how="left")
    prog = program.realisasi(con, province=None, year=year, by="provinsi", total=False, n_years=n_years)
    prog = prog.rename(columns={"kode": "kode_provinsi"})
    prog["fisik_tertimbang"] = prog["capaian_fisik"] * prog["pagu_bertarget_rp"]
    prog = prog[["kode_provinsi", "tahun", "pagu_rp", "realisasi_keuangan_rp", "pagu_bertarget_rp",
                 "fisik_tertimbang"]]
    out = out.merge(prog, on=["kode_provinsi", "tahun"], how="left")
    out["ada_program"] = out["pagu_rp"].notna()
    for flag in ("ada_koperasi", "ada_umkm"):
        out[flag] = out[flag].fillna(False).astype(bool)
    out["ukm"] = out["kecil"] + out["menengah"]
    out["umkm_skala_diketahui"] = out["mikro"] + out["kecil"] + out["menengah"]
    both = out["volume_usaha_rp"].notna() & out["volume_usaha_sebelumnya_rp"].notna()
    out["vu_banding_rp"] = out["volume_usaha_rp"].where(both)
    out["vu_sebelumnya_banding_rp"] = out["volume_usaha_sebelumnya_rp"].where(both)
    for column in SUM_COLUMNS:
        if column not in out.columns:
            out[column] = pd.NA
        out[column] = pd.to_numeric(out[column]).astype("Float64")
    columns = ["kode_provinsi", "nama_provinsi", "tahun", *(f"ada_{d}" for d in DATASETS), *SUM_COLUMNS]
    return out[columns].sort_values(["tahun", "kode_provinsi"]).reset_index(drop=True)


# --------------------------------------------------------------------------- national totals
def cakupan(parts: pd.DataFrame, *, year: int) -> dict[str, int]:
    """Provinces with cooperative, UMKM and programme data in ``year`` (``n_kop``, ``n_umkm``, ``n_prog``)."""
    now = parts[parts["tahun"] == year]
    return {"n_kop": int(now["ada_koperasi"].sum()), "n_umkm": int(now["ada_umkm"].sum()),
            "n_prog": int(now["ada_program"].sum())}


def with_values(parts: pd.DataFrame, codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Add one value column per roll-up indicator (named by its code) to a parts frame."""
    out = parts.copy()
    for spec in (ukuran(c) for c in (codes or _BY_CODE)):
        out[spec.kode] = nilai(out, spec)
    return out


def national_totals(parts: pd.DataFrame, *, provinces: Iterable[str] | None = None) -> pd.DataFrame:
    """Indonesia's totals per year, recomputed from the province parts.

    Counts and amounts are summed over the provinces with data. Each ratio sums its numerator
    and its denominator over the provinces that report **both**, then divides; it is never a
    mean of provincial percentages.

    Parameters
    ----------
    parts
        A :func:`province_parts` frame (or any frame with its columns).
    provinces
        Restrict to these province codes (e.g. those with data in two years, for a
        like-for-like change).

    Returns
    -------
    pandas.DataFrame
        One row per year: ``tahun``, ``n_provinsi_<dataset>`` (provinces with data), the
        summed :data:`SUM_COLUMNS` present in ``parts`` and one column per indicator code.
    """
    frame = parts if provinces is None else parts[parts["kode_provinsi"].isin(list(provinces))]
    years = sorted(set(parts["tahun"]))
    grouped = frame.groupby("tahun")
    out = pd.DataFrame({"tahun": years}, dtype="int64").set_index("tahun")
    for dataset in DATASETS:
        flag = f"ada_{dataset}"
        if flag in frame.columns:
            out[f"n_provinsi_{dataset}"] = grouped[flag].sum().reindex(years).fillna(0).astype("int64")
    sums = [c for c in SUM_COLUMNS if c in frame.columns]
    out[sums] = grouped[sums].sum(min_count=1).reindex(years).astype("Float64")
    for spec in UKURAN:
        needed = [spec.pembilang] + ([spec.penyebut] if spec.penyebut else [])
        if not set(needed) <= set(frame.columns):
            continue
        both = frame[needed].notna().all(axis=1)
        masked = frame.loc[both, ["tahun", *needed]].groupby("tahun")[needed].sum(min_count=1)
        out[spec.kode] = nilai(masked.reindex(years), spec).to_numpy()
    return out.reset_index()


def _common_provinces(parts: pd.DataFrame, dataset: str, years: Sequence[int]) -> list[str]:
    flag = f"ada_{dataset}"
    rows = parts[parts["tahun"].isin(years) & parts[flag]]
    counts = rows.groupby("kode_provinsi")["tahun"].nunique()
    return sorted(counts[counts == len(years)].index)


def _extremes(values: pd.DataFrame, column: str, *, largest: bool) -> tuple[str | None, float | None]:
    data = values.dropna(subset=[column])
    if data.empty:
        return None, None
    target = data[column].max() if largest else data[column].min()
    names = data.loc[data[column] == target, "nama_provinsi"].astype(str).tolist()
    return ", ".join(names), float(target)


def _assessment(spec: Ukuran, value: object, change: object) -> object:
    from kumkm_utils.indicators.headline import arah_perubahan
    from kumkm_utils.indicators.program import predikat

    if spec.dinilai:
        return predikat(pd.Series([value], dtype="Float64")).iloc[0]
    direction = arah_perubahan(None if pd.isna(change) else float(change), spec.naik_lebih_baik)
    return pd.NA if direction is None else direction


def ringkasan(parts: pd.DataFrame, *, year: int, codes: Sequence[str] | None = None) -> pd.DataFrame:
    """National headline values with change on the previous year and best/worst provinces.

    The change is like-for-like: both years are recomputed over the provinces with data in
    both, so a province that reported only one year does not move the national figure.

    Parameters
    ----------
    parts
        A :func:`province_parts` frame covering ``year - 1`` and ``year``.
    year
        Evaluation year.
    codes
        Indicator codes (default all of :data:`UKURAN`).

    Returns
    -------
    pandas.DataFrame
        One row per indicator: ``kode``, ``indikator``, ``satuan``, ``nilai``,
        ``nilai_sebelumnya``, ``perubahan`` (points for percentages), ``penilaian``
        (five-band rating or Membaik/Memburuk/Tetap), ``n_provinsi``, ``n_provinsi_banding``
        (provinces in the change), ``tertinggi``, ``nilai_tertinggi``, ``terendah``,
        ``nilai_terendah``.
    """
    national = national_totals(parts).set_index("tahun")
    values = with_values(parts)
    now = values[values["tahun"] == year]
    rows = []
    like_for_like: dict[str, pd.DataFrame] = {}
    for spec in (ukuran(c) for c in (codes or _BY_CODE)):
        common = _common_provinces(parts, spec.dataset, [year - 1, year])
        if spec.dataset not in like_for_like:
            like_for_like[spec.dataset] = national_totals(parts, provinces=common).set_index("tahun")
        banding = like_for_like[spec.dataset]
        before = banding[spec.kode].get(year - 1, pd.NA) if common else pd.NA
        after = banding[spec.kode].get(year, pd.NA) if common else pd.NA
        change = after - before if not (pd.isna(before) or pd.isna(after)) else pd.NA
        value = national[spec.kode].get(year, pd.NA)
        top, top_value = _extremes(now, spec.kode, largest=True)
        low, low_value = _extremes(now, spec.kode, largest=False)
        rows.append({
            "kode": spec.kode, "indikator": spec.nama, "satuan": spec.satuan, "nilai": value,
            "nilai_sebelumnya": national[spec.kode].get(year - 1, pd.NA), "perubahan": change,
            "penilaian": _assessment(spec, value, change),
            "n_provinsi": int(now[spec.kode].notna().sum()), "n_provinsi_banding": len(common),
            "tertinggi": top, "nilai_tertinggi": top_value, "terendah": low, "nilai_terendah": low_value,
        })
    out = pd.DataFrame(rows)
    for column in ("nilai", "nilai_sebelumnya", "perubahan", "nilai_tertinggi", "nilai_terendah"):
        out[column] = pd.to_numeric(out[column]).astype("Float64")
    for column in ("penilaian", "tertinggi", "terendah"):
        out[column] = out[column].astype("string")
    return out


_MONEY_DISPLAY = {"Rp": (1e-12, "Rp triliun")}


def ringkasan_tampil(summary: pd.DataFrame, *, year: int) -> pd.DataFrame:
    """The :func:`ringkasan` frame as a display table (numbers stay numbers, money in Rp triliun)."""
    factor = summary["satuan"].map(lambda s: _MONEY_DISPLAY.get(s, (1.0, s))[0]).astype("float64")
    unit = summary["satuan"].map(lambda s: _MONEY_DISPLAY.get(s, (1.0, s))[1])
    return pd.DataFrame({
        "Indikator": summary["indikator"],
        "Satuan": unit,
        f"Nasional {year}": summary["nilai"] * factor,
        f"Nasional {year - 1}": summary["nilai_sebelumnya"] * factor,
        "Perubahan (provinsi yang sama)": summary["perubahan"] * factor,
        "Penilaian": summary["penilaian"],
        "Provinsi dengan data": summary["n_provinsi"],
        "Tertinggi": summary["tertinggi"],
        "Terendah": summary["terendah"],
    })


def format_nilai(value: object, satuan: str) -> str:
    """Format a value in its unit the Indonesian way (``18,3%``, ``Rp 1,2 T``, ``2.300``).

    Examples
    --------
    >>> format_nilai(18.26, "%"), format_nilai(1.2e12, "Rp"), format_nilai(2300.0, "unit")
    ('18,3%', 'Rp 1,2 T', '2.300')
    """
    if fmt.is_missing(value):
        return fmt.TIDAK_ADA_DATA
    if satuan == "%":
        return fmt.persen(float(value), 1)
    if satuan == "Rp":
        return fmt.rupiah(float(value))
    return fmt.angka(float(value), 0)


def _format_change(value: object, satuan: str) -> str:
    if satuan == "%":
        return fmt.perubahan(value, 1, satuan=" poin")
    if satuan == "Rp":
        return fmt.perubahan_rupiah(value)
    return fmt.perubahan(value, 0)


def kalimat_ringkasan(summary: pd.DataFrame, *, year: int,
                      codes: Sequence[str] = PERINGKAT) -> list[tuple[str, dict[str, str]]]:
    """Generated sentences of the national summary, as (Markdown template, values) pairs.

    Show each with ``display.text(template, **values)``: the values (province names among
    them) are escaped there. Missing figures are said ("tidak ada data"), not skipped.
    """
    out: list[tuple[str, dict[str, str]]] = []
    rows = summary.set_index("kode")
    for code in codes:
        if code not in rows.index:
            continue
        row = rows.loc[code]
        values = {"indikator": row["indikator"], "tahun": str(year), "tahun_lalu": str(year - 1),
                  "nilai": format_nilai(row["nilai"], row["satuan"])}
        if pd.isna(row["nilai"]):
            out.append(("- **{indikator}**: {nilai} untuk tahun {tahun}.", values))
            continue
        change = row["perubahan"]
        if pd.isna(change):
            trend = "perubahan dari {tahun_lalu} tidak dapat dihitung"
        else:
            word = "naik" if change > 0 else ("turun" if change < 0 else "tetap")
            trend = f"{word} {{perubahan}} dibanding {{tahun_lalu}}"
            values["perubahan"] = _format_change(abs(change) if word != "tetap" else 0.0, row["satuan"]).lstrip("+")
        values.update(tertinggi=row["tertinggi"] or "", nilai_tertinggi=format_nilai(row["nilai_tertinggi"],
                      row["satuan"]), terendah=row["terendah"] or "",
                      nilai_terendah=format_nilai(row["nilai_terendah"], row["satuan"]),
                      n=str(int(row["n_provinsi"])))
        if int(row["n_provinsi"]) == 1:
            spread = "Hanya {tertinggi} yang memiliki data."
        else:
            spread = ("Tertinggi: {tertinggi} ({nilai_tertinggi}); terendah: {terendah} ({nilai_terendah}), "
                      "dari {n} provinsi dengan data.")
        template = f"- **{{indikator}}** secara nasional {{nilai}} pada {{tahun}}, {trend}. {spread}"
        out.append((template, values))
    return out


# --------------------------------------------------------------------------- rankings and spread
def peringkat(parts: pd.DataFrame, kode: str, *, year: int) -> pd.DataFrame:
    """Rank the 38 provinces on one indicator; provinces without data come last, unranked.

    Parameters
    ----------
    parts
        A :func:`province_parts` frame covering ``year - 1`` and ``year``.
    kode
        Indicator code (:data:`UKURAN`).
    year
        Evaluation year.

    Returns
    -------
    pandas.DataFrame
        ``Peringkat`` (1 = best; ties share the better rank; NA without data), ``Kode``,
        ``Provinsi``, the value of ``year`` and ``year - 1``, ``Perubahan`` and, for ratios,
        the numerator and the denominator of ``year``.
    """
    spec = ukuran(kode)
    values = with_values(parts, [kode])
    if spec.satuan == "Rp":
        values[kode] = values[kode] * 1e-9
    now = values[values["tahun"] == year].set_index("kode_provinsi")
    before = values[values["tahun"] == year - 1].set_index("kode_provinsi")[kode]
    frame = pd.DataFrame({"kode": now.index, "nama": now["nama_provinsi"].to_numpy(),
                          "nilai": now[kode].to_numpy()})
    frame["nilai"] = frame["nilai"].astype("Float64")
    frame["sebelumnya"] = frame["kode"].map(before).astype("Float64")
    frame["perubahan"] = frame["nilai"] - frame["sebelumnya"]
    rank = frame["nilai"].astype("float64").rank(method="min", ascending=not spec.naik_lebih_baik)
    frame["peringkat"] = pd.array(rank, dtype="Int64")
    frame = frame.sort_values(["peringkat", "kode"], na_position="last", kind="stable")
    frame = frame.reset_index(drop=True)
    out = pd.DataFrame({
        "Peringkat": frame["peringkat"],
        "Kode": frame["kode"].astype("string"),
        "Provinsi": frame["nama"].astype("string"),
        f"{_label(spec)} {year}": frame["nilai"],
        f"{_label(spec)} {year - 1}": frame["sebelumnya"],
        "Perubahan": frame["perubahan"],
    })
    if spec.penyebut is not None and not spec.pertumbuhan:
        out[spec.label_pembilang] = now.loc[frame["kode"], spec.pembilang].array
        out[spec.label_penyebut] = now.loc[frame["kode"], spec.penyebut].array
    return out


def _label(spec: Ukuran) -> str:
    return {"%": "Persen", "Rp": "Rp miliar", "unit": "Jumlah", "orang": "Jumlah"}[spec.satuan]


def satuan_tabel(kode: str) -> str:
    """Unit of the value columns of :func:`peringkat` for an indicator (money in Rp miliar)."""
    spec = ukuran(kode)
    return "Rp miliar" if spec.satuan == "Rp" else spec.satuan


def nilai_provinsi(parts: pd.DataFrame, kode: str, *, year: int) -> pd.Series:
    """One indicator's value per province code for ``year`` (for charts and the tile map)."""
    values = with_values(parts, [kode])
    now = values[values["tahun"] == year]
    return pd.Series(now[kode].to_numpy(), index=now["kode_provinsi"].to_numpy(), name=kode, dtype="Float64")


def data_grafik(parts: pd.DataFrame, kode: str, *, year: int) -> pd.DataFrame:
    """``Provinsi`` and ``Nilai`` of every province for :func:`kumkm_utils.charts.rank_chart`."""
    values = with_values(parts, [kode])
    now = values[values["tahun"] == year]
    return pd.DataFrame({"Provinsi": now["nama_provinsi"].to_numpy(),
                         "Nilai": now[kode].astype("float64").to_numpy()})


def sebaran(parts: pd.DataFrame, *, year: int, codes: Sequence[str] = PERINGKAT) -> pd.DataFrame:
    """Distribution of each indicator across provinces: quartiles, extremes with names, national.

    Quartiles are pandas' linear-interpolation quantiles over the provinces with data; the
    national value is recomputed from the parts (:func:`national_totals`), which is why it
    may lie far from the median.

    Returns
    -------
    pandas.DataFrame
        ``Indikator``, ``Satuan``, ``Provinsi dengan data``, ``Minimum``, ``Provinsi minimum``,
        ``Kuartil 1``, ``Median``, ``Kuartil 3``, ``Maksimum``, ``Provinsi maksimum``,
        ``Rentang antarkuartil``, ``Nasional``; money in Rp miliar.
    """
    values = with_values(parts, codes)
    now = values[values["tahun"] == year]
    national = national_totals(parts).set_index("tahun")
    rows = []
    for spec in (ukuran(c) for c in codes):
        data = now[spec.kode].dropna().astype("float64")
        factor, unit = (1e-9, "Rp miliar") if spec.satuan == "Rp" else (1.0, spec.satuan)
        low, low_value = _extremes(now, spec.kode, largest=False)
        top, top_value = _extremes(now, spec.kode, largest=True)
        q = data.quantile([0.25, 0.5, 0.75]) if len(data) else pd.Series([pd.NA] * 3, index=[0.25, 0.5, 0.75])
        rows.append({
            "Indikator": spec.nama, "Satuan": unit, "Provinsi dengan data": len(data),
            "Minimum": _scaled(low_value, factor), "Provinsi minimum": low,
            "Kuartil 1": _scaled(q[0.25], factor), "Median": _scaled(q[0.5], factor),
            "Kuartil 3": _scaled(q[0.75], factor), "Maksimum": _scaled(top_value, factor),
            "Provinsi maksimum": top,
            "Rentang antarkuartil": _scaled(q[0.75] - q[0.25] if len(data) else pd.NA, factor),
            "Nasional": _scaled(national[spec.kode].get(year, pd.NA), factor),
        })
    out = pd.DataFrame(rows)
    for column in ("Minimum", "Kuartil 1", "Median", "Kuartil 3", "Maksimum", "Rentang antarkuartil", "Nasional"):
        out[column] = pd.to_numeric(out[column]).astype("Float64")
    return out


def _scaled(value: object, factor: float) -> object:
    return pd.NA if value is None or pd.isna(value) else float(value) * factor


def tabel_provinsi(parts: pd.DataFrame, *, year: int, codes: Sequence[str] = PERINGKAT) -> pd.DataFrame:
    """Every province's headline values for ``year`` side by side, then Indonesia (money in Rp miliar)."""
    values = with_values(parts, codes)
    now = values[values["tahun"] == year]
    national = national_totals(parts)
    national = national[national["tahun"] == year].assign(kode_provinsi="00", nama_provinsi="Indonesia")
    frame = pd.concat([now, national], ignore_index=True)
    out = pd.DataFrame({"Kode": frame["kode_provinsi"], "Provinsi": frame["nama_provinsi"]})
    for spec in (ukuran(c) for c in codes):
        factor, unit = (1e-9, "Rp miliar") if spec.satuan == "Rp" else (1.0, spec.satuan)
        label = spec.nama if spec.satuan == "%" else f"{spec.nama} ({unit})"
        out[label] = (frame[spec.kode].astype("Float64") * factor).to_numpy()
    return out


# --------------------------------------------------------------------------- published series
@dataclass(frozen=True)
class Padanan:
    """A published national series that means the same as a recomputed national column."""

    seri: str
    """``indicator`` in ``data/reference/published_national.csv``."""
    kolom: str
    """Column of :func:`national_totals` (or ``persen_ukm``)."""
    indikator: str
    dataset: str


PADANAN: tuple[Padanan, ...] = (
    Padanan("koperasi_aktif_bps", "koperasi_aktif", "Jumlah koperasi aktif", "koperasi"),
    Padanan("koperasi_aktif_kemenkop", "koperasi_aktif", "Jumlah koperasi aktif", "koperasi"),
    Padanan("koperasi_total_kemenkop", "jumlah_koperasi", "Jumlah koperasi (aktif dan tidak aktif)", "koperasi"),
    Padanan("koperasi_rat_kemenkop", "koperasi_rat", "Koperasi aktif yang melaksanakan RAT", "koperasi"),
    Padanan("koperasi_rat_share_kemenkop", "persen_rat", "Koperasi aktif yang RAT (% dari koperasi aktif)",
            "koperasi"),
    Padanan("anggota_koperasi", "anggota", "Jumlah anggota koperasi", "koperasi"),
    Padanan("anggota_koperasi_kemenkop", "anggota", "Jumlah anggota koperasi", "koperasi"),
    Padanan("anggota_koperasi_kemenkop_ods", "anggota", "Jumlah anggota koperasi", "koperasi"),
    Padanan("volume_usaha_koperasi_bps", "volume_usaha_rp", "Volume usaha koperasi", "koperasi"),
    Padanan("volume_usaha_koperasi_kemenkop", "volume_usaha_rp", "Volume usaha koperasi", "koperasi"),
    Padanan("volume_usaha_koperasi_kemenkop_ods", "volume_usaha_rp", "Volume usaha koperasi", "koperasi"),
    Padanan("aset_koperasi_kemenkop", "aset_rp", "Aset koperasi", "koperasi"),
    Padanan("aset_koperasi_kemenkop_ods", "aset_rp", "Aset koperasi", "koperasi"),
    Padanan("shu_koperasi_kemenkop", "shu_rp", "SHU koperasi", "koperasi"),
    Padanan("permodalan_koperasi_kemenkop", "modal_rp", "Permodalan koperasi (modal sendiri + modal luar)",
            "koperasi"),
    Padanan("umkm_kemenkop", "jumlah_umkm", "Jumlah UMKM", "umkm"),
    Padanan("usaha_mikro_kemenkop", "mikro", "Jumlah usaha mikro", "umkm"),
    Padanan("usaha_kecil_kemenkop", "kecil", "Jumlah usaha kecil", "umkm"),
    Padanan("usaha_menengah_kemenkop", "menengah", "Jumlah usaha menengah", "umkm"),
)
"""Published national series compared with the recomputed totals. Left out on purpose:
``koperasi_kemenkop``/``koperasi_bps``/``koperasi_kemenkop_ods`` (sources use "jumlah
koperasi" for both all and active cooperatives), ``koperasi_share_pdb*`` (value-added method,
not the volume ÷ PDRB ratio computed here) and UMKM shares of PDB (not in the submissions)."""

PERSEN_UKM_SERI = ("usaha_mikro_kemenkop", "usaha_kecil_kemenkop", "usaha_menengah_kemenkop")
"""Published class counts from which the published % UKM is derived (same year)."""

_UNIT_FACTORS = {"unit": 1.0, "orang": 1.0, "persen": 1.0, "juta unit": 1e6, "juta orang": 1e6,
                 "Rp triliun": 1e12, "Rp miliar": 1e9, "Rp juta": 1e6, "Rp": 1.0}

_CAVEATS = {
    ("koperasi_aktif_bps", 2024): "basis pendataan BPS 2024 berbeda dari 2021 (51.505 vs 127.846): bukan tren",
}

_CALIBRATION_NAMES = {
    "koperasi_aktif": "koperasi_aktif", "anggota": "anggota", "volume_usaha_rp": "volume_usaha_rp",
    "aset_rp": "aset_rp", "shu_rp": "shu_rp", "modal_rp": "permodalan_rp", "jumlah_umkm": "umkm",
    "mikro": "umkm_mikro", "kecil": "umkm_kecil", "menengah": "umkm_menengah",
}


def _system(seri: str) -> str:
    for suffix, name in (("_kemenkop_ods", "Kemenkop (ODS)"), ("_kemenkop", "Kemenkop"), ("_bps", "BPS")):
        if seri.endswith(suffix):
            return name
    return "sumber lain"


def published_national() -> pd.DataFrame:
    """Published national figures (``kumkm_utils.reference``, else the CSV read directly)."""
    from kumkm_utils import reference

    getter = getattr(reference, "published_national", None)
    if getter is not None:
        return getter()
    from kumkm_utils.config import REFERENCE_DIR

    table = pd.read_csv(REFERENCE_DIR / "published_national.csv", dtype=str, keep_default_na=False)
    table["year"] = table["year"].astype("Int64")
    table["value"] = pd.to_numeric(table["value"]).astype("Float64")
    return table


def calibration_targets() -> pd.DataFrame | None:
    """National figures the synthetic sample reproduces (None when the generator is absent)."""
    try:
        from kumkm_utils.sample import calibration
    except ImportError:
        logger.info("kumkm_utils.sample.calibration not available: calibration not shown")
        return None
    targets = calibration.targets()
    return targets[targets["scope"] == "nasional"].reset_index(drop=True)


def _calibration_kind(targets: pd.DataFrame | None, column: str, year: int, base_value: float) -> str | None:
    if targets is None or column not in _CALIBRATION_NAMES:
        return None
    rows = targets[(targets["indicator"] == _CALIBRATION_NAMES[column]) & (targets["year"] == year)]
    for value, kind in zip(rows["value"], rows["comparison"], strict=True):
        if abs(float(value) - base_value) <= 1e-6 * max(abs(base_value), 1.0):
            return str(kind)
    return "tidak"


def _published_rows(published: pd.DataFrame) -> pd.DataFrame:
    """Published rows that have a :data:`PADANAN`, in base units, plus the derived % UKM."""
    wanted = {p.seri: p for p in PADANAN}
    table = published[published["indicator"].isin(list(wanted))].copy()
    factors = table["unit"].map(_UNIT_FACTORS)
    unknown = table.loc[factors.isna(), "unit"].unique().tolist()
    if unknown:
        logger.warning("published units without a conversion are left out: %s", unknown)
    table = table[factors.notna()].assign(nilai_dasar=lambda t: t["value"].astype("float64") * t["unit"].map(
        _UNIT_FACTORS))
    table["kolom"] = table["indicator"].map(lambda s: wanted[s].kolom)
    table["indikator"] = table["indicator"].map(lambda s: wanted[s].indikator)
    table["dataset"] = table["indicator"].map(lambda s: wanted[s].dataset)
    classes = table[table["indicator"].isin(PERSEN_UKM_SERI)].pivot_table(
        index="year", columns="indicator", values="nilai_dasar", aggfunc="first")
    derived = []
    for year, row in classes.iterrows():
        if row.reindex(list(PERSEN_UKM_SERI)).notna().all():
            small_medium = row["usaha_kecil_kemenkop"] + row["usaha_menengah_kemenkop"]
            share = small_medium / row[list(PERSEN_UKM_SERI)].sum() * 100
            derived.append({"year": year, "indicator": "+".join(PERSEN_UKM_SERI), "value": share,
                            "unit": "persen", "nilai_dasar": share, "kolom": "persen_ukm",
                            "indikator": "Usaha kecil dan menengah (% dari UMKM dengan skala diketahui)",
                            "dataset": "umkm",
                            "source_url": "; ".join(sorted(set(table.loc[table["indicator"].isin(
                                PERSEN_UKM_SERI) & (table["year"] == year), "source_url"])))})
    if derived:
        table = pd.concat([table, pd.DataFrame(derived)], ignore_index=True)
    return table


def perbandingan_terbitan(national: pd.DataFrame, *, published: pd.DataFrame | None = None,
                          calibration: pd.DataFrame | None = None, until_year: int | None = None) -> pd.DataFrame:
    """Compare recomputed national totals with the published national series where they overlap.

    A row is made for each published figure of a :data:`PADANAN` series (and the % UKM derived
    from the published class counts) whose year has recomputed data from at least one province.

    Parameters
    ----------
    national
        :func:`national_totals` over the years to compare (:func:`national_series`).
    published
        Published national figures; default :func:`published_national`.
    calibration
        :func:`calibration_targets` (synthetic sample only), to say which figures the sample
        was built to reproduce; None leaves ``Sampel dikalibrasi`` empty.
    until_year
        Leave out later years.

    Returns
    -------
    pandas.DataFrame
        ``Indikator``, ``Tahun``, ``Satuan`` (the published unit), ``Hitung ulang`` (in that
        unit), ``Angka terbitan``, ``Selisih`` (recomputed − published), ``Selisih (%)`` (of
        the published figure; empty for percentages), ``Provinsi dengan data``, ``Seri``,
        ``Sampel dikalibrasi`` (``ya``, ``ya, diskalakan`` or ``tidak``), ``Catatan`` (the
        series, its source and caveats).
    """
    table = _published_rows(published_national() if published is None else published)
    nat = national.set_index("tahun")
    rows = []
    for item in table.sort_values(["kolom", "year", "indicator"]).itertuples(index=False):
        year = int(item.year)
        if until_year is not None and year > until_year:
            continue
        count_column = f"n_provinsi_{item.dataset}"
        if year not in nat.index or item.kolom not in nat.columns or nat.at[year, count_column] == 0:
            continue
        recomputed = nat.at[year, item.kolom]
        if pd.isna(recomputed):
            continue
        factor = _UNIT_FACTORS[item.unit]
        if item.kolom == "persen_ukm":
            kinds = {_calibration_kind(calibration, c, year, float(table.loc[
                (table["indicator"] == s) & (table["year"] == year), "nilai_dasar"].iloc[0]))
                for c, s in zip(("mikro", "kecil", "menengah"), PERSEN_UKM_SERI, strict=True)}
            kind = kinds.pop() if len(kinds) == 1 else "tidak"
        else:
            kind = _calibration_kind(calibration, item.kolom, year, float(item.nilai_dasar))
        value = float(recomputed) / factor
        difference = value - float(item.value)
        is_share = item.unit == "persen"
        notes = [f"seri {item.indicator} ({_system(item.indicator)}); sumber: {item.source_url}"]
        if item.kolom == "persen_ukm":
            notes.insert(0, "angka terbitan dihitung dari jumlah usaha mikro, kecil dan menengah Kemenkop")
        if (item.indicator, year) in _CAVEATS:
            notes.append(_CAVEATS[(item.indicator, year)])
        if kind == "exact_scaled" and not is_share:
            notes.append("sampel sintetis memuat sebagian unit UMKM (angka terbitan × fraksi sampel): "
                         "jumlahnya tidak sebanding, porsinya sebanding")
        rows.append({
            "Indikator": item.indikator, "Tahun": year, "Satuan": item.unit, "Hitung ulang": value,
            "Angka terbitan": float(item.value), "Selisih": difference,
            "Selisih (%)": pd.NA if is_share or float(item.value) == 0 else difference / float(item.value) * 100,
            "Provinsi dengan data": int(nat.at[year, count_column]), "Seri": item.indicator,
            "Sampel dikalibrasi": {None: pd.NA, "exact": "ya", "exact_2dp": "ya", "about": "ya",
                                   "exact_scaled": "ya, diskalakan"}.get(kind, "tidak"),
            "Catatan": "; ".join(notes),
        })
    columns = ["Indikator", "Tahun", "Satuan", "Hitung ulang", "Angka terbitan", "Selisih", "Selisih (%)",
               "Provinsi dengan data", "Seri", "Sampel dikalibrasi", "Catatan"]
    out = pd.DataFrame(rows, columns=columns)
    for column in ("Hitung ulang", "Angka terbitan", "Selisih", "Selisih (%)"):
        out[column] = pd.to_numeric(out[column]).astype("Float64")
    out["Tahun"] = out["Tahun"].astype("int64")
    out["Sampel dikalibrasi"] = out["Sampel dikalibrasi"].astype("string")
    return out


def national_series(con: duckdb.DuckDBPyConnection, *, year: int, first_year: int | None = None) -> pd.DataFrame:
    """National totals for every year from ``first_year`` (default: the first published year) to ``year``."""
    if first_year is None:
        first_year = int(published_national()["year"].min())
    first_year = min(int(first_year), int(year))
    parts = province_parts(con, year=year, n_years=int(year) - first_year + 1, transitions=False)
    return national_totals(parts)


# --------------------------------------------------------------------------- synchronisation
def _priority_order(sinkron: pd.DataFrame) -> list[str]:
    from kumkm_utils.indicators.program import LAINNYA, TANPA

    codes = list(dict.fromkeys(sinkron["kode_prioritas"]))
    return [c for c in codes if c not in (LAINNYA, TANPA)] + [c for c in (LAINNYA, TANPA) if c in codes]


def matriks_sinkronisasi(sinkron: pd.DataFrame, *, nilai: str = "n_subkegiatan") -> pd.DataFrame:
    """Province × national-priority matrix of sub kegiatan count or budget.

    Parameters
    ----------
    sinkron
        :func:`kumkm_utils.indicators.program.sinkronisasi` with ``province=None``.
    nilai
        ``"n_subkegiatan"`` or ``"pagu_rp"`` (shown in Rp juta).

    Returns
    -------
    pandas.DataFrame
        ``Kode``, ``Provinsi``, one column per priority code (plan-year priorities, then
        ``LAINNYA``/``TANPA`` when present), then an ``Indonesia`` row of sums. A province that
        submitted no programme rows has NA (no data), one with rows but none for a priority 0.
    """
    if nilai not in ("n_subkegiatan", "pagu_rp"):
        raise ParameterError(f"nilai must be 'n_subkegiatan' or 'pagu_rp', got {nilai!r}")
    order = _priority_order(sinkron)
    values = sinkron[nilai].astype("Float64").fillna(0)
    frame = sinkron.assign(_v=values.mask(~sinkron["ada_data"].astype(bool)))
    matrix = frame.pivot_table(index="kode_provinsi", columns="kode_prioritas", values="_v",
                               aggfunc="sum", dropna=False)
    provinces = _provinces().set_index("kode_provinsi")["nama_provinsi"]
    has_data = frame.groupby("kode_provinsi")["ada_data"].any().reindex(provinces.index).fillna(False)
    matrix = matrix.reindex(index=provinces.index, columns=order).astype("Float64")
    rows_with_data = has_data.astype(bool).to_numpy()
    matrix.loc[rows_with_data] = matrix.loc[rows_with_data].fillna(0.0)
    matrix.loc[~rows_with_data] = pd.NA
    if nilai == "pagu_rp":
        matrix = matrix / 1e6
    total = matrix.sum(min_count=1).to_frame().T
    total.index = ["00"]
    out = pd.concat([matrix, total])
    out.insert(0, "Provinsi", [*provinces.tolist(), "Indonesia"])
    out = out.rename_axis("Kode").reset_index()
    out.columns.name = None
    return out


def rekap_prioritas(sinkron: pd.DataFrame) -> pd.DataFrame:
    """Per national priority: how many provinces have activity and budget, and the totals.

    Returns
    -------
    pandas.DataFrame
        ``Kode``, ``Prioritas``, ``Provinsi dengan kegiatan``, ``Provinsi dengan anggaran``,
        ``Provinsi tanpa kegiatan`` (with programme data but no sub kegiatan for it),
        ``Provinsi tanpa data program``, ``Sub kegiatan``, ``Pagu (Rp juta)``,
        ``Realisasi (Rp juta)``, ``Status``.
    """
    rows = []
    for code in _priority_order(sinkron):
        part = sinkron[sinkron["kode_prioritas"] == code]
        has_data = part["ada_data"].astype(bool)
        active = has_data & (part["n_subkegiatan"] > 0)
        funded = active & (part["pagu_rp"].fillna(0) > 0)
        n_data = int(has_data.sum())
        n_active = int(active.sum())
        if n_data == 0:
            status = "Tidak dapat dinilai: tidak ada data program"
        elif n_active == 0:
            status = "Belum ada kegiatan di provinsi mana pun"
        else:
            status = f"Ada kegiatan di {n_active} provinsi"
        rows.append({
            "Kode": code, "Prioritas": part["nama_prioritas"].iloc[0],
            "Provinsi dengan kegiatan": n_active, "Provinsi dengan anggaran": int(funded.sum()),
            "Provinsi tanpa kegiatan": n_data - n_active, "Provinsi tanpa data program": int((~has_data).sum()),
            "Sub kegiatan": int(part.loc[has_data, "n_subkegiatan"].sum()),
            "Pagu (Rp juta)": part.loc[has_data, "pagu_rp"].sum(min_count=1) / 1e6 if n_active else pd.NA,
            "Realisasi (Rp juta)": (part.loc[has_data, "realisasi_keuangan_rp"].sum(min_count=1) / 1e6
                                    if n_active else pd.NA),
            "Status": status,
        })
    out = pd.DataFrame(rows)
    for column in ("Pagu (Rp juta)", "Realisasi (Rp juta)"):
        out[column] = pd.to_numeric(out[column]).astype("Float64")
    return out


def prioritas_tanpa_kegiatan(rekap: pd.DataFrame) -> list[str]:
    """Names of plan-year priorities without regional activity in any province with data."""
    from kumkm_utils.indicators.program import LAINNYA, TANPA

    empty = rekap[(rekap["Provinsi dengan kegiatan"] == 0) & (rekap["Provinsi tanpa kegiatan"] > 0)
                  & ~rekap["Kode"].isin([LAINNYA, TANPA])]
    return [f"{name} ({code})" for code, name in zip(empty["Kode"], empty["Prioritas"], strict=True)]


# --------------------------------------------------------------------------- provenance
def kiriman_per_provinsi(con: duckdb.DuckDBPyConnection, *, year: int) -> pd.DataFrame:
    """Current submissions covering ``year`` per province and dataset, with rows loaded and rejected.

    Returns
    -------
    pandas.DataFrame
        ``Kode``, ``Provinsi``, one count column per dataset (``koperasi``, ``umkm``,
        ``program``, ``makro``), ``Jumlah berkas``, ``Baris dimuat``, ``Baris ditolak``; every
        province, 0 where it sent nothing.
    """
    from kumkm_utils import schemas

    sql = ("SELECT kode_provinsi, dataset, COUNT(*) AS berkas, SUM(rows_loaded) AS dimuat, "
           "SUM(rows_rejected) AS ditolak FROM submissions WHERE status = 'current' "
           "AND tahun_min <= ? AND tahun_max >= ? GROUP BY ALL")
    rows = query(con, sql, [int(year), int(year)])
    provinces = _provinces()
    out = pd.DataFrame({"Kode": provinces["kode_provinsi"], "Provinsi": provinces["nama_provinsi"]})
    counts = rows.pivot_table(index="kode_provinsi", columns="dataset", values="berkas", aggfunc="sum")
    for dataset in schemas.DATASETS:
        column = counts[dataset] if dataset in counts.columns else pd.Series(dtype="float64")
        out[dataset] = out["Kode"].map(column).fillna(0).astype("int64")
    out["Jumlah berkas"] = out[list(schemas.DATASETS)].sum(axis=1).astype("int64")
    sums = rows.groupby("kode_provinsi")[["dimuat", "ditolak"]].sum()
    out["Baris dimuat"] = out["Kode"].map(sums["dimuat"]).fillna(0).astype("int64")
    out["Baris ditolak"] = out["Kode"].map(sums["ditolak"]).fillna(0).astype("int64")
    return out


def provinsi_tanpa_kiriman(kiriman: pd.DataFrame) -> list[str]:
    """Names of provinces with no current submission for the year (from :func:`kiriman_per_provinsi`)."""
    return kiriman.loc[kiriman["Jumlah berkas"] == 0, "Provinsi"].astype(str).tolist()


def definisi(codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Definitions of the roll-up indicators from the indicator catalogue, in report order."""
    from kumkm_utils import reference

    wanted = list(codes or _BY_CODE)
    table = reference.indicators().set_index("kode")
    rows = [c for c in wanted if c in table.index]
    missing = sorted(set(wanted) - set(rows))
    if missing:
        logger.warning("indicators without a catalogue entry: %s", missing)
    part = table.loc[rows]
    return pd.DataFrame({
        "Indikator": [ukuran(c).nama if c in _BY_CODE else part.at[c, "nama"] for c in rows],
        "Definisi": part["definisi"].to_numpy(), "Pembilang": part["pembilang"].to_numpy(),
        "Penyebut": part["penyebut"].to_numpy(), "Sumber": part["sumber"].to_numpy(),
    })


HEADLINE_INDEKS = {"persen_rat": "RAT (% koperasi aktif)", "persen_ukm": "UKM (% UMKM)",
                   "serapan_anggaran": "Serapan anggaran (%)"}
"""Headline values of the national report on the index page (code -> label)."""


def headline_indeks(summary: pd.DataFrame) -> dict[str, float | None]:
    """The national values the index page shows, from a :func:`ringkasan` frame (None when missing)."""
    values = summary.set_index("kode")["nilai"]
    return {label: (None if pd.isna(values.get(code, pd.NA)) else round(float(values[code]), 1))
            for code, label in HEADLINE_INDEKS.items()}


# --------------------------------------------------------------------------- notebook helper
def show_ranking(parts: pd.DataFrame, kode: str, *, year: int) -> None:
    """Show one indicator's ranking table and ranked bar chart (national value as reference line).

    Parameters
    ----------
    parts
        A :func:`province_parts` frame covering ``year - 1`` and ``year``.
    kode
        Indicator code (:data:`UKURAN`).
    year
        Evaluation year.
    """
    from kumkm_utils import charts, display

    spec = ukuran(kode)
    national = national_totals(parts).set_index("tahun")[kode].get(year, pd.NA)
    note = "Peringkat 1 = tertinggi; provinsi tanpa data tidak diberi peringkat."
    if spec.penyebut is not None:
        note += (f" Nilai nasional {format_nilai(national, spec.satuan)} dihitung dari jumlah pembilang dan "
                 "penyebut seluruh provinsi, bukan rata-rata persentase provinsi.")
    display.table(peringkat(parts, kode, year=year), key=f"peringkat_{kode}",
                  title=f"Peringkat provinsi: {spec.nama}, {year}", unit=satuan_tabel(kode), note=note)
    chart = charts.rank_chart(data_grafik(parts, kode, year=year), "Nilai", "Provinsi", title=spec.nama,
                              unit="%" if spec.satuan == "%" else spec.satuan, subtitle=str(year),
                              reference_line=None if pd.isna(national) or spec.penyebut is None
                              else float(national),
                              xlabel=spec.nama.split(" (")[0])
    display.figure(chart, key=f"grafik_{kode}", title=f"{spec.nama} menurut provinsi, {year}")


__all__ = [
    "HEADLINE_INDEKS", "PADANAN", "PERINGKAT", "PETA", "SUM_COLUMNS", "UKURAN", "Padanan", "Ukuran", "cakupan", "calibration_targets",
    "check_parameters", "connect", "data_grafik", "definisi", "format_nilai", "headline_indeks", "kalimat_ringkasan", "kiriman_per_provinsi",
    "matriks_sinkronisasi", "national_series", "national_totals", "nilai", "nilai_provinsi", "peringkat",
    "perbandingan_terbitan", "prioritas_tanpa_kegiatan", "province_parts", "provinsi_tanpa_kiriman",
    "published_national", "rekap_prioritas", "ringkasan", "ringkasan_tampil", "satuan_tabel", "sebaran", "show_ranking", "tabel_provinsi",
    "ukuran", "with_values",
]
