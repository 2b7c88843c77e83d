"""The bad-file corpus: every file produces exactly the problems and counts in its sidecar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kumkm_utils.ingest.load import IngestOptions, ingest_file, new_run_id, scratch_warehouse

BAD = Path(__file__).parent / "data" / "bad"
EXPECTED = sorted(BAD.glob("*.expected.json"))


def _key(problem: list) -> tuple:
    return tuple("" if v is None else str(v) for v in problem)


def test_corpus_is_large_enough():
    assert len(EXPECTED) >= 30
    for sidecar in EXPECTED:
        assert (BAD / json.loads(sidecar.read_text(encoding="utf-8"))["file"]).exists()


@pytest.mark.parametrize("sidecar", EXPECTED, ids=[p.name.split(".")[0] for p in EXPECTED])
def test_bad_file(sidecar: Path):
    expected = json.loads(sidecar.read_text(encoding="utf-8"))
    con = scratch_warehouse()
    options = IngestOptions(**expected["options"])
    result = ingest_file(
        BAD / expected["file"], con, run_id=new_run_id(), options=options, dry_run=True
    )
    got = sorted(
        (
            _key([r, c, rule, sev])
            for r, c, rule, sev in zip(
                result.problems["row"].astype("object").where(result.problems["row"].notna(), None),
                result.problems["column"],
                result.problems["rule"],
                result.problems["severity"],
                strict=True,
            )
        )
    )
    assert got == sorted(_key(p) for p in expected["problems"]), result.problems.to_string()
    if expected["file_error"]:
        assert result.status == "gagal"
        assert expected["file_error"] in result.message
        return
    assert result.dataset == expected["dataset"]
    counts = (result.rows_read, result.rows_loaded, result.rows_rejected, result.rows_non_data)
    assert counts == (
        expected["rows_read"],
        expected["rows_loaded"],
        expected["rows_rejected"],
        expected["rows_non_data"],
    )
    assert result.balanced
    if expected["is_synthetic"] is not None:
        assert result.is_synthetic is expected["is_synthetic"]
    stored = con.execute(f"SELECT count(*) FROM {result.dataset}").fetchone()[0]
    assert stored == result.rows_loaded
