"""Proposed targets: plan-year targets from the linear trend of the last five years.

:func:`usulan_target` proposes, per indicator with the role ``target`` (:data:`TARGET_CODES`),
the last achievement plus the slope of the last five years' linear trend, bounded sensibly,
never below what was achieved (never above, for indicators where lower is better), shown with
the method and the national (RPJMN/RPJPN) target where one exists
(:mod:`kumkm_utils.targets.usulan` shows it in the report).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from kumkm_utils import formatting as fmt
from kumkm_utils.indicators import deklarasi, katalog, trend

if TYPE_CHECKING:
    from kumkm_utils.targets.lintasan import TargetNasional

LABEL_TARGET = {
    "indikator": "Indikator",
    "satuan": "Satuan",
    "tahun_data": "Tahun data",
    "nilai_terakhir": "Capaian terakhir",
    "tren_per_tahun": "Tren per tahun",
    "proyeksi": "Proyeksi",
    "usulan_target": "Usulan target",
    "target_nasional": "Target nasional",
    "metode": "Metode",
}
"""Indonesian labels of :func:`usulan_target` columns."""

TARGET_CODES: tuple[str, ...] = deklarasi.kode_dengan_peran("target")
"""Indicators that get a proposed target for the plan year (role ``target``)."""

_missing = fmt.is_missing


def _bounded(value: float, kind: str) -> float:
    if kind == "persen":
        return min(max(value, 0.0), 100.0)
    return max(value, 0.0)


def _points(
    con: duckdb.DuckDBPyConnection, code: str, *, province: str | None, year: int, n_years: int
) -> list[tuple[int, float]]:
    """The indicator's (year, value) of ``year - n_years + 1 .. year``, missing years skipped."""
    years = list(range(year - n_years + 1, year + 1))
    series = trend.total_rows(
        katalog.nilai(code, con, province=province, year=year, by="provinsi", n_years=n_years)
    ).set_index("tahun")["nilai"]
    values = [series.get(y, pd.NA) for y in years]
    return [(y, float(v)) for y, v in zip(years, values, strict=True) if not _missing(v)]


def _propose(
    present: list[tuple[int, float]], *, kind: str, higher_better: bool, plan_year: int
) -> tuple[float, float, float, str]:
    """Target, slope, projection and method text of one indicator (see :func:`usulan_target`)."""
    last_year, last = present[-1] if present else (None, math.nan)
    fit = (
        trend.linear_trend([p[0] for p in present], [p[1] for p in present])
        if len(present) >= 3
        else None
    )
    slope = projection = math.nan
    if not present:
        target, method = math.nan, "Tidak ada data: target tidak dapat diusulkan."
    elif fit is None:
        target = last
        method = (
            f"Data kurang dari 3 tahun ({len(present)} tahun): dipertahankan setara capaian "
            f"{last_year}."
        )
    else:
        slope, _ = fit
        projection = last + slope * (plan_year - last_year)
        bounded = _bounded(projection, kind)
        target = max(bounded, last) if higher_better else min(bounded, last)
        unit = " poin" if kind == "persen" else ""
        method = (
            f"Capaian {last_year} ditambah tren linear {present[0][0]}–{present[-1][0]} "
            f"({len(present)} titik, "
            f"{fmt.perubahan(slope, 2 if kind == 'persen' else 0, satuan=unit)}"
            f"/tahun) sampai {plan_year}"
        )
        if target != projection:
            if target == last:
                side = "lebih rendah" if higher_better else "lebih tinggi"
                method += f"; tidak {side} dari capaian {last_year}"
            else:
                method += "; dibatasi 0–100%" if kind == "persen" else "; dibatasi minimal 0"
        method += "."
    if kind == "angka" and not _missing(target):
        target = float(round(target))
    return target, slope, projection, method


def _proposal_row(
    con: duckdb.DuckDBPyConnection,
    code: str,
    national: TargetNasional | None,
    *,
    province: str | None,
    year: int,
    plan_year: int,
    n_years: int,
) -> dict[str, object]:
    """One row of :func:`usulan_target`."""
    entry = deklarasi.indikator(code)
    kind = "persen" if entry.satuan == "%" else "angka"
    present = _points(con, code, province=province, year=year, n_years=n_years)
    target, slope, projection, method = _propose(
        present, kind=kind, higher_better=entry.naik_lebih_baik, plan_year=plan_year
    )
    return {
        "kode": code,
        "indikator": entry.label,
        "satuan": entry.satuan,
        "tahun_data": f"{present[0][0]}–{present[-1][0]}" if present else "–",
        "nilai_terakhir": present[-1][1] if present else math.nan,
        "tren_per_tahun": slope,
        "proyeksi": projection,
        "usulan_target": target,
        "target_nasional": national.pada(plan_year) if national else math.nan,
        "metode": method + (f" Target nasional: {national.teks()}." if national else ""),
    }


def usulan_target(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    plan_year: int,
    codes: tuple[str, ...] = TARGET_CODES,
    n_years: int = 5,
) -> pd.DataFrame:
    """Propose plan-year targets from the linear trend of the last ``n_years`` years.

    Method, per indicator: the slope of a least-squares line through the province's values of
    ``year - n_years + 1 .. year`` (missing years skipped) is added to the last achievement
    once per year up to ``plan_year`` (anchored at the latest value rather than at the fitted
    line, so one odd early year does not make the target jump). The proposal is then bounded:
    percentages within 0–100, counts at least 0 (rounded to whole units); never below the last
    value when higher is better (never above it when lower is better), so a falling trend
    proposes holding the last achievement. With fewer than three
    years of data the last value is proposed as it is.

    Returns
    -------
    pandas.DataFrame
        ``kode``, ``indikator``, ``satuan``, ``tahun_data`` (years used), ``nilai_terakhir``,
        ``tren_per_tahun``, ``proyeksi``, ``usulan_target``, ``target_nasional`` (NA when
        none), ``metode`` (Indonesian text of what was done).
    """
    from kumkm_utils.targets import lintasan as target_nasional

    national_paths = target_nasional.daftar(con)
    rows = [
        _proposal_row(
            con,
            code,
            target_nasional.pilih(national_paths, code, plan_year),
            province=province,
            year=year,
            plan_year=plan_year,
            n_years=n_years,
        )
        for code in codes
    ]
    out = pd.DataFrame(rows)
    for column in (
        "nilai_terakhir",
        "tren_per_tahun",
        "proyeksi",
        "usulan_target",
        "target_nasional",
    ):
        out[column] = out[column].astype("Float64")
    return out
