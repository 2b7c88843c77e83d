"""Reading a CSV file: its encoding and separator, its rows with their line numbers.

The separator (``,``, ``;``, tab, ``|``) and encoding (UTF-8 with or without BOM, else cp1252)
are detected. Small files (and files with empty lines) are read with the :mod:`csv` module
(exact line numbers, ragged rows reported); large ones are streamed with pyarrow in chunks.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from kumkm_utils.exceptions import UnreadableFileError
from kumkm_utils.ingest.table import (
    HEADER_SCAN_ROWS,
    MIN_HEADER_MATCHES,
    RawChunk,
    Table,
    find_header,
    no_header_error,
    title_line,
)

SMALL_CSV_BYTES = 20 * 1024 * 1024
"""CSV files below this size are read with the csv module (exact line numbers)."""
ARROW_BLOCK_BYTES = 8 << 20
"""Larger CSV files are read by pyarrow in blocks of this size; a chunk is whole blocks."""


def _encoding(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(4 * 1024 * 1024)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < len(head) - 4:
            return "cp1252"
    return "utf-8"


def _sniff_delimiter(lines: list[str]) -> str:
    best, best_score = ",", (-1, -1)
    body = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    for delim in (",", ";", "\t", "|"):
        counts = [len(r) for r in csv.reader(body, delimiter=delim)]
        counts = [c for c in counts if c > 1]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        score = (counts.count(mode), mode)
        if mode >= MIN_HEADER_MATCHES and score > best_score:
            best, best_score = delim, score
    return best


def open_csv(path: Path, hint: str | None, chunk_rows: int) -> Table:
    """Open a CSV file: find its header; its chunks are read when iterated."""
    encoding = _encoding(path)
    with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
        head = [fh.readline() for _ in range(HEADER_SCAN_ROWS)]
    head = [ln for ln in head if ln]
    delim = _sniff_delimiter(head)
    head_rows = list(csv.reader([ln.rstrip("\r\n") for ln in head], delimiter=delim))
    header = find_header(head_rows, hint)
    if header is None:
        raise no_header_error(path, hint)
    index, dataset, columns = header
    title = [title_line([c.lstrip("#").strip() for c in r]) for r in head_rows[:index]]
    big = path.stat().st_size >= SMALL_CSV_BYTES and not _has_blank_lines(path)
    reader = _csv_chunks_arrow if big else _csv_chunks_python
    chunks = reader(path, encoding, delim, index, columns, chunk_rows)
    return Table(
        path, "csv", "", dataset, index + 1, head_rows[index], columns, title, index, chunks
    )


_BLANK_LINE = re.compile(rb"\n\r?\n")


def _has_blank_lines(path: Path) -> bool:
    """Whether the file has an empty line (then line numbers need the csv module's reader).

    Read in blocks (memory stays small), each searched together with the two bytes before it.
    """
    with path.open("rb") as fh:
        tail = b""
        while block := fh.read(16 * 1024 * 1024):
            if _BLANK_LINE.search(tail + block[:2]) or _BLANK_LINE.search(block):
                return True
            tail = block[-2:]
    return False


def _csv_chunks_python(
    path: Path, encoding: str, delim: str, index: int, columns: list[str | None], chunk_rows: int
) -> Iterator[RawChunk]:
    width = len(columns)
    with path.open("r", encoding=encoding, errors="strict", newline="") as fh:
        reader = csv.reader(fh, delimiter=delim)
        try:
            for _ in range(index + 1):
                next(reader, None)
            data: list[list[str]] = []
            numbers: list[int] = []
            problems: list[dict] = []
            start = reader.line_num + 1
            for row in reader:
                if len(row) > width and any(c.strip() for c in row[width:]):
                    problems.append(
                        {
                            "row": start,
                            "column": None,
                            "value": delim.join(row)[:200],
                            "rule": "jumlah kolom",
                            "message": f"baris berisi {len(row)} kolom, kepala tabel "
                            f"hanya {width}; periksa pemisah kolom atau tanda kutip",
                        }
                    )
                data.append(row)
                numbers.append(start)
                start = reader.line_num + 1
                if len(data) >= chunk_rows:
                    yield RawChunk(_text_frame(data, columns, width), np.array(numbers), problems)
                    data, numbers, problems = [], [], []
        except UnicodeDecodeError as err:
            raise UnreadableFileError(
                f"{path.name}: pengodean teks tidak dikenali ({err})"
            ) from err
        except csv.Error as err:
            raise UnreadableFileError(
                f"{path.name}: CSV rusak pada baris {reader.line_num}: {err}"
            ) from err
    while data and all(not c.strip() for c in data[-1]):
        data.pop()
        numbers.pop()
    yield RawChunk(_text_frame(data, columns, width), np.array(numbers, dtype=int), problems)


def _csv_chunks_arrow(
    path: Path, encoding: str, delim: str, index: int, columns: list[str | None], chunk_rows: int
) -> Iterator[RawChunk]:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [f"_c{j}" for j in range(len(columns))]
    wanted = {f"_c{j}": c for j, c in enumerate(columns) if c}
    skipped: list[str] = []

    def on_invalid(row: object) -> str:
        skipped.append(getattr(row, "text", "")[:200])
        return "skip"

    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(
            skip_rows=index + 1,
            column_names=names,
            block_size=ARROW_BLOCK_BYTES,
            encoding="utf8" if encoding.startswith("utf-8") else encoding,
        ),
        parse_options=pacsv.ParseOptions(delimiter=delim, invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            include_columns=list(wanted),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    line = index + 2
    pending: list = []  # record batches of the chunk being collected
    size = 0
    try:
        for batch in reader:
            pending.append(batch)
            size += batch.num_rows
            if size >= chunk_rows:
                yield _arrow_chunk(pending, wanted, line, skipped)
                line += size
                pending, size = [], 0
    except pa.ArrowInvalid as err:
        raise UnreadableFileError(f"{path.name}: CSV rusak ({err})") from err
    if pending or skipped:
        yield _arrow_chunk(pending, wanted, line, skipped)


def _arrow_chunk(pending: list, wanted: dict[str, str], line: int, skipped: list[str]) -> RawChunk:
    """One chunk from the record batches read: converted once, string columns kept in Arrow."""
    import pyarrow as pa

    if pending:
        frame = (
            pa.Table.from_batches(pending)
            .to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get)
            .rename(columns=wanted)
        )
    else:
        frame = pd.DataFrame()
    problems = [
        {
            "row": None,
            "column": None,
            "value": text,
            "rule": "jumlah kolom",
            "message": "jumlah kolom baris ini tidak sesuai kepala tabel; baris dilewati",
        }
        for text in skipped
    ]
    count = len(skipped)
    skipped.clear()
    return RawChunk(frame, np.arange(line, line + len(frame)), problems, skipped_rows=count)


def _text_frame(data: list[list[str]], columns: list[str | None], width: int) -> pd.DataFrame:
    """Like a workbook sheet's frame (:mod:`~kumkm_utils.ingest.workbook`) for rows of texts
    (CSV): Arrow-backed ``string`` columns.

    Missing and empty cells are ``<NA>``, as the workbook's frame makes them ``None``.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    pad = [""] * width
    fixed = [r if len(r) == width else (r + pad)[:width] for r in data]
    cells = list(zip(*fixed, strict=True)) if fixed else [()] * width
    out: dict[str, pd.Series] = {}
    for j, column in enumerate(columns):
        arr = pa.array(cells[j], type=pa.string())
        arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
        out[column or f"_x{j}"] = pd.Series(pd.arrays.ArrowStringArray(arr), copy=False)
    return pd.DataFrame(out, copy=False)


def read_text_sample(path: Path, n: int = 5) -> list[str]:
    """Return the first ``n`` lines of a text file (for error messages)."""
    with path.open("r", encoding=_encoding(path), errors="replace") as fh:
        return [fh.readline().rstrip("\n") for _ in range(n)]
