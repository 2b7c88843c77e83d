"""Provenance and completeness helpers, with and without the ingestion tables."""

from __future__ import annotations

import pytest

from kumkm_utils import warehouse
from kumkm_utils.indicators import kelengkapan


def test_without_submissions_the_tables_are_empty_and_data_is_said_synthetic(con):
    assert kelengkapan.kiriman(con, province="74", year=2021).empty
    assert kelengkapan.penolakan(con, province="74").empty
    assert kelengkapan.data_sintetis(con, province="74") is True


def test_kabkota_reporting_grid(con):
    grid = kelengkapan.kabkota_melapor(con, province="74", year=2021).set_index("kode_wilayah")
    assert len(grid) == 17
    assert grid.loc["74.01", "koperasi"] == "ada" and grid.loc["74.71", "umkm"] == "ada"
    assert grid.loc["74.02", "koperasi"] == "tidak ada data"
    status = kelengkapan.tingkat_provinsi(con, province="74", year=2021).set_index("data")["status"]
    assert list(status) == ["ada", "ada"]
    assert (
        list(kelengkapan.tingkat_provinsi(con, province="74", year=2019)["status"])
        == ["tidak ada data"] * 2
    )


@pytest.mark.sample_warehouse
def test_provenance_on_the_sample():
    from kumkm_utils import config

    with warehouse.connect(config.warehouse_path()) as connection:
        files = kelengkapan.kiriman(connection, province="74", year=2025)
        assert set(files["dataset"]) >= {"koperasi", "umkm", "program"}
        assert files["sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
        assert (
            files["rows_read"]
            == files["rows_loaded"] + files["rows_rejected"] + files["rows_non_data"]
        ).all()
        assert kelengkapan.data_sintetis(connection, province="74") is True
        assert set(files["jenis_data"]) == {"sintetis"}  # every sample file says so
        rejected = kelengkapan.penolakan(connection, province="74")
        assert list(rejected.columns) == list(kelengkapan.LABEL_PENOLAKAN.values())
        assert set(rejected["Tingkat"]) <= {"ditolak", "peringatan"} and len(rejected)


def _submissions(flags: list[tuple[str, object]]):
    import duckdb

    con = duckdb.connect()
    con.execute(
        "CREATE TABLE submissions (kode_provinsi VARCHAR, file_name VARCHAR, status VARCHAR, "
        "is_synthetic BOOLEAN, ingested_at TIMESTAMP)"
    )
    for i, (province, flag) in enumerate(flags):
        con.execute(
            "INSERT INTO submissions VALUES (?, ?, 'current', ?, now())",
            [province, f"f{i}.xlsx", flag],
        )
    return con


def test_origin_of_the_data_has_a_safe_default():
    """One owner for "is this synthetic?": unknown counts as synthetic; both say campuran."""
    con = _submissions([("74", True), ("61", False), ("61", False), ("11", None)])
    assert kelengkapan.asal_data(con, province="74") == kelengkapan.SINTETIS
    assert kelengkapan.asal_data(con, province="61") == kelengkapan.ASLI
    assert kelengkapan.asal_data(con, province="11") == kelengkapan.SINTETIS  # NULL flag
    assert kelengkapan.asal_data(con, province="99") == kelengkapan.SINTETIS  # nothing sent
    assert kelengkapan.asal_data(con, province=None) == kelengkapan.CAMPURAN  # national
    assert kelengkapan.data_sintetis(con, province="61") is False
    assert kelengkapan.data_sintetis(con, province=None) is True
    real_only = _submissions([("61", False)])
    assert kelengkapan.asal_data(real_only, province=None) == kelengkapan.ASLI
