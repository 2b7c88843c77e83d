"""The options of one validate/ingest run, and the scopes a file can replace."""

from __future__ import annotations

from dataclasses import dataclass

from kumkm_utils.ingest.normalise import MAX_TEXT_CHARS
from kumkm_utils.ingest.reading import CHUNK_ROWS

SCOPE_AUTO, SCOPE_KABKOTA, SCOPE_PROVINCE = "otomatis", "kabkota", "provinsi"


@dataclass
class IngestOptions:
    """Options of one validate/ingest run."""

    dataset: str | None = None
    province: str | None = None
    append: bool = False
    scope: str = SCOPE_AUTO
    """What a file replaces: ``kabkota`` (only the kab/kota it holds), ``provinsi`` (the whole
    province) or ``otomatis`` (province-wide when it holds at least half of the province's
    kab/kota, or the dataset has no kab/kota: program, makro)."""
    allow_shrink: bool = False
    """Allow a replacement that removes most of a province's rows (see
    :data:`~kumkm_utils.ingest.replacement.SHRINK_LIMIT`)."""
    max_file_mb: float | None = None
    max_text_chars: int = MAX_TEXT_CHARS
    chunk_rows: int = CHUNK_ROWS
    workers: int | None = None
    """Worker processes that prepare small files ahead (None: automatic, 0: none)."""
    threads: int | None = None
    """Threads that prepare the chunks of one file (None: automatic, 1: the calling thread)."""
