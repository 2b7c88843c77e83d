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
