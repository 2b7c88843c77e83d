"""Input fingerprints: what changes a report's hash, and what must not."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from runner_support import write_notebook, write_warehouse

from kumkm_utils.runner import hashing


def test_notebook_digest_ignores_outputs_but_not_source_or_tags(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "nb.ipynb")
    base = hashing.notebook_digest(path)
    nb = json.loads(path.read_text())
    nb["cells"][2]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hasil\n"}]
    nb["cells"][2]["execution_count"] = 7
    nb["metadata"]["papermill"] = {"duration": 1.0}
    path.write_text(json.dumps(nb))
    assert hashing.notebook_digest(path) == base
    nb["cells"][2]["metadata"]["tags"] = ["remove-cell"]
    path.write_text(json.dumps(nb))
    tagged = hashing.notebook_digest(path)
    assert tagged != base
    nb["cells"][2]["source"] = "x = 2"
    path.write_text(json.dumps(nb))
    assert hashing.notebook_digest(path) not in (base, tagged)


def test_tree_digest_sees_content_and_names_not_caches(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "__pycache__").mkdir(parents=True)
    (pkg / "a.py").write_text("x = 1\n")
    base = hashing.tree_digest([pkg])
    (pkg / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    (pkg / "b.pyc").write_bytes(b"\0")
    assert hashing.tree_digest([pkg]) == base
    (pkg / "a.py").write_text("x = 2\n")
    changed = hashing.tree_digest([pkg])
    assert changed != base
    (pkg / "a.py").rename(pkg / "c.py")
    assert hashing.tree_digest([pkg]) not in (base, changed)


def test_code_digest_covers_package_and_reference_data(monkeypatch, tmp_path: Path) -> None:
    ref = tmp_path / "reference"
    ref.mkdir()
    (ref / "angka.csv").write_text("a,b\n1,2\n")
    monkeypatch.setattr(hashing.config, "REFERENCE_DIR", ref)
    base = hashing.code_digest()
    (ref / "angka.csv").write_text("a,b\n1,3\n")
    assert hashing.code_digest() != base


def test_parameters_digest_is_order_free_and_type_sensitive() -> None:
    assert hashing.digest_json({"a": "74", "b": 1}) == hashing.digest_json({"b": 1, "a": "74"})
    assert hashing.digest_json({"kode": "74"}) != hashing.digest_json({"kode": 74})


def test_warehouse_digest_per_province(tmp_path: Path) -> None:
    path = write_warehouse(tmp_path / "wh.duckdb", {"11": [1, 2], "12": [5]})
    before = hashing.warehouse_digest(path)
    assert set(before.provinces) == {"11", "12"}
    con = duckdb.connect(str(path))
    con.execute("UPDATE umkm SET nilai = 6 WHERE kode_provinsi = '12'")
    con.close()
    after = hashing.warehouse_digest(path)
    assert after.scope("11") == before.scope("11")
    assert after.scope("12") != before.scope("12")
    assert after.scope(hashing.ALL_PROVINCES) != before.scope(hashing.ALL_PROVINCES)
    assert after.scope("13") == before.scope("13")  # a province without rows
    assert after.scope(None) == "none"


def test_warehouse_digest_sees_rows_moved_between_provinces_and_shared_tables(
    tmp_path: Path,
) -> None:
    path = write_warehouse(tmp_path / "wh.duckdb", {"11": [1], "12": [1]})
    before = hashing.warehouse_digest(path)
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE referensi (kode VARCHAR)")  # no kode_provinsi: read by everyone
    con.close()
    after = hashing.warehouse_digest(path)
    assert after.scope("11") != before.scope("11")
    assert after.scope("12") != before.scope("12")


def test_warehouse_digest_cache_is_reused_only_while_file_unchanged(
    tmp_path: Path, monkeypatch
) -> None:
    path = write_warehouse(tmp_path / "wh.duckdb", {"11": [1]})
    first = hashing.warehouse_digest(path)
    # reading the warehouse read-only must not look like a change
    again = hashing.warehouse_digest(path)
    assert again.state == first.state
    # while the file is unchanged the cache answers, DuckDB is not even opened
    import duckdb as real_duckdb

    def refuse(*args, **kwargs):
        raise AssertionError("warehouse opened although the cache is valid")

    monkeypatch.setattr(real_duckdb, "connect", refuse)
    assert hashing.warehouse_digest(path, cached=first) is first
    monkeypatch.undo()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO umkm VALUES ('11', 9)")
    con.close()
    fresh = hashing.warehouse_digest(path, cached=first)
    assert fresh.scope("11") != first.scope("11")
    round_trip = hashing.WarehouseDigest.from_dict(json.loads(json.dumps(fresh.to_dict())))
    assert round_trip.state == fresh.state and round_trip.scope("11") == fresh.scope("11")


def test_missing_warehouse_gives_stable_empty_digest(tmp_path: Path) -> None:
    a = hashing.warehouse_digest(tmp_path / "none.duckdb")
    b = hashing.warehouse_digest(tmp_path / "none.duckdb")
    assert a.provinces == {} and a.scope("11") == b.scope("11")


def test_unreadable_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    from kumkm_utils.exceptions import WarehouseError

    path = tmp_path / "bukan.duckdb"
    path.write_text("bukan database")
    with pytest.raises(WarehouseError, match="tidak dapat dibaca .*kumkm check"):
        hashing.warehouse_digest(path)
