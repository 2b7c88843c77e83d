"""National roll-up of target achievement: each province against its own targets, and Indonesia
against the national targets (RPJMN 2025-2029, RPJPN 2025-2045).

National targets are rows of the ``target`` dataset with ``kode_provinsi`` "00"
(:data:`kumkm_utils.regions.codes.NATIONAL_CODE`), loaded like any target file; the published
ones ship in ``data/reference/target_nasional.csv`` (with their source) and ``kumkm pipeline``
ingests them. The warehouse is their one owner: this module reads them for the national
roll-up, and the province report reads them through
:func:`kumkm_utils.targets.lintasan.untuk_indikator`. A document
often publishes only the two ends of a path (baseline and final target); the target of a year
in between is on the straight line between the nearest published points of the same document
and is labelled as derived.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from kumkm_utils import formatting as fmt
from kumkm_utils import regions
from kumkm_utils.reference import RATING_ORDER
from kumkm_utils.regions.codes import NATIONAL_CODE
from kumkm_utils.targets import capaian as cap
from kumkm_utils.targets.evaluasi import catatan_rumus, targets
from kumkm_utils.targets.indikator import desimal, indikator, nilai
from kumkm_utils.targets.lintasan import TargetNasional, daftar, pilih, untuk_indikator


def target_nasional(con: duckdb.DuckDBPyConnection, *, year: int) -> pd.DataFrame:
    """National targets from the ``target`` dataset, the national realisation of ``year`` and
    capaian.

    Returns
    -------
    pandas.DataFrame
        ``kode_indikator``, ``indikator``, ``dokumen`` (document with number and date),
        ``target_awal`` (text: value and year), ``target_akhir``, ``target_tahun`` (value in
        ``year``, NA outside the path), ``asal_target`` (published or derived),
        ``realisasi`` (Indonesia, from the warehouse), ``capaian``, ``predikat``. No rows when
        no national target is loaded.
    """
    rows = []
    for path in daftar(con):
        info = indikator(path.kode_indikator)
        realised = pd.NA
        if info.dihitung:
            frame = nilai(path.kode_indikator, con, province=None, year=year, by="provinsi")
            total = frame[(frame["tingkat"] == "nasional") & (frame["tahun"] == year)]["nilai"]
            realised = total.iloc[0] if len(total) else pd.NA
        unit = "%" if info.persen else ""
        value = path.pada(year)
        rows.append(
            {
                "kode_indikator": path.kode_indikator,
                "indikator": info.nama,
                "dokumen": path.sumber,
                "target_awal": f"{fmt.angka(path.titik[0][1], 2)}{unit} ({path.tahun_awal})",
                "target_akhir": f"{fmt.angka(path.titik[-1][1], 2)}{unit} ({path.tahun_akhir})",
                "target_tahun": pd.NA if value is None else value,
                "asal_target": path.asal(year) if value is not None else "di luar lintasan",
                "realisasi": realised,
                "arah": info.arah,
            }
        )
    columns = [
        "kode_indikator",
        "indikator",
        "dokumen",
        "target_awal",
        "target_akhir",
        "target_tahun",
        "asal_target",
        "realisasi",
        "arah",
    ]
    out = pd.DataFrame(rows, columns=columns)
    out["target_tahun"] = pd.to_numeric(out["target_tahun"]).astype("Float64")
    out["realisasi"] = pd.to_numeric(out["realisasi"]).astype("Float64")
    out["capaian"] = cap.capaian(out["target_tahun"], out["realisasi"], out["arah"]).to_numpy()
    out["predikat"] = cap.predikat(out["capaian"]).to_numpy()
    return out.drop(columns="arah")


def capaian_provinsi(con: duckdb.DuckDBPyConnection, *, year: int) -> pd.DataFrame:
    """Each province's achievement against its own province-level targets of ``year``.

    Every target (per indicator and document) counts once. Provinces without targets are
    listed with 0 targets.

    Returns
    -------
    pandas.DataFrame
        ``kode_provinsi``, ``nama_provinsi``, ``target`` (count), ``dinilai``, one column per
        rating band, ``belum_ada_data``, ``median_capaian`` (NA when nothing was rated).
    """
    rows = targets(con, province=None, years=[year])
    rows = rows[rows["kode_kabkota"].isna() & (rows["kode_provinsi"] != NATIONAL_CODE)]
    parts = []
    for code in sorted(set(rows["kode_indikator"])):
        info = indikator(code)
        mine = rows[rows["kode_indikator"] == code]
        if info.dihitung:
            real = nilai(code, con, province=None, year=year, by="provinsi")
            real = real[(real["tingkat"] == "provinsi") & (real["tahun"] == year)]
            real = real.set_index("kode_wilayah")["nilai"]
            realised = mine["kode_provinsi"].map(real)
        else:
            realised = pd.Series(pd.NA, index=mine.index)
        parts.append(
            mine.assign(
                realisasi=pd.to_numeric(realised).astype("Float64"),
                capaian=cap.capaian(mine["nilai_target"], realised, info.arah).to_numpy(),
            )
        )
    provinces = regions.provinces()[["kode_provinsi", "nama_provinsi"]]
    if parts:
        evaluated = pd.concat(parts, ignore_index=True)
        evaluated["predikat"] = cap.predikat(evaluated["capaian"]).to_numpy()
    else:
        evaluated = pd.DataFrame(
            columns=["kode_provinsi", "nilai_target", "realisasi", "capaian", "predikat"]
        )
    grouped = evaluated.groupby("kode_provinsi")
    summary = pd.DataFrame(
        {
            "target": grouped.size(),
            "dinilai": grouped["capaian"].count(),
            "belum_ada_data": grouped["realisasi"].apply(lambda s: int(s.isna().sum())),
            "median_capaian": grouped["capaian"].median(),
        }
    )
    for band in RATING_ORDER:
        summary[band] = grouped["predikat"].apply(lambda s, b=band: int((s == b).sum()))
    out = provinces.merge(summary.reset_index(), on="kode_provinsi", how="left")
    for column in ("target", "dinilai", "belum_ada_data", *RATING_ORDER):
        out[column] = out[column].fillna(0).astype("int64")
    out["median_capaian"] = pd.to_numeric(out["median_capaian"]).astype("Float64")
    columns = ["kode_provinsi", "nama_provinsi", "target", "dinilai", *RATING_ORDER]
    return out[[*columns, "belum_ada_data", "median_capaian"]]


def tampilkan(con: duckdb.DuckDBPyConnection, *, year: int) -> None:
    """Show the national targets table and the province achievement table."""
    from kumkm_utils import display

    nasional = target_nasional(con, year=year)
    if nasional.empty:
        display.text(
            "Belum ada target nasional di gudang data (baris target berkode provinsi 00; target "
            "RPJMN/RPJPN terbitan ada di `data/reference/target_nasional.csv` dan dimuat oleh "
            "`kumkm pipeline`)."
        )
    else:
        display.table(
            nasional.drop(columns="kode_indikator").rename(
                columns={
                    "indikator": "Indikator",
                    "dokumen": "Dokumen",
                    "target_awal": "Titik awal",
                    "target_akhir": "Target akhir",
                    "target_tahun": f"Target {year}",
                    "asal_target": f"Asal target {year}",
                    "realisasi": f"Realisasi Indonesia {year}",
                    "capaian": "Capaian (%)",
                    "predikat": "Predikat",
                }
            ),
            key="target_nasional",
            title=f"Target nasional dan capaian Indonesia, {year}",
            note="Target nasional dari dataset target (kode provinsi 00; RPJMN 2025-2029 dan "
            "RPJPN 2025-2045 terbitan, sumber di data/reference/README.md). Titik awal dan "
            "target akhir diterbitkan; target tahun antara adalah turunan garis lurus di antara "
            "titik terbitan terdekat, bukan angka terbitan. " + catatan_rumus(),
            formats={"Capaian (%)": lambda v: fmt.angka(float(v), 1)},
            decimals={  # national targets are shares: the finest declared decimals of the rows
                column: max((desimal(c) for c in nasional["kode_indikator"]), default=1)
                for column in (
                    "Titik awal",
                    "Target akhir",
                    f"Target {year}",
                    f"Realisasi Indonesia {year}",
                )
            },
        )
    per = capaian_provinsi(con, year=year)
    display.table(
        per.drop(columns="kode_provinsi").rename(
            columns={
                "nama_provinsi": "Provinsi",
                "target": "Target",
                "dinilai": "Dinilai",
                "belum_ada_data": "Belum ada data",
                "median_capaian": "Median capaian (%)",
            }
        ),
        key="capaian_target_provinsi",
        title=f"Capaian target provinsi {year} (target tingkat provinsi per indikator dan dokumen)",
        unit="jumlah target; persen",
        note="Setiap target dari setiap dokumen dihitung sekali; provinsi tanpa target bernilai 0 "
        "target. " + catatan_rumus(),
        formats={"Median capaian (%)": lambda v: fmt.angka(float(v), 1)},
    )


__all__ = [
    "TargetNasional",
    "capaian_provinsi",
    "daftar",
    "pilih",
    "tampilkan",
    "target_nasional",
    "untuk_indikator",
]
