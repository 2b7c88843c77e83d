"""Synthetic targets of one province: province and kab/kota targets 2021-2026 from two documents.

Labelled synthetic like every sample file (the ``DATA SINTETIS`` marker above the header).
Calibration: each target is set from the realisation that the province's generated rows give
(computed with the report's own indicator functions on an in-memory warehouse of those rows)
and a chosen achievement, so that the evaluated achievements spread over all five rating bands
(:data:`CAPAIAN`). Targets per document:

- ``RKPD``: one per indicator and year 2021-2026 at province level, and for the first
  :data:`N_KABKOTA` kab/kota of the province for :data:`KODE_KABKOTA`;
- ``RPJMD``: for :data:`KODE_RPJMD`, 5-20% more ambitious than the RKPD target of the same
  year: the deliberate conflict, kept side by side.

2026 (the plan year) has targets but no realisation yet. Ingestion may reject a few rows that
the sample spoils on purpose, so an achievement may land near, not exactly on, its band.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd

from kumkm_utils import regions, schemas, warehouse
from kumkm_utils.sample.calibration import rng_for
from kumkm_utils.targets.indikator import indikator, nilai

TAHUN = tuple(range(2021, 2027))
TAHUN_DATA = 2025
"""Last year with realisations in the sample."""
KODE_PROVINSI = (
    "koperasi_aktif",
    "persen_aktif",
    "persen_rat",
    "persen_dinilai",
    "persen_sehat",
    "persen_bermasalah",
    "persen_ukm",
    "persen_nib",
    "persen_digital",
    "persen_keuangan",
    "capaian_fisik",
    "kontribusi_pdrb",
)
"""Indicators with synthetic province targets (``persen_bermasalah``: lower is better)."""
KODE_KABKOTA = ("persen_rat", "persen_nib")
KODE_RPJMD = ("persen_aktif", "persen_rat", "persen_nib")
N_KABKOTA = 3
CAPAIAN = (104.0, 84.0, 71.0, 58.0, 42.0)
"""Achievements the targets are calibrated to, one per band (Sangat Baik ... Sangat Kurang)."""


def _capaian_for(i: int, year: int, code: str) -> float:
    """The calibrated achievement of the i-th target: the bands in turn, shifted by year."""
    return CAPAIAN[(i + year) % len(CAPAIAN)]


def _target_for(realisasi: float, capaian: float, arah: str, persen: bool) -> float:
    if arah == "turun":
        value = realisasi / (2 - capaian / 100)
    else:
        value = realisasi / (capaian / 100)
    if persen:
        return float(round(min(value, 100.0), 2))
    return float(round(value))


def _warehouse(code: str, frames: dict[str, list[pd.DataFrame]]) -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse over the generated frames: each dataset a view of its rows (no
    copy), with the warehouse's columns and types."""
    code = regions.province(code).kode  # a known two-digit code, safe to write into SQL
    con = duckdb.connect(":memory:")
    for dataset, parts in frames.items():
        frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        con.register(f"_{dataset}", frame)
        select = []
        for column, sql_type in warehouse.table_columns(dataset).items():
            if column in frame.columns:
                select.append(f'CAST("{column}" AS {sql_type}) AS "{column}"')
            elif column == "kode_provinsi":
                select.append(f"'{code}' AS kode_provinsi")
            else:
                select.append(f'NULL::{sql_type} AS "{column}"')
        con.execute(f'CREATE VIEW "{dataset}" AS SELECT {", ".join(select)} FROM "_{dataset}"')
    return con


def _realised(con, code: str, province: str, by: str) -> pd.DataFrame:
    frame = nilai(code, con, province=province, year=TAHUN_DATA, by=by, n_years=5)
    return frame[["tingkat", "kode_wilayah", "tahun", "nilai"]]


def generate(code: str, frames: dict[str, list[pd.DataFrame]], *, seed: int) -> pd.DataFrame:
    """Return the synthetic target rows of one province, in schema dtypes.

    Parameters
    ----------
    code
        Province code.
    frames
        The province's generated rows per dataset (``koperasi``, ``umkm``, ``program``,
        ``makro``), as written to its sample files.
    seed
        Sample seed (document numbers and the RPJMD factor depend on it).
    """
    rng = rng_for(seed, code, "target")
    con = _warehouse(code, frames)
    try:
        rows: list[dict] = []
        nomor_rkpd = {y: f"Pergub {code}/{int(rng.integers(10, 60))}/{y - 1}" for y in TAHUN}
        for i, kode in enumerate(KODE_PROVINSI):
            info = indikator(kode)
            real = _realised(con, kode, code, "provinsi")
            real = real[real["kode_wilayah"] == code].set_index("tahun")["nilai"]
            last = real.dropna()
            if last.empty:
                continue
            for year in TAHUN:
                value = real.get(year, pd.NA)
                if pd.isna(value):  # no realisation (plan year, missing file): continue the path
                    value = float(last.iloc[-1]) * (1.03 if info.arah == "naik" else 0.97)
                    target = _target_for(float(value), 100.0, info.arah, info.persen)
                else:
                    target = _target_for(
                        float(value), _capaian_for(i, year, kode), info.arah, info.persen
                    )
                if target > 0:  # a zero target has no achievement (division by zero)
                    rows.append(_row(code, None, kode, year, "RKPD", nomor_rkpd[year], target))
            if kode in KODE_RPJMD:  # the conflict: the RPJMD asked more than the RKPD
                factor = float(rng.uniform(1.05, 1.2))
                for rkpd in [r for r in rows if r["kode_indikator"] == kode]:
                    target = round(min(rkpd["nilai_target"] * factor, 100.0), 2)
                    nomor = f"Perda {code}/5/2019"
                    rows.append(_row(code, None, kode, rkpd["tahun"], "RPJMD", nomor, target))
        for j, kode in enumerate(KODE_KABKOTA):
            info = indikator(kode)
            real = _realised(con, kode, code, "kabkota")
            real = real[real["tingkat"] == "kabkota"]
            kabkota = sorted(set(real["kode_wilayah"]))[:N_KABKOTA]
            for k, kab in enumerate(kabkota):
                series = real[real["kode_wilayah"] == kab].set_index("tahun")["nilai"]
                for year in TAHUN:
                    value = series.get(year, pd.NA)
                    if pd.isna(value):
                        continue  # no kab/kota target without a realisation to calibrate on
                    target = _target_for(
                        float(value), _capaian_for(j + k, year, kode), info.arah, info.persen
                    )
                    rows.append(_row(code, kab, kode, year, "RKPD", f"Perbup {kab}/{year}", target))
    finally:
        con.close()
    frame = pd.DataFrame(rows)
    out = schemas.dataset("target").empty_frame()
    for column in out.columns:
        out[column] = frame[column].astype(out[column].dtype)
    return out


def _row(
    prov: str, kab: str | None, kode: str, year: int, dokumen: str, nomor: str, value: float
) -> dict:
    tanggal = dt.datetime(year - 1, 12, 20) if dokumen == "RKPD" else dt.datetime(2019, 8, 1)
    return {
        "kode_provinsi": prov,
        "kode_kabkota": kab,
        "kode_indikator": kode,
        "tahun": year,
        "dokumen": dokumen,
        "nomor_dokumen": nomor,
        "tanggal_dokumen": pd.Timestamp(tanggal),
        "nilai_target": np.float64(value),
        "keterangan": "target sintetis (dikalibrasi dari data contoh)",
    }
