"""The bad-file corpus: every file produces exactly the problems and counts in its sidecar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kumkm_utils.ingest.load import ingest_file
from kumkm_utils.ingest.options import IngestOptions
from kumkm_utils.ingest.runs import new_run_id, scratch_warehouse

BAD = Path(__file__).parent / "data" / "bad"
EXPECTED = sorted(BAD.glob("*.expected.json"))


def _key(problem: list) -> tuple:
    return tuple("" if v is None else str(v) for v in problem)


def test_corpus_is_large_enough():
    assert len(EXPECTED) >= 30
    for sidecar in EXPECTED:
        assert (BAD / json.loads(sidecar.read_text(encoding="utf-8"))["file"]).exists()


def _stored_text(con, dataset: str) -> str:
    """Every stored cell of the dataset table as one text (for looking for what must not be)."""
    frame = con.execute(f'SELECT * FROM "{dataset}"').df()
    return "\n".join("\t".join(str(v) for v in row) for row in frame.itertuples(index=False))


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
    for row, column, phrase in expected.get("messages", []):
        hit = result.problems[
            (result.problems["row"] == row) & (result.problems["column"] == column)
        ]["message"]
        assert any(phrase in m for m in hit), (row, column, phrase, hit.tolist())
    for phrase in expected.get("messages_absent", []):
        assert not any(phrase in m for m in result.problems["message"]), phrase
    if expected["file_error"]:
        assert result.status == "gagal"
        assert expected["file_error"] in result.message
        # A refused file is still on record, with its reason.
        status, message = con.execute("SELECT status, message FROM submissions").fetchone()
        assert status == "refused" and expected["file_error"] in message
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
    for part in result.parts:  # each sheet balances on its own, too
        assert part.balanced, part.sheet
    if expected["is_synthetic"] is not None:
        assert result.is_synthetic is expected["is_synthetic"]
    stored = con.execute(f"SELECT count(*) FROM {result.dataset}").fetchone()[0]
    assert stored == result.rows_loaded
    # The equation over every sheet: the submissions rows of the file (loaded sheets and
    # skipped ones) add up to the file's counts.
    read, loaded, rejected, non_data = con.execute(
        "SELECT sum(rows_read), sum(rows_loaded), sum(rows_rejected), sum(rows_non_data) "
        "FROM submissions"
    ).fetchone()
    assert (read, loaded, rejected, non_data) == counts
    if "skipped_sheets" in expected:
        assert sorted(s.name for s in result.skipped_sheets) == sorted(expected["skipped_sheets"])
        skipped = con.execute(
            "SELECT sheet FROM submissions WHERE status = 'skipped' ORDER BY sheet"
        ).fetchall()
        assert sorted(r[0] for r in skipped) == sorted(expected["skipped_sheets"])
    text = _stored_text(con, result.dataset)
    for absent in expected.get("stored_absent", []):
        assert absent not in text, absent
    for present in expected.get("stored_present", []):
        assert present in text, present
    checks = expected.get("stored_sql", [])
    for sql, value in zip(checks[::2], checks[1::2], strict=True):
        assert con.execute(sql).fetchone()[0] == value, sql
