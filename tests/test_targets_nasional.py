"""National targets in the ``target`` dataset: rows with ``kode_provinsi`` "00" (nasional).

They validate and ingest as their own scope (a national file replaces national rows only, a
province's file never touches them), "00" is refused in every other dataset with its own
message, and the national roll-up reads the national target ingested last.
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
from kumkm_utils.targets import evaluasi as ev


def _rows(records: list[tuple], nomor: str = "Perpres 12/2025") -> pd.DataFrame:
    frame = pd.DataFrame(
        records,
        columns=["kode_provinsi", "kode_kabkota", "kode_indikator", "tahun", "dokumen", "nilai"],
    )
    frame = frame.rename(columns={"nilai": "nilai_target"})
    frame["nomor_dokumen"] = nomor
    frame["tanggal_dokumen"] = pd.NaT
    frame["keterangan"] = pd.NA
    out = schemas.dataset("target").empty_frame()
    for column in out.columns:
        out[column] = frame[column].astype(out[column].dtype)
    return out


def _write(path: Path, records: list[tuple], **kw) -> Path:
    return templates.write_template(schemas.dataset("target"), path, rows=_rows(records, **kw))


def _ingest(db: Path, paths: list[Path]) -> list[FileResult]:
    con = warehouse.connect_writer(db, wait_seconds=0)
    try:
        return run_files(paths, con)
    finally:
        con.close()


def _all(db: Path) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return ev.targets(con, province=None)
    finally:
        con.close()


NATIONAL = [
    ("00", None, "persen_ukm", 2024, "RPJMN", 3.06),
    ("00", None, "persen_ukm", 2029, "RPJMN", 3.30),
]
PROVINCIAL = [
    ("74", None, "persen_ukm", 2025, "RPJMN", 2.0),  # a province copying the RPJMN
    ("74", None, "persen_rat", 2025, "RKPD", 20.0),
]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "wh.duckdb"
    shutil.copy(sultra_warehouse(), path)
    return path


def test_national_rows_validate_and_ingest_as_00(db, tmp_path):
    path = _write(tmp_path / "nas" / "target_nasional.xlsx", NATIONAL)
    wb = openpyxl.load_workbook(path)  # "Nasional" written as a name is accepted too
    wb["Data"].append(["Nasional", None, "persen_rat", 2029, "RPJMN", None, None, 60, None])
    wb.save(path)
    (result,) = _ingest(db, [path])
    assert result.kode_provinsi == "00"
    assert result.rows_loaded == 3 and result.rows_rejected == 0
    assert result.rows_read == result.rows_loaded + result.rows_rejected + result.rows_non_data
    rows = _all(db)
    assert set(rows["kode_provinsi"]) == {"00"}
    assert rows["kode_kabkota"].isna().all()


def test_national_row_with_a_kabkota_or_in_a_province_file_is_refused(db, tmp_path):
    bad = _write(
        tmp_path / "a" / "target_nasional.xlsx",
        [*NATIONAL, ("00", "74.01", "persen_rat", 2029, "RPJMN", 50.0)],
    )
    mixed = _write(
        tmp_path / "b" / "target.xlsx",
        [*PROVINCIAL, ("74", None, "persen_nib", 2025, "RKPD", 40.0), NATIONAL[0]],
    )
    first, second = _ingest(db, [bad, mixed])
    assert first.rows_loaded == 2 and first.rows_rejected == 1
    assert second.rows_loaded == 3 and second.rows_rejected == 1
    assert second.kode_provinsi == "74"
    assert "kirim target nasional dalam file tersendiri" in " ".join(second.problems["message"])
    rows = _all(db)
    assert len(rows[rows["kode_provinsi"] == "00"]) == 2


def test_00_in_another_dataset_is_refused_with_a_clear_message(tmp_path):
    from kumkm_utils.ingest import rules

    codes, errors = rules.province_codes(pd.Series(["00", "74", "Nasional"]), dataset="makro")
    assert codes.isna().tolist() == [True, False, True]
    assert "hanya dipakai pada data target" in errors["00"]
    assert "data makro dikirim per provinsi" in errors["Nasional"]
    codes, _ = rules.province_codes(pd.Series(["00", "nasional"]), dataset="target")
    assert codes.tolist() == ["00", "00"]

    frame = schemas.dataset("makro").empty_frame()
    frame = pd.concat(
        [frame, pd.DataFrame({"kode_provinsi": ["74", "00"], "tahun": [2030, 2030]})]
    ).astype(frame.dtypes.to_dict())
    path = templates.write_template(schemas.dataset("makro"), tmp_path / "makro.xlsx", rows=frame)
    db = tmp_path / "wh.duckdb"
    shutil.copy(sultra_warehouse(), db)
    (result,) = _ingest(db, [path])
    assert result.rows_rejected == 1
    messages = result.problems[result.problems["severity"] == "error"]["message"]
    assert any("hanya dipakai pada data target" in m for m in messages)


def test_national_and_provincial_files_replace_only_their_own_rows(db, tmp_path):
    _ingest(db, [_write(tmp_path / "n1" / "target_nasional.xlsx", NATIONAL)])
    _ingest(db, [_write(tmp_path / "p1" / "target.xlsx", PROVINCIAL)])
    # a new national RPJMN file (same document, overlapping year) replaces national rows only
    changed = [("00", None, "persen_ukm", 2025, "RPJMN", 3.10)]
    (result,) = _ingest(db, [_write(tmp_path / "n2" / "target_nasional.xlsx", changed)])
    assert result.kode_provinsi == "00"
    rows = _all(db).set_index(["kode_provinsi", "kode_indikator", "tahun"])
    assert rows.loc[("74", "persen_ukm", 2025), "nilai_target"] == 2.0
    assert rows.loc[("00", "persen_ukm", 2025), "nilai_target"] == pytest.approx(3.10)
    assert ("00", "persen_ukm", 2024) in rows.index  # other years stay
    # a new province RPJMN file replaces that province's rows only
    again = [
        ("74", None, "persen_ukm", 2025, "RPJMN", 2.5),
        ("74", None, "persen_ukm", 2024, "RPJMN", 1.0),
    ]
    _ingest(db, [_write(tmp_path / "p2" / "target.xlsx", again)])
    rows = _all(db).set_index(["kode_provinsi", "kode_indikator", "tahun"])
    assert rows.loc[("74", "persen_ukm", 2025), "nilai_target"] == 2.5
    assert rows.loc[("00", "persen_ukm", 2025), "nilai_target"] == pytest.approx(3.10)
    assert rows.loc[("00", "persen_ukm", 2024), "nilai_target"] == pytest.approx(3.06)
    assert ("74", "persen_rat", 2025) in rows.index  # RKPD: another document, kept


# ------------------------------------------------------------------ the national evaluation


def _national_table(db: Path, year: int) -> pd.DataFrame:
    from kumkm_utils.targets import nasional

    con = duckdb.connect(str(db), read_only=True)
    try:
        return nasional.target_nasional(con, year=year).set_index("kode_indikator")
    finally:
        con.close()


def test_national_evaluation_reads_the_ingested_national_target(db, tmp_path):
    from kumkm_utils.targets.indikator import nilai

    assert _national_table(db, 2021).empty  # nothing loaded: no national target from code
    path = [
        ("00", None, "persen_ukm", 2020, "RPJMN", 2.0),
        ("00", None, "persen_ukm", 2022, "RPJMN", 4.0),
    ]
    _ingest(db, [_write(tmp_path / "n1" / "target_nasional.xlsx", path)])
    con = duckdb.connect(str(db), read_only=True)
    try:
        real = nilai("persen_ukm", con, province=None, year=2021, by="provinsi")
    finally:
        con.close()
    realised = float(real.loc[real["tingkat"] == "nasional", "nilai"].iloc[0])
    row = _national_table(db, 2021).loc["persen_ukm"]
    assert row["target_tahun"] == pytest.approx(3.0)  # straight line 2020-2022
    assert row["asal_target"] == "turunan garis lurus"
    assert row["dokumen"] == "RPJMN (Perpres 12/2025)"
    assert row["realisasi"] == pytest.approx(realised)
    assert row["capaian"] == pytest.approx(realised / 3.0 * 100)
    # the fixture's value changes: the report table changes with it
    changed = [("00", None, "persen_ukm", 2022, "RPJMN", 6.0)]
    _ingest(db, [_write(tmp_path / "n2" / "target_nasional.xlsx", changed)])
    row = _national_table(db, 2021).loc["persen_ukm"]
    assert row["target_tahun"] == pytest.approx(4.0)
    assert row["capaian"] == pytest.approx(realised / 4.0 * 100)
    assert row["target_akhir"] == "6,00% (2022)"
    assert _national_table(db, 2022).loc["persen_ukm", "asal_target"] == "terbitan"


def test_province_report_shows_the_national_target_from_the_dataset(db, tmp_path):
    from kumkm_utils import narrative

    path = [
        ("00", None, "persen_ukm", 2020, "RPJMN", 2.0),
        ("00", None, "persen_ukm", 2030, "RPJMN", 7.0),
    ]
    _ingest(db, [_write(tmp_path / "n1" / "target_nasional.xlsx", path)])
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = narrative.usulan_target(
            con, province="74", year=2021, plan_year=2022, codes=("persen_ukm",)
        ).iloc[0]
    finally:
        con.close()
    assert out["target_nasional"] == pytest.approx(2.0 + 0.5 * 2)  # 2022 on the path
    assert "Target nasional: RPJMN (Perpres 12/2025): 2,00% (2020) → 7,00% (2030)" in out["metode"]


def test_the_shipped_national_targets_are_the_published_ones(db):
    from kumkm_utils import config

    (result,) = _ingest(db, [config.NATIONAL_TARGETS_FILE])
    assert result.rows_rejected == 0 and result.kode_provinsi == "00"
    con = duckdb.connect(str(db), read_only=True)
    try:
        (synthetic,) = con.execute(
            "SELECT is_synthetic FROM submissions WHERE file_name = 'target_nasional.csv'"
        ).fetchone()
    finally:
        con.close()
    assert synthetic is False  # real published figures, not marked DATA SINTETIS
    table = _national_table(db, 2026)
    ukm = table.loc["persen_ukm"]
    assert (ukm["target_awal"], ukm["target_akhir"]) == ("3,06% (2024)", "3,30% (2029)")
    assert ukm["target_tahun"] == pytest.approx(3.06 + 2 * (3.30 - 3.06) / 5)
    pdb = table.loc["kontribusi_pdrb"]
    assert (pdb["target_awal"], pdb["target_akhir"]) == ("1,17% (2025)", "5,00% (2045)")
    assert pdb["dokumen"] == "RPJPN (UU 59/2024)"


def test_a_province_report_is_rebuilt_when_national_targets_change():
    from kumkm_utils.runner.hashing import WarehouseDigest

    def scope(national: str) -> str:
        return WarehouseDigest([], {"74": "a", "62": "b", "00": national}).scope("74")

    assert scope("x") != scope("y")  # the national rows are read by every province report
    assert WarehouseDigest([], {"74": "a"}).scope("74") != scope("x")


def test_cli_province_nasional_means_00():
    import argparse

    from kumkm_utils.ingest import command_ingest

    parser = argparse.ArgumentParser()
    command_ingest.configure(parser)
    args = parser.parse_args(["x.xlsx", "--province", "Nasional"])
    assert command_ingest.options_from(args).province == "00"
    args = parser.parse_args(["x.xlsx", "--province", "74"])
    assert command_ingest.options_from(args).province == "74"
