"""Tests of the reference catalogues and the legal thresholds."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd
import pytest

from kumkm_utils import reference, regions, schemas
from kumkm_utils.config import REFERENCE_DIR
from kumkm_utils.reference import UnknownReferenceError

# --------------------------------------------------------------------------- nomenclature


def test_programmes_2_17_01_to_08():
    prog = reference.nomenclature("program")
    assert prog["kode"].tolist() == [f"2.17.0{i}" for i in range(1, 9)]
    assert prog.set_index("kode").loc["2.17.07", "nama"].startswith("Program Pemberdayaan Usaha")


def test_every_programme_has_provincial_and_kabkota_kegiatan():
    keg = reference.nomenclature("kegiatan")
    for prog in [f"2.17.0{i}" for i in range(1, 9)]:
        rows = keg[keg["kode_program"] == prog]
        assert set(rows["tingkat"]) == {"provinsi", "kabkota"}, prog
    # the level digit is .1. for provinsi and .2. for kab/kota
    assert (
        keg["kode"].str.split(".").str[3] == keg["tingkat"].map({"provinsi": "1", "kabkota": "2"})
    ).all()
    assert "Usaha Kecil" in keg.set_index("kode").loc["2.17.07.1.01", "nama"]
    assert "Usaha Mikro" in keg.set_index("kode").loc["2.17.07.2.01", "nama"]


def test_sub_kegiatan_codes_match_the_schema_pattern_and_have_an_indicator():
    sub = reference.nomenclature("sub_kegiatan")
    assert len(sub) >= 30
    assert sub["kode"].str.fullmatch(schemas.KODE_SUBKEGIATAN_PATTERN).all()
    assert sub["kode"].is_unique
    assert (sub["indikator_keluaran"] != "").all() and (sub["satuan"] != "").all()
    # every sub kegiatan hangs under a kegiatan of the table
    keg = set(reference.nomenclature("kegiatan")["kode"])
    assert set(sub["kode"].str.rsplit(".", n=1).str[0]) <= keg
    # the example of the program schema exists
    assert "2.17.07.1.01.0003" in set(sub["kode"])
    assert "2.17.07.2.01.0015" in set(sub["kode"])


def test_provincial_sub_kegiatan_are_marked_for_confirmation():
    prov = reference.nomenclature("sub_kegiatan", tingkat="provinsi")
    assert len(prov) > 0
    assert prov["catatan"].str.contains("⚠").all()


def test_nomenclature_filters_validate():
    with pytest.raises(ValueError):
        reference.nomenclature("subkegiatan")
    with pytest.raises(ValueError):
        reference.nomenclature(tingkat="kabupaten")
    assert reference.programme_of("2.17.07.1.01.0003") == "2.17.07"
    with pytest.raises(UnknownReferenceError):
        reference.programme_of("1.02.01")


# --------------------------------------------------------------------------- priorities


def test_priority_codes_exactly_as_the_design_contract():
    codes = reference.priorities()["kode"].tolist()
    assert codes == list(reference.PRIORITY_CODES)
    assert codes == [
        "PL-KUMKM",
        "MP-UMKM",
        "KWU",
        "NEW-PLUT",
        "KOP-PANGAN",
        "KEMISKINAN-EKSTREM",
        "ASTA-CITA",
        "MBG",
        "KDKMP",
    ]


@pytest.mark.parametrize(
    "year, expected",
    [
        (2022, []),
        (2023, ["PL-KUMKM", "MP-UMKM", "KWU", "NEW-PLUT", "KOP-PANGAN", "KEMISKINAN-EKSTREM"]),
        (2024, ["PL-KUMKM", "MP-UMKM", "KWU", "NEW-PLUT", "KOP-PANGAN", "KEMISKINAN-EKSTREM"]),
        (2025, ["ASTA-CITA", "MBG", "KDKMP"]),
        (2029, ["ASTA-CITA", "MBG", "KDKMP"]),
        (2030, []),
    ],
)
def test_priorities_valid_in_a_year(year, expected):
    assert reference.priorities(year)["kode"].tolist() == expected


def test_priorities_name_real_programmes_and_sources():
    table = reference.priorities()
    programmes = set(reference.nomenclature("program")["kode"])
    for row in table.itertuples():
        assert row.program_terkait and set(row.program_terkait) <= programmes, row.kode
        assert row.sumber.strip(), row.kode
    mbg = table.set_index("kode").loc["MBG"]
    assert "2.17.07" in mbg["program_terkait"]
    with pytest.raises(TypeError):
        reference.priorities("2025")


# --------------------------------------------------------------------------- indicators


REQUIRED_INDICATORS = [
    # domain.md §1.1 and issue 4 item 2: cooperatives
    "persen_aktif",
    "persen_rat",
    "anggota",
    "persen_anggota_perempuan",
    "modal_sendiri_rp",
    "modal_luar_rp",
    "aset_rp",
    "volume_usaha_rp",
    "pertumbuhan_volume_usaha",
    "shu_rp",
    "persen_sehat",
    "persen_dinilai",
    "ksp",
    "persen_bermasalah",
    "kontribusi_pdrb",
    "pertumbuhan_jumlah_koperasi",
    "pertumbuhan_anggota",
    "persen_koperasi_desa_rat",
    # §1.2 and issue 4: UMKM
    "jumlah_umkm",
    "persen_ukm",
    "persen_naik",
    "persen_nib",
    "persen_digital",
    "persen_eksportir",
    "persen_perempuan",
    "persen_muda",
    "persen_pemasok_mbg",
    "rasio_kewirausahaan",
    "kontribusi_umkm_pdrb",
    "proporsi_umkm_akses_kredit",
    "rasio_kredit_umkm",
    "umkm_onboarding_digital",
    "ekspor_umkm",
    "usaha_mikro_formal",
    "penyaluran_kur",
    # programme
    "persen_keuangan",
    "capaian_fisik",
]


def test_catalogue_covers_the_required_indicators():
    codes = set(reference.indicators()["kode"])
    missing = [k for k in REQUIRED_INDICATORS if k not in codes]
    assert not missing


def test_catalogue_rows_are_complete():
    table = reference.indicators()
    assert table["kode"].is_unique
    assert table["kode"].str.fullmatch(r"[a-z][a-z0-9_]*").all()
    assert set(table["arah"]) == {"naik", "turun"}
    assert set(table["dihitung"]) == {"ya", "tidak"}
    for col in ("nama", "definisi", "satuan", "sumber"):
        assert (table[col].str.strip() != "").all(), col
    computed_rows = table[table["dihitung"] == "ya"]
    assert (computed_rows["pembilang"].str.strip() != "").all()
    # no mirror links or internal notes in what reports print
    for col in ("definisi", "sumber", "catatan"):
        assert not table[col].str.contains("http|domain.md|⚠", regex=True).any(), col
    # a percentage always has a denominator
    pct = table[(table["satuan"] == "%") & (table["dihitung"] == "ya")]
    pct = pct[~pct["kode"].str.startswith("pertumbuhan_")]
    assert (pct["penyebut"] != "").all()
    # indicators computed from submissions name the datasets they read
    computed = table[table["dihitung"] == "ya"]
    assert set(computed["dataset"]) <= set(schemas.DATASETS)


def test_key_definitions():
    rat = reference.indicator("persen_rat")
    assert rat["pembilang"] == "koperasi yang berstatus aktif dan melaksanakan RAT tahun buku ini"
    assert rat["penyebut"] == "koperasi yang berstatus aktif"
    assert "Permen KUKM 06/2009" in rat["catatan"]  # the alternative denominator is named
    pdrb = reference.indicator("kontribusi_pdrb")
    assert pdrb["pembilang"] == "volume usaha (Rp)"
    assert pdrb["penyebut"] == "PDRB atas dasar harga berlaku (Rp)"
    assert "RPJPN" in pdrb["sumber"]
    assert reference.indicator("persen_aktif")["penyebut"].startswith("koperasi terdaftar")
    assert reference.indicator("persen_bermasalah")["arah"] == "turun"
    assert reference.indicator("persen_keuangan")["pembilang"] == "realisasi keuangan (Rp)"
    assert "tidak dibatasi 100%" in reference.indicator("capaian_fisik")["definisi"]


def test_unknown_indicator_suggests_close_codes():
    with pytest.raises(UnknownReferenceError, match="persen_rat"):
        reference.indicator("persen_ratt")
    assert set(reference.indicators("umkm")["kelompok"]) == {"umkm"}
    with pytest.raises(ValueError):
        reference.indicators("tidak-ada")


# --------------------------------------------------------------------------- UMKM size


def test_size_bands_pp7_2021_hand_checked():
    bands = reference.size_bands()
    got = {
        (r.kriteria, r.skala_usaha): (r.lebih_dari_rp, r.sampai_dengan_rp)
        for r in bands.itertuples()
    }
    assert got[("modal_usaha", "Mikro")] == (0, 1e9)
    assert got[("modal_usaha", "Kecil")] == (1e9, 5e9)
    assert got[("modal_usaha", "Menengah")] == (5e9, 10e9)
    assert got[("hasil_penjualan_tahunan", "Mikro")] == (0, 2e9)
    assert got[("hasil_penjualan_tahunan", "Kecil")] == (2e9, 15e9)
    assert got[("hasil_penjualan_tahunan", "Menengah")] == (15e9, 50e9)
    assert len(reference.size_bands("uu20_2008")) == 6


@pytest.mark.parametrize(
    "modal, expected",
    [
        (0, "Mikro"),
        (500e6, "Mikro"),
        (1e9, "Mikro"),
        (1e9 + 1, "Kecil"),
        (5e9, "Kecil"),
        (5e9 + 1, "Menengah"),
        (10e9, "Menengah"),
        (10e9 + 1, "Besar"),
    ],
)
def test_size_by_capital_boundaries(modal, expected):
    assert reference.classify_umkm_size(modal_usaha_rp=[modal]).tolist() == [expected]


@pytest.mark.parametrize(
    "omzet, expected",
    [
        (300e6, "Mikro"),
        (2e9, "Mikro"),
        (2e9 + 1, "Kecil"),
        (15e9, "Kecil"),
        (15e9 + 1, "Menengah"),
        (50e9, "Menengah"),
        (50e9 + 1, "Besar"),
    ],
)
def test_size_by_sales_boundaries(omzet, expected):
    assert reference.classify_umkm_size(omzet_tahunan_rp=[omzet]).tolist() == [expected]


def test_sales_win_over_capital_and_capital_is_the_fallback():
    modal = pd.Series([3e9, 0.5e9, 7e9, np.nan, -1.0], index=[5, 6, 7, 8, 9])
    omzet = pd.Series([1e9, 20e9, np.nan, np.nan, np.nan], index=[5, 6, 7, 8, 9])
    out = reference.classify_umkm_size(modal, omzet)
    assert list(out.index) == [5, 6, 7, 8, 9]
    assert out.dtype == "string"
    # sales Rp1 M → Mikro although capital Rp3 M would be Kecil; sales Rp20 M → Menengah;
    # no sales → capital Rp7 M → Menengah; nothing → NA; negative capital → NA
    assert out.tolist() == ["Mikro", "Menengah", "Menengah", pd.NA, pd.NA]


def test_size_needs_an_argument_and_equal_lengths():
    with pytest.raises(ValueError):
        reference.classify_umkm_size()
    with pytest.raises(ValueError):
        reference.classify_umkm_size([1, 2], [1])


# --------------------------------------------------------------------------- KUK


def test_kuk_class_takes_the_highest_criterion():
    out = reference.kuk_class(
        anggota=[100, 5000, 5001, 4000, 40000, None, None, 100],
        modal_sendiri_rp=[1e9, 2.5e9, 1e9, 16e9, 1e9, None, 60e9, None],
        aset_rp=[5e9, 15e9, 5e9, 10e9, 5e9, None, None, 600e9],
    )
    assert out.tolist() == ["KUK 1", "KUK 1", "KUK 2", "KUK 3", "KUK 4", pd.NA, "KUK 4", "KUK 4"]


def test_kuk_keeps_a_series_index():
    anggota = pd.Series([10_001, 30_000], index=["a", "b"])
    out = reference.kuk_class(
        anggota, pd.Series([0.0, 0.0], index=["a", "b"]), pd.Series([0.0, 0.0], index=["a", "b"])
    )
    assert out.to_dict() == {"a": "KUK 3", "b": "KUK 3"}


# --------------------------------------------------------------------------- rating


@pytest.mark.parametrize(
    "pct, expected",
    [
        (100, "Sangat Baik"),
        (91, "Sangat Baik"),
        (90.5, "Sangat Baik"),
        (90, "Baik"),
        (76, "Baik"),
        (75.01, "Baik"),
        (75, "Cukup"),
        (66, "Cukup"),
        (65, "Kurang"),
        (51, "Kurang"),
        (50.5, "Kurang"),
        (50, "Sangat Kurang"),
        (0, "Sangat Kurang"),
        (-5, "Sangat Kurang"),
        (135, "Sangat Baik"),
    ],
)
def test_rating_bands_and_boundaries(pct, expected):
    assert reference.rating(pct) == expected


def test_rating_vectorised_keeps_index_and_missing():
    s = pd.Series([95.0, None, 70.0], index=["x", "y", "z"])
    out = reference.rating(s)
    assert out.dtype == "string"
    assert list(out.index) == ["x", "y", "z"]
    assert out["x"] == "Sangat Baik" and out["z"] == "Cukup" and out.isna()["y"]
    assert reference.rating([80, 55]).tolist() == ["Baik", "Kurang"]
    assert reference.rating(np.nan) is pd.NA
    assert tuple(reference.rating_bands()["predikat"]) == reference.RATING_ORDER


# --------------------------------------------------------------------------- RAT


def test_rat_deadline_six_months_after_book_year():
    assert reference.rat_deadline(2024) == date(2025, 6, 30)
    assert reference.rat_deadline(2016) == date(2017, 6, 30)
    with pytest.raises(TypeError):
        reference.rat_deadline("2024")
    assert reference.rat_report_deadline(2024) == date(2025, 4, 30)
    assert reference.rat_report_deadline(2024, sekunder=True) == date(2025, 6, 30)
    assert reference.rat_report_deadline(2019) is None


# --------------------------------------------------------------------------- published figures


def test_published_province_file_matches_the_shared_copy_plus_codes():
    table = reference.published()
    assert len(table) == 114
    assert table["kode_provinsi"].notna().all()
    names = regions.provinces().set_index("kode_provinsi")["nama_provinsi"]
    assert (table["kode_provinsi"].map(names) == table["province_name"]).all()
    assert table["source_url"].str.match(r"https?://").all()


def test_published_filters_and_known_figures():
    jabar = reference.published("koperasi_aktif_bps", province="Jabar")
    assert dict(zip(jabar["year"], jabar["value"], strict=True)) == {
        2019: 13247,
        2020: 14706,
        2021: 15621,
        2024: 3976,
    }
    dki = reference.published(province="DKI")
    assert set(dki["kode_provinsi"]) == {"31"}
    nat = reference.published_national("koperasi_aktif_bps")
    assert len(nat) == 10 and (nat["province_name"] == "Indonesia").all()
    seeds = reference.seed_facts("74")
    facts = {(r.year, r.indicator): r.value for r in seeds.itertuples()}
    assert facts[(2021, "koperasi_aktif")] == 2300 and facts[(2021, "koperasi_rat")] == 420


# --------------------------------------------------------------------------- README


def test_every_reference_file_is_documented_with_a_source():
    readme = (REFERENCE_DIR / "README.md").read_text(encoding="utf-8")
    for path in sorted(REFERENCE_DIR.glob("*")):
        if path.name == "README.md":
            continue
        assert re.search(rf"`{re.escape(path.name)}`", readme), f"{path.name} not in README"
