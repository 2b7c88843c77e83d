"""Rules beyond column types: regions and province, key duplicates, active status vs RAT.

Decisions (shown in the validation report):

- The *submitting province* is ``--province`` when given, otherwise the province of most
  rows (kab/kota codes for ``koperasi``/``umkm``, ``kode_provinsi`` for ``program``/``makro``).
  A row of another province is rejected: "kab/kota bukan milik provinsi pengirim".
- National rows (``kode_provinsi`` "00" or "Nasional") exist only in the ``target`` dataset
  (``schemas.Dataset.nasional``; the RPJMN/RPJPN targets): a national file settles on "00" and
  is its own scope, so it replaces national rows only and a province's file never touches
  them; a national row in a province's file (or a province's row in a national file) is
  rejected like a row of another province. "00" in any other dataset is refused with its own
  message.
- Key duplicates (``schemas.Dataset.key``) within a file: the first occurrence is loaded, later
  ones are rejected naming the first ("duplikat dengan <file> baris <n>"). Against the
  warehouse: a row whose key is already loaded for the same province from another file that
  stays current (a sibling file of the same run, or ``--append``) is rejected likewise.
- Status ``Aktif`` without RAT this year and without RAT in the two previous book years, when
  both previous years are on record (this file or the warehouse), is a warning: a cooperative is
  active if it held RAT at least once in the last three years (domain.md §0). With less history
  nothing is said.
"""

from __future__ import annotations

from functools import lru_cache

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from kumkm_utils import regions, schemas
from kumkm_utils.exceptions import UnknownRegionError
from kumkm_utils.ingest.validation import concat_problems, mask_value, problems_frame
from kumkm_utils.regions.codes import NATIONAL_ALIASES, NATIONAL_CODE, NATIONAL_NAME

PROVINCE_RULE = "provinsi"


def resolve_kabkota(texts: pd.Series, province: str | None) -> tuple[pd.Series, dict[str, str]]:
    """Resolve kab/kota names or codes, each distinct value once.

    Returns
    -------
    tuple
        Codes aligned with ``texts`` (``<NA>`` where unresolved; a kab/kota of another province
        keeps its code so the province rule can name it) and the message of each unresolved
        distinct value.
    """
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    resolved: list[str | None] = []
    errors: dict[str, str] = {}
    for value in uniques:
        code, error = _resolve_one(str(value), province)
        resolved.append(code)
        if error is not None:
            errors[str(value)] = error
    # The distinct codes spread over the rows in Arrow; a missing cell (code -1) gives <NA>.
    spread = pa.array(resolved, type=pa.string()).take(pa.array(codes, mask=codes < 0))
    return pd.Series(pd.arrays.ArrowStringArray(spread), index=texts.index, copy=False), errors


@lru_cache(maxsize=65536)
def _resolve_one(text: str, province: str | None) -> tuple[str | None, str | None]:
    """(code, error message) for one kab/kota text; cached, since files repeat the same names."""
    try:
        return regions.resolve_kabkota(text, province=province), None
    except regions.WrongProvinceError as err:
        return err.kode_kabkota, None
    except UnknownRegionError as err:
        return None, str(err)


def _is_national(text: str) -> bool:
    return " ".join(text.lower().split()) in NATIONAL_ALIASES


def national_refused(dataset: str) -> str:
    """The message for a national code in a dataset that has no national rows."""
    return (
        f"kode provinsi {NATIONAL_CODE} (nasional) hanya dipakai pada data target "
        f"untuk target nasional (RPJMN/RPJPN); data {dataset} dikirim per provinsi dengan kode "
        "provinsinya, mis. 74"
    )


def province_codes(
    texts: pd.Series, *, dataset: str | None = None
) -> tuple[pd.Series, dict[str, str]]:
    """Province codes from codes or names in a ``kode_provinsi`` column.

    ``"00"``/``"Nasional"`` gives ``"00"`` when ``dataset`` has national rows
    (``schemas.Dataset.nasional``), else it is unresolved with :func:`national_refused`.
    """
    national_ok = dataset is not None and schemas.dataset(dataset).nasional
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    resolved = np.empty(len(uniques) + 1, dtype=object)
    resolved[-1] = pd.NA
    errors: dict[str, str] = {}
    for i, value in enumerate(uniques):
        resolved[i] = pd.NA
        text = str(value).strip()
        if _is_national(text):
            if national_ok:
                resolved[i] = NATIONAL_CODE
            else:
                errors[text] = national_refused(dataset or "ini")
            continue
        try:
            resolved[i] = regions.province(text.zfill(2) if text.isdigit() else text).kode
        except UnknownRegionError as err:
            errors[text] = str(err)
    return pd.Series(resolved[codes], index=texts.index, dtype="string"), errors


def majority_province(provinces: pd.Series) -> str | None:
    """The most frequent province code (ties: the smallest code), None when there is none."""
    counts = provinces.dropna().value_counts()
    if counts.empty:
        return None
    top = counts[counts == counts.max()].index
    return str(sorted(top)[0])


def _prov_name(code: str) -> str:
    if code == NATIONAL_CODE:
        return NATIONAL_NAME
    try:
        return regions.province(code).nama
    except UnknownRegionError:
        return "tidak dikenal"


def province_problems(
    provinces: pd.Series, submitting: str, rows: np.ndarray, *, column: str, values: pd.Series
) -> pd.DataFrame:
    """Rows whose province differs from the submitting one (errors)."""
    other = (provinces.notna() & (provinces != submitting)).to_numpy(dtype=bool)
    if not other.any():
        return problems_frame()
    national = NATIONAL_CODE
    name = _prov_name(submitting)
    what = "kab/kota" if column == "kode_kabkota" else "provinsi"

    def message(v: object, p: str) -> str:
        if national in (p, submitting):
            return (
                f"target nasional ({national}) dan target provinsi tidak dicampur dalam satu "
                f"file: baris ini {_prov_name(p)} ({p}), file ini {name} ({submitting}); kirim "
                "target nasional dalam file tersendiri"
            )
        return (
            f"{what} bukan milik provinsi pengirim: {v} termasuk provinsi {_prov_name(p)} "
            f"({p}), file ini dari {name} ({submitting}); kirim baris ini lewat provinsinya"
        )

    messages = [
        message(v, p)
        for v, p in zip(
            values.to_numpy(dtype=object)[other],
            provinces.to_numpy(dtype=object)[other],
            strict=True,
        )
    ]
    return pd.DataFrame(
        {
            "row": pd.array(rows[other], dtype="Int64"),
            "column": column,
            "value": [mask_value(v) for v in values.to_numpy(dtype=object)[other]],
            "rule": PROVINCE_RULE,
            "message": messages,
            "severity": "error",
        }
    )


# ------------------------------------------------------------------------------ SQL rules


def _key_sql(dataset: str, left: str, right: str) -> str:
    return " AND ".join(
        f'{left}."{k}" IS NOT DISTINCT FROM {right}."{k}"' for k in schemas.dataset(dataset).key
    )


def _key_text(dataset: str, alias: str) -> str:
    parts = [
        f"coalesce(CAST({alias}.\"{k}\" AS VARCHAR), '')" for k in schemas.dataset(dataset).key
    ]
    return " || ' / ' || ".join(parts)


def duplicate_problems(
    con: duckdb.DuckDBPyConnection,
    dataset: str,
    submission_id: str,
    *,
    file_name: str,
    province: str | None,
    years: list[int] | None = None,
) -> pd.DataFrame:
    """Key duplicates among the rows of a new submission and against other rows in the warehouse.

    The new rows are those of ``dataset`` with ``submission_id`` (inserted in the current
    transaction). Rejected duplicates are deleted again. ``years`` (the distinct ``tahun`` of
    the new rows, part of every key) limits the other rows compared.
    """
    label = " + ".join(schemas.dataset(dataset).key)
    parts = []
    within = _duplicates_within_file(con, dataset, submission_id)
    if len(within):
        messages = [
            f"duplikat kunci ({label}) dengan {file_name} baris {int(r)}; baris pertama yang dimuat"
            for r in within["first_row"]
        ]
        parts.append(_duplicate_frame(dataset, within, messages))
        _delete_rows(con, dataset, submission_id, within["source_row"])
    against = _duplicates_of_loaded_rows(con, dataset, submission_id, province, years)
    if len(against):
        against = against.drop_duplicates("source_row")
        messages = [
            f"duplikat kunci ({label}) dengan "
            f"{f if isinstance(f, str) else 'data di gudang'} "
            f"baris {'' if pd.isna(r) else int(r)} yang sudah dimuat".replace(" baris  ", " ")
            for f, r in zip(against["other_file"], against["other_row"], strict=True)
        ]
        parts.append(_duplicate_frame(dataset, against, messages))
        _delete_rows(con, dataset, submission_id, against["source_row"])
    return concat_problems(parts)


def _duplicates_within_file(
    con: duckdb.DuckDBPyConnection, dataset: str, submission_id: str
) -> pd.DataFrame:
    """Later occurrences of a key within the submission.

    Columns ``source_row``, ``first_row`` (the occurrence that is loaded) and ``key_text``;
    an empty frame when every key is unique.
    """
    keys = ", ".join(f'"{k}"' for k in schemas.dataset(dataset).key)
    any_within = con.execute(
        f'SELECT 1 FROM "{dataset}" WHERE submission_id = ? GROUP BY {keys} '
        f"HAVING count(*) > 1 LIMIT 1",
        [submission_id],
    ).fetchall()
    if not any_within:
        return pd.DataFrame()
    return con.execute(
        f"SELECT source_row, first_row, key_text FROM ("
        f"  SELECT s.source_row, {_key_text(dataset, 's')} AS key_text,"
        f"    row_number() OVER (PARTITION BY {keys} ORDER BY s.source_row) AS rn,"
        f"    first_value(s.source_row) OVER (PARTITION BY {keys} ORDER BY s.source_row)"
        " AS first_row"
        f'  FROM "{dataset}" s WHERE s.submission_id = ?) WHERE rn > 1 ORDER BY source_row',
        [submission_id],
    ).df()


def _duplicates_of_loaded_rows(
    con: duckdb.DuckDBPyConnection,
    dataset: str,
    submission_id: str,
    province: str | None,
    years: list[int] | None,
) -> pd.DataFrame:
    """New rows whose key is already loaded from another submission of the province.

    Columns ``source_row``, ``other_row``, ``other_file`` and ``key_text``, a row for each
    other row met; an empty frame when there are no other rows to compare with.
    """
    prov_clause = "AND t.kode_provinsi = ?" if province else ""
    params: list[object] = [province] if province else []
    if years is not None:
        prov_clause += " AND t.tahun IN (SELECT unnest(?))"
        params.append(years)
    # Usually no other rows of this province and these years are left (earlier runs' rows have
    # just been replaced): a cheap look first spares the join of every new row with itself.
    any_other = con.execute(
        f'SELECT 1 FROM "{dataset}" t WHERE t.submission_id IS DISTINCT FROM ? {prov_clause} '
        f"LIMIT 1",
        [submission_id, *params],
    ).fetchall()
    if not any_other:
        return pd.DataFrame()
    return con.execute(
        f"SELECT s.source_row, t.source_row AS other_row, sub.file_name AS other_file,"
        f"  {_key_text(dataset, 's')} AS key_text "
        f'FROM "{dataset}" s JOIN "{dataset}" t ON {_key_sql(dataset, "s", "t")} {prov_clause} '
        f"  AND t.submission_id IS DISTINCT FROM s.submission_id "
        f"LEFT JOIN submissions sub ON sub.submission_id = t.submission_id "
        f"WHERE s.submission_id = ? ORDER BY s.source_row",
        [*params, submission_id],
    ).df()


def _duplicate_frame(dataset: str, found: pd.DataFrame, messages: list[str]) -> pd.DataFrame:
    """The problems (errors, rule ``duplikat``) of the duplicate rows ``found``."""
    return pd.DataFrame(
        {
            "row": found["source_row"].astype("Int64"),
            "column": schemas.dataset(dataset).key[0],
            "value": found["key_text"].map(mask_value),
            "rule": "duplikat",
            "message": messages,
            "severity": "error",
        }
    )


def _delete_rows(
    con: duckdb.DuckDBPyConnection, dataset: str, submission_id: str, source_rows: pd.Series
) -> None:
    rows = source_rows.astype("int64").tolist()
    con.execute(
        f'DELETE FROM "{dataset}" WHERE submission_id = ? AND source_row IN (SELECT unnest(?))',
        [submission_id, rows],
    )


AKTIF_WITHOUT_RAT = (
    "status Aktif tetapi tidak ada RAT dalam 3 tahun buku terakhir (tahun ini dan dua tahun "
    "sebelumnya tercatat tanpa RAT); koperasi aktif bila RAT sekurang-kurangnya sekali dalam 3 "
    "tahun"
)


def aktif_history_problems(
    con: duckdb.DuckDBPyConnection,
    submission_id: str,
    *,
    province: str | None,
    years: list[int] | None = None,
) -> pd.DataFrame:
    """Warnings for cooperatives reported Aktif without RAT in three recorded book years.

    The rows checked are those of the new koperasi submission ``submission_id``; their history
    is every koperasi row of the two book years before (including the new submission's own).
    ``years`` (the distinct ``tahun`` of the new rows) limits the rows read.
    """
    clauses, params = [], []
    if province:
        clauses.append("kode_provinsi = ?")
        params.append(province)
    if years is not None:
        clauses.append("tahun IN (SELECT unnest(?))")
        params.append(sorted({y - k for y in years for k in (1, 2)}))
    prov_clause = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    found = con.execute(
        f"WITH hist AS (SELECT nik_koperasi, tahun, rat_dilaksanakan FROM koperasi {prov_clause}) "
        f"SELECT s.source_row, s.status_koperasi FROM koperasi s "
        f"JOIN hist h ON h.nik_koperasi = s.nik_koperasi AND h.tahun IN (s.tahun - 1, s.tahun - 2) "
        f"WHERE s.submission_id = ? AND s.status_koperasi = 'Aktif' "
        f"AND NOT coalesce(s.rat_dilaksanakan, false) "
        f"GROUP BY s.source_row, s.status_koperasi "
        f"HAVING count(DISTINCT h.tahun) = 2 AND NOT bool_or(coalesce(h.rat_dilaksanakan, false)) "
        f"ORDER BY s.source_row",
        [*params, submission_id],
    ).df()
    if found.empty:
        return problems_frame()
    return pd.DataFrame(
        {
            "row": found["source_row"].astype("Int64"),
            "column": "status_koperasi",
            "value": "Aktif",
            "rule": "status aktif",
            "message": AKTIF_WITHOUT_RAT,
            "severity": "warning",
        }
    )
