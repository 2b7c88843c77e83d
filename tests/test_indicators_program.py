"""Budget absorption, physical achievement, ratings and synchronisation with national priorities.

Sums for Sulawesi Tenggara 2021 (rows in tests/fixtures/sultra.py; pagu / realisasi in Rp juta,
capaian fisik = realisasi fisik / target, capped at 100%):

    sub kegiatan        dana           lokasi     pagu  real  capaian
    2.17.07.1.01.0003   APBD           provinsi    100    90   80/100  = 80
    2.17.07.1.01.0004   DAK Nonfisik   Kolaka      300   150   60/50   = 120 -> 100
    2.17.03.1.01.0001   APBD           Kendari     100   100   5/10    = 50
    2.17.08.1.01.0002   Dekonsentrasi  provinsi     50     0   no target

    total: 340 / 550 = 61,82% (Kurang); fisik (100x80 + 300x100 + 100x50) / 500 = 86 (Baik)
    2.17.07: 240 / 400 = 60% (Kurang), fisik (100x80 + 300x100) / 400 = 95 (Sangat Baik)
    APBD: 190 / 200 = 95% (Sangat Baik), fisik (80 + 50) / 2 = 65 (Kurang)
"""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures.builders import build
from fixtures.builders import program as program_rows

from kumkm_utils import warehouse
from kumkm_utils.exceptions import ParameterError
from kumkm_utils.indicators import program


def _row(frame, kode, tahun=2021):
    rows = frame[(frame["kode"] == kode) & (frame["tahun"] == tahun)]
    assert len(rows) == 1, frame
    return rows.iloc[0]


def test_total_absorption_and_weighted_physical_achievement(con):
    frame = program.realisasi(con, province="74", year=2021, by="program")
    total = frame.iloc[-1]
    assert total["tingkat"] == "total" and total["nama"] == "Sulawesi Tenggara"
    assert total["pagu_rp"] == pytest.approx(550e6)
    assert total["persen_keuangan"] == pytest.approx(340 / 550 * 100)
    assert total["predikat_keuangan"] == "Kurang"
    # not capped (deklarasi.ATURAN_CAPAIAN): 80% on 100 jt, 120% on 300 jt, 50% on 100 jt
    # -> (8.000 + 36.000 + 5.000) / 500 = 98% (capped at 100% it would read 86%, "Baik")
    assert total["capaian_fisik"] == pytest.approx(98.0)
    assert total["predikat_fisik"] == "Sangat Baik"


def test_by_programme(con):
    frame = program.realisasi(con, province="74", year=2021, by="program")
    assert list(frame["kode"][:-1]) == ["2.17.03", "2.17.07", "2.17.08"]
    p07 = _row(frame, "2.17.07")
    assert p07["nama"].startswith("Program Pemberdayaan Usaha Menengah")
    assert p07["persen_keuangan"] == pytest.approx(60.0)
    assert p07["capaian_fisik"] == pytest.approx((100 * 80 + 300 * 120) / 400)  # 110%
    assert p07["predikat_fisik"] == "Sangat Baik"
    p08 = _row(frame, "2.17.08")
    assert p08["persen_keuangan"] == 0 and p08["predikat_keuangan"] == "Sangat Kurang"
    assert pd.isna(p08["capaian_fisik"]) and pd.isna(p08["predikat_fisik"])  # no target


def test_by_funding_source_and_location(con):
    by_fund = program.realisasi(con, province="74", year=2021, by="sumber_dana")
    apbd = _row(by_fund, "APBD")
    assert apbd["persen_keuangan"] == pytest.approx(95.0)
    assert apbd["capaian_fisik"] == pytest.approx(65.0)
    assert apbd["predikat_fisik"] == "Kurang"
    by_place = program.realisasi(con, province="74", year=2021, by="kabkota")
    provinsi = _row(by_place, "")
    assert provinsi["nama"] == "Tingkat provinsi"
    assert provinsi["pagu_rp"] == pytest.approx(150e6)
    assert _row(by_place, "74.01")["nama"] == "Kabupaten Kolaka"


def test_change_and_missing_year(con):
    frame = program.realisasi(con, province="74", year=2021, by="provinsi", n_years=3)
    assert list(frame["tahun"]) == [2019, 2020, 2021]
    assert not frame.iloc[0]["ada_data"] and pd.isna(frame.iloc[0]["persen_keuangan"])
    assert frame.iloc[1]["persen_keuangan"] == pytest.approx(50.0)


def test_subkegiatan_rows(con):
    rows = program.subkegiatan(con, province="74", year=2021)
    assert len(rows) == 4
    dak = rows[rows["sumber_dana"] == "DAK Nonfisik"].iloc[0]
    assert dak["capaian_fisik"] == pytest.approx(120.0)  # 60 of 50: printed as computed
    assert dak["kendala"] == "Pencairan terlambat"
    assert dak["lokasi"] == "Kabupaten Kolaka"


def test_unknown_grouping(con):
    with pytest.raises(ParameterError, match="by must be one of"):
        program.realisasi(con, province="74", year=2021, by="kegiatan")


@pytest.fixture(scope="module")
def sync_con(tmp_path_factory):
    # Sultra's 2025 sub kegiatan: two for MBG (one in Kendari, one in Kolaka), one for a 2023
    # priority (PL-KUMKM, not valid in 2026), one untagged with pagu 0. Kalteng: none at all.
    base = dict(kode_provinsi="74", tahun=2025, sumber_dana="APBD", nama_subkegiatan="Sub kegiatan")
    rows = [
        dict(
            base,
            kode_subkegiatan="2.17.07.1.01.0003",
            kode_kabkota="74.71",
            pagu_rp=200e6,
            realisasi_keuangan_rp=150e6,
            prioritas_nasional="MBG",
        ),
        dict(
            base,
            kode_subkegiatan="2.17.08.1.01.0002",
            kode_kabkota="74.01",
            pagu_rp=100e6,
            realisasi_keuangan_rp=100e6,
            prioritas_nasional="2025-mbg",
        ),
        dict(
            base,
            kode_subkegiatan="2.17.07.1.01.0004",
            kode_kabkota=None,
            pagu_rp=50e6,
            realisasi_keuangan_rp=50e6,
            prioritas_nasional="PL-KUMKM",
        ),
        dict(
            base,
            kode_subkegiatan="2.17.03.1.01.0001",
            kode_kabkota=None,
            pagu_rp=0.0,
            realisasi_keuangan_rp=0.0,
            prioritas_nasional=None,
        ),
    ]
    path = build(tmp_path_factory.mktemp("sync") / "w.duckdb", program=program_rows(rows))
    connection = warehouse.connect(path)
    yield connection
    connection.close()


def test_synchronisation_with_plan_year_priorities(sync_con):
    frame = program.sinkronisasi(sync_con, province="74", year=2025, plan_year=2026).set_index(
        "kode_prioritas"
    )
    assert list(frame.index) == ["ASTA-CITA", "MBG", "KDKMP", "LAINNYA", "TANPA"]
    assert (frame["tahun_data"] == 2025).all()  # no 2026 sub kegiatan submitted yet
    mbg = frame.loc["MBG"]
    assert (mbg["n_subkegiatan"], mbg["n_lokasi_kabkota"]) == (2, 2)
    assert mbg["pagu_rp"] == pytest.approx(300e6)
    assert mbg["status"] == program.STATUS_ADA
    assert frame.loc["KDKMP", "status"] == program.STATUS_TIDAK_ADA
    assert frame.loc["KDKMP", "n_subkegiatan"] == 0
    assert frame.loc["LAINNYA", "pagu_rp"] == pytest.approx(50e6)
    assert frame.loc["TANPA", "status"] == program.STATUS_TANPA_ANGGARAN


def test_synchronisation_without_programme_data_says_so(sync_con):
    frame = program.sinkronisasi(sync_con, province="62", year=2025, plan_year=2026)
    assert list(frame["kode_prioritas"]) == ["ASTA-CITA", "MBG", "KDKMP"]
    assert set(frame["status"]) == {program.STATUS_TIDAK_ADA_DATA}
    national = program.sinkronisasi(sync_con, province=None, year=2025, plan_year=2026)
    assert national["kode_provinsi"].nunique() == 38


def test_share_of_pagu_for_priorities(sync_con):
    # 2025 data against the 2026 priorities: MBG pagu 300 of 350 jt
    total = program.realisasi(sync_con, province="74", year=2025, by="provinsi").iloc[0]
    assert total["persen_pagu_prioritas"] == pytest.approx(300 / 350 * 100)
