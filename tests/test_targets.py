"""Targets: the achievement formulas, the target dataset through ingestion, evaluation against
targets (conflicts side by side, missing realisation, missing target) and the planning round
trip propose -> edit -> ingest as agreement -> evaluation of the next year.

Figures come from the hand-made Sulawesi Tenggara warehouse (tests/fixtures/sultra.py):
2021 persen_rat: province 420/2.300 = 18,2609%, Kolaka 220/1.300 = 16,9231%, Konawe no data;
persen_aktif 2.300/2.800 = 82,1429%. persen_bermasalah (lower is better) is read from
its indicator, whose definition belongs to the indicator registry.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from fixtures.sultra import sultra_warehouse

from kumkm_utils import schemas, templates, warehouse
from kumkm_utils.ingest.results import FileResult
from kumkm_utils.ingest.runs import run_files
from kumkm_utils.reference import RATING_ORDER
from kumkm_utils.targets import capaian as cap
from kumkm_utils.targets import evaluasi as ev
from kumkm_utils.targets import nasional, usulan
from kumkm_utils.targets.indikator import indikator, nilai

RAT_74 = 420 / 2300 * 100
RAT_KOLAKA = 220 / 1300 * 100
AKTIF_74 = 2300 / 2800 * 100


# ------------------------------------------------------------------ formulas (hand-computed)


def test_higher_is_better_is_realisation_over_target():
    got = cap.capaian([80.0, 50.0, 10.0], [60.0, 50.0, 12.0], "naik").tolist()
    assert got == pytest.approx([75.0, 100.0, 120.0])


def test_lower_is_better_is_two_targets_minus_realisation_over_target():
    # target 2, realisation 3: (4 - 3) / 2 = 50 %; realisation 1: (4 - 1) / 2 = 150 %;
    # realisation 5 (over twice the target): (4 - 5) / 2 = -50 %, printed as computed
    got = cap.capaian([2.0, 2.0, 2.0], [3.0, 1.0, 5.0], "turun").tolist()
    assert got == pytest.approx([50.0, 150.0, -50.0])


def test_mixed_directions_and_undefined_cases():
    got = cap.capaian([80.0, 2.0, 0.0, 5.0], [60.0, 3.0, 1.0, None], ["naik", "turun"] * 2)
    assert got.iloc[0] == pytest.approx(75.0)
    assert got.iloc[1] == pytest.approx(50.0)
    assert got.isna().tolist() == [False, False, True, True]  # target 0; no realisation
    with pytest.raises(ValueError, match="arah"):
        cap.capaian([1.0], [1.0], "sideways")


def test_rating_is_the_projects_five_bands():
    assert cap.predikat([120.0, 90.5, 90.0, 75.0, 65.0, 50.0]).tolist() == [
        "Sangat Baik",
        "Sangat Baik",
        "Baik",
        "Cukup",
        "Kurang",
        "Sangat Kurang",
    ]


# ------------------------------------------------------------------ warehouse with targets


def _target_rows(records: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(
        records,
        columns=[
            "kode_provinsi",
            "kode_kabkota",
            "kode_indikator",
            "tahun",
            "dokumen",
            "nilai_target",
        ],
    )
    frame["nomor_dokumen"] = "Pergub 1/2020"
    frame["tanggal_dokumen"] = pd.Timestamp("2020-12-20")
    frame["keterangan"] = pd.NA
    out = schemas.dataset("target").empty_frame()
    for column in out.columns:
        out[column] = frame[column].astype(out[column].dtype)
    return out


def _ingest(db: Path, paths: list[Path]) -> list[FileResult]:
    con = warehouse.connect_writer(db, wait_seconds=0)
    try:
        return run_files(paths, con)
    finally:
        con.close()


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "wh.duckdb"
    shutil.copy(sultra_warehouse(), path)
    return path


@pytest.fixture()
def loaded(db: Path, tmp_path: Path) -> tuple[Path, list[FileResult]]:
    rows = _target_rows(
        [
            ("74", None, "persen_rat", 2021, "RKPD", 20.0),
            ("74", None, "persen_rat", 2021, "RPJMD", 25.0),  # the conflict
            ("74", "74.01", "persen_rat", 2021, "RKPD", 20.0),
            ("74", "74.02", "persen_rat", 2021, "RKPD", 30.0),  # Konawe: no data in 2021
            ("74", None, "persen_bermasalah", 2021, "RKPD", 0.1),  # lower is better
            ("74", None, "persen_rat", 2022, "RKPD", 30.0),  # a year without realisation
        ]
    )
    path = templates.write_template(
        schemas.dataset("target"), tmp_path / "target_74.xlsx", rows=rows
    )
    wb = openpyxl.load_workbook(path)
    wb["Data"].append(["74", None, "persen_tidak_ada", 2021, "RKPD", None, None, 5, None])
    wb.save(path)
    return db, _ingest(db, [path])


def test_ingestion_keeps_the_count_equation_and_names_the_bad_code(loaded):
    _, results = loaded
    (result,) = results
    assert result.dataset == "target"
    assert result.rows_loaded == 6
    assert result.rows_rejected == 1
    assert result.rows_read == result.rows_loaded + result.rows_rejected + result.rows_non_data
    messages = " ".join(result.problems["message"].astype(str))
    assert "kode indikator tidak dikenal" in messages


def test_conflicting_targets_are_side_by_side(loaded):
    db, _ = loaded
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = ev.evaluasi(con, province="74", year=2021)
    finally:
        con.close()
    rat = out[(out["tingkat"] == "provinsi") & (out["kode_indikator"] == "persen_rat")]
    assert sorted(rat["dokumen"]) == ["RKPD", "RPJMD"]
    by_doc = rat.set_index("dokumen")
    assert by_doc.loc["RKPD", "capaian"] == pytest.approx(RAT_74 / 20 * 100)  # 91,30
    assert by_doc.loc["RPJMD", "capaian"] == pytest.approx(RAT_74 / 25 * 100)  # 73,04
    assert by_doc.loc["RKPD", "predikat"] == "Sangat Baik"
    assert by_doc.loc["RPJMD", "predikat"] == "Cukup"
    assert all("target berbeda antar dokumen" in s for s in rat["status"])
    assert by_doc.loc["RKPD", "sumber_target"] == "RKPD (Pergub 1/2020, 20 Desember 2020)"


def test_lower_is_better_in_the_evaluation(loaded):
    db, _ = loaded
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = ev.evaluasi(con, province="74", year=2021)
        # the realisation as the indicator computes it (its definition is the registry's)
        real = nilai("persen_bermasalah", con, province="74", year=2021, by="provinsi")
    finally:
        con.close()
    realised = float(real.loc[real["tingkat"] == "provinsi", "nilai"].iloc[0])
    row = out[out["kode_indikator"] == "persen_bermasalah"].iloc[0]
    assert row["arah"] == "turun"
    assert row["realisasi"] == pytest.approx(realised)
    assert row["capaian"] == pytest.approx((2 * 0.1 - realised) / 0.1 * 100)
    assert row["predikat"] == cap.predikat([row["capaian"]]).iloc[0]


def test_target_without_realisation_and_realisation_without_target(loaded):
    db, _ = loaded
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = ev.evaluasi(con, province="74", year=2021)
        later = ev.evaluasi(con, province="74", year=2022)
    finally:
        con.close()
    kab = out[out["tingkat"] == "kabkota"].set_index("kode_wilayah")
    assert kab.loc["74.01", "capaian"] == pytest.approx(RAT_KOLAKA / 20 * 100)
    assert kab.loc["74.02", "status"] == ev.STATUS_BELUM_ADA_DATA
    assert pd.isna(kab.loc["74.02", "capaian"]) and pd.isna(kab.loc["74.02", "realisasi"])
    # Kendari has a realisation (200/1.000 RAT) but no kab/kota target: listed, not rated
    assert kab.loc["74.71", "status"] == ev.STATUS_TANPA_TARGET
    assert kab.loc["74.71", "realisasi"] == pytest.approx(20.0)
    assert pd.isna(kab.loc["74.71", "capaian"])
    assert "74.03" not in kab.index  # Muna: neither target nor data
    aktif = out[out["kode_indikator"] == "persen_aktif"].iloc[0]
    assert aktif["status"] == ev.STATUS_TANPA_TARGET
    assert aktif["realisasi"] == pytest.approx(AKTIF_74)
    assert pd.isna(aktif["target"])
    rat_2022 = later[(later["kode_indikator"] == "persen_rat") & later["target"].notna()]
    assert rat_2022["status"].tolist() == [ev.STATUS_BELUM_ADA_DATA]
    sentence = ev.kalimat(out, year=2021)
    assert "Capaian target 2021: dari 3 target" in sentence and "3 dapat dinilai" in sentence


def test_a_file_of_another_document_does_not_replace_earlier_targets(loaded, tmp_path):
    db, _ = loaded
    rows = _target_rows([("74", None, "persen_rat", 2021, "Kesepakatan Rakorda", 19.0)])
    path = templates.write_template(
        schemas.dataset("target"), tmp_path / "sub" / "target.xlsx", rows=rows
    )
    _ingest(db, [path])
    con = duckdb.connect(str(db), read_only=True)
    try:
        docs = ev.targets(con, province="74", years=[2021])
    finally:
        con.close()
    prov = docs[docs["kode_kabkota"].isna() & (docs["kode_indikator"] == "persen_rat")]
    assert sorted(prov["dokumen"]) == ["Kesepakatan Rakorda", "RKPD", "RPJMD"]


def test_national_rollup_counts_each_provinces_targets(loaded):
    db, _ = loaded
    con = duckdb.connect(str(db), read_only=True)
    try:
        per = nasional.capaian_provinsi(con, year=2021).set_index("kode_provinsi")
        out = ev.evaluasi(con, province="74", year=2021)
    finally:
        con.close()
    assert len(per) == 38
    assert per.loc["74", "target"] == 3  # persen_rat RKPD + RPJMD, persen_bermasalah
    assert per.loc["74", "dinilai"] == 3
    rated = out[(out["tingkat"] == "provinsi") & out["capaian"].notna()]
    for band in RATING_ORDER:  # the same rating as the province report
        assert per.loc["74", band] == (rated["predikat"] == band).sum(), band
    assert per.loc["74", "Sangat Baik"] >= 1 and per.loc["74", "Cukup"] >= 1  # RKPD, RPJMD
    assert per.loc["62", "target"] == 0 and pd.isna(per.loc["62", "median_capaian"])


# ------------------------------------------------------------------ the planning round trip


def test_propose_edit_ingest_as_agreement_then_evaluate(db, tmp_path):
    con = duckdb.connect(str(db), read_only=True)
    try:
        path = usulan.write_workbook(con, province="74", plan_year=2021, outdir=tmp_path / "u")
        proposed = usulan.usulan(con, province="74", year=2020, plan_year=2021)
    finally:
        con.close()
    wb = openpyxl.load_workbook(path)
    ws = wb["Data"]
    header = [c.value for c in ws[1]]
    col = {name: i for i, name in enumerate(header)}
    rows = {r[col["kode_indikator"]].value: r for r in ws.iter_rows(min_row=2)}
    assert rows["persen_rat"][col["dokumen"]].value == "Kesepakatan Rakorda"
    assert rows["persen_rat"][col["tahun"]].value == 2021
    # the workbook and the report's table are one computation
    rat = proposed.set_index("kode").loc["persen_rat"]
    assert rows["persen_rat"][col["nilai_target"]].value == pytest.approx(
        round(float(rat["usulan_target"]), indikator("persen_rat").desimal)
    )
    assert "tren" in rows["persen_rat"][col["keterangan"]].value.lower() or "Data kurang" in (
        rows["persen_rat"][col["keterangan"]].value
    )
    rows["persen_rat"][col["nilai_target"]].value = 19.5  # the meeting agrees on 19,5 %
    rows["persen_rat"][col["nomor_dokumen"]].value = "BA Rakorda 2020"
    wb.save(path)
    (result,) = _ingest(db, [path])
    assert result.rows_rejected == 0 and result.rows_loaded == ws.max_row - 1
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = ev.evaluasi(con, province="74", year=2021)
    finally:
        con.close()
    row = out[(out["kode_indikator"] == "persen_rat") & (out["tingkat"] == "provinsi")]
    assert row["dokumen"].tolist() == ["Kesepakatan Rakorda"]
    assert row["target"].iloc[0] == pytest.approx(19.5)
    assert row["capaian"].iloc[0] == pytest.approx(RAT_74 / 19.5 * 100)
    assert row["sumber_target"].iloc[0] == "Kesepakatan Rakorda (BA Rakorda 2020)"


def test_cli_targets_propose_writes_one_workbook_per_province(db, tmp_path, capsys):
    from kumkm_utils import cli

    out = tmp_path / "usulan"
    status = cli.main(
        ["targets", "--propose", "--year", "2021", "--warehouse", str(db), "--outdir", str(out)]
    )
    assert status == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xlsx"))
    # provinces with cooperative data in the evaluation year 2020 (the fixture: only 74)
    assert written == ["74-sulawesi-tenggara/target_2021.xlsx"]
    assert "target_2021.xlsx" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out / written[0])
    assert wb.sheetnames[:3] == ["Data", "Kamus Data", "Petunjuk"]


def test_every_document_has_a_place_in_the_last_agreed_order():
    assert usulan.DOKUMEN_KESEPAKATAN in schemas.DOKUMEN_TARGET
    assert sorted(usulan.URUTAN_DOKUMEN) == sorted(schemas.DOKUMEN_TARGET)


def test_last_agreed_target_prefers_the_agreement_then_annual_documents():
    rows = _target_rows(
        [
            ("74", None, "persen_rat", 2020, "RPJMD", 30.0),
            ("74", None, "persen_rat", 2020, "RKPD", 25.0),
            ("74", None, "persen_rat", 2019, "Kesepakatan Rakorda", 20.0),
            ("74", "74.01", "persen_rat", 2020, "Kesepakatan Rakorda", 99.0),  # kab/kota: no
            ("74", None, "persen_rat", 2021, "Kesepakatan Rakorda", 50.0),  # plan year: no
        ]
    )
    value, source, short = usulan._last_agreed(rows, "persen_rat", 2021)
    assert (value, short) == (25.0, "RKPD 2020")
    assert source.startswith("RKPD (Pergub 1/2020")


def test_sample_targets_synthetic_two_documents_all_five_bands(tmp_path):
    from kumkm_utils.reference import RATING_ORDER
    from kumkm_utils.sample import writer
    from kumkm_utils.sample.generator import generate_sample

    first = generate_sample(tmp_path / "a", provinces=["62"], umkm_fraction=0.0005)
    generate_sample(tmp_path / "b", provinces=["62"], umkm_fraction=0.0005)
    rel = "62-kalimantan-tengah/target.xlsx"
    assert rel in {f["file"] for f in first["files"]}
    assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    wb = openpyxl.load_workbook(tmp_path / "a" / rel)
    assert wb["Data"]["A1"].value.startswith(writer.MARKER)
    db = tmp_path / "wh.duckdb"
    results = _ingest(db, sorted((tmp_path / "a").rglob("*.*[xv]")))
    (target,) = [r for r in results if r.dataset == "target"]
    assert target.rows_rejected == 0 and target.is_synthetic
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = ev.targets(con, province="62")
        out = ev.evaluasi(con, province="62", year=2025)
    finally:
        con.close()
    assert set(rows["dokumen"]) == {"RKPD", "RPJMD"}
    assert set(rows["tahun"]) == set(range(2021, 2027))
    assert rows["kode_kabkota"].notna().any()
    prov = out[out["tingkat"] == "provinsi"]
    assert prov["status"].str.contains("target berbeda antar dokumen").any()
    assert set(prov["predikat"].dropna()) == set(RATING_ORDER)
