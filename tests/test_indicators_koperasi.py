"""Kelembagaan and members, against the hand-made Sulawesi Tenggara warehouse (see
tests/fixtures/sultra.py for where every expected figure comes from)."""

from __future__ import annotations

import pandas as pd
import pytest

from kumkm_utils import formatting as fmt
from kumkm_utils.exceptions import ParameterError
from kumkm_utils.indicators import koperasi


def _row(frame: pd.DataFrame, kode: str, tahun: int | None = None) -> pd.Series:
    rows = frame[frame["kode_wilayah"] == kode]
    if tahun is not None:
        rows = rows[rows["tahun"] == tahun]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_sultra_2021_active_cooperatives_and_rat(con):
    """The done-when figure: 2.300 active cooperatives, 420 with RAT, 18,3%."""
    frame = koperasi.kelembagaan(con, province="74", year=2021, by="provinsi")
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["nama_wilayah"] == "Sulawesi Tenggara"
    assert row["koperasi_aktif"] == 2300
    assert row["koperasi_rat"] == 420
    assert row["jumlah_koperasi"] == 2800  # 1.800 Kolaka + 1.000 Kendari
    assert row["persen_rat"] == pytest.approx(420 / 2300 * 100)
    assert fmt.persen(row["persen_rat"]) == "18,3%"
    assert fmt.angka(row["koperasi_aktif"]) == "2.300"
    assert row["persen_aktif"] == pytest.approx(2300 / 2800 * 100)


def test_kabkota_rows_and_total_from_sums(con):
    frame = koperasi.kelembagaan(con, province="74", year=2021)
    # 17 kab/kota of Sulawesi Tenggara + the province row, total last
    assert len(frame) == 18
    assert list(frame["tingkat"]) == ["kabkota"] * 17 + ["provinsi"]
    kolaka, kendari, total = _row(frame, "74.01"), _row(frame, "74.71"), _row(frame, "74")
    assert kolaka["persen_rat"] == pytest.approx(220 / 1300 * 100)  # 16,92%
    assert kendari["persen_rat"] == pytest.approx(20.0)
    # ratio of summed counts, not the mean (16,92 + 20) / 2 = 18,46 of the two kab/kota
    assert total["persen_rat"] == pytest.approx(420 / 2300 * 100)
    assert kolaka["koperasi_tidak_aktif"] == 500
    assert kolaka["koperasi_aktif_tidak_rat"] == 1080


def test_kabkota_without_submission_is_missing_not_zero(con):
    frame = koperasi.kelembagaan(con, province="74", year=2021)
    konawe = _row(frame, "74.02")  # sent data in 2020 only
    assert not konawe["ada_data"]
    assert pd.isna(konawe["koperasi_aktif"]) and pd.isna(konawe["persen_rat"])
    assert fmt.angka(konawe["koperasi_aktif"]) == "tidak ada data"
    assert frame["ada_data"].sum() == 3  # Kolaka, Kendari and the province row


def test_two_years_for_a_change(con):
    frame = koperasi.kelembagaan(con, province="74", year=2021, by="provinsi", n_years=2)
    assert list(frame["tahun"]) == [2020, 2021]
    assert _row(frame, "74", 2020)["persen_rat"] == pytest.approx(545 / 2310 * 100)
    konawe = _row(koperasi.kelembagaan(con, province="74", year=2021, n_years=2), "74.02", 2020)
    assert konawe["persen_rat"] == pytest.approx(50.0)


def test_every_province_and_the_national_total(con):
    frame = koperasi.kelembagaan(con, province=None, year=2021, by="provinsi")
    assert len(frame) == 39  # 38 provinces + Indonesia
    assert frame.iloc[-1]["tingkat"] == "nasional"
    assert frame.iloc[-1]["nama_wilayah"] == "Indonesia"
    kalteng = _row(frame, "62")
    assert (kalteng["koperasi_aktif"], kalteng["koperasi_rat"]) == (100, 60)
    national = frame.iloc[-1]
    assert national["koperasi_aktif"] == 2400
    assert national["persen_rat"] == pytest.approx(480 / 2400 * 100)  # 20,0%
    assert frame["ada_data"].sum() == 3  # 74, 62 and the national row


def test_members_by_sex(con):
    frame = koperasi.anggota(con, province="74", year=2021)
    kolaka, kendari = _row(frame, "74.01"), _row(frame, "74.71")
    assert (kolaka["anggota_laki_laki"], kolaka["anggota_perempuan"]) == (26_000, 13_000)
    assert kolaka["persen_anggota_perempuan"] == pytest.approx(100 / 3)
    # Kendari: 990 x 30 + 4 x 50 + 2 x 3.000 + 4 x 50 = 36.100 of each sex
    assert kendari["anggota_laki_laki"] == 36_100
    assert kendari["anggota"] == 72_200
    total = _row(frame, "74")
    assert total["anggota"] == 39_000 + 72_200
    assert total["manajer"] == 1300 + 1000
    assert total["karyawan"] == 1300 * 2 + 1000 * 3


@pytest.mark.parametrize("bad", [74, "7", "Sultra", "74.01"])
def test_province_must_be_a_two_digit_string(con, bad):
    with pytest.raises(ParameterError, match="two-digit code"):
        koperasi.kelembagaan(con, province=bad, year=2021)


def test_unknown_level_and_bad_year(con):
    with pytest.raises(ParameterError, match="by must be one of"):
        koperasi.kelembagaan(con, province="74", year=2021, by="desa")
    with pytest.raises(ParameterError, match="year must be an integer"):
        koperasi.kelembagaan(con, province="74", year="2021")


def test_rat_on_time_and_growth_of_the_count(con):
    frame = koperasi.kelembagaan(con, province="74", year=2021)
    # deadline for book year 2021: 30 June 2022. Kolaka: all 220 on 15 March 2022;
    # Kendari: 150 on 1 May, 50 on 1 August 2022
    assert _row(frame, "74.01")["persen_rat_tepat_waktu"] == pytest.approx(100.0)
    assert _row(frame, "74.71")["persen_rat_tepat_waktu"] == pytest.approx(75.0)
    assert _row(frame, "74")["persen_rat_tepat_waktu"] == pytest.approx(370 / 420 * 100)
    # 2.800 cooperatives in 2021 against 1.800 + 1.000 + 10 (Konawe, no data in 2021) in 2020:
    # like for like, Konawe is left out of both years, 2.800 against 2.800 = 0%, not -0,36%
    assert _row(frame, "74")["pertumbuhan_jumlah_koperasi"] == pytest.approx(0.0)
    assert _row(frame, "74.01")["pertumbuhan_jumlah_koperasi"] == pytest.approx(0.0)


def test_workers_and_member_growth(con):
    frame = koperasi.anggota(con, province="74", year=2021)
    assert _row(frame, "74.01")["tenaga_kerja_koperasi"] == 1300 * 3
    # no member figures were reported for 2020: growth cannot be said
    assert pd.isna(_row(frame, "74")["pertumbuhan_anggota"])
