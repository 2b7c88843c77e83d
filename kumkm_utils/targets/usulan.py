"""Back to the meeting: proposed targets for the plan year, as a table and as a target workbook.

One computation (:func:`usulan`) feeds both the report's "usulan target" table and the workbook
``kumkm targets --propose --year {rencana}`` writes per province: the trend proposal of
:func:`kumkm_utils.narrative.usulan_target` (method shown), the last agreed target of each
indicator and the national target it contributes to. The workbook is the ``target`` input
template (:func:`kumkm_utils.templates.write_template`) pre-filled with one row per indicator,
document ``Kesepakatan Rakorda``, ready for the meeting to edit; once ingested it is the plan
year's agreed target set, which the next year's report evaluates.
"""

from __future__ import annotations

import argparse
import logging
import math
from pathlib import Path

import duckdb
import pandas as pd

from kumkm_utils import formatting as fmt
from kumkm_utils import regions, schemas
from kumkm_utils.cli import add_warehouse_option
from kumkm_utils.targets.evaluasi import sumber_teks, targets
from kumkm_utils.targets.indikator import desimal, indikator

logger = logging.getLogger(__name__)

DOKUMEN_KESEPAKATAN = "Kesepakatan Rakorda"
LABEL_TERAKHIR = "Target terakhir"


URUTAN_DOKUMEN = (
    DOKUMEN_KESEPAKATAN,
    "Perjanjian Kinerja",
    "RKPD",
    "Renstra",
    "RPJMD",
    "RPJMN",
    "RPJPN",
)
"""Which document's target counts as the last agreed one when a year has several: the Rakorda
agreement first, then the annual documents, then the medium- and long-term plans."""


def _last_agreed(rows: pd.DataFrame, code: str, plan_year: int) -> tuple[float, str, str]:
    """The latest province target of ``code`` before the plan year (:data:`URUTAN_DOKUMEN`
    breaks ties within a year): value, full source and short source (``RKPD 2025``)."""
    mine = rows[
        (rows["kode_indikator"] == code) & rows["kode_kabkota"].isna() & (rows["tahun"] < plan_year)
    ]
    if mine.empty:
        return math.nan, "belum ada target tercatat", "–"
    rank = {d: i for i, d in enumerate(URUTAN_DOKUMEN)}
    mine = mine.assign(_pref=mine["dokumen"].map(lambda d: rank.get(d, len(rank))))
    best = mine.sort_values(["tahun", "_pref"], ascending=[False, True]).iloc[0]
    where = sumber_teks(best["dokumen"], best["nomor_dokumen"], best["tanggal_dokumen"])
    year = int(best["tahun"])
    return float(best["nilai_target"]), f"{where}, tahun {year}", f"{best['dokumen']} {year}"


def usulan(
    con: duckdb.DuckDBPyConnection, *, province: str, year: int, plan_year: int
) -> pd.DataFrame:
    """Proposed plan-year targets with the last agreed target of each indicator.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`kumkm_utils.narrative.usulan_target` (``kode`` now the final
        indicator code) plus ``target_terakhir`` (Float64), ``sumber_target_terakhir`` and
        ``dokumen_target_terakhir``.
    """
    from kumkm_utils import narrative

    out = narrative.usulan_target(con, province=province, year=year, plan_year=plan_year)
    out["kode"] = [indikator(c).kode for c in out["kode"]]
    rows = targets(con, province=province)
    last = [_last_agreed(rows, c, plan_year) for c in out["kode"]]
    out["target_terakhir"] = pd.array([v for v, _, _ in last], dtype="Float64")
    out["sumber_target_terakhir"] = pd.array([s for _, s, _ in last], dtype="string")
    out["dokumen_target_terakhir"] = pd.array([d for _, _, d in last], dtype="string")
    return out


def tampilkan(frame: pd.DataFrame, *, key: str, title: str) -> None:
    """Show :func:`usulan` in the report (the proposal table with the last agreed target)."""
    from kumkm_utils import display, narrative

    labels = {
        **narrative.LABEL_TARGET,
        "target_terakhir": LABEL_TERAKHIR,
        "dokumen_target_terakhir": "Dokumen target terakhir",
    }
    columns = [
        "indikator",
        "satuan",
        "nilai_terakhir",
        "target_terakhir",
        "dokumen_target_terakhir",
        "tren_per_tahun",
        "usulan_target",
        "target_nasional",
        "metode",
    ]
    table = frame[columns].rename(columns=labels)
    display.table(
        table,
        key=key,
        title=title,
        row_decimals=[desimal(c) for c in frame["kode"]],  # each indicator as declared
        note="Target terakhir: target tingkat provinsi terbaru sebelum tahun rencana; bila "
        "satu tahun punya beberapa dokumen, urutannya "
        + ", ".join(URUTAN_DOKUMEN)
        + ". Usulan yang sama tertulis di buku kerja target "
        "(kumkm targets --propose) untuk disunting dan disepakati dalam Rakorda.",
    )


def _keterangan(row: pd.Series) -> str:
    decimals = indikator(row["kode"]).desimal
    parts = [f"Usulan: {row['metode']}"]
    if not fmt.is_missing(row["target_terakhir"]):
        parts.append(
            f"Target terakhir: {fmt.angka(float(row['target_terakhir']), decimals)} "
            f"({row['sumber_target_terakhir']})."
        )
    else:
        parts.append("Target terakhir: belum ada target tercatat.")
    if not fmt.is_missing(row["target_nasional"]):
        value = fmt.angka(float(row["target_nasional"]), 2)
        parts.append(f"Target nasional yang didukung, tahun ini: {value}.")
    return " ".join(parts)


def proposal_rows(frame: pd.DataFrame, *, province: str, plan_year: int) -> pd.DataFrame:
    """The target rows of :func:`usulan` (one per indicator with a proposal), schema dtypes."""
    have = frame[frame["usulan_target"].notna()].reset_index(drop=True)
    out = schemas.dataset("target").empty_frame()
    data = pd.DataFrame(
        {
            "kode_provinsi": province,
            "kode_kabkota": pd.NA,
            "kode_indikator": have["kode"],
            "tahun": plan_year,
            "dokumen": DOKUMEN_KESEPAKATAN,
            "nomor_dokumen": pd.NA,
            "tanggal_dokumen": pd.NaT,
            "nilai_target": [
                round(float(v), indikator(c).desimal)
                for c, v in zip(have["kode"], have["usulan_target"], strict=True)
            ],
            "keterangan": [_keterangan(r) for _, r in have.iterrows()],
        }
    )
    for column in out.columns:
        out[column] = data[column].astype(out[column].dtype) if len(data) else out[column]
    return out


def write_workbook(
    con: duckdb.DuckDBPyConnection, *, province: str, plan_year: int, outdir: Path
) -> Path:
    """Write the pre-filled target workbook of one province; return its path.

    The file is ``outdir/<kode>-<slug>/target_<rencana>.xlsx``: the ``target`` template with
    the proposals of :func:`usulan` (evaluation year = plan year - 1) as rows.
    """
    from kumkm_utils import templates

    frame = usulan(con, province=province, year=plan_year - 1, plan_year=plan_year)
    rows = proposal_rows(frame, province=province, plan_year=plan_year)
    path = Path(outdir) / regions.province(province).folder / f"target_{plan_year}.xlsx"
    return templates.write_template(
        schemas.dataset("target"), path, rows=rows, widths={"keterangan": 90}
    )


# --------------------------------------------------------------------------- command


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``kumkm targets``."""
    parser.add_argument(
        "--propose",
        action="store_true",
        required=True,
        help="write the target workbook of the plan year, pre-filled with proposed targets",
    )
    parser.add_argument("--year", type=int, required=True, help="plan year (tahun rencana)")
    parser.add_argument(
        "--province",
        action="append",
        dest="provinces",
        help="province code (repeatable); default every province with data",
    )
    parser.add_argument("--outdir", type=Path, default=Path("usulan_target"), help="output folder")
    add_warehouse_option(parser)


def run(args: argparse.Namespace) -> int:
    """Write one workbook per province and print their paths; return 0."""
    from kumkm_utils import warehouse

    con = warehouse.connect(args.warehouse)
    try:
        if args.provinces:
            codes = [regions.province(p).kode for p in args.provinces]
        else:
            found = con.execute(
                "SELECT DISTINCT kode_provinsi FROM koperasi WHERE tahun = ? ORDER BY 1",
                [args.year - 1],
            ).fetchall()
            codes = [str(r[0]) for r in found]
        for code in codes:
            print(write_workbook(con, province=code, plan_year=args.year, outdir=args.outdir))  # noqa: T201
    finally:
        con.close()
    return 0
