"""UMKM size classes, profile shares, MBG, KBLI and transitions (fixture: fixtures/sultra.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures.builders import build
from fixtures.builders import umkm as umkm_rows

from kumkm_utils import warehouse
from kumkm_utils.indicators import umkm


def _row(frame, kode, tahun=2021):
    rows = frame[(frame["kode_wilayah"] == kode) & (frame["tahun"] == tahun)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_size_classes_and_ukm_share(con):
    frame = umkm.skala(con, province="74", year=2021)
    kolaka = _row(frame, "74.01")
    assert (kolaka["mikro"], kolaka["kecil"], kolaka["menengah"]) == (80, 15, 5)
    assert kolaka["persen_ukm"] == pytest.approx(20.0)
    kendari = _row(frame, "74.71")
    # class derived from annual sales (1 M -> Mikro, 3 M -> Kecil); 2 units unknown
    assert (kendari["mikro"], kendari["kecil"], kendari["skala_tidak_diketahui"]) == (50, 10, 2)
    assert kendari["persen_ukm"] == pytest.approx(10 / 60 * 100)
    total = _row(frame, "74")
    assert total["jumlah_umkm"] == 162
    # 30 / 160 = 18,75%, not the mean of 20% and 16,67%
    assert total["persen_ukm"] == pytest.approx(18.75)
    assert pd.isna(_row(frame, "74.02")["persen_ukm"])


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (dict(omzet_tahunan_rp=2e9), "mikro"),  # PP 7/2021: up to 2 M sales
        (dict(omzet_tahunan_rp=2.1e9), "kecil"),
        (dict(omzet_tahunan_rp=50e9), "menengah"),
        (dict(modal_usaha_rp=1e9), "mikro"),  # no sales: capital up to 1 M
        (dict(modal_usaha_rp=5.5e9), "menengah"),
        (dict(omzet_tahunan_rp=1e9, modal_usaha_rp=8e9), "mikro"),  # sales decide first
        (dict(skala_usaha="Kecil", omzet_tahunan_rp=1e9), "kecil"),  # submitted class wins
        (dict(omzet_tahunan_rp=60e9), "skala_tidak_diketahui"),  # above menengah: not UMKM
    ],
)
def test_size_class_fallback(tmp_path, values, expected):
    values = {"skala_usaha": None, **values}
    path = build(tmp_path / "w.duckdb", umkm=umkm_rows("74.01", 2025, 1, **values))
    with warehouse.connect(path) as con:
        row = _row(umkm.skala(con, province="74", year=2025), "74.01", 2025)
    assert row[expected] == 1


def test_profile_shares(con):
    frame = umkm.profil(con, province="74", year=2021)
    kolaka = _row(frame, "74.01")
    assert kolaka["persen_nib"] == pytest.approx(60.0)
    assert kolaka["persen_digital"] == pytest.approx(55.0)
    assert kolaka["persen_eksportir"] == pytest.approx(20.0)
    assert kolaka["persen_perempuan"] == pytest.approx(55.0)
    assert kolaka["persen_muda"] == pytest.approx(40 / 95 * 100)  # 5 units without an age band
    kendari = _row(frame, "74.71")
    assert kendari["persen_nib"] == 0
    assert pd.isna(kendari["persen_perempuan"])  # no owner's sex reported at all
    total = _row(frame, "74")
    assert total["persen_nib"] == pytest.approx(60 / 162 * 100)
    assert total["persen_perempuan"] == pytest.approx(55.0)  # of the 100 units with a known sex


def test_mbg_potential(con):
    frame = umkm.mbg(con, province="74", year=2021)
    assert _row(frame, "74.01")["pemasok_mbg"] == 55
    assert _row(frame, "74.01")["pemasok_mbg_pangan"] == 55  # KBLI A (40) and C (15)
    assert _row(frame, "74.71")["persen_pemasok_mbg"] == pytest.approx(50 / 62 * 100)
    assert _row(frame, "74")["pemasok_mbg"] == 105


def test_kbli_distribution(con):
    frame = umkm.kbli(con, province="74", year=2021)
    shares = frame.set_index("kategori_kbli")["jumlah_umkm"].to_dict()
    # G 40, A 40, C 15 + 5, I 50 and 12 units of the default category G in Kendari
    assert shares == {"A": 40, "C": 20, "G": 52, "I": 50}
    assert frame["persen_umkm"].sum() == pytest.approx(100.0)
    assert frame.set_index("kategori_kbli").loc["C", "nama_kategori"] == "Industri Pengolahan"
    by_kabkota = umkm.kbli(con, province="74", year=2021, by="kabkota")
    konawe = by_kabkota[by_kabkota["kode_wilayah"] == "74.02"]
    assert len(konawe) == 1 and not konawe.iloc[0]["ada_data"]


def test_transitions(con):
    frame = umkm.transisi(con, province="74", year=2021)
    kolaka, kendari, total = _row(frame, "74.01"), _row(frame, "74.71"), _row(frame, "74")
    assert (kolaka["diikuti"], kolaka["naik"], kolaka["tetap"], kolaka["turun"]) == (100, 20, 80, 0)
    assert (kolaka["mikro_ke_kecil"], kolaka["kecil_ke_menengah"]) == (15, 5)
    assert (kendari["diikuti"], kendari["tetap"], kendari["turun"]) == (60, 50, 10)
    assert total["persen_naik"] == pytest.approx(20 / 160 * 100)
    assert total["persen_turun"] == pytest.approx(10 / 160 * 100)


def test_transition_matrix(con):
    matrix = umkm.matriks_transisi(con, province="74", year=2021).set_index("skala_awal")
    assert matrix.loc["Mikro", "Mikro"] == 130
    assert matrix.loc["Mikro", "Kecil"] == 15
    assert matrix.loc["Kecil", "Menengah"] == 5
    assert matrix.loc["Menengah", "Kecil"] == 10
    assert matrix.to_numpy().sum() == 160
