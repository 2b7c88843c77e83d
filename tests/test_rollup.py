"""Tests of the national roll-up (kumkm_utils.rollup) and the national notebook.

The three-province warehouse below is small enough to check by hand:

koperasi (one row per cooperative; volume usaha per active cooperative)
  Aceh (11.01)            2025: 10 aktif (1 RAT), 10 tidak aktif, volume 100 jt each
                          2024: 10 aktif (5 RAT), volume 50 jt each
  Sumatera Utara (12.01)  2025: 10 aktif (1 RAT), volume 100 jt each; nothing in 2024
  Sumatera Barat (13.01)  2025: 100 aktif (80 RAT), 25 tidak aktif, volume 100 jt each
                          2024: 100 aktif (50 RAT), volume 80 jt each
  -> national % RAT 2025 = (1 + 1 + 80) / (10 + 10 + 100) = 82/120 = 68,33%
     (the mean of the province percentages 10%, 10%, 80% would be 33,33%);
     % aktif 2025 = 120 / 155 = 77,42%; 2024 % RAT = 55/110 = 50%.
     Like-for-like change (Aceh and Sumatera Barat, both years): 81/110 − 55/110 = +23,64 points.
     Volume usaha 2025 = 1 M + 1 M + 10 M = 12 M; growth like-for-like
     = (1 M + 10 M − 0,5 M − 8 M) / 8,5 M = 29,41% (Sumatera Utara has no 2024).
umkm 2025
  Aceh: 8 Mikro (5 with NIB), 2 Kecil; Sumatera Barat: 90 Mikro (50 with NIB), 10 Menengah
  -> % UKM = 12/110 = 10,91% (mean of 20% and 10% would be 15%); % NIB = 55/110 = 50%.
program 2025
  Aceh: pagu 100 jt, realisasi 90 jt, target 10, fisik 10 (100%), priority MBG
  Sumatera Barat: pagu 900 jt, realisasi 450 jt, target 10, fisik 5 (50%), priority KDKMP
  -> serapan = 540/1.000 = 54% (mean 70%); capaian fisik = (100×100 + 900×50)/1.000 = 55%.
  Plan year 2026 priorities: ASTA-CITA, MBG, KDKMP -> ASTA-CITA has no activity anywhere.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from fixtures.builders import build, koperasi, program, umkm

from kumkm_utils import formatting as fmt
from kumkm_utils import rollup
from kumkm_utils.exceptions import ParameterError

JT = 1e6
M = 1e9
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "20_rekap_nasional.ipynb"


# --------------------------------------------------------------------------- fixtures
def _koperasi_rows() -> list[pd.DataFrame]:
    inactive = {"status_koperasi": "Tidak Aktif"}
    return [
        koperasi("11.01", 2025, 1, start=0, rat_dilaksanakan=True, volume_usaha_rp=100 * JT),
        koperasi("11.01", 2025, 9, start=1, volume_usaha_rp=100 * JT),
        koperasi("11.01", 2025, 10, start=10, **inactive),
        koperasi("11.01", 2024, 5, start=0, rat_dilaksanakan=True, volume_usaha_rp=50 * JT),
        koperasi("11.01", 2024, 5, start=5, volume_usaha_rp=50 * JT),
        koperasi("12.01", 2025, 1, start=0, rat_dilaksanakan=True, volume_usaha_rp=100 * JT),
        koperasi("12.01", 2025, 9, start=1, volume_usaha_rp=100 * JT),
        koperasi("13.01", 2025, 80, start=0, rat_dilaksanakan=True, volume_usaha_rp=100 * JT),
        koperasi("13.01", 2025, 20, start=80, volume_usaha_rp=100 * JT),
        koperasi("13.01", 2025, 25, start=100, **inactive),
        koperasi("13.01", 2024, 50, start=0, rat_dilaksanakan=True, volume_usaha_rp=80 * JT),
        koperasi("13.01", 2024, 50, start=50, volume_usaha_rp=80 * JT),
    ]


def _umkm_rows() -> list[pd.DataFrame]:
    return [
        umkm("11.01", 2025, 5, start=0, nib="9120000000001"),
        umkm("11.01", 2025, 3, start=5),
        umkm("11.01", 2025, 2, start=8, skala_usaha="Kecil"),
        umkm("13.01", 2025, 50, start=0, nib="9120000000002"),
        umkm("13.01", 2025, 40, start=50),
        umkm("13.01", 2025, 10, start=90, skala_usaha="Menengah"),
    ]


def _program_rows() -> pd.DataFrame:
    base = {
        "tahun": 2025,
        "indikator_keluaran": "Jumlah koperasi dibina",
        "satuan": "koperasi",
        "sumber_dana": "APBD",
        "kode_kabkota": None,
    }
    return program(
        [
            dict(
                base,
                kode_provinsi="11",
                kode_subkegiatan="2.17.07.1.01.0003",
                nama_subkegiatan="Fasilitasi",
                pagu_rp=100 * JT,
                realisasi_keuangan_rp=90 * JT,
                target=10,
                realisasi_fisik=10,
                prioritas_nasional="MBG",
            ),
            dict(
                base,
                kode_provinsi="13",
                kode_subkegiatan="2.17.03.1.01.0001",
                nama_subkegiatan="Pengawasan",
                pagu_rp=900 * JT,
                realisasi_keuangan_rp=450 * JT,
                target=10,
                realisasi_fisik=5,
                prioritas_nasional="KDKMP",
            ),
        ]
    )


@pytest.fixture(scope="module")
def warehouse_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rollup") / "tiga.duckdb"
    return build(path, koperasi=_koperasi_rows(), umkm=_umkm_rows(), program=_program_rows())


@pytest.fixture(scope="module")
def con(warehouse_path: Path):
    connection = rollup.connect(warehouse_path)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def parts(con) -> pd.DataFrame:
    return rollup.province_parts(con, year=2025)


def _row(frame: pd.DataFrame, kode: str, tahun: int) -> pd.Series:
    return frame[(frame["kode_provinsi"] == kode) & (frame["tahun"] == tahun)].iloc[0]


def _parts_by_hand(rows: list[dict]) -> pd.DataFrame:
    """A parts frame with the given columns filled in, every other sum column NA."""
    frame = pd.DataFrame(rows)
    for column in rollup.SUM_COLUMNS:
        frame[column] = (
            pd.to_numeric(frame[column]).astype("Float64")
            if column in frame
            else pd.Series([pd.NA] * len(frame), dtype="Float64")
        )
    for flag in ("ada_koperasi", "ada_umkm", "ada_program", "ada_transisi"):
        frame[flag] = frame.get(flag, False)
    return frame


# --------------------------------------------------------------------------- pure national totals
def test_national_ratio_is_sum_over_sum_not_mean_of_percentages():
    parts = _parts_by_hand(
        [
            {
                "kode_provinsi": "11",
                "nama_provinsi": "Aceh",
                "tahun": 2025,
                "ada_koperasi": True,
                "jumlah_koperasi": 20,
                "koperasi_aktif": 10,
                "koperasi_rat": 1,
            },
            {
                "kode_provinsi": "12",
                "nama_provinsi": "Sumatera Utara",
                "tahun": 2025,
                "ada_koperasi": True,
                "jumlah_koperasi": 10,
                "koperasi_aktif": 10,
                "koperasi_rat": 1,
            },
            {
                "kode_provinsi": "13",
                "nama_provinsi": "Sumatera Barat",
                "tahun": 2025,
                "ada_koperasi": True,
                "jumlah_koperasi": 125,
                "koperasi_aktif": 100,
                "koperasi_rat": 80,
            },
        ]
    )
    national = rollup.national_totals(parts).iloc[0]
    assert national["persen_rat"] == pytest.approx(82 / 120 * 100)
    mean_of_percentages = (10 + 10 + 80) / 3
    assert abs(national["persen_rat"] - mean_of_percentages) > 30
    assert national["persen_aktif"] == pytest.approx(120 / 155 * 100)
    assert national["koperasi_aktif"] == 120
    assert national["n_provinsi_koperasi"] == 3


def test_national_ratio_uses_only_provinces_reporting_both_parts():
    # Province 12 reports a pagu without realisation: it must not deflate the national absorption.
    parts = _parts_by_hand(
        [
            {
                "kode_provinsi": "11",
                "nama_provinsi": "Aceh",
                "tahun": 2025,
                "ada_program": True,
                "pagu_rp": 100.0,
                "realisasi_keuangan_rp": 80.0,
            },
            {
                "kode_provinsi": "12",
                "nama_provinsi": "Sumatera Utara",
                "tahun": 2025,
                "ada_program": True,
                "pagu_rp": 300.0,
                "realisasi_keuangan_rp": None,
            },
        ]
    )
    national = rollup.national_totals(parts).iloc[0]
    assert national["persen_keuangan"] == pytest.approx(80.0)
    assert national["pagu_rp"] == 400.0  # the plain sum still counts every pagu


def test_national_totals_are_missing_not_zero_without_data():
    parts = _parts_by_hand([{"kode_provinsi": "11", "nama_provinsi": "Aceh", "tahun": 2025}])
    national = rollup.national_totals(parts).iloc[0]
    assert pd.isna(national["koperasi_aktif"])
    assert pd.isna(national["persen_rat"])
    assert national["n_provinsi_koperasi"] == 0


def test_every_ranked_indicator_is_ranked_in_exactly_one_field():
    """The national report ranks per field; an indicator given the role ``peringkat`` appears."""
    fields = [rollup.peringkat_bidang(b) for b in rollup.BIDANG_PERINGKAT]
    ranked = [k for codes in fields for k in codes]
    assert sorted(ranked) == sorted(rollup.PERINGKAT)
    assert len(ranked) == len(set(ranked))


def test_unknown_indicator_code_is_refused():
    with pytest.raises(ParameterError, match="persen_ratt"):
        rollup.ukuran("persen_ratt")


@pytest.mark.parametrize(
    "evaluasi, rencana, message",
    [
        ("2025", None, "tahun_evaluasi"),
        (True, None, "tahun_evaluasi"),
        (2025, 2024.0, "tahun_rencana"),
        (2025, 2024, "sebelum"),
    ],
)
def test_check_parameters_refuses_bad_years(evaluasi, rencana, message):
    with pytest.raises(ParameterError, match=message):
        rollup.check_parameters(evaluasi, rencana)


def test_check_parameters_defaults_plan_year():
    assert rollup.check_parameters(2025, None) == 2026
    assert rollup.check_parameters(2025, 2027) == 2027


# --------------------------------------------------------------------------- from the warehouse
def test_province_parts_has_every_province_and_says_missing(parts):
    assert len(parts) == 38 * 2
    assert set(parts["tahun"]) == {2024, 2025}
    sumut_2024 = _row(parts, "12", 2024)
    assert not sumut_2024["ada_koperasi"]
    assert pd.isna(sumut_2024["koperasi_aktif"])  # no data is NA, never 0
    aceh = _row(parts, "11", 2025)
    assert (aceh["jumlah_koperasi"], aceh["koperasi_aktif"], aceh["koperasi_rat"]) == (20, 10, 1)
    assert aceh["volume_usaha_rp"] == pytest.approx(1 * M)
    assert (aceh["ukm"], aceh["umkm_skala_diketahui"], aceh["punya_nib"]) == (2, 10, 5)
    assert aceh["fisik_tertimbang"] == pytest.approx(100 * JT * 100)
    assert not _row(parts, "12", 2025)["ada_program"]


def test_national_totals_from_the_warehouse(parts, con):
    national = rollup.national_totals(parts).set_index("tahun")
    assert national.at[2025, "persen_rat"] == pytest.approx(82 / 120 * 100)
    assert national.at[2024, "persen_rat"] == pytest.approx(55 / 110 * 100)
    assert national.at[2025, "persen_ukm"] == pytest.approx(12 / 110 * 100)
    assert national.at[2025, "persen_nib"] == pytest.approx(50.0)
    assert national.at[2025, "persen_keuangan"] == pytest.approx(54.0)
    assert national.at[2025, "capaian_fisik"] == pytest.approx(55.0)
    assert national.at[2025, "volume_usaha_rp"] == pytest.approx(12 * M)
    assert national.at[2025, "pertumbuhan_volume_usaha"] == pytest.approx((11 - 8.5) / 8.5 * 100)
    # the indicators' own national row agrees (both sum the parts)
    from kumkm_utils.indicators import koperasi as kop

    own = kop.kelembagaan(con, province=None, year=2025, by="provinsi")
    assert own.loc[own["tingkat"] == "nasional", "persen_rat"].iloc[0] == pytest.approx(
        82 / 120 * 100
    )


def test_ringkasan_change_is_like_for_like(parts):
    summary = rollup.ringkasan(parts, year=2025).set_index("kode")
    rat = summary.loc["persen_rat"]
    assert rat["nilai"] == pytest.approx(82 / 120 * 100)
    assert rat["nilai_sebelumnya"] == pytest.approx(50.0)
    # Sumatera Utara has no 2024 data, so the change compares Aceh + Sumatera Barat only
    assert rat["perubahan"] == pytest.approx(81 / 110 * 100 - 50.0)
    assert (rat["n_provinsi"], rat["n_provinsi_banding"]) == (3, 2)
    assert rat["penilaian"] == "Membaik"
    assert rat["tertinggi"] == "Sumatera Barat"
    assert rat["terendah"] == "Aceh, Sumatera Utara"  # a tie names both
    assert summary.loc["persen_keuangan", "penilaian"] == "Kurang"  # 54% is in the 51-65 band
    assert pd.isna(summary.loc["persen_naik", "nilai"])  # no unit followed over two years


def test_sentences_keep_names_out_of_templates(parts):
    summary = rollup.ringkasan(parts, year=2025)
    sentences = rollup.kalimat_ringkasan(summary, year=2025)
    by_indicator = {values["indikator"]: (template, values) for template, values in sentences}
    template, values = by_indicator[rollup.ukuran("persen_rat").nama]
    assert "Sumatera" not in template  # names are values, escaped by display.text
    assert values["tertinggi"] == "Sumatera Barat"
    assert values["nilai"] == "68,3%"
    assert "naik" in template and values["perubahan"] == "23,6 poin"
    filled = template.format(**values)
    assert "68,3% pada 2025" in filled


def test_ranking_ties_and_missing_provinces(parts):
    table = rollup.peringkat(parts, "persen_rat", year=2025)
    assert len(table) == 38
    top = table.head(3)
    assert top["Provinsi"].tolist() == ["Sumatera Barat", "Aceh", "Sumatera Utara"]
    assert top["Peringkat"].tolist() == [1, 2, 2]
    assert table["Peringkat"].iloc[3:].isna().all()
    assert top["Koperasi aktif yang RAT"].tolist() == [80, 1, 1]
    assert top["Perubahan"].iloc[0] == pytest.approx(30.0)  # 80% - 50%
    assert pd.isna(top["Perubahan"].iloc[2])  # Sumatera Utara has no 2024


def test_ranking_money_in_miliar(parts):
    table = rollup.peringkat(parts, "volume_usaha_rp", year=2025)
    assert table["Rp miliar 2025"].iloc[0] == pytest.approx(10.0)
    assert rollup.satuan_tabel("volume_usaha_rp") == "Rp miliar"


def test_distribution_quartiles_and_extremes(parts):
    table = rollup.sebaran(parts, year=2025, codes=["persen_rat"]).iloc[0]
    # values 10, 10, 80: linear quartiles at positions 0.5, 1 and 1.5
    assert (table["Kuartil 1"], table["Median"], table["Kuartil 3"]) == (10.0, 10.0, 45.0)
    assert table["Minimum"] == 10.0 and table["Provinsi minimum"] == "Aceh, Sumatera Utara"
    assert table["Maksimum"] == 80.0 and table["Provinsi maksimum"] == "Sumatera Barat"
    assert table["Nasional"] == pytest.approx(82 / 120 * 100)
    assert table["Provinsi dengan data"] == 3


def test_tile_map_values_by_province(parts):
    values = rollup.nilai_provinsi(parts, "persen_ukm", year=2025)
    assert len(values) == 38
    assert values["11"] == pytest.approx(20.0) and values["13"] == pytest.approx(10.0)
    assert pd.isna(values["12"])


# --------------------------------------------------------------------------- published series
def _published(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["province_name", "year", "indicator", "value", "unit", "source_url"]
    )
    frame["year"] = frame["year"].astype("Int64")
    frame["value"] = frame["value"].astype("Float64")
    return frame


def test_comparison_with_published_series():
    national = pd.DataFrame(
        {
            "tahun": [2021],
            "n_provinsi_koperasi": [38],
            "n_provinsi_umkm": [2],
            "n_provinsi_program": [0],
            "koperasi_aktif": [127846.0],
            "volume_usaha_rp": [180e12],
            "mikro": [100.0],
            "kecil": [3.0],
            "menengah": [1.0],
            "persen_ukm": [4 / 104 * 100],
            "persen_rat": [50.0],
        }
    )
    published = _published(
        [
            ("Indonesia", 2021, "koperasi_aktif_bps", 127846, "unit", "https://a.example/bps"),
            (
                "Indonesia",
                2021,
                "volume_usaha_koperasi_bps",
                182.35,
                "Rp triliun",
                "https://b.example/vu",
            ),
            ("Indonesia", 2021, "koperasi_share_pdb_kemenkop", 6.2, "persen", "https://c.example"),
            ("Indonesia", 2019, "koperasi_aktif_bps", 123048, "unit", "https://a.example/bps"),
            ("Indonesia", 2021, "usaha_mikro_kemenkop", 63955369, "unit", "https://d.example"),
            ("Indonesia", 2021, "usaha_kecil_kemenkop", 193959, "unit", "https://d.example"),
            ("Indonesia", 2021, "usaha_menengah_kemenkop", 44728, "unit", "https://d.example"),
        ]
    )
    calibration = pd.DataFrame(
        {
            "scope": ["nasional"],
            "provinces": ["*"],
            "year": [2021],
            "indicator": ["koperasi_aktif"],
            "value": [127846.0],
            "comparison": ["exact"],
            "source": ["BPS"],
        }
    )
    table = rollup.perbandingan_terbitan(national, published=published, calibration=calibration)
    rows = table.set_index("Seri")
    assert "koperasi_share_pdb_kemenkop" not in rows.index  # different method, not compared
    assert len(table[table["Tahun"] == 2019]) == 0  # no recomputed data that year
    aktif = rows.loc["koperasi_aktif_bps"]
    assert aktif["Selisih"] == 0 and aktif["Sampel dikalibrasi"] == "ya"
    assert (
        "koperasi_aktif_bps (BPS)" in aktif["Catatan"]
        and "https://a.example/bps" in aktif["Catatan"]
    )
    vu = rows.loc["volume_usaha_koperasi_bps"]
    assert vu["Satuan"] == "Rp triliun" and vu["Hitung ulang"] == pytest.approx(180.0)
    assert vu["Selisih"] == pytest.approx(-2.35)
    assert vu["Selisih (%)"] == pytest.approx(-2.35 / 182.35 * 100)
    assert vu["Sampel dikalibrasi"] == "tidak"
    share = table[table["Seri"].str.contains("+", regex=False)].iloc[0]
    published_share = (193959 + 44728) / (63955369 + 193959 + 44728) * 100
    assert share["Angka terbitan"] == pytest.approx(published_share)
    assert share["Hitung ulang"] == pytest.approx(4 / 104 * 100)
    assert pd.isna(share["Selisih (%)"])  # a difference of percentages is in points only


def test_every_compared_published_series_has_a_known_unit():
    published = rollup.published_national()
    compared = published[published["indicator"].isin([p.seri for p in rollup.PADANAN])]
    assert len(compared) >= 10
    unknown = set(compared["unit"]) - set(rollup.UNIT_FACTORS)
    assert not unknown


def test_comparison_without_calibration_leaves_flag_empty():
    national = pd.DataFrame({"tahun": [2021], "n_provinsi_koperasi": [1], "koperasi_aktif": [5.0]})
    published = _published([("Indonesia", 2021, "koperasi_aktif_bps", 10, "unit", "u")])
    table = rollup.perbandingan_terbitan(national, published=published)
    assert table["Hitung ulang"].iloc[0] == 5.0 and table["Selisih"].iloc[0] == -5.0
    assert pd.isna(table["Sampel dikalibrasi"].iloc[0])


# --------------------------------------------------------------------------- synchronisation
@pytest.fixture(scope="module")
def sinkron(con) -> pd.DataFrame:
    from kumkm_utils.indicators import program as prog

    return prog.sinkronisasi(con, province=None, year=2025, plan_year=2026)


def test_sync_matrix_counts_and_missing(sinkron):
    matrix = rollup.matriks_sinkronisasi(sinkron).set_index("Kode")
    assert list(matrix.columns[:4]) == ["Provinsi", "ASTA-CITA", "MBG", "KDKMP"]
    assert matrix.loc["11", ["ASTA-CITA", "MBG", "KDKMP"]].tolist() == [0, 1, 0]
    assert matrix.loc["12", ["ASTA-CITA", "MBG", "KDKMP"]].isna().all()  # no programme data
    assert matrix.loc["00", ["ASTA-CITA", "MBG", "KDKMP"]].tolist() == [0, 1, 1]
    budget = rollup.matriks_sinkronisasi(sinkron, nilai="pagu_rp").set_index("Kode")
    assert budget.loc["13", "KDKMP"] == pytest.approx(900.0)  # Rp juta
    with pytest.raises(ParameterError):
        rollup.matriks_sinkronisasi(sinkron, nilai="realisasi")


def test_priorities_without_activity_anywhere(sinkron):
    rekap = rollup.rekap_prioritas(sinkron).set_index("Kode")
    assert rekap.loc["MBG", "Provinsi dengan kegiatan"] == 1
    assert rekap.loc["ASTA-CITA", "Provinsi dengan kegiatan"] == 0
    assert rekap.loc["ASTA-CITA", "Provinsi tanpa kegiatan"] == 2
    assert rekap.loc["ASTA-CITA", "Provinsi tanpa data program"] == 36
    assert rekap.loc["ASTA-CITA", "Status"] == "Belum ada kegiatan di provinsi mana pun"
    empty = rollup.prioritas_tanpa_kegiatan(rekap.reset_index())
    assert len(empty) == 1 and empty[0].endswith("(ASTA-CITA)")


# --------------------------------------------------------------------------- provenance
def test_submissions_per_province(tmp_path):
    path = build(tmp_path / "kiriman.duckdb", koperasi=_koperasi_rows()[:1])
    import duckdb

    rows = [  # (id, dataset, province, tahun_min, tahun_max, loaded, rejected, status)
        ("a", "koperasi", "11", 2024, 2025, 20, 2, "current"),
        ("b", "umkm", "11", 2025, 2025, 10, 0, "replaced"),
        ("c", "program", "13", 2025, 2025, 2, 1, "current"),
        ("d", "koperasi", "12", 2023, 2023, 5, 0, "current"),
    ]
    con = duckdb.connect(str(path))
    for r in rows:
        con.execute(
            "INSERT INTO submissions (submission_id, dataset, kode_provinsi, tahun_min, tahun_max, "
            "rows_loaded, rows_rejected, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            list(r),
        )
    con.close()
    con = rollup.connect(path)
    try:
        table = rollup.kiriman_per_provinsi(con, year=2025).set_index("Kode")
    finally:
        con.close()
    assert table.loc[
        "11", ["koperasi", "umkm", "Jumlah berkas", "Baris dimuat", "Baris ditolak"]
    ].tolist() == [1, 0, 1, 20, 2]
    assert table.loc["13", "program"] == 1
    assert table.loc["12", "Jumlah berkas"] == 0  # its only file covers 2023
    missing = rollup.provinsi_tanpa_kiriman(table.reset_index())
    assert len(missing) == 36 and "Sumatera Utara" in missing and "Aceh" not in missing


def test_definitions_cover_every_indicator():
    table = rollup.definisi()
    assert len(table) == len(rollup.UKURAN)
    rat = table[table["Indikator"] == rollup.ukuran("persen_rat").nama].iloc[0]
    assert rat["Penyebut"] == "koperasi yang berstatus aktif"


def test_headline_for_index(parts):
    headline = rollup.headline_indeks(rollup.ringkasan(parts, year=2025))
    assert headline == {
        "% RAT (dari koperasi aktif)": 68.3,
        "% UKM (dari UMKM berskala diketahui)": 10.9,
        "% realisasi keuangan (dari pagu)": 54.0,
    }


# --------------------------------------------------------------------------- the notebook
def test_notebook_structure_and_parameters():
    import nbformat

    from kumkm_utils.runner.parameters import declared_parameters

    nb = nbformat.read(str(NOTEBOOK), as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith(
        "# Rekapitulasi Nasional Evaluasi KUMKM"
    )
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")  # outputs stripped
    declared = declared_parameters(NOTEBOOK)
    assert list(declared) == ["tahun_evaluasi", "tahun_rencana", "warehouse", "output_dir"]
    assert declared["tahun_evaluasi"].default == "2025"  # as written in the cell
    assert all(d.help for d in declared.values())  # every parameter documented
    # Optional[...] (not "int | None"): papermill --help-notebook silently drops "X | None"
    assert declared["tahun_rencana"].annotation == "Optional[int]"
    import papermill

    assert list(papermill.inspect_notebook(str(NOTEBOOK))) == list(declared)
    from notebook_rules import cells_that_are_not_one_step

    assert cells_that_are_not_one_step(nb) == []


@pytest.mark.slow
def test_notebook_runs_under_papermill(warehouse_path, tmp_path):
    import papermill as pm

    out_dir = tmp_path / "out"
    executed = tmp_path / "rekap.ipynb"
    pm.execute_notebook(
        str(NOTEBOOK),
        str(executed),
        kernel_name="python3",
        progress_bar=False,
        parameters={
            "tahun_evaluasi": 2025,
            "warehouse": str(warehouse_path),
            "output_dir": str(out_dir),
        },
        cwd=str(NOTEBOOK.parent),
    )
    recorded = json.loads((out_dir / "ringkasan.json").read_text(encoding="utf-8"))
    assert recorded["headline"]["% RAT (dari koperasi aktif)"] == 68.3
    # no provenance (no submissions table): said synthetic, to be safe, as the provincial report
    assert recorded["is_synthetic"] is True
    nb = json.loads(executed.read_text(encoding="utf-8"))
    keys = {
        o["data"]["application/vnd.kumkm.table+json"]["key"]
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if "application/vnd.kumkm.table+json" in o.get("data", {})
    }
    assert {
        "ringkasan_nasional",
        "peringkat_persen_rat",
        "sebaran_provinsi",
        "perbandingan_terbitan",
        "rekap_prioritas",
        "matriks_prioritas_kegiatan",
        "kiriman_provinsi",
        "definisi",
    } <= keys
    text = json.dumps(nb, ensure_ascii=False)
    assert "68,3%" in text and "Asta Cita" in text


def test_sentence_says_unchanged_when_change_rounds_to_zero():
    summary = pd.DataFrame(
        {
            "kode": ["persen_ukm"],
            "indikator": ["UKM"],
            "satuan": ["%"],
            "nilai": [0.46],
            "nilai_sebelumnya": [0.44],
            "perubahan": [0.02],
            "penilaian": ["Membaik"],
            "n_provinsi": [38],
            "n_provinsi_banding": [38],
            "tertinggi": ["A"],
            "nilai_tertinggi": [0.6],
            "terendah": ["B"],
            "nilai_terendah": [0.3],
        }
    )
    template, values = rollup.kalimat_ringkasan(summary, year=2025, codes=["persen_ukm"])[0]
    filled = template.format(**values)
    assert "relatif tetap dibanding 2024" in filled and "naik" not in filled


def test_many_tied_provinces_are_counted_not_listed():
    parts = _parts_by_hand(
        [
            {
                "kode_provinsi": f"1{i}",
                "nama_provinsi": f"P{i}",
                "tahun": 2025,
                "ada_umkm": True,
                "naik": 0,
                "diikuti": 10,
            }
            for i in range(1, 6)
        ]
        + [{"kode_provinsi": "11", "nama_provinsi": "P0", "tahun": 2024}]
    )
    summary = rollup.ringkasan(parts, year=2025, codes=["persen_naik"]).iloc[0]
    assert summary["terendah"] == "P1, P2, P3, dan 2 provinsi lain"


def test_report_connection_takes_its_threads_from_the_runner(tmp_path, monkeypatch):
    import duckdb

    from kumkm_utils import config, rollup

    path = tmp_path / "wh.duckdb"
    duckdb.connect(str(path)).close()
    monkeypatch.setenv(config.REPORT_THREADS_ENV, "1")
    con = rollup.connect(path)
    assert con.execute("SELECT current_setting('threads')").fetchone()[0] == 1
    con.close()
    for bad in ("0", "dua", "-1"):
        monkeypatch.setenv(config.REPORT_THREADS_ENV, bad)
        with pytest.raises(ValueError, match="KUMKM_REPORT_THREADS"):
            config.report_threads()
    monkeypatch.delenv(config.REPORT_THREADS_ENV)
    assert config.report_threads() is None


def test_summary_table_shows_counts_without_decimals(parts):
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()  # display() publishes to a shell, as in a kernel
    summary = rollup.ringkasan(parts, year=2025)
    with capture_output() as captured:
        rollup.tampilkan_ringkasan(summary, year=2025)
    output = captured.outputs[0]
    html = output.data["text/html"]
    payload = output.data["application/vnd.kumkm.table+json"]
    rows = {r[0]: dict(zip(payload["columns"], r, strict=True)) for r in payload["data"]}
    members = next(r for name, r in rows.items() if name.startswith("Jumlah koperasi"))
    rat = next(r for name, r in rows.items() if name.startswith("Persentase koperasi aktif yang"))
    count = fmt.angka(members["Nasional 2025"], 0)
    assert float(members["Nasional 2025"]).is_integer()
    # a count, right-aligned, not 1.234,0 (the notebook's copy also carries inline styles)
    assert re.search(rf'<td class="num"[^>]*>{re.escape(count)}</td>', html)
    assert f">{count},0<" not in html
    assert f">{fmt.angka(rat['Nasional 2025'], 1)}<" in html  # a percentage keeps its decimal
    # a percentage that happens to be whole keeps its decimal too
    whole = summary.assign(nilai=summary["nilai"].where(summary["satuan"] != "%", 50.0))
    with capture_output() as captured:
        rollup.tampilkan_ringkasan(whole, year=2025)
    assert ">50,0<" in captured.outputs[0].data["text/html"]


def test_percentage_rankings_show_the_declared_decimals():
    """UMKM naik kelas (declared with 2 decimals) reads 0,11% in its table as in its chart."""
    from kumkm_utils.display.tables import table_html
    from kumkm_utils.indicators import deklarasi
    from kumkm_utils.rollup.ranking import _declared_decimals

    table = pd.DataFrame(
        {
            "Peringkat": [1],
            "Kode": ["74"],
            "Provinsi": ["Sulawesi Tenggara"],
            "% naik kelas 2025": [0.114],
            "% naik kelas 2024": [0.083],
            "Perubahan": [0.031],
        }
    )
    declared = _declared_decimals(table, "persen_naik")
    assert set(declared.values()) == {deklarasi.indikator("persen_naik").desimal} == {2}
    html = table_html(table, decimals=declared)
    assert "0,11" in html and "0,08" in html and "0,03" in html
    assert _declared_decimals(table, "koperasi_aktif") == {}  # counts: the display's rule
