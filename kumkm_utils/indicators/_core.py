"""The engine every indicator shares: scope, SQL aggregation, complete region rows, totals.

How an indicator is computed, in three steps:

1. **SQL in DuckDB** sums numerators and denominators per region (kab/kota or province) and
   year, with conditional aggregates (``COUNT(*) FILTER (WHERE ...)``), so only a few hundred
   rows ever reach pandas whatever the size of the table;
2. the result is **completed** with every region of the scope: a region without rows that
   year gets NA values and ``ada_data = False`` (missing data is said, never shown as zero);
3. a **total row** (the province, or Indonesia) sums the region rows, and ratios are then
   derived from the summed numerators and denominators at every level, never averaged.

Every public indicator function has the same keyword signature::

    f(con, *, province="74", year=2025, by="kabkota", total=True, n_years=1)

``province=None`` covers every province; ``by="provinsi"`` gives one row per province (the
national roll-up), ``by="kabkota"`` one row per kab/kota. ``n_years`` returns the years
``year - n_years + 1 .. year`` (2 for a change, 5 for a trend). Frames have stable snake_case
columns; :mod:`kumkm_utils.indicators.labels` maps them to Indonesian labels for display.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import duckdb
import numpy as np
import pandas as pd

from kumkm_utils.exceptions import ParameterError, WarehouseError
from kumkm_utils.indicators import _wilayah
from kumkm_utils.regions.codes import PROVINCE_CODE

logger = logging.getLogger(__name__)

Level = Literal["kabkota", "provinsi"]
LEVELS: tuple[str, ...] = ("kabkota", "provinsi")
ID_COLUMNS = ["tingkat", "kode_wilayah", "nama_wilayah", "tahun", "ada_data"]
"""The columns every indicator frame starts with."""

_PROVINCE_RE = PROVINCE_CODE  # owned by kumkm_utils.regions.codes


@dataclass(frozen=True)
class Scope:
    """Which rows an indicator covers and at which level it groups them.

    Parameters
    ----------
    province
        Two-character province code (``"74"``), or None for every province.
    by
        ``"kabkota"`` (one row per kab/kota) or ``"provinsi"`` (one row per province).
    total
        Add a total row for the scope (the province, or Indonesia).

    Raises
    ------
    ParameterError
        If the province code is not two digits as a string, or ``by`` is unknown.
    """

    province: str | None
    by: Level = "kabkota"
    total: bool = True

    def __post_init__(self) -> None:
        if self.province is not None and (
            not isinstance(self.province, str) or not _PROVINCE_RE.match(self.province)
        ):
            raise ParameterError(
                f"province must be a two-digit code as a string such as '74' "
                f"(or None for every province), got {self.province!r}"
            )
        if self.by not in LEVELS:
            raise ParameterError(f"by must be one of {LEVELS}, got {self.by!r}")

    @property
    def group_column(self) -> str:
        """The warehouse column the rows are grouped by."""
        return "kode_kabkota" if self.by == "kabkota" else "kode_provinsi"

    @property
    def adds_total(self) -> bool:
        """Whether a total row is added (a province seen by province is its own total)."""
        return self.total and not (self.by == "provinsi" and self.province is not None)

    def where(self, alias: str = "") -> tuple[str, list[object]]:
        """Return the SQL condition selecting the scope's rows and its parameters."""
        if self.province is None:
            return "TRUE", []
        prefix = f"{alias}." if alias else ""
        return f"{prefix}kode_provinsi = ?", [self.province]

    def regions(self) -> pd.DataFrame:
        """Every region the scope must show, data or not (``kode_wilayah``, ``nama_wilayah``)."""
        if self.by == "kabkota":
            return _wilayah.daftar_kabkota(self.province)
        if self.province is not None:
            return pd.DataFrame(
                {
                    "kode_wilayah": [self.province],
                    "nama_wilayah": [_wilayah.nama_provinsi(self.province)],
                }
            ).astype("string")
        return _wilayah.daftar_provinsi()

    def total_identity(self) -> tuple[str, str, str]:
        """Return ``(tingkat, kode, nama)`` of the total row."""
        if self.province is None:
            return "nasional", _wilayah.NASIONAL_KODE, _wilayah.NASIONAL_NAMA
        return "provinsi", self.province, _wilayah.nama_provinsi(self.province)


def years_ending(year: int, n_years: int) -> list[int]:
    """Return ``[year - n_years + 1, ..., year]``.

    Raises
    ------
    ParameterError
        If ``year`` is not an integer or ``n_years`` is below 1.
    """
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise ParameterError(f"year must be an integer such as 2025, got {year!r}")
    if n_years < 1:
        raise ParameterError(f"n_years must be at least 1, got {n_years!r}")
    return list(range(int(year) - n_years + 1, int(year) + 1))


def query(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
    """Run a read query and return a frame; a missing table is a :class:`WarehouseError`."""
    try:
        return con.execute(sql, list(params)).df()
    except duckdb.CatalogException as err:
        raise WarehouseError(
            f"the warehouse lacks a table or column this indicator needs: {err}"
        ) from err


def aggregate(
    con: duckdb.DuckDBPyConnection,
    table: str,
    scope: Scope,
    years: Sequence[int],
    measures: Mapping[str, str],
    *,
    extra_group: Sequence[str] = (),
    table_alias: str = "t",
) -> pd.DataFrame:
    """Sum measures per region and year in DuckDB.

    Parameters
    ----------
    con
        Open warehouse connection.
    table
        Table (or parenthesised subquery) to read, aliased ``table_alias``.
    scope, years
        Which rows: the scope's provinces and these years.
    measures
        Output column name → SQL aggregate expression (e.g.
        ``"COUNT(*) FILTER (WHERE status_koperasi = 'Aktif')"``).
    extra_group
        More grouping expressions (e.g. ``"skala_usaha"``), output under their own names.

    Returns
    -------
    pandas.DataFrame
        ``kode_wilayah``, ``tahun``, extra groups, ``n_baris`` (rows read) and the measures.
    """
    where, params = scope.where(table_alias)
    placeholders = ", ".join("?" for _ in years)
    groups = [
        f"{table_alias}.{scope.group_column} AS kode_wilayah",
        f"{table_alias}.tahun AS tahun",
    ]
    groups += list(extra_group)
    select = ", ".join(
        groups + ["COUNT(*) AS n_baris"] + [f"{expr} AS {name}" for name, expr in measures.items()]
    )
    sql = (
        f"SELECT {select} FROM {table} AS {table_alias} "
        f"WHERE {where} AND {table_alias}.tahun IN ({placeholders}) GROUP BY ALL"
    )
    frame = query(con, sql, [*params, *years])
    frame["kode_wilayah"] = frame["kode_wilayah"].astype("string")
    frame["tahun"] = frame["tahun"].astype("int64")
    for name in measures:
        frame[name] = pd.to_numeric(frame[name]).astype("Float64")
    return frame


def complete(
    frame: pd.DataFrame, scope: Scope, years: Sequence[int], measures: Sequence[str]
) -> pd.DataFrame:
    """Give every region of the scope a row per year; absent ones get NA and ``ada_data=False``.

    Regions found in the data but not in the reference list (should not happen after
    ingestion) are kept, named by their code, and logged.
    """
    expected = scope.regions()
    unknown = sorted(set(frame["kode_wilayah"].dropna()) - set(expected["kode_wilayah"]))
    if unknown:
        logger.warning("regions in the warehouse but not in the reference list: %s", unknown)
        extra = pd.DataFrame({"kode_wilayah": unknown, "nama_wilayah": unknown}).astype("string")
        expected = pd.concat([expected, extra], ignore_index=True)
    grid = expected.merge(pd.DataFrame({"tahun": list(years)}, dtype="int64"), how="cross")
    out = grid.merge(frame, on=["kode_wilayah", "tahun"], how="left")
    out["ada_data"] = out["n_baris"].fillna(0).astype("int64") > 0
    out.insert(0, "tingkat", scope.by)
    out = out.drop(columns="n_baris")
    for name in measures:
        out[name] = out[name].astype("Float64")
    return out


def add_total(frame: pd.DataFrame, scope: Scope, measures: Sequence[str]) -> pd.DataFrame:
    """Append one total row per year summing the region rows (NA when no region has data)."""
    if not scope.adds_total:
        return frame
    tingkat, kode, nama = scope.total_identity()
    sums = frame.groupby("tahun", sort=True)[list(measures)].sum(min_count=1)
    present = frame.groupby("tahun", sort=True)["ada_data"].any()
    total = sums.reset_index()
    total["ada_data"] = total["tahun"].map(present).astype(bool)
    total["tingkat"] = tingkat
    total["kode_wilayah"] = kode
    total["nama_wilayah"] = nama
    out = pd.concat([frame, total[frame.columns.intersection(total.columns)]], ignore_index=True)
    out["kode_wilayah"] = out["kode_wilayah"].astype("string")
    out["nama_wilayah"] = out["nama_wilayah"].astype("string")
    return out


def ratio(numerator: pd.Series, denominator: pd.Series, *, scale: float = 100.0) -> pd.Series:
    """Return ``numerator / denominator * scale``; NA where the denominator is NA or zero."""
    num = numerator.astype("Float64")
    den = denominator.astype("Float64")
    out = num / den.where(den != 0) * scale
    return out.astype("Float64")


def tidy(frame: pd.DataFrame, scope: Scope, columns: Sequence[str]) -> pd.DataFrame:
    """Order rows (per year: regions by code, then the total) and columns (ids first)."""
    out = frame.assign(_rank=(frame["tingkat"] != scope.by).astype(int))
    out = out.sort_values(["tahun", "_rank", "kode_wilayah"], kind="stable")
    return out[ID_COLUMNS + [c for c in columns if c not in ID_COLUMNS]].reset_index(drop=True)


MEMO_SIZE = 256
"""Aggregations remembered per kernel (see :func:`compute`)."""
_memo: OrderedDict[tuple, tuple[duckdb.DuckDBPyConnection, pd.DataFrame]] = OrderedDict()


def compute(
    con: duckdb.DuckDBPyConnection,
    table: str,
    scope: Scope,
    years: Sequence[int],
    measures: Mapping[str, str],
) -> pd.DataFrame:
    """Aggregate, complete and total the measures (no derived ratios yet).

    A report asks for the same aggregation several times (a table, then the summary and the
    strategic issues that quote it); on a *read-only* connection (reports) the result is
    remembered and handed out as a copy. No process can change a warehouse file while a
    read-only connection holds it open, so a remembered result is never stale; writable
    connections are never remembered.
    """
    key = (id(con), table, scope, tuple(int(y) for y in years), tuple(measures.items()))
    return _remember(
        con,
        key,
        lambda: add_total(
            complete(aggregate(con, table, scope, years, measures), scope, years, list(measures)),
            scope,
            list(measures),
        ),
    )


def _read_only(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        return con.execute("SELECT current_setting('access_mode')").fetchone()[0] == "read_only"
    except duckdb.Error:
        return False


def _remember(con: duckdb.DuckDBPyConnection, key: tuple, make) -> pd.DataFrame:
    hit = _memo.get(key)
    if hit is not None and hit[0] is con:
        _memo.move_to_end(key)
        return hit[1].copy()
    frame = make()
    if MEMO_SIZE > 0 and _read_only(con):
        _memo[key] = (con, frame)  # holding ``con`` keeps its id from being reused
        if len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return frame.copy()


def _hashable(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, Mapping):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


def remembered(function):
    """Remember an indicator's frame per read-only connection and arguments, as :func:`compute`.

    For indicators a report asks for more than once (the headline table feeds the summary and
    the strategic issues). The decorated function takes the connection first and keyword
    arguments only; each call returns a copy.
    """
    import functools

    @functools.wraps(function)
    def wrapper(con: duckdb.DuckDBPyConnection, **kwargs: object) -> pd.DataFrame:
        key = (function.__module__, function.__qualname__, id(con), _hashable(kwargs))
        return _remember(con, key, lambda: function(con, **kwargs))

    return wrapper


def forget() -> None:
    """Drop every remembered aggregation (e.g. before reading a warehouse that has changed)."""
    _memo.clear()


def mask_missing(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Set ``columns`` to NA on rows without data (counts of zero would otherwise appear)."""
    out = frame.copy()
    for column in columns:
        out[column] = out[column].astype("Float64").mask(~out["ada_data"])
    return out


def region_level(frame: pd.DataFrame) -> str | None:
    """The ``tingkat`` of the region rows of a frame whose other rows are totals (None: no
    total rows, e.g. one province seen by province)."""
    levels = set(frame["tingkat"])
    if "kabkota" in levels and len(levels) > 1:
        return "kabkota"
    if "provinsi" in levels and "nasional" in levels:
        return "provinsi"
    return None


def compared_regions(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Region rows with data in both ``year - 1`` and ``year`` (the like-for-like set).

    Returns
    -------
    pandas.DataFrame
        ``kode_wilayah``, ``nama_wilayah``, ``ada_kini`` (data in ``year``), ``ada_lalu``
        (data in ``year - 1``), ``banding`` (both), one row per region of the frame.
    """
    level = region_level(frame) or (str(frame["tingkat"].iloc[0]) if len(frame) else None)
    rows = frame[frame["tingkat"] == level]
    has = rows["ada_data"].astype(bool).to_numpy()
    years = rows["tahun"].to_numpy()
    codes = rows["kode_wilayah"].to_numpy()
    kini = set(codes[has & (years == year)])
    lalu = set(codes[has & (years == year - 1)])
    out = rows[["kode_wilayah", "nama_wilayah"]].drop_duplicates("kode_wilayah")
    out = out.reset_index(drop=True)
    out["ada_kini"] = out["kode_wilayah"].isin(kini)
    out["ada_lalu"] = out["kode_wilayah"].isin(lalu)
    out["banding"] = out["ada_kini"] & out["ada_lalu"]
    return out


def add_growth(frame: pd.DataFrame, column: str, *, previous: str, growth: str) -> pd.DataFrame:
    """Add ``column``'s value of the year before (``previous``) and its growth in % (``growth``).

    Growth is (this year − last year) ÷ last year × 100. On a region row it is the region's
    own; on a total row (province of a kab/kota table, Indonesia of a province table) it is
    **like for like**: both years summed over the regions with data in both years only, so a
    kab/kota that sent nothing this year is not read as a fall to zero. ``n_banding`` (total
    rows) says how many regions were compared; :func:`compared_regions` names them. NA when
    either year is missing or last year is zero. The frame must hold the year before its first
    reported year (compute ``n_years + 1`` years, then :func:`drop_first_year`).
    """
    keys = ["tingkat", "kode_wilayah", "tahun"]
    before = frame[[*keys, column]].assign(tahun=lambda f: f["tahun"] + 1)
    out = frame.merge(before.rename(columns={column: previous}), on=keys, how="left")
    out[growth] = ratio(out[column] - out[previous], out[previous])
    level = region_level(out)
    if level is not None:
        regions = out[out["tingkat"] == level]
        both = regions[regions[column].notna() & regions[previous].notna()]
        sums = both.groupby("tahun")[[column, previous]].sum(min_count=1)
        totals = out["tingkat"] != level
        now = out.loc[totals, "tahun"].map(sums[column]).astype("Float64")
        then = out.loc[totals, "tahun"].map(sums[previous]).astype("Float64")
        out.loc[totals, growth] = ratio(now - then, then)
        counts = both.groupby("tahun").size()
        out["n_banding"] = pd.array(
            out["tahun"].map(counts).fillna(0).astype("int64").where(totals, pd.NA),
            dtype="Int64",
        )
    return out


def growth_from_kabkota(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    *,
    table: str,
    scope: Scope,
    years: Sequence[int],
    measures: Mapping[str, str],
    value,
    growth: str,
) -> pd.DataFrame:
    """Make the growth of province rows (and Indonesia) like for like at kab/kota level.

    A province table cannot see that a kab/kota stopped reporting; this recomputes each
    province's growth (and the national one) over its kab/kota with data in both years,
    from the same ``measures`` aggregated per kab/kota (``value`` turns them into the grown
    quantity), so a province row equals the total row of the kab/kota table.
    """
    if scope.by != "provinsi":
        return frame
    kk = compute(con, table, Scope(scope.province, "kabkota", False), years, measures)
    kk = kk.assign(_v=value(kk).astype("Float64"))
    before = kk[["kode_wilayah", "tahun", "_v"]].assign(tahun=kk["tahun"] + 1)
    both = kk.merge(before.rename(columns={"_v": "_p"}), on=["kode_wilayah", "tahun"])
    both = both[both["_v"].notna() & both["_p"].notna()]
    both = both.assign(_prov=both["kode_wilayah"].str.slice(0, 2))
    per_province = both.groupby(["_prov", "tahun"])[["_v", "_p"]].sum()
    national = both.groupby("tahun")[["_v", "_p"]].sum()
    out = frame.copy()
    for position, row in out.iterrows():
        if row["tingkat"] == "provinsi":
            key = (row["kode_wilayah"], row["tahun"])
            sums = per_province.loc[key] if key in per_province.index else None
        else:
            sums = national.loc[row["tahun"]] if row["tahun"] in national.index else None
        if sums is None or sums["_p"] == 0:
            out.at[position, growth] = pd.NA
        else:
            out.at[position, growth] = (sums["_v"] - sums["_p"]) / sums["_p"] * 100
    out[growth] = out[growth].astype("Float64")
    return out


def drop_first_year(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop the earliest year (read only to compute growth)."""
    return frame[frame["tahun"] > frame["tahun"].min()]
