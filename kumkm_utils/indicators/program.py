"""Realisasi program dan anggaran, and the synchronisation of regional activities with national
priorities.

- **% realisasi keuangan** (budget absorption) = Σ realisasi keuangan ÷ Σ pagu × 100.
- **Capaian fisik** (physical achievement) of one sub kegiatan = realisasi fisik ÷ target ×
  100, *not* capped (the rule and its source are stated once, in
  ``deklarasi.ATURAN_CAPAIAN``: LKjIP practice prints capaian above 100% as computed); at
  any group level it is the pagu-weighted achievement Σ(pagu × capaian) ÷ Σ pagu over the sub
  kegiatan with a target (a ratio of sums, never a plain average of percentages).
- Both get the five-band rating of the LKjIP (``kumkm_utils.reference.rating``: Sangat Baik
  91–100, Baik 76–90, Cukup 66–75, Kurang 51–65, Sangat Kurang ≤ 50).
- **Sinkronisasi pusat–daerah**: the province's sub kegiatan mapped to the national
  priorities of the plan year (``program.prioritas_nasional`` holds a priority code such as
  ``MBG``; a ``2025-`` prefix is ignored): which priorities have regional activity and budget,
  which have none.

Programme rows are submitted by the province, so a kab/kota without activity is not missing
data; a province that submitted no programme rows for the year is (``ada_data`` false).
"""

from __future__ import annotations

from typing import Literal

import duckdb
import pandas as pd

from kumkm_utils import reference, regions
from kumkm_utils.exceptions import ParameterError
from kumkm_utils.indicators import _wilayah, deklarasi
from kumkm_utils.indicators._core import Scope, query, ratio, years_ending

GroupBy = Literal["program", "sumber_dana", "kabkota", "provinsi"]
GROUPINGS: tuple[str, ...] = ("program", "sumber_dana", "kabkota", "provinsi")

TINGKAT_PROVINSI = "Tingkat provinsi"
"""Name of the location group of sub kegiatan without a kab/kota (carried out by the province)."""

_CAPAIAN = "realisasi_fisik / target * 100"
"""Capaian of one sub kegiatan, not capped (``deklarasi.ATURAN_CAPAIAN``)."""
_MEASURES = {
    "n_subkegiatan": "COUNT(*)",
    **deklarasi.sql("pagu_rp", "realisasi_keuangan_rp", "pagu_bertarget_rp", "fisik_tertimbang"),
}
_KODE_PRIORITAS = r"upper(regexp_replace(trim(prioritas_nasional), '^\d{4}-', ''))"

_GROUP_SQL = {
    "program": "substr(kode_subkegiatan, 1, 7)",
    "sumber_dana": "sumber_dana",
    "kabkota": "COALESCE(kode_kabkota, '')",
    "provinsi": "kode_provinsi",
}


def predikat(values: pd.Series) -> pd.Series:
    """Return the five-band rating of each percentage (NA stays NA)."""
    if values.empty:
        return pd.Series([], index=values.index, dtype="string")
    return (
        reference.rating(values.astype("Float64").astype("float64"))
        .set_axis(values.index)
        .astype("string")
    )


def _program_names() -> dict[str, str]:
    programs = reference.nomenclature("program")
    return dict(zip(programs["kode"], programs["nama"], strict=True))


def _group_names(by: str, codes: pd.Series) -> pd.Series:
    if by == "program":
        names = _program_names()
        return codes.map(lambda c: names.get(c, c))
    if by == "kabkota":
        return codes.map(lambda c: TINGKAT_PROVINSI if c == "" else regions.kabkota_name(c))
    if by == "provinsi":
        return codes.map(regions.province_name)
    return codes


def _derive(frame: pd.DataFrame) -> pd.DataFrame:
    frame["persen_keuangan"] = deklarasi.hitung(frame, "persen_keuangan")
    frame["predikat_keuangan"] = predikat(frame["persen_keuangan"])
    frame["capaian_fisik"] = deklarasi.hitung(frame, "capaian_fisik")
    frame["predikat_fisik"] = predikat(frame["capaian_fisik"])
    frame["persen_pagu_prioritas"] = deklarasi.hitung(frame, "persen_pagu_prioritas")
    return frame


def _pagu_prioritas_sql(years: list[int]) -> str:
    """SQL sum of the pagu tagged with a national priority of the year after each data year."""
    cases = []
    for year in years:
        codes = ", ".join(f"'{c}'" for c in reference.priorities(year + 1)["kode"])
        if codes:
            cases.append(f"(tahun = {int(year)} AND {_KODE_PRIORITAS} IN ({codes}))")
    condition = " OR ".join(cases) if cases else "FALSE"
    return f"COALESCE(SUM(pagu_rp) FILTER (WHERE {condition}), 0)"


_REALISASI_COLUMNS = (
    "tingkat kode nama tahun ada_data n_subkegiatan pagu_rp realisasi_keuangan_rp"
    " persen_keuangan predikat_keuangan capaian_fisik predikat_fisik pagu_bertarget_rp"
    " fisik_tertimbang pagu_prioritas_rp persen_pagu_prioritas"
).split()


def _group_rows(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    years: list[int],
    by: str,
    measures: dict[str, str],
) -> pd.DataFrame:
    """The summed measures of each group and year in scope (groups with rows only)."""
    where, params = scope.where()
    select = ", ".join(f"{expr} AS {name}" for name, expr in measures.items())
    sql = (
        f"SELECT {_GROUP_SQL[by]} AS kode, tahun, {select} FROM program "
        f"WHERE {where} AND tahun IN ({', '.join('?' for _ in years)}) "
        "GROUP BY ALL ORDER BY tahun, kode"
    )
    frame = query(con, sql, [*params, *years])
    frame["kode"] = frame["kode"].astype("string")
    frame["tahun"] = frame["tahun"].astype("int64")
    for name in measures:
        frame[name] = pd.to_numeric(frame[name]).astype("Float64")
    frame["tingkat"] = by
    frame["ada_data"] = True
    frame["nama"] = _group_names(by, frame["kode"]).astype("string")
    return frame


def _with_years_without_rows(frame: pd.DataFrame, province: str, years: list[int]) -> pd.DataFrame:
    """A single province by province: it is its own total, and a year without rows still gets
    its "no data" row."""
    missing = [y for y in years if y not in set(frame["tahun"])]
    empty = pd.DataFrame(
        {
            "tahun": missing,
            "kode": province,
            "tingkat": "provinsi",
            "ada_data": False,
            "nama": regions.province_name(province),
        }
    )
    return pd.concat([frame, empty], ignore_index=True) if missing else frame


def _with_totals(
    frame: pd.DataFrame, province: str | None, years: list[int], by: str, measures: list[str]
) -> pd.DataFrame:
    """Add a total row per year: the province, or Indonesia (``nasional`` with by province)."""
    sums = frame.groupby("tahun")[measures].sum(min_count=1)
    sums = sums.reindex(years).reset_index()
    if province is None:
        kode, nama = "00", "Indonesia"
    else:
        kode, nama = province, regions.province_name(province)
    level = "nasional" if by == "provinsi" else "total"
    sums = sums.assign(tingkat=level, kode=kode, nama=nama)
    sums["ada_data"] = sums["n_subkegiatan"].notna()
    return pd.concat([frame, sums], ignore_index=True)


def realisasi(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    by: GroupBy = "program",
    total: bool = True,
    n_years: int = 1,
) -> pd.DataFrame:
    """Budget absorption and physical achievement with their ratings, by a grouping.

    Parameters
    ----------
    con
        Open warehouse connection.
    province
        Province code, or None for every province.
    year, n_years
        The years ``year - n_years + 1 .. year``.
    by
        ``"program"`` (2.17.01 … 2.17.08), ``"sumber_dana"``, ``"kabkota"`` (location of the
        sub kegiatan; province-level ones form the group "Tingkat provinsi") or
        ``"provinsi"``.
    total
        Add a total row per year (``tingkat`` ``"total"``).

    Returns
    -------
    pandas.DataFrame
        ``tingkat`` (the grouping, or ``total``; with ``by="provinsi"`` the national total is
        ``nasional`` and a single province has no separate total), ``kode``, ``nama``, ``tahun``,
        ``ada_data``, ``n_subkegiatan``, ``pagu_rp``, ``realisasi_keuangan_rp``,
        ``persen_keuangan``, ``predikat_keuangan``, ``capaian_fisik`` (%),
        ``predikat_fisik``, ``pagu_bertarget_rp``, ``fisik_tertimbang`` (Σ pagu × capaian),
        ``pagu_prioritas_rp`` and
        ``persen_pagu_prioritas`` (pagu tagged with a national priority of the following
        year, the plan year of that evaluation ÷ all pagu). A year without any programme row in
        scope gets a total row with ``ada_data`` false and NA values.
    """
    if by not in GROUPINGS:
        raise ParameterError(f"by must be one of {GROUPINGS}, got {by!r}")
    scope = Scope(province, "provinsi", total)
    years = years_ending(year, n_years)
    measures = {**_MEASURES, "pagu_prioritas_rp": _pagu_prioritas_sql(years)}
    frame = _group_rows(con, scope, years, by, measures)
    if by == "provinsi" and province is not None:
        frame = _with_years_without_rows(frame, province, years)
    elif total:
        frame = _with_totals(frame, province, years, by, list(measures))
    frame = _derive(frame)
    frame["_rank"] = frame["tingkat"].isin(["total", "nasional"]).astype(int)
    frame = frame.sort_values(["tahun", "_rank", "kode"], kind="stable")
    return frame[_REALISASI_COLUMNS].reset_index(drop=True)


def subkegiatan(con: duckdb.DuckDBPyConnection, *, province: str | None, year: int) -> pd.DataFrame:
    """One row per sub kegiatan, funding source and location, with its achievements.

    Returns
    -------
    pandas.DataFrame
        ``kode_provinsi``, ``kode_subkegiatan``, ``nama_subkegiatan``, ``sumber_dana``,
        ``lokasi`` (kab/kota name or "Tingkat provinsi"), ``pagu_rp``,
        ``realisasi_keuangan_rp``, ``persen_keuangan``, ``predikat_keuangan``,
        ``indikator_keluaran``, ``satuan``, ``target``, ``realisasi_fisik``,
        ``capaian_fisik`` (%, not capped), ``predikat_fisik``, ``prioritas_nasional``,
        ``kendala``; sorted by code.
    """
    scope = Scope(province, "provinsi")
    where, params = scope.where()
    sql = (
        f"SELECT kode_provinsi, kode_subkegiatan, nama_subkegiatan, sumber_dana, "
        "COALESCE(kode_kabkota, '') AS kode_kabkota, pagu_rp, realisasi_keuangan_rp, "
        "indikator_keluaran, satuan, target, realisasi_fisik, "
        f"CASE WHEN target > 0 THEN {_CAPAIAN} END AS capaian_fisik, "
        f"{_KODE_PRIORITAS} AS prioritas_nasional, kendala "
        f"FROM program WHERE {where} AND tahun = ? "
        "ORDER BY kode_provinsi, kode_subkegiatan, sumber_dana, kode_kabkota"
    )
    frame = query(con, sql, [*params, int(year)])
    frame["lokasi"] = _group_names("kabkota", frame["kode_kabkota"].astype("string")).astype(
        "string"
    )
    for column in (
        "pagu_rp",
        "realisasi_keuangan_rp",
        "target",
        "realisasi_fisik",
        "capaian_fisik",
    ):
        frame[column] = pd.to_numeric(frame[column]).astype("Float64")
    frame["persen_keuangan"] = ratio(frame["realisasi_keuangan_rp"], frame["pagu_rp"])
    frame["predikat_keuangan"] = predikat(frame["persen_keuangan"])
    frame["predikat_fisik"] = predikat(frame["capaian_fisik"])
    columns = [
        "kode_provinsi",
        "kode_subkegiatan",
        "nama_subkegiatan",
        "sumber_dana",
        "lokasi",
        "pagu_rp",
        "realisasi_keuangan_rp",
        "persen_keuangan",
        "predikat_keuangan",
        "indikator_keluaran",
        "satuan",
        "target",
        "realisasi_fisik",
        "capaian_fisik",
        "predikat_fisik",
        "prioritas_nasional",
        "kendala",
    ]
    return frame[columns]


STATUS_ADA = "Ada kegiatan dan anggaran"
STATUS_TANPA_ANGGARAN = "Ada kegiatan, tanpa anggaran"
STATUS_TIDAK_ADA = "Belum ada kegiatan"
STATUS_TIDAK_ADA_DATA = "Tidak ada data program"
LAINNYA = "LAINNYA"
TANPA = "TANPA"


_NAMA_LAIN = {
    LAINNYA: "Prioritas lain (tidak berlaku pada tahun rencana)",
    TANPA: "Tidak dikaitkan dengan prioritas nasional",
}
_SINKRON_COLUMNS = (
    "kode_provinsi tahun_data ada_data kode_prioritas nama_prioritas n_subkegiatan"
    " n_lokasi_kabkota pagu_rp realisasi_keuangan_rp"
).split()


def _priority_rows(
    con: duckdb.DuckDBPyConnection,
    province: str | None,
    codes: list[str],
    year: int,
    plan_year: int,
) -> pd.DataFrame:
    """Sub kegiatan counts and sums of each province, year and priority code of the plan year
    (``LAINNYA``: another priority, ``TANPA``: none), for the evaluation and plan years."""
    where, params = Scope(province, "provinsi").where()
    grouped = (
        f"CASE WHEN {_KODE_PRIORITAS} IS NULL OR {_KODE_PRIORITAS} = '' THEN '{TANPA}' "
        f"WHEN {_KODE_PRIORITAS} IN ({', '.join('?' for _ in codes)}) THEN {_KODE_PRIORITAS} "
        f"ELSE '{LAINNYA}' END"
    )
    sql = (
        f"SELECT kode_provinsi, tahun, {grouped} AS kode_prioritas, "
        "COUNT(*) AS n_subkegiatan, COUNT(DISTINCT kode_kabkota) AS n_lokasi_kabkota, "
        "SUM(pagu_rp) AS pagu_rp, SUM(realisasi_keuangan_rp) AS realisasi_keuangan_rp "
        f"FROM program WHERE {where} AND tahun IN (?, ?) GROUP BY ALL"
    )
    return query(con, sql, [*codes, *params, int(year), int(plan_year)])


def _priority_block(
    rows: pd.DataFrame, kode_provinsi: str, priorities: pd.DataFrame, year: int, plan_year: int
) -> pd.DataFrame:
    """One province's rows: every priority of the plan year, then ``LAINNYA``/``TANPA`` if any,
    from the plan year's sub kegiatan when submitted, else the evaluation year's."""
    own = rows[rows["kode_provinsi"] == kode_provinsi]
    data_year = plan_year if (own["tahun"] == plan_year).any() else year
    own = own[own["tahun"] == data_year].set_index("kode_prioritas")
    block = priorities.rename(columns={"kode": "kode_prioritas", "nama": "nama_prioritas"})
    extra = [k for k in (LAINNYA, TANPA) if k in own.index]
    block = pd.concat(
        [
            block,
            pd.DataFrame(
                {"kode_prioritas": extra, "nama_prioritas": [_NAMA_LAIN[k] for k in extra]}
            ),
        ]
    )
    block = block.merge(
        own.drop(columns=["kode_provinsi", "tahun"]),
        left_on="kode_prioritas",
        right_index=True,
        how="left",
    )
    block.insert(0, "ada_data", not own.empty)
    block.insert(0, "tahun_data", data_year)
    block.insert(0, "kode_provinsi", kode_provinsi)
    return block


def _with_status(out: pd.DataFrame) -> pd.DataFrame:
    """Add ``status``: activity and budget, activity only, none, or no programme data."""
    has_budget = out["pagu_rp"].fillna(0) > 0
    out["status"] = STATUS_TIDAK_ADA
    out.loc[out["n_subkegiatan"] > 0, "status"] = STATUS_TANPA_ANGGARAN
    out.loc[(out["n_subkegiatan"] > 0) & has_budget, "status"] = STATUS_ADA
    out.loc[~out["ada_data"].astype(bool), "status"] = STATUS_TIDAK_ADA_DATA
    return out


def sinkronisasi(
    con: duckdb.DuckDBPyConnection, *, province: str | None, year: int, plan_year: int
) -> pd.DataFrame:
    """Map the province's sub kegiatan onto the national priorities of the plan year.

    The sub kegiatan of ``plan_year`` are used when the province has already submitted them,
    otherwise those of ``year`` (the evaluation year); ``tahun_data`` says which.

    Parameters
    ----------
    con
        Open warehouse connection.
    province
        Province code, or None for every province (one block of rows per province).
    year
        Evaluation year.
    plan_year
        Plan year whose priorities (``kumkm_utils.reference.priorities``) are checked.

    Returns
    -------
    pandas.DataFrame
        ``kode_provinsi``, ``tahun_data``, ``ada_data`` (the province submitted programme rows
        for ``tahun_data``), ``kode_prioritas``, ``nama_prioritas``,
        ``n_subkegiatan``, ``n_lokasi_kabkota`` (distinct kab/kota locations),
        ``pagu_rp``, ``realisasi_keuangan_rp``, ``status``. One row per priority of the plan
        year, then ``LAINNYA`` (sub kegiatan tagged with a priority that does not apply in the
        plan year) and ``TANPA`` (not tagged), when there are any.
    """
    priorities = reference.priorities(plan_year)[["kode", "nama"]]
    codes = [str(k) for k in priorities["kode"]]
    rows = _priority_rows(con, province, codes, year, plan_year)
    provinces = (
        [province] if province is not None else list(_wilayah.daftar_provinsi()["kode_wilayah"])
    )
    blocks = [_priority_block(rows, k, priorities, year, plan_year) for k in provinces]
    out = pd.concat(blocks, ignore_index=True) if blocks else pd.DataFrame(columns=_SINKRON_COLUMNS)
    for column in ("n_subkegiatan", "n_lokasi_kabkota"):
        out[column] = pd.to_numeric(out[column]).fillna(0).astype("int64")
    for column in ("pagu_rp", "realisasi_keuangan_rp"):
        out[column] = pd.to_numeric(out[column]).astype("Float64")
    return _with_status(out).reset_index(drop=True)


__all__ = ["predikat", "realisasi", "sinkronisasi", "subkegiatan", "years_ending"]
