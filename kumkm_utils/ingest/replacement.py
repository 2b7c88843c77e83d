"""Replacement by scope: which earlier rows a file replaces, moving them to history, and the
messages that say what was replaced or why a replacement was refused.

Rows of the same dataset and province for the years a file loads, from submissions of *earlier
runs*, move to ``<dataset>_history`` and leave the dataset table. The scope
(:data:`~kumkm_utils.ingest.options.SCOPE_KABKOTA` or
:data:`~kumkm_utils.ingest.options.SCOPE_PROVINCE`) says whether only the kab/kota the file
holds are replaced or the whole province; a replacement that would remove most of a province's
rows is refused (:class:`ReplacementRefused`) unless ``allow_shrink``.
"""

from __future__ import annotations

import logging

import duckdb

from kumkm_utils import regions, schemas, warehouse
from kumkm_utils.exceptions import KumkmError
from kumkm_utils.ingest.options import SCOPE_AUTO, SCOPE_KABKOTA, SCOPE_PROVINCE, IngestOptions
from kumkm_utils.ingest.results import FileResult, InsertedTable

logger = logging.getLogger(__name__)

SHRINK_LIMIT = 0.5
"""A replacement that would remove more than this share of a province's rows (of the
dataset and years) while loading less than this share of what it removes is refused unless
``allow_shrink``: eight rows replacing 5,623 is almost always a kab/kota file loaded as if it
were the province's."""


class ReplacementRefused(KumkmError):
    """A replacement would remove most of a province's rows; needs ``--allow-shrink``."""


def file_scope(
    con: duckdb.DuckDBPyConnection, dataset: str, loads: list[InsertedTable], options: IngestOptions
) -> str:
    """What the file replaces: its kab/kota only, or the whole province (see IngestOptions)."""
    if options.scope != SCOPE_AUTO:
        return options.scope
    if "kode_kabkota" not in schemas.dataset(dataset).columns or dataset not in (
        "koperasi",
        "umkm",
    ):
        return SCOPE_PROVINCE
    province = next((load.province for load in loads if load.province), None)
    if province is None:
        return SCOPE_KABKOTA
    held = con.execute(
        f'SELECT count(DISTINCT kode_kabkota) FROM "{dataset}" '
        "WHERE submission_id IN (SELECT unnest(?))",
        [[load.submission_id for load in loads]],
    ).fetchone()[0]
    try:
        total = len(regions.kabkota(province))
    except KumkmError:
        total = 0
    return SCOPE_PROVINCE if total and held * 2 >= total else SCOPE_KABKOTA


def replacement_note(result: FileResult) -> str:
    """What a loaded file replaced, per kab/kota (Indonesian; empty when nothing)."""
    if not result.replaced_rows:
        return ""

    def num(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    def area(code: str) -> str:
        try:
            return f"{code} {regions.kabkota_name(code)}" if "." in code else code
        except KumkmError:
            return code

    total = sum(result.replaced_rows.values())
    what = "seluruh provinsi" if result.scope == SCOPE_PROVINCE else "per kab/kota"
    detail = "; ".join(f"{area(k)}: {num(n)}" for k, n in sorted(result.replaced_rows.items()))
    return f"mengganti {num(total)} baris lama ({what}): {detail}"


def replace_rows(
    con: duckdb.DuckDBPyConnection,
    dataset: str,
    province: str,
    years: list[int],
    run_id: str,
    submission_id: str,
    *,
    scope: str = SCOPE_PROVINCE,
    file_loaded: int = 0,
    allow_shrink: bool = True,
    file_name: str = "",
) -> tuple[list[str], dict[str, int]]:
    """Move the rows this submission replaces to history; return (submissions, rows per kab/kota).

    Rows of earlier runs for the same dataset, province and years are replaced; with the
    ``kabkota`` scope only those of the (year, kab/kota) pairs the new submission holds.
    """
    where, params = _replaced_where(con, dataset, province, years, run_id, submission_id, scope)
    by_area = "kode_kabkota" if "kode_kabkota" in warehouse.table_columns(dataset) else "NULL"
    counted = con.execute(
        f"SELECT coalesce({by_area}, kode_provinsi) AS area, submission_id, count(*) "
        f'FROM "{dataset}" '
        f"WHERE {where} GROUP BY ALL",
        params,
    ).fetchall()
    if not counted:
        return [], {}
    replaced_rows: dict[str, int] = {}
    for area, _, n in counted:
        replaced_rows[str(area)] = replaced_rows.get(str(area), 0) + int(n)
    affected = sorted({r[1] for r in counted})
    removed = sum(replaced_rows.values())
    if not allow_shrink:
        _refuse_shrink(con, dataset, province, years, run_id, removed, file_loaded, file_name)
    _move_to_history(con, dataset, submission_id, where, params, affected)
    logger.info(
        "%s: replaced %s rows (%s) of %s for %s %s",
        submission_id,
        removed,
        replaced_rows,
        affected,
        province,
        years,
    )
    return affected, replaced_rows


def _replaced_where(
    con: duckdb.DuckDBPyConnection,
    dataset: str,
    province: str,
    years: list[int],
    run_id: str,
    submission_id: str,
    scope: str,
) -> tuple[str, list[object]]:
    """The SQL condition (and its parameters) on the dataset's rows the submission replaces."""
    where = (
        "kode_provinsi = ? AND tahun IN (SELECT unnest(?)) AND submission_id IN "
        "(SELECT submission_id FROM submissions WHERE dataset = ? AND run_id <> ?)"
    )
    params: list[object] = [province, years, dataset, run_id]
    for column in schemas.dataset(dataset).replace_by:  # e.g. target: only the same document
        where += (
            f' AND "{column}" IN (SELECT DISTINCT "{column}" FROM "{dataset}" '
            "WHERE submission_id = ?)"
        )
        params.append(submission_id)
    if scope == SCOPE_KABKOTA:
        pairs = [
            r[0]
            for r in con.execute(
                f"SELECT DISTINCT CAST(tahun AS VARCHAR) || '|' || kode_kabkota "
                f'FROM "{dataset}" WHERE submission_id = ? AND kode_kabkota IS NOT NULL',
                [submission_id],
            ).fetchall()
        ]
        where += " AND CAST(tahun AS VARCHAR) || '|' || kode_kabkota IN (SELECT unnest(?))"
        params.append(pairs)
    return where, params


def _refuse_shrink(
    con: duckdb.DuckDBPyConnection,
    dataset: str,
    province: str,
    years: list[int],
    run_id: str,
    removed: int,
    file_loaded: int,
    file_name: str,
) -> None:
    """Raise :class:`ReplacementRefused` when the replacement would shrink the province's rows."""
    total = con.execute(
        f'SELECT count(*) FROM "{dataset}" WHERE kode_provinsi = ? AND tahun IN '
        "(SELECT unnest(?)) AND submission_id IN (SELECT submission_id FROM submissions "
        "WHERE dataset = ? AND run_id <> ?)",
        [province, years, dataset, run_id],
    ).fetchone()[0]
    if removed > SHRINK_LIMIT * total and file_loaded < SHRINK_LIMIT * removed:
        raise ReplacementRefused(
            shrink_message(file_name, dataset, province, years, removed, total, file_loaded)
        )


def _move_to_history(
    con: duckdb.DuckDBPyConnection,
    dataset: str,
    submission_id: str,
    where: str,
    params: list[object],
    affected: list[str],
) -> None:
    """Move the replaced rows to history; submissions left without rows become ``replaced``."""
    history = warehouse.history_table(dataset)
    cols = ", ".join(f'"{c}"' for c in warehouse.table_columns(dataset))
    con.execute(
        f'INSERT INTO "{history}" ({cols}, replaced_at, replaced_by) '
        f'SELECT {cols}, now(), ? FROM "{dataset}" WHERE {where}',
        [submission_id, *params],
    )
    con.execute(f'DELETE FROM "{dataset}" WHERE {where}', params)
    con.execute(
        f"UPDATE submissions SET status = 'replaced', replaced_by = ? "
        f"WHERE submission_id IN (SELECT unnest(?)) AND submission_id NOT IN "
        f'(SELECT DISTINCT submission_id FROM "{dataset}" WHERE submission_id IS NOT NULL)',
        [submission_id, affected],
    )


def shrink_message(
    file_name: str,
    dataset: str,
    province: str,
    years: list[int],
    removed: int,
    total: int,
    loaded: int,
) -> str:
    """Why a replacement was stopped, and the two ways on (Indonesian)."""

    def num(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    try:
        name = regions.province(province).nama
    except KumkmError:
        name = province
    span = ", ".join(str(y) for y in years)
    return (
        f"{file_name}: penggantian dihentikan, tidak ada yang berubah. File ini akan mengganti "
        f"{num(removed)} dari {num(total)} baris {dataset} {name} tahun {span}, padahal hanya "
        f"memuat {num(loaded)} baris. Bila file ini hanya untuk sebagian kab/kota, ulangi "
        "dengan --scope kabkota; bila memang menggantikan seluruh data provinsi, ulangi dengan "
        "--allow-shrink."
    )
