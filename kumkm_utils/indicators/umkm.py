"""UMKM: size classes, KBLI categories, legality and owner profile, transitions, MBG potential.

- **Skala usaha**: the submitted class, or where it is empty the class PP 7/2021 Pasal 35
  gives from annual sales (mikro ≤ Rp2 M, kecil ≤ Rp15 M, menengah ≤ Rp50 M), else from
  capital (≤ Rp1 M, ≤ Rp5 M, ≤ Rp10 M); see :func:`skala_sql`. The warehouse keeps the class
  as submitted, so ``skala_dilaporkan`` and ``skala_diturunkan`` tell the two apart.
- **% UKM ("naik kelas")** = (usaha kecil + usaha menengah) ÷ UMKM whose class is known × 100
  (RPJMN 2025–2029: 3,06% in 2024 → 3,30% in 2029).
- **% UMKM ber-NIB** = units with an NIB ÷ all units × 100 (the template says "kosong bila
  tidak": an empty NIB means none);
- **% digital, eksportir, halal, pemasok MBG** = units answering "Ya" ÷ units whose Ya/Tidak
  answer is filled × 100 (an empty answer is unknown, as for the owner's sex and age).
- **% milik perempuan / pemuda** = units whose owner is a woman / aged 15–30 ÷ units whose
  owner's sex / age band is reported × 100.
- **Transisi skala**: units followed by ``id_umkm`` from one year to the next within the
  province; *naik* = moved to a larger class, *turun* = to a smaller one.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from kumkm_utils.indicators import deklarasi
from kumkm_utils.indicators._core import (
    ID_COLUMNS,
    Level,
    Scope,
    add_total,
    aggregate,
    complete,
    compute,
    query,
    ratio,
    tidy,
    years_ending,
)
from kumkm_utils.indicators.aturan_sql import SKALA, skala_sql  # noqa: F401 - re-exported

KATEGORI_KBLI_NAMA = {
    "A": "Pertanian, Kehutanan dan Perikanan",
    "B": "Pertambangan dan Penggalian",
    "C": "Industri Pengolahan",
    "D": "Pengadaan Listrik, Gas, Uap/Air Panas dan Udara Dingin",
    "E": "Pengadaan Air, Pengelolaan Sampah dan Daur Ulang, Pembuangan dan Pembersihan Limbah",
    "F": "Konstruksi",
    "G": "Perdagangan Besar dan Eceran; Reparasi dan Perawatan Mobil dan Sepeda Motor",
    "H": "Pengangkutan dan Pergudangan",
    "I": "Penyediaan Akomodasi dan Penyediaan Makan Minum",
    "J": "Informasi dan Komunikasi",
    "K": "Aktivitas Keuangan dan Asuransi",
    "L": "Real Estat",
    "M": "Aktivitas Profesional, Ilmiah dan Teknis",
    "N": "Aktivitas Penyewaan, Ketenagakerjaan, Agen Perjalanan dan Penunjang Usaha Lainnya",
    "O": "Administrasi Pemerintahan, Pertahanan dan Jaminan Sosial Wajib",
    "P": "Pendidikan",
    "Q": "Aktivitas Kesehatan Manusia dan Aktivitas Sosial",
    "R": "Kesenian, Hiburan dan Rekreasi",
    "S": "Aktivitas Jasa Lainnya",
    "T": "Aktivitas Rumah Tangga sebagai Pemberi Kerja",
    "U": "Aktivitas Badan Internasional dan Badan Ekstra Internasional Lainnya",
}
"""The 21 categories of KBLI 2020 (Peraturan BPS 2/2020)."""


def _rank_sql(expression: str) -> str:
    return f"CASE {expression} WHEN 'Mikro' THEN 1 WHEN 'Kecil' THEN 2 WHEN 'Menengah' THEN 3 END"


_SKALA = (
    "jumlah_umkm",
    "mikro",
    "kecil",
    "menengah",
    "umkm_skala_diketahui",
    "ukm",
    "skala_dilaporkan",
    "skala_diturunkan",
    "tenaga_kerja_umkm",
)

_PROFIL = (
    "jumlah_umkm",
    "punya_nib",
    "digital_dijawab",
    "digital",
    "eksportir_dijawab",
    "eksportir",
    "halal_dijawab",
    "halal",
    "pemilik_perempuan",
    "jenis_kelamin_diketahui",
    "pemilik_muda",
    "umur_diketahui",
)
_PROFIL_LAIN = {
    "pirt": "COUNT(*) FILTER (WHERE izin_pirt)",
    "sni": "COUNT(*) FILTER (WHERE sertifikat_sni)",
}


def _mbg_measures() -> dict[str, str]:
    measures = deklarasi.sql("jumlah_umkm", "mbg_dijawab", "pemasok_mbg")
    measures["pemasok_mbg_pangan"] = (
        "COUNT(*) FILTER (WHERE potensi_pemasok_mbg AND kategori_kbli IN ('A', 'C', 'I'))"
    )
    return measures


def skala(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    by: Level = "kabkota",
    total: bool = True,
    n_years: int = 1,
) -> pd.DataFrame:
    """UMKM by size class and the share of small and medium units ("naik kelas").

    Returns
    -------
    pandas.DataFrame
        Id columns, then ``jumlah_umkm``, ``mikro``, ``kecil``, ``menengah``,
        ``skala_tidak_diketahui``, ``skala_dilaporkan`` (class as submitted),
        ``skala_diturunkan`` (class empty, derived by PP 7/2021), ``persen_mikro``,
        ``persen_kecil``, ``persen_menengah``, ``persen_ukm`` (all of the units whose class is
        known) and ``tenaga_kerja_umkm``.
    """
    scope = Scope(province, by, total)
    frame = compute(con, "umkm", scope, years_ending(year, n_years), deklarasi.sql(*_SKALA))
    known = frame["umkm_skala_diketahui"]
    frame["skala_tidak_diketahui"] = frame["jumlah_umkm"] - known
    for name in SKALA:
        frame[f"persen_{name.lower()}"] = ratio(frame[name.lower()], known)
    frame["persen_ukm"] = deklarasi.hitung(frame, "persen_ukm")
    columns = [
        "jumlah_umkm",
        "mikro",
        "kecil",
        "menengah",
        "skala_tidak_diketahui",
        "skala_dilaporkan",
        "skala_diturunkan",
        "umkm_skala_diketahui",
        "ukm",
        "persen_mikro",
        "persen_kecil",
        "persen_menengah",
        "persen_ukm",
        "tenaga_kerja_umkm",
    ]
    return tidy(frame, scope, columns)


_PERSEN_PROFIL = (
    "persen_nib",
    "persen_digital",
    "persen_eksportir",
    "persen_halal",
    "persen_perempuan",
    "persen_muda",
)


def profil(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    by: Level = "kabkota",
    total: bool = True,
    n_years: int = 1,
) -> pd.DataFrame:
    """Legality (NIB, halal, PIRT, SNI), digital, exporters, women- and youth-owned UMKM.

    Returns
    -------
    pandas.DataFrame
        Id columns, the counts of :data:`_PROFIL` and ``persen_nib`` (of all units: an empty
        NIB means none), ``persen_digital``, ``persen_eksportir``, ``persen_halal`` (of the
        units whose Ya/Tidak answer is filled: an empty answer is unknown, not "Tidak"),
        ``persen_perempuan`` (of units whose owner's sex is known), ``persen_muda`` (of units
        whose owner's age is known).
    """
    scope = Scope(province, by, total)
    measures = {**deklarasi.sql(*_PROFIL), **_PROFIL_LAIN}
    frame = compute(con, "umkm", scope, years_ending(year, n_years), measures)
    for kode in _PERSEN_PROFIL:
        frame[kode] = deklarasi.hitung(frame, kode)
    columns = [
        *measures,
        "persen_nib",
        "persen_digital",
        "persen_eksportir",
        "persen_halal",
        "persen_perempuan",
        "persen_muda",
    ]
    return tidy(frame, scope, columns)


def mbg(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    by: Level = "kabkota",
    total: bool = True,
    n_years: int = 1,
) -> pd.DataFrame:
    """UMKM with potential to supply the SPPG kitchens of Makan Bergizi Gratis.

    Returns
    -------
    pandas.DataFrame
        Id columns, then ``jumlah_umkm``, ``mbg_dijawab`` (answer filled), ``pemasok_mbg``,
        ``pemasok_mbg_pangan`` (of them in KBLI A, C or I: agriculture, processing, food
        service) and ``persen_pemasok_mbg`` (of the units that answered).
    """
    scope = Scope(province, by, total)
    measures = _mbg_measures()
    frame = compute(con, "umkm", scope, years_ending(year, n_years), measures)
    frame["persen_pemasok_mbg"] = deklarasi.hitung(frame, "persen_pemasok_mbg")
    return tidy(frame, scope, [*measures, "persen_pemasok_mbg"])


def kbli(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    by: Level = "provinsi",
    total: bool = True,
    n_years: int = 1,
) -> pd.DataFrame:
    """UMKM by KBLI 2020 category (long format: one row per region, year and category).

    Returns
    -------
    pandas.DataFrame
        Id columns, then ``kategori_kbli``, ``nama_kategori``, ``jumlah_umkm`` and
        ``persen_umkm`` (of the region's units that year). Regions without data get one row
        with NA category; categories with no unit are left out.
    """
    scope = Scope(province, by, total)
    years = years_ending(year, n_years)
    rows = aggregate(
        con,
        "umkm",
        scope,
        years,
        {"jumlah_umkm": "COUNT(*)"},
        extra_group=["t.kategori_kbli AS kategori_kbli"],
    )
    present = rows.groupby(["kode_wilayah", "tahun"], as_index=False)["n_baris"].sum()
    base = complete(present.assign(jumlah=present["n_baris"]), scope, years, ["jumlah"])
    parts = base.merge(rows.drop(columns="n_baris"), on=["kode_wilayah", "tahun"], how="left")
    if scope.adds_total:
        tingkat, kode, nama = scope.total_identity()
        totals = rows.groupby(["tahun", "kategori_kbli"], as_index=False)["jumlah_umkm"].sum()
        totals = totals.assign(tingkat=tingkat, kode_wilayah=kode, nama_wilayah=nama, ada_data=True)
        parts = pd.concat([parts, totals], ignore_index=True)
    parts["jumlah_umkm"] = parts["jumlah_umkm"].astype("Float64")
    region_total = parts.groupby(["tingkat", "kode_wilayah", "tahun"])["jumlah_umkm"].transform(
        "sum"
    )
    parts["persen_umkm"] = ratio(parts["jumlah_umkm"], region_total)
    parts["nama_kategori"] = parts["kategori_kbli"].map(KATEGORI_KBLI_NAMA).astype("string")
    parts = parts.sort_values(["tahun", "kode_wilayah", "kategori_kbli"], kind="stable")
    out = tidy(parts, scope, ["kategori_kbli", "nama_kategori", "jumlah_umkm", "persen_umkm"])
    return out


def transisi(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    by: Level = "kabkota",
    total: bool = True,
    n_years: int = 1,
) -> pd.DataFrame:
    """Size-class moves of units followed by ``id_umkm`` from ``year - 1`` to ``year``.

    A unit counts in the region where it is in ``year``; only units present in both years
    with a known class both times are followed.

    Returns
    -------
    pandas.DataFrame
        Id columns (``ada_data`` is true when the region has units in ``year``),
        ``ada_data_tahun_lalu`` (units in ``year - 1``), then ``diikuti`` (units followed),
        ``naik``, ``tetap``, ``turun``, ``mikro_ke_kecil``, ``kecil_ke_menengah``,
        ``persen_naik``, ``persen_turun`` (of units followed). A region without UMKM data in
        either year has NA counts ("tidak ada data"), never 0; the total sums the regions with
        data in both years.
    """
    scope = Scope(province, by, total)
    years = years_ending(year, n_years)
    before, after = _rank_sql(skala_sql("t.a_")), _rank_sql(skala_sql("t."))
    followed = f"{before} IS NOT NULL AND {after} IS NOT NULL"
    measures = {
        "diikuti": f"COUNT(*) FILTER (WHERE {followed})",
        "naik": f"COUNT(*) FILTER (WHERE {followed} AND {after} > {before})",
        "tetap": f"COUNT(*) FILTER (WHERE {followed} AND {after} = {before})",
        "turun": f"COUNT(*) FILTER (WHERE {followed} AND {after} < {before})",
        "mikro_ke_kecil": f"COUNT(*) FILTER (WHERE {before} = 1 AND {after} = 2)",
        "kecil_ke_menengah": f"COUNT(*) FILTER (WHERE {before} = 2 AND {after} = 3)",
    }
    # the joined table: every unit of year t with its own row of year t - 1, if any
    joined = (
        "(SELECT t.*, a.skala_usaha AS a_skala_usaha, a.omzet_tahunan_rp AS a_omzet_tahunan_rp, "
        "a.modal_usaha_rp AS a_modal_usaha_rp FROM umkm t LEFT JOIN umkm a "
        "ON a.id_umkm = t.id_umkm AND a.kode_provinsi = t.kode_provinsi AND a.tahun = t.tahun - 1)"
    )
    frame = aggregate(con, joined, scope, years, measures)
    frame = complete(frame, scope, years, list(measures))
    # a region without UMKM rows the year before has nothing to follow: missing, not zero
    before = complete(
        aggregate(con, "umkm", scope, [y - 1 for y in years], {"n": "COUNT(*)"}),
        scope,
        [y - 1 for y in years],
        ["n"],
    )
    had = before.assign(tahun=before["tahun"] + 1).set_index(["kode_wilayah", "tahun"])["ada_data"]
    index = pd.MultiIndex.from_frame(frame[["kode_wilayah", "tahun"]])
    frame["ada_data_tahun_lalu"] = had.reindex(index).fillna(False).astype(bool).to_numpy()
    for name in measures:
        frame[name] = frame[name].mask(~(frame["ada_data"] & frame["ada_data_tahun_lalu"]))
    frame = add_total(frame, scope, list(measures))
    is_total = frame["tingkat"] != scope.by
    if is_total.any():
        followed = frame[~is_total].groupby("tahun")["ada_data_tahun_lalu"].any()
        frame.loc[is_total, "ada_data_tahun_lalu"] = frame.loc[is_total, "tahun"].map(followed)
    frame["ada_data_tahun_lalu"] = frame["ada_data_tahun_lalu"].fillna(False).astype(bool)
    frame["persen_naik"] = ratio(frame["naik"], frame["diikuti"])
    frame["persen_turun"] = ratio(frame["turun"], frame["diikuti"])
    return tidy(frame, scope, ["ada_data_tahun_lalu", *measures, "persen_naik", "persen_turun"])


def matriks_transisi(
    con: duckdb.DuckDBPyConnection, *, province: str | None, year: int
) -> pd.DataFrame:
    """Units followed from ``year - 1`` to ``year`` by class before and after (scope total).

    Returns
    -------
    pandas.DataFrame
        One row per class in ``year - 1`` (``Mikro``, ``Kecil``, ``Menengah``), one column per
        class in ``year``, counts of units; zero where no unit moved that way, NA everywhere
        when either year has no UMKM data in scope (nothing could be followed).
    """
    scope = Scope(province, "provinsi")
    where, params = scope.where("t")
    sql = (
        f"SELECT {skala_sql('a.')} AS skala_awal, {skala_sql('t.')} AS skala_akhir, "
        "COUNT(*) AS jumlah "
        "FROM umkm t JOIN umkm a ON a.id_umkm = t.id_umkm AND a.kode_provinsi = t.kode_provinsi "
        f"AND a.tahun = t.tahun - 1 WHERE {where} AND t.tahun = ? GROUP BY ALL"
    )
    rows = query(con, sql, [*params, int(year)]).dropna(subset=["skala_awal", "skala_akhir"])
    matrix = rows.pivot_table(
        index="skala_awal", columns="skala_akhir", values="jumlah", aggfunc="sum"
    )
    both = query(
        con,
        f"SELECT COUNT(DISTINCT t.tahun) AS n FROM umkm t WHERE {where} AND t.tahun IN (?, ?)",
        [*params, int(year) - 1, int(year)],
    )
    matrix = matrix.reindex(index=list(SKALA), columns=list(SKALA))
    if int(both["n"].iloc[0]) < 2:  # a year without UMKM data: nothing can be followed
        matrix = matrix.astype("Int64")
        matrix.loc[:, :] = pd.NA
    else:
        matrix = matrix.fillna(0).astype("int64")
    matrix.index.name = "skala_awal"
    matrix.columns.name = None
    return matrix.reset_index()


__all__ = [
    "ID_COLUMNS",
    "kbli",
    "matriks_transisi",
    "mbg",
    "profil",
    "skala",
    "skala_sql",
    "transisi",
]
