"""Reading a Parquet file (large machine exports): streamed in record batches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from kumkm_utils.exceptions import UnreadableFileError
from kumkm_utils.ingest.table import (
    SYNTHETIC_MARKER,
    RawChunk,
    Table,
    find_header,
    no_header_error,
)


def open_parquet(path: Path, hint: str | None, chunk_rows: int) -> Table:
    """Open a Parquet file: its column names are the header; record batches are its chunks."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path, pre_buffer=False, buffer_size=8 << 20)
    except (pa.ArrowInvalid, OSError) as err:
        raise UnreadableFileError(f"{path.name}: file Parquet tidak dapat dibaca ({err})") from err
    names = pf.schema_arrow.names
    header = find_header([names], hint)
    if header is None:
        raise no_header_error(path, hint)
    _, dataset, columns = header
    meta = pf.schema_arrow.metadata or {}
    title = [v.decode("utf-8", "replace") for v in meta.values() if SYNTHETIC_MARKER.encode() in v]
    wanted = {n: c for n, c in zip(names, columns, strict=True) if c}

    def chunks() -> Iterator[RawChunk]:
        start = 1
        for batch in pf.iter_batches(batch_size=chunk_rows, columns=list(wanted)):
            frame = batch.to_pandas(
                types_mapper={
                    pa.string(): pd.StringDtype("pyarrow"),
                    pa.large_string(): pd.StringDtype("pyarrow"),
                }.get
            )
            frame = frame.rename(columns=wanted)
            yield RawChunk(frame, np.arange(start, start + len(frame)))
            start += len(frame)

    return Table(path, "parquet", "", dataset, 0, list(names), columns, title, 0, chunks())
