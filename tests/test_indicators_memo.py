"""Indicators remember their results on read-only connections only, and hand out copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixtures.sultra import sultra_warehouse

from kumkm_utils import warehouse
from kumkm_utils.indicators import _core, headline, koperasi


@pytest.fixture
def count_queries(monkeypatch):
    calls = {"n": 0}
    original = _core.aggregate

    def counting(*args, **kwargs):
        calls["n"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(_core, "aggregate", counting)
    _core.forget()
    yield calls
    _core.forget()


def _year(connection) -> int:
    return int(connection.execute("SELECT max(tahun) FROM koperasi").fetchone()[0])


def test_read_only_results_are_remembered_and_copied(con, count_queries):
    year = _year(con)
    first = headline.headline(con, province="74", year=year)
    asked = count_queries["n"]
    assert asked > 0 and first["nilai"].notna().any()
    expected = first.copy()
    first["nilai"] = None  # a caller changing its copy
    second = headline.headline(con, province="74", year=year)
    assert count_queries["n"] == asked  # nothing asked of the warehouse again
    assert second.equals(expected)
    other_year = headline.headline(con, province="74", year=year - 1)
    assert count_queries["n"] > asked and not other_year.equals(second)


def test_writable_connection_sees_changed_rows(tmp_path: Path, count_queries):
    path = tmp_path / "w.duckdb"
    shutil.copyfile(sultra_warehouse(), path)
    writer = warehouse.connect(path, read_only=False)
    try:
        year = _year(writer)
        before = koperasi.kelembagaan(writer, province="74", year=year)
        total = before[before["tingkat"] == "provinsi"]["jumlah_koperasi"].iloc[0]
        assert total > 0
        writer.execute(
            "DELETE FROM koperasi WHERE rowid = (SELECT min(rowid) FROM koperasi "
            "WHERE kode_provinsi = '74' AND tahun = ?)",
            [year],
        )
        after = koperasi.kelembagaan(writer, province="74", year=year)
        assert after[after["tingkat"] == "provinsi"]["jumlah_koperasi"].iloc[0] == total - 1
    finally:
        writer.close()
