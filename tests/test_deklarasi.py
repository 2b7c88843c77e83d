"""One declaration per indicator: validation, numerator within denominator, definition and
computation from the same fields, like for like, missing stays missing.

Fixtures: the hand-made Sulawesi Tenggara warehouse (``con``, tests/fixtures/sultra.py), the
sample-like warehouse built by the real generator and ingestion (``sample_warehouse``) and
random warehouses built here.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from fixtures.builders import build, koperasi, program, umkm

from kumkm_utils import rollup
from kumkm_utils.indicators import _core, deklarasi, headline, pengawasan
from kumkm_utils.indicators import umkm as umkm_ind

RATIOS = [i for i in deklarasi.INDIKATOR if i.jenis == "rasio"]


# --------------------------------------------------------------------------- declarations


def test_declarations_are_valid_and_codes_are_columns():
    deklarasi.periksa()
    codes = [i.kode for i in deklarasi.INDIKATOR]
    assert len(codes) == len(set(codes))
    for ind in deklarasi.INDIKATOR:
        assert ind.definisi and ind.teks_sumber, ind.kode
        assert "http" not in ind.teks_sumber and "domain.md" not in ind.definisi


@pytest.mark.parametrize("ind", RATIOS, ids=lambda i: i.kode)
def test_numerator_filter_implies_denominator_filter(ind):
    num, den = deklarasi.BESARAN[ind.pembilang], deklarasi.BESARAN[ind.penyebut]
    assert num.dataset == den.dataset
    assert deklarasi.subset(num, den)
    if not num.bagian and not den.bagian and num.agregat == den.agregat:
        assert set(den.filter) <= set(num.filter_lengkap()), ind.kode


def test_a_numerator_outside_its_denominator_is_refused():
    loose = deklarasi.Besaran("semua_bermasalah", "koperasi", "koperasi", filter=("bermasalah",))
    deklarasi.BESARAN["semua_bermasalah"] = loose
    try:
        bad = deklarasi.ganti("persen_bermasalah", pembilang="semua_bermasalah")
        with pytest.raises(ValueError, match="not a subset"):
            deklarasi.periksa([bad])
    finally:
        del deklarasi.BESARAN["semua_bermasalah"]
    with pytest.raises(ValueError, match="unknown roles"):
        deklarasi.periksa([deklarasi.ganti("persen_rat", peran=("papan",))])


def _frames(con: duckdb.DuckDBPyConnection, province: str | None, year: int):
    """Every ratio's frame at kab/kota (with the province or national total) and province."""
    seen = {}
    for ind in RATIOS:
        function = ind.fungsi_hitung()
        for by in ("kabkota", "provinsi"):
            if ind.fungsi.startswith(("program.", "ekonomi.")) and by == "kabkota":
                continue
            key = (function, by)
            if key not in seen:
                seen[key] = function(con, province=province, year=year, by=by, n_years=2)
            yield ind, by, seen[key]


def _check_numerator_within_denominator(con, province, year):
    checked = 0
    for ind, by, frame in _frames(con, province, year):
        num = deklarasi.jumlahkan(frame, ind.pembilang).astype("float64")
        den = deklarasi.jumlahkan(frame, ind.penyebut).astype("float64")
        both = ~(np.isnan(num) | np.isnan(den))
        ids = [c for c in ("tingkat", "kode_wilayah", "kode", "tahun") if c in frame.columns]
        bad = frame.loc[both & (num > den + 1e-6), ids]
        assert bad.empty, (ind.kode, by, bad.head())
        checked += int(both.sum())
    assert checked > 0


def test_numerator_within_denominator_on_the_hand_made_warehouse(con):
    _check_numerator_within_denominator(con, "74", 2021)
    _check_numerator_within_denominator(con, None, 2021)


@pytest.mark.sample_warehouse
def test_numerator_within_denominator_on_the_sample_warehouse(sample_warehouse: Path):
    with duckdb.connect(str(sample_warehouse), read_only=True) as sample:
        years = [r[0] for r in sample.execute("SELECT DISTINCT tahun FROM koperasi").fetchall()]
        _check_numerator_within_denominator(sample, None, max(years))


def _random_warehouse(path: Path, seed: int) -> Path:
    rng = np.random.default_rng(seed)
    kop, usaha = [], []
    start = 0
    for kabkota in ("74.01", "74.02", "74.71", "62.01"):
        for year in (2024, 2025):
            if rng.random() < 0.2:  # a kab/kota that sent nothing that year
                continue
            for _ in range(int(rng.integers(1, 6))):
                n = int(rng.integers(1, 20))
                kop.append(
                    koperasi(
                        kabkota,
                        year,
                        n,
                        start=start,
                        status_koperasi=str(rng.choice(["Aktif", "Tidak Aktif"])),
                        rat_dilaksanakan=bool(rng.random() < 0.5),
                        tanggal_rat=[None, "2025-03-01", "2026-08-01"][int(rng.integers(0, 3))],
                        punya_usp=bool(rng.random() < 0.4),
                        predikat_kesehatan=rng.choice([None, "Sehat", "Cukup Sehat"]),
                        bermasalah=bool(rng.random() < 0.3),
                        anggota_laki_laki=int(rng.integers(0, 50)),
                        anggota_perempuan=rng.choice([None, int(rng.integers(0, 50))]),
                        modal_sendiri_rp=float(rng.integers(0, 10**9)),
                        modal_luar_rp=rng.choice([None, float(rng.integers(0, 10**9))]),
                    )
                )
                start += n
                flag = lambda: [True, False, None][int(rng.integers(0, 3))]  # noqa: E731
                usaha.append(
                    umkm(
                        kabkota,
                        year,
                        n,
                        start=start,
                        skala_usaha=rng.choice([None, "Mikro", "Kecil", "Menengah"]),
                        omzet_tahunan_rp=rng.choice([None, 1e9, 3e9, 20e9, 60e9]),
                        nib=rng.choice([None, "9120000000001"]),
                        pemasaran_digital=flag(),
                        eksportir=flag(),
                        sertifikat_halal=flag(),
                        potensi_pemasok_mbg=flag(),
                        jenis_kelamin_pemilik=rng.choice([None, "Perempuan", "Laki-laki"]),
                        kelompok_umur_pemilik=rng.choice([None, "15-30", "31-45"]),
                    )
                )
    return build(path, koperasi=kop, umkm=usaha)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_numerator_within_denominator_on_random_warehouses(tmp_path, seed):
    path = _random_warehouse(tmp_path / f"r{seed}.duckdb", seed)
    with duckdb.connect(str(path)) as random_con:
        for province in ("74", None):
            for ind, by, frame in _frames(random_con, province, 2025):
                if ind.dataset == "program":
                    continue
                num = deklarasi.jumlahkan(frame, ind.pembilang).astype("float64")
                den = deklarasi.jumlahkan(frame, ind.penyebut).astype("float64")
                assert not (num > den + 1e-6).any(), (seed, ind.kode, by)
                values = frame[ind.kode].astype("float64")
                assert not (values > 100 + 1e-9).any(), (seed, ind.kode, by)


# --------------------------------------------------------------------------- one source


def test_definition_and_computation_come_from_the_same_declaration(con, monkeypatch):
    before_text = deklarasi.indikator("persen_bermasalah").definisi
    before = pengawasan.bermasalah(con, province="74", year=2021)
    kolaka = before[before["kode_wilayah"] == "74.01"].iloc[0]
    assert kolaka["persen_bermasalah"] == 0  # the 3 flagged are inactive
    assert "berstatus aktif dan ditangani Satgas" in before_text
    # change the declaration only: count flagged cooperatives whatever their status
    loose = dataclasses.replace(deklarasi.BESARAN["koperasi_bermasalah"], filter=("bermasalah",))
    monkeypatch.setitem(deklarasi.BESARAN, "koperasi_bermasalah", loose)
    after_text = deklarasi.indikator("persen_bermasalah").definisi
    after = pengawasan.bermasalah(con, province="74", year=2021)
    kolaka = after[after["kode_wilayah"] == "74.01"].iloc[0]
    assert kolaka["persen_bermasalah"] == pytest.approx(3 / 1300 * 100)  # the computation moved
    assert after_text != before_text and "berstatus aktif dan" not in after_text  # and the text
    with pytest.raises(ValueError, match="not a subset"):  # and validation refuses it
        deklarasi.periksa([deklarasi.indikator("persen_bermasalah")])


def test_annex_definitions_are_the_declarations():
    from kumkm_utils.render.annex import definitions_frame

    sheet = definitions_frame([])
    rows = sheet.set_index("Kode")
    assert rows.loc["capaian_fisik", "Definisi"] == deklarasi.indikator("capaian_fisik").definisi
    assert deklarasi.ATURAN_CAPAIAN in rows.loc["capaian_fisik", "Definisi"]
    assert "tidak dibatasi 100%" in deklarasi.ATURAN_CAPAIAN


def test_data_dictionary_lists_every_declaration():
    text = Path(__file__).parents[1].joinpath("docs", "data_dictionary.md").read_text("utf-8")
    for ind in deklarasi.INDIKATOR:
        assert f"| `{ind.kode}` | {ind.label} |" in text, ind.kode
    assert deklarasi.ATURAN_CAPAIAN in text


# --------------------------------------------------------------------------- missing stays missing


def test_transition_without_previous_umkm_year_is_missing(con):
    # the hand-made warehouse has UMKM rows for 2020 and 2021 only: 2020 has no 2019 to follow
    frame = umkm_ind.transisi(con, province="74", year=2020)
    assert not frame["ada_data_tahun_lalu"].any()
    assert frame[["diikuti", "naik", "tetap", "turun"]].isna().all().all()  # not 0
    assert umkm_ind.matriks_transisi(con, province="74", year=2020)[["Mikro"]].isna().all().all()
    followed = umkm_ind.transisi(con, province="74", year=2021)
    total = followed[followed["tingkat"] == "provinsi"].iloc[0]
    assert (total["diikuti"], total["naik"]) == (160, 20)


def test_reported_and_derived_size_classes_are_apart(con):
    # Kolaka's 100 units state their class; Kendari's 60 were derived from sales, 2 unknown
    frame = umkm_ind.skala(con, province="74", year=2021).set_index("kode_wilayah")
    assert (frame.loc["74.01", "skala_dilaporkan"], frame.loc["74.01", "skala_diturunkan"]) == (
        100,
        0,
    )
    assert (frame.loc["74.71", "skala_dilaporkan"], frame.loc["74.71", "skala_diturunkan"]) == (
        0,
        60,
    )
    assert frame.loc["74.71", "skala_tidak_diketahui"] == 2


def test_empty_yes_no_answers_are_unknown(tmp_path):
    # 4 say Ya, 2 Tidak, 4 left empty: 4 of the 6 who answered, not 4 of 10
    path = build(
        tmp_path / "w.duckdb",
        umkm=[
            umkm("74.01", 2025, 4, start=0, pemasaran_digital=True, eksportir=True),
            umkm("74.01", 2025, 2, start=4, pemasaran_digital=False, eksportir=False),
            umkm("74.01", 2025, 4, start=6, pemasaran_digital=None, eksportir=None),
        ],
    )
    with duckdb.connect(str(path)) as c:
        row = umkm_ind.profil(c, province="74", year=2025).iloc[0]
    assert row["persen_digital"] == pytest.approx(4 / 6 * 100)
    assert row["persen_eksportir"] == pytest.approx(4 / 6 * 100)
    assert row["persen_nib"] == 0  # an empty NIB is "none" (template: kosong bila tidak)


# --------------------------------------------------------------------------- like for like


@pytest.fixture(scope="module")
def dropout(tmp_path_factory) -> Path:
    """Aceh (11): Simeulue 11.01 and Aceh Tenggara 11.02 report 2024; only Simeulue reports
    2025. Simeulue: 10 active (5 RAT), volume 100 jt each in 2024; 12 active (9 RAT), volume
    110 jt each in 2025. Aceh Tenggara 2024: 90 active (0 RAT), volume 100 jt each.

    Province, like for like (Simeulue only): active 10 -> 12 (+2, not 100 -> 12 = -88),
    RAT 50% -> 75% (+25 poin, not 5% -> 75%), volume 1.000 jt -> 1.320 jt (+32%).
    """
    path = tmp_path_factory.mktemp("dropout") / "w.duckdb"
    rows = [
        koperasi("11.01", 2024, 5, start=0, rat_dilaksanakan=True, volume_usaha_rp=100e6),
        koperasi("11.01", 2024, 5, start=5, volume_usaha_rp=100e6),
        koperasi("11.02", 2024, 90, start=0, volume_usaha_rp=100e6),
        koperasi("11.01", 2025, 9, start=0, rat_dilaksanakan=True, volume_usaha_rp=110e6),
        koperasi("11.01", 2025, 3, start=9, volume_usaha_rp=110e6),
    ]
    base = dict(
        kode_provinsi="11",
        sumber_dana="APBD",
        kode_subkegiatan="2.17.03.1.01.0001",
        nama_subkegiatan="Pengawasan",
        pagu_rp=100e6,
        realisasi_keuangan_rp=50e6,
    )
    prog = program([dict(base, tahun=2024), dict(base, tahun=2025)])
    return build(path, koperasi=rows, program=prog)


def test_headline_change_is_like_for_like(dropout):
    with duckdb.connect(str(dropout), read_only=True) as c:
        table = headline.headline(c, province="11", year=2025).set_index("kode")
    assert table.loc["koperasi_aktif", "nilai"] == 12
    assert table.loc["koperasi_aktif", "nilai_sebelumnya"] == 100
    assert table.loc["koperasi_aktif", "perubahan"] == 2
    assert table.loc["koperasi_aktif", "penilaian"] == headline.MEMBAIK
    assert table.loc["persen_rat", "perubahan"] == pytest.approx(25.0)
    assert table.loc["pertumbuhan_volume_usaha", "nilai"] == pytest.approx(32.0)
    assert table.loc["persen_rat", "tanpa_banding"] == "Kabupaten Aceh Tenggara"
    assert (table.loc["persen_rat", "n_banding"], table.loc["persen_rat", "n_wilayah"]) == (1, 2)
    note = headline.catatan_banding(table.reset_index())
    assert "1 dari 2 kabupaten/kota" in note and "Aceh Tenggara" in note


def test_national_rollup_change_is_like_for_like(dropout):
    with duckdb.connect(str(dropout), read_only=True) as c:
        parts = rollup.province_parts(c, year=2025)
    summary = rollup.ringkasan(parts, year=2025).set_index("kode")
    assert summary.loc["koperasi_aktif", "perubahan"] == 2
    assert summary.loc["persen_rat", "perubahan"] == pytest.approx(25.0)
    assert summary.loc["pertumbuhan_volume_usaha", "nilai"] == pytest.approx(32.0)
    assert summary.loc["persen_rat", "tanpa_banding"] == "Kabupaten Aceh Tenggara"
    assert summary.loc["persen_rat", "n_banding"] == 1
    ranking = rollup.peringkat(parts, "koperasi_aktif", year=2025).set_index("Kode")
    assert ranking.loc["11", "Perubahan"] == 2  # Aceh: 10 -> 12 over Simeulue, not 100 -> 12
    note = rollup.ranking.catatan_banding(parts, "koperasi", year=2025)
    assert "Kabupaten Aceh Tenggara" in note
    shown = rollup.ringkasan_tampil(summary.reset_index(), year=2025)
    assert "1 dari 2 kabupaten/kota" in set(shown["Wilayah dibandingkan"])


def test_region_level_of_frames():
    frame = pd.DataFrame({"tingkat": ["kabkota", "provinsi"]})
    assert _core.region_level(frame) == "kabkota"
    assert _core.region_level(pd.DataFrame({"tingkat": ["provinsi"]})) is None


# --------------------------------------------------------------------------- published figures


def test_kalbar_2023_published_set_is_inconsistent_and_the_readme_says_what_the_sample_does():
    from kumkm_utils import reference
    from kumkm_utils.sample.published import pins

    published = reference.published(province="61")
    value = {r.indicator: float(r.value) for r in published[published["year"] == 2023].itertuples()}
    aktif, tidak, total = (
        value["koperasi_aktif_dinas"],
        value["koperasi_tidak_aktif_dinas"],
        value["koperasi_total_dinas"],
    )
    assert aktif + tidak != total  # 3.518 + 2.106 = 5.624, not 5.623
    pinned = {p.indicator: p.value for p in pins() if p.provinces == ("61",) and p.year == 2023}
    assert (pinned["koperasi_total"], pinned["koperasi_tidak_aktif"]) == (total, tidak)
    assert "koperasi_aktif" not in pinned  # so the sample's active count is total - inactive
    readme = Path(__file__).parents[1].joinpath("data", "README.md").read_text("utf-8")
    assert f"**{int(total - tidak):,}**" in readme and f"published {int(aktif):,}" in readme


def test_transition_change_compares_kabkota_with_transitions_in_both_years(tmp_path):
    """Aceh Tenggara (11.02) has no UMKM data for 2023, so no 2024 transitions: the change of
    "naik kelas" compares Simeulue (11.01) alone, 1 of 10 up in 2024 and 2 of 10 in 2025
    (+10 poin), not 10% against 2 of 30 over both (-3,3 poin), and names Aceh Tenggara."""

    rows = [
        umkm("11.01", 2023, 10, start=0),
        umkm("11.01", 2024, 1, start=0, skala_usaha="Kecil"),
        umkm("11.01", 2024, 9, start=1),
        umkm("11.01", 2025, 1, start=0, skala_usaha="Menengah"),
        umkm("11.01", 2025, 1, start=1, skala_usaha="Kecil"),
        umkm("11.01", 2025, 8, start=2),
        umkm("11.02", 2024, 20, start=0),
        umkm("11.02", 2025, 20, start=0),
    ]
    path = build(tmp_path / "w.duckdb", umkm=rows)
    with duckdb.connect(str(path), read_only=True) as c:
        parts = rollup.province_parts(c, year=2025)
    summary = rollup.ringkasan(parts, year=2025).set_index("kode")
    assert summary.loc["persen_naik", "nilai"] == pytest.approx(200 / 30)
    assert summary.loc["persen_naik", "perubahan"] == pytest.approx(10.0)
    assert summary.loc["persen_naik", "n_banding"] == 1
    assert summary.loc["persen_naik", "n_wilayah_banding"] == 2
    assert summary.loc["persen_naik", "tanpa_banding"] == "Kabupaten Aceh Tenggara"
    assert summary.loc["jumlah_umkm", "n_banding"] == 2  # UMKM data: both in both years
