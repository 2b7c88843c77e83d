"""Generated sentences, strategic-issue flags and proposed targets."""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures.builders import build
from fixtures.builders import koperasi as koperasi_rows

from kumkm_utils import narrative, warehouse


def test_summary_states_facts_with_numbers(con):
    sentences = narrative.ringkasan(con, province="74", year=2021)
    first = sentences[0]
    assert "2.300 koperasi aktif dari 2.800 koperasi (82,1%)" in first
    assert "420 di antaranya melaksanakan RAT (18,3% dari koperasi aktif)" in first
    # like for like: 540 / 2.300 over Kolaka and Kendari (Konawe sent no 2021 data), -5,2 poin;
    # 545 / 2.310 = 23,59% is 2020 over every kab/kota that reported then
    assert "turun 5,2 poin dibanding 2020" in first
    assert "tanpa Kabupaten Konawe" in first and "23,6% pada 2020" in first
    # Kolaka fell from 30,0% to 16,9% (-13,1 poin); Kendari rose 15% -> 20%
    assert any(
        s.startswith(
            "Kepatuhan RAT turun paling tajam di Kabupaten Kolaka: dari 30,0% menjadi 16,9%"
        )
        for s in sentences
    )
    assert any("Kota Kendari: dari 15,0% menjadi 20,0% (+5,0 poin)" in s for s in sentences)
    # like for like: 330 M against 304 M (Konawe's 0,5 M of 2020 left out) = +8,55%
    assert any("Rp 330,0 M, tumbuh 8,6%" in s and "tanpa Kabupaten Konawe" in s for s in sentences)
    assert any("61,8% dari pagu (predikat Kurang)" in s for s in sentences)


def test_summary_says_which_kabkota_sent_nothing(con):
    sentences = narrative.ringkasan(con, province="74", year=2021)
    missing = next(s for s in sentences if s.startswith("Data koperasi tahun 2021 tidak tersedia"))
    assert "15 dari 17 kabupaten/kota" in missing
    assert "Kabupaten Konawe" in missing and "Kota Bau Bau" in missing
    assert "Kabupaten Kolaka," not in missing  # Kolaka did report


def test_summary_without_any_data(con):
    sentences = narrative.ringkasan(con, province="62", year=2019)
    assert (
        sentences[0] == "Data koperasi tahun 2019 untuk Provinsi Kalimantan Tengah tidak tersedia."
    )
    assert "Data realisasi program dan anggaran tahun 2019 tidak tersedia." in sentences


def test_strategic_issues_with_reasons(con):
    issues = narrative.isu_strategis(con, province="74", year=2021, plan_year=2022).set_index("isu")
    assert (
        "Hanya 18,3% koperasi aktif melaksanakan RAT"
        in issues.loc["Kepatuhan RAT rendah", "alasan"]
    )
    assert "turun 5,2 poin" in issues.loc["Kepatuhan RAT menurun", "alasan"]
    assert (
        "Kabupaten Kolaka (-13,1 poin)"
        in issues.loc["Kepatuhan RAT anjlok di sebagian kabupaten/kota", "alasan"]
    )
    # 2 DP + 1 DPK of 10 assessed = 30% >= 20%
    assert issues.loc["Banyak KSP/USP dalam pengawasan", "alasan"].startswith("30,0%")
    assert "61,8%" in issues.loc["Serapan anggaran belum optimal", "alasan"]
    assert "Capaian fisik program belum optimal" not in issues.index  # 86% is Baik
    assert "Volume usaha koperasi menurun" not in issues.index  # it grew
    assert "15 kabupaten/kota" in issues.loc["Kelengkapan data kabupaten/kota", "alasan"]


def _five_years() -> list[pd.DataFrame]:
    """Province 74, 2017-2021 (i = 0..4): always 100 active cooperatives.

    RAT 40 + 2i (40%..48%, +2 poin/year); inactive 8 - 2i (% aktif 92,6%..100%); 10 KSP/USP of
    which 8 - i assessed (80%..40%, falling); 5 - i problem ones (5%..1%, falling, fewer is
    better).
    """
    frames = []
    for i, year in enumerate(range(2017, 2022)):
        frames += [
            koperasi_rows("74.01", year, 40 + 2 * i, start=0, rat_dilaksanakan=True),
            koperasi_rows(
                "74.01", year, 8 - i, start=100, punya_usp=True, predikat_kesehatan="Sehat"
            ),
            koperasi_rows("74.01", year, 2 + i, start=200, punya_usp=True),
            koperasi_rows("74.01", year, 5 - i, start=300, bermasalah=True),
            koperasi_rows("74.01", year, 45 - i, start=400),
        ]
        if 8 - 2 * i:
            frames.append(
                koperasi_rows("74.01", year, 8 - 2 * i, start=600, status_koperasi="Tidak Aktif")
            )
    return frames


@pytest.fixture(scope="module")
def targets(tmp_path_factory):
    path = build(tmp_path_factory.mktemp("trend") / "w.duckdb", koperasi=_five_years())
    with warehouse.connect(path) as connection:
        codes = (
            "persen_rat",
            "persen_aktif",
            "koperasi_aktif",
            "persen_dinilai",
            "persen_bermasalah",
            "persen_keuangan",
            "kontribusi_pdrb",
        )
        return narrative.usulan_target(
            connection, province="74", year=2021, plan_year=2022, codes=codes
        ).set_index("kode")


def test_target_from_linear_trend(targets):
    rat = targets.loc["persen_rat"]
    assert rat["tren_per_tahun"] == pytest.approx(2.0)
    assert rat["usulan_target"] == pytest.approx(50.0)  # 48% + 2 poin
    assert (
        rat["metode"]
        == "Capaian 2021 ditambah tren linear 2017–2021 (5 titik, +2,00 poin/tahun) sampai 2022."
    )


def test_target_is_bounded(targets):
    # % aktif rises towards and past 100% -> capped at 100%
    assert targets.loc["persen_aktif", "proyeksi"] > 100
    assert targets.loc["persen_aktif", "usulan_target"] == pytest.approx(100.0)
    # problem cooperatives 5%..1%, fewer is better: projection 0% kept, floor at 0
    assert targets.loc["persen_bermasalah", "usulan_target"] == pytest.approx(0.0)
    # assessment coverage falls 80%..40%: the proposal holds the last achievement
    dinilai = targets.loc["persen_dinilai"]
    assert dinilai["proyeksi"] == pytest.approx(30.0)
    assert dinilai["usulan_target"] == pytest.approx(40.0)
    assert "tidak lebih rendah dari capaian 2021" in dinilai["metode"]
    assert targets.loc["koperasi_aktif", "usulan_target"] == 100


def test_target_without_data_and_national_targets(targets):
    assert pd.isna(targets.loc["persen_keuangan", "usulan_target"])
    assert targets.loc["persen_keuangan", "metode"].startswith("Tidak ada data")
    # plan year 2022 is before the RPJPN path (2025-2045): no national target shown
    assert pd.isna(targets.loc["kontribusi_pdrb", "target_nasional"])


def test_national_target_path():
    from kumkm_utils.targets.nasional import TargetNasional

    ukm = TargetNasional("persen_ukm", "RPJMN", "RPJMN", ((2024, 3.06), (2029, 3.30)))
    assert ukm.pada(2024) == pytest.approx(3.06)
    assert ukm.asal(2024) == "terbitan" and ukm.asal(2026) == "turunan garis lurus"
    assert ukm.pada(2026) == pytest.approx(3.06 + 2 * (3.30 - 3.06) / 5)  # 3,156%
    assert ukm.pada(2030) is None
    assert ukm.teks() == "RPJMN: 3,06% (2024) → 3,30% (2029)"


def test_short_series_keeps_last_value(con):
    table = narrative.usulan_target(
        con, province="74", year=2021, plan_year=2022, codes=("persen_rat",)
    ).iloc[0]
    assert table["usulan_target"] == pytest.approx(420 / 2300 * 100)
    assert table["metode"].startswith("Data kurang dari 3 tahun (2 tahun)")
