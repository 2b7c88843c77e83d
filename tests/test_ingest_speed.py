"""The fast paths of ingestion give the same results as the general paths they shortcut.

Each fast path (Arrow string columns, direct evaluation of the schema's checks, date arithmetic
instead of parsing, worker processes) is compared with the general code on the same input:
the general code is what the bad-file corpus and the other ingest tests pin down.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from fixtures.submissions import corpus, write_csv

from kumkm_utils import schemas, warehouse
from kumkm_utils.ingest import validation
from kumkm_utils.ingest.dates import parse_dates
from kumkm_utils.ingest.load import ingest_file
from kumkm_utils.ingest.non_data import non_data_rows
from kumkm_utils.ingest.normalise import (
    normalise_bool,
    normalise_choice,
    normalise_id,
    normalise_text,
)
from kumkm_utils.ingest.numeric import parse_numbers
from kumkm_utils.ingest.options import IngestOptions
from kumkm_utils.ingest.results import FileResult
from kumkm_utils.ingest.runs import new_run_id, run_files, scratch_warehouse
from kumkm_utils.schemas import koperasi as koperasi_schema

TEXTS = [
    "1.234.567,89",
    "1,234,567.89",
    "Rp 1.250.000",
    "1,2 M",
    "-",
    "abc",
    "(1.000)",
    "12,5%",
    " 7 ",
    "1.250",
    "1e5",
    "-5",
    "3.5",
    "Rp. 5.000,-",
    "0",
    "+8",
    "007",
    "n/a",
    "NULL",
    "  ",
    "Ya",
    "T",
    "tidak",
    "mungkin",
    "✓",
    "9.12E+12",
    " 0012 ",
    "21 November 2024",
    "21/11/2024",
    "2024-11-21",
    "45617",
    "kemarin",
    "JUMLAH",
    "Total:",
    "\u3000",
    "\u00a0x",
    "٣",
    "multi\nline",
    "Konsumen",
    "simpan-pinjam",
    "non aktif",
    None,
    None,
]


def _columns(values: list) -> tuple[pd.Series, pd.Series]:
    """The same cells as an object column (Excel) and as an Arrow string column (CSV)."""
    obj = pd.Series(values, dtype=object)
    return obj, obj.astype("string")


def _same(a: pd.Series, b: pd.Series) -> None:
    pd.testing.assert_series_equal(
        a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=True, check_names=False
    )


@pytest.mark.parametrize("seed", range(6))
def test_arrow_columns_type_like_object_columns(seed):
    rng = np.random.default_rng(seed)
    cells = [TEXTS[i] for i in rng.integers(0, len(TEXTS), 40)]
    if seed % 2:  # columns of plain integers take the Arrow-only path
        cells = [str(v) for v in rng.integers(-5, 10**9, 40)] + [None, " 12 "]
    obj, arrow = _columns(cells)
    for fn in (parse_numbers, normalise_id, normalise_bool, normalise_text, parse_dates):
        a, b = fn(obj), fn(arrow)
        _same(a.values, b.values)
        _same(a.invalid, b.invalid)
    a = normalise_choice(obj, "status_koperasi", schemas.STATUS_KOPERASI)
    b = normalise_choice(arrow, "status_koperasi", schemas.STATUS_KOPERASI)
    _same(a.values, b.values)


def test_plain_integers_parse_exactly():
    parsed = parse_numbers(
        pd.Series(
            ["007", "-0", "+5", " 12 ", "99999999999999999999", None, "1.250"], dtype="string"
        )
    )
    assert parsed.values.tolist()[:4] == [7.0, 0.0, 5.0, 12.0]
    assert parsed.values[4] == 1e20 and parsed.values.isna()[5]
    assert parsed.values[6] == 1250.0  # Indonesian thousands, through the general path
    assert not parsed.invalid.any()


def test_blank_and_total_rows_same_for_excel_and_csv_cells():
    rows = [
        ["7401000001", "Koperasi A", 12.0],
        [None, "  ", None],
        ["JUMLAH", None, 99.0],
        ["", "Total keseluruhan", None],
        ["\u3000", None, dt.datetime(2024, 1, 1)],
        ["Rekapitulasi", "x", None],
        [None, None, True],
    ]
    obj = pd.DataFrame(rows, columns=["nik_koperasi", "nama_koperasi", "_x2"], dtype=object)
    obj = obj.mask(obj.eq(""), None)
    texts = obj.copy()
    texts["nik_koperasi"] = texts["nik_koperasi"].astype("string")
    texts["nama_koperasi"] = texts["nama_koperasi"].astype("string")
    for frame in (obj, texts):
        blank, total = non_data_rows(frame, "koperasi")
        assert blank.tolist() == [False, True, False, False, False, False, False]
        assert total.tolist() == [False, False, True, True, False, True, False]


@pytest.mark.parametrize("dataset", list(schemas.DATASETS))
def test_direct_schema_checks_match_pandera(dataset):
    """Same problems, same order, as ``schema.validate(lazy=True)``."""
    rng = np.random.default_rng(len(dataset))
    pools = {
        "string": [
            "7401000001",
            None,
            "1234567890123456",
            "74.01",
            "7401",
            "x",
            "Konsumen",
            "Aktif",
            "G",
            "9120001230001",
            "47111",
            "APBD",
            "2.17.07.1.01.0003",
            "74",
            "Mikro",
        ],
        "Int64": [2024, 1990, None, -1, 5, 2101],
        "Float64": [1.0, -5.0, None, 3e9, 2e10],
        "boolean": [True, False, None],
        "datetime64[ns]": [pd.Timestamp("2020-01-01"), None, pd.Timestamp("2025-03-01")],
    }
    ds = schemas.dataset(dataset)
    n = 300
    data = {}
    for name, col in ds.schema.columns.items():
        dtype = "string" if str(col.dtype).startswith("string") else str(col.dtype)
        pool = pools[dtype] + list(ds.meta(name).get("allowed") or ()) * 2
        data[name] = pd.Series([pool[i] for i in rng.integers(0, len(pool), n)], dtype=dtype)
    frame = pd.DataFrame(data)
    rows = np.arange(n) + 5
    raw = frame.astype(object)
    assert validation._evaluate_schema(frame, dataset) is not None
    fast = validation.schema_problems(frame, dataset, rows, raw)
    slow = validation._schema_problems_pandera(frame, dataset, rows, raw)
    assert len(fast) > 10
    pd.testing.assert_frame_equal(fast, slow)


def test_rat_deadline_and_size_class_without_parsing():
    frame = pd.DataFrame(
        {
            "tahun": pd.array([2024, 2024, 2024, None, 2100], dtype="Int64"),
            "tanggal_rat": pd.to_datetime(
                ["2025-06-30", "2025-07-01", None, "2025-07-01", "2101-07-01"]
            ),
        }
    )
    # 30 June of the next year is on time, 1 July is late; no year or no date: nothing to say.
    assert koperasi_schema._rat_on_time(frame).tolist() == [True, False, True, True, False]
    modal, omzet = schemas.size_class(
        pd.Series([1e9, 1e9 + 1, 1e10 + 1, None]), pd.Series([2e9, 15e9, 50e9 + 1, -1.0])
    )
    assert modal.tolist() == ["Mikro", "Kecil", "Besar", pd.NA]
    assert omzet.tolist() == ["Mikro", "Kecil", "Besar", "Mikro"]


def _summary(results: list[FileResult]) -> list[tuple]:
    return [
        (
            r.file_name,
            r.status,
            r.rows_read,
            r.rows_loaded,
            r.rows_rejected,
            r.rows_non_data,
            r.problems.astype(object).where(r.problems.notna(), None).values.tolist(),
        )
        for r in results
    ]


def test_workers_give_the_same_results_as_one_process(tmp_path):
    files = []
    for k in range(4):
        rows = [corpus.kop(i, tahun=str(2021 + k)) for i in range(1, 30)]
        rows[3] = corpus.kop(3, tahun=str(2021 + k), anggota_laki_laki="-4")
        rows.append(list(rows[5]))  # a duplicate key
        rows.append(["JUMLAH"] + [""] * 20)
        files.append(write_csv(tmp_path / f"koperasi_{2021 + k}.csv", rows))
    files.append(tmp_path / "koperasi_hilang.csv")  # missing file: a failed result, not a crash
    outcomes = []
    for workers in (0, 2):
        db = tmp_path / f"w{workers}.duckdb"
        con = warehouse.connect_writer(db, wait_seconds=0)
        try:
            results = run_files(files, con, options=IngestOptions(workers=workers))
            stored = con.execute(
                "SELECT nik_koperasi, tahun, anggota_laki_laki FROM koperasi ORDER BY 1, 2"
            ).fetchall()
        finally:
            con.close()
        outcomes.append((_summary(results), stored))
    assert outcomes[0] == outcomes[1]
    assert [r[1] for r in outcomes[0][0]] == ["dimuat"] * 4 + ["gagal"]
    assert outcomes[0][0][0][3] == 28  # 31 data rows - 1 negative - 1 duplicate - 1 total row


def test_huge_whole_number_is_reported_not_a_crash(tmp_path):
    rows = [corpus.kop(1), corpus.kop(2, anggota_laki_laki="99999999999999999999999")]
    path = write_csv(tmp_path / "koperasi_2024.csv", rows)
    result = ingest_file(path, scratch_warehouse(), run_id=new_run_id(), dry_run=True)
    assert (result.rows_loaded, result.rows_rejected) == (1, 1)
    problem = result.problems[result.problems["severity"] == "error"].iloc[0]
    assert (problem["row"], problem["column"], problem["rule"]) == (
        3,
        "anggota_laki_laki",
        "format angka",
    )
