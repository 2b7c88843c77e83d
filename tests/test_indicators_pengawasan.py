"""KSP/USP health and coverage, KUK class, problem cooperatives (fixture: fixtures/sultra.py)."""

from __future__ import annotations

import pytest
from fixtures.builders import build, koperasi

from kumkm_utils import warehouse
from kumkm_utils.indicators import pengawasan


def _row(frame, kode):
    rows = frame[frame["kode_wilayah"] == kode]
    assert len(rows) == 1
    return rows.iloc[0]


def test_health_distribution_and_coverage(con):
    frame = pengawasan.kesehatan(con, province="74", year=2021)
    kendari = _row(frame, "74.71")
    # 10 KSP/USP: 4 Sehat, 3 Cukup Sehat, 2 Dalam Pengawasan, 1 not assessed
    assert (kendari["ksp_usp"], kendari["ksp_usp_dinilai"]) == (10, 9)
    assert (kendari["sehat"], kendari["cukup_sehat"], kendari["dalam_pengawasan"]) == (4, 3, 2)
    assert kendari["persen_dinilai"] == pytest.approx(90.0)
    assert kendari["persen_sehat"] == pytest.approx(400 / 9)
    kolaka = _row(frame, "74.01")
    # 5 KSP/USP, only one assessed (Dalam Pengawasan Khusus)
    assert kolaka["persen_dinilai"] == pytest.approx(20.0)
    assert kolaka["persen_dalam_pengawasan"] == pytest.approx(100.0)
    total = _row(frame, "74")
    # 15 KSP/USP, 10 assessed; 4 sehat; 2 DP + 1 DPK under supervision
    assert total["persen_dinilai"] == pytest.approx(10 / 15 * 100)
    assert total["persen_sehat"] == pytest.approx(40.0)
    assert total["persen_dalam_pengawasan"] == pytest.approx(30.0)


def test_kuk_classes(con):
    frame = pengawasan.kuk(con, province="74", year=2021)
    kendari = _row(frame, "74.71")
    # 4 + 1 + 1 small KSP (100 members, 1 M, 5 M); 2 with 6.000 members; 1 with aset 200 M;
    # 1 with modal sendiri 60 M
    assert [kendari[f"kuk_{k}"] for k in range(1, 5)] == [6, 2, 1, 1]
    assert _row(frame, "74.01")["kuk_1"] == 5
    total = _row(frame, "74")
    assert total["ksp"] == 15 and total["kuk_1"] == 11 and total["kuk_tidak_diketahui"] == 0


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            dict(
                anggota_laki_laki=2500, anggota_perempuan=2500, modal_sendiri_rp=2.5e9, aset_rp=15e9
            ),
            1,
        ),
        (dict(anggota_laki_laki=2500, anggota_perempuan=2501), 2),  # 5.001 members
        (dict(modal_sendiri_rp=15.1e9), 3),
        (dict(aset_rp=500e9), 3),  # bounds are inclusive
        (dict(aset_rp=500.1e9), 4),
        (
            dict(
                anggota_laki_laki=100, anggota_perempuan=None, modal_sendiri_rp=None, aset_rp=None
            ),
            1,
        ),
        ({}, None),  # nothing reported: class unknown
    ],
)
def test_kuk_boundaries(tmp_path, values, expected):
    path = build(
        tmp_path / "w.duckdb",
        koperasi=koperasi("74.01", 2025, 1, jenis_koperasi="Simpan Pinjam", **values),
    )
    with warehouse.connect(path) as con:
        row = _row(pengawasan.kuk(con, province="74", year=2025), "74.01")
    column = "kuk_tidak_diketahui" if expected is None else f"kuk_{expected}"
    assert row[column] == 1
    assert row[["kuk_1", "kuk_2", "kuk_3", "kuk_4", "kuk_tidak_diketahui"]].sum() == 1


def test_problem_cooperatives(con):
    frame = pengawasan.bermasalah(con, province="74", year=2021, n_years=2)
    kolaka_2021 = frame[(frame["kode_wilayah"] == "74.01") & (frame["tahun"] == 2021)].iloc[0]
    # the 3 flagged cooperatives are inactive: the share of active ones counts only active
    # flagged ones (numerator within the denominator), the inactive ones are reported apart
    assert kolaka_2021["koperasi_bermasalah"] == 0
    assert kolaka_2021["koperasi_bermasalah_tidak_aktif"] == 3
    assert kolaka_2021["persen_bermasalah"] == 0
    total_2020 = frame[(frame["kode_wilayah"] == "74") & (frame["tahun"] == 2020)].iloc[0]
    assert total_2020["koperasi_bermasalah"] == 0
    assert total_2020["koperasi_bermasalah_tidak_aktif"] == 1
