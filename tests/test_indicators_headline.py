"""The headline table, changes and trends (fixture: tests/fixtures/sultra.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from kumkm_utils import reference
from kumkm_utils.indicators import headline, koperasi, trend


@pytest.fixture(scope="module")
def table(con):
    return headline.headline(con, province="74", year=2021).set_index("kode")


def test_headline_values_changes_and_direction(table):
    rat = table.loc["persen_rat"]
    assert rat["nilai"] == pytest.approx(420 / 2300 * 100)
    assert rat["nilai_sebelumnya"] == pytest.approx(545 / 2310 * 100)
    # like for like: Konawe sent no 2021 data, so 2020 is read over Kolaka and Kendari only:
    # (390 + 150) / (1.300 + 1.000) = 540 / 2.300
    assert rat["perubahan"] == pytest.approx(420 / 2300 * 100 - 540 / 2300 * 100)
    assert rat["penilaian"] == headline.MEMBURUK
    assert (rat["n_banding"], rat["n_wilayah"]) == (2, 3)
    assert rat["tanpa_banding"] == "Kabupaten Konawe"
    assert table.loc["koperasi_aktif", "nilai"] == 2300
    # 2.310 -> 2.300 in total, but 2.300 -> 2.300 over the same kab/kota: no fall
    assert table.loc["koperasi_aktif", "perubahan"] == 0
    assert table.loc["koperasi_aktif", "penilaian"] == headline.TETAP
    # every flagged cooperative is inactive (1 in 2020, 3 in 2021): none of the active ones
    assert table.loc["persen_bermasalah", "nilai"] == 0
    assert table.loc["persen_bermasalah", "penilaian"] == headline.TETAP
    assert table.loc["persen_ukm", "penilaian"] == headline.MEMBAIK  # 15/170 -> 30/160


def test_programme_rows_are_rated(table):
    assert table.loc["persen_keuangan", "nilai"] == pytest.approx(340 / 550 * 100)
    assert table.loc["persen_keuangan", "penilaian"] == "Kurang"
    assert table.loc["capaian_fisik", "penilaian"] == "Sangat Baik"  # 98%, not capped


def test_missing_values_have_no_direction(table):
    # no members reported in 2020: no change, no direction
    assert pd.isna(table.loc["anggota", "perubahan"])
    assert pd.isna(table.loc["anggota", "penilaian"])


def test_headline_codes_are_in_the_catalogue(table):
    catalogue = set(reference.indicators()["kode"])
    assert set(table.index) <= catalogue
    directions = reference.indicators().set_index("kode")["arah"]
    for spec in headline.headlines():
        assert spec.naik_lebih_baik == (directions[spec.kode] == "naik"), spec.kode


def test_headline_text_is_formatted(table):
    text = headline.headline_text(table.reset_index(), year=2021)
    lines = text.splitlines()
    assert lines[0].split()[:1] == ["Indikator"]
    rat_line = next(
        line for line in lines if line.startswith("Persentase koperasi aktif yang melaksanakan RAT")
    )
    # -5,2 poin: like for like (Konawe left out), not 18,3 - 23,6
    assert "18,3%" in rat_line and "23,6%" in rat_line and "-5,2 poin" in rat_line
    assert "Memburuk" in rat_line
    volume = next(line for line in lines if line.startswith("Volume usaha"))
    # +Rp 26,0 M: over Kolaka and Kendari (304 M in 2020), not against Konawe's 0,5 M too
    assert "Rp 330,0 M" in volume and "Rp 304,5 M" in volume and "+Rp 26,0 M" in volume


def test_headline_display_keeps_numbers(table):
    shown = headline.headline_display(table.reset_index(), year=2021)
    volume = shown[shown["Indikator"] == "Volume usaha koperasi"].iloc[0]
    assert volume["Satuan"] == "Rp miliar" and volume["Nilai 2021"] == pytest.approx(330.0)


def test_national_headline_and_province_summary(con):
    national = headline.headline(con, province=None, year=2021).set_index("kode")
    assert national.loc["koperasi_aktif", "nilai"] == 2400
    summary = headline.ringkas(con, year=2021)
    assert len(summary) == 39 and summary.iloc[-1]["nama_wilayah"] == "Indonesia"
    sultra = summary[summary["kode_wilayah"] == "74"].iloc[0]
    assert sultra["persen_rat"] == pytest.approx(420 / 2300 * 100)
    assert sultra["persen_keuangan"] == pytest.approx(340 / 550 * 100)


def test_with_change_and_largest_fall(con):
    frame = koperasi.kelembagaan(con, province="74", year=2021, n_years=2)
    changed = trend.with_change(frame, year=2021, columns=["persen_rat"]).set_index("kode_wilayah")
    assert changed.loc["74.71", "persen_rat_perubahan"] == pytest.approx(5.0)  # 15% -> 20%
    assert pd.isna(changed.loc["74.02", "persen_rat_perubahan"])  # Konawe: no 2021 data
    fall = trend.largest_changes(frame, year=2021, column="persen_rat")
    assert fall.iloc[0]["nama_wilayah"] == "Kabupaten Kolaka"  # 30% -> 16,9%
    assert fall.iloc[0]["persen_rat_perubahan"] == pytest.approx(220 / 1300 * 100 - 30)


def test_linear_trend():
    # y = 2x + 1 through x = 0..3 (as years 2020..2023), one missing point ignored
    slope, intercept = trend.linear_trend([2020, 2021, 2022, 2023], [1.0, 3.0, None, 7.0])
    assert slope == pytest.approx(2.0)
    assert slope * 2024 + intercept == pytest.approx(9.0)
    assert trend.linear_trend([2020, 2021], [1.0, None]) is None


def test_a_change_shown_is_rated_at_the_decimals_it_is_shown_with():
    """A share declared with two decimals (0,08% → 0,13%) shows -0,05 poin and is rated on it."""
    from kumkm_utils.display.tables import table_html
    from kumkm_utils.indicators import deklarasi
    from kumkm_utils.indicators.headline import arah_perubahan, shown_decimals

    declared = deklarasi.indikator("persen_bermasalah").desimal
    assert shown_decimals("persen_bermasalah", "persen") == declared == 2
    assert arah_perubahan(-0.05, naik_lebih_baik=False, decimals=declared) == "Membaik"
    assert arah_perubahan(-0.004, naik_lebih_baik=False, decimals=declared) == "Tetap"
    frame = pd.DataFrame(
        {"Indikator": ["a", "b"], "Satuan": ["%", "%"], "Perubahan": [-0.05, 0.24]},
    )
    html = table_html(frame, row_decimals=[2, 1])
    assert "-0,05" in html and "+0,2<" in html and "+0,24" not in html
