"""Recomputed national totals against the published national series where they mean the same."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from kumkm_utils.rollup.parts import national_totals, province_parts

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Padanan:
    """A published national series that means the same as a recomputed national column."""

    seri: str
    """``indicator`` in ``data/reference/published_national.csv``."""
    kolom: str
    """Column of :func:`national_totals` (or ``persen_ukm``)."""
    indikator: str
    dataset: str


PADANAN: tuple[Padanan, ...] = (
    Padanan("koperasi_aktif_bps", "koperasi_aktif", "Jumlah koperasi aktif", "koperasi"),
    Padanan("koperasi_aktif_kemenkop", "koperasi_aktif", "Jumlah koperasi aktif", "koperasi"),
    Padanan(
        "koperasi_total_kemenkop",
        "jumlah_koperasi",
        "Jumlah koperasi (aktif dan tidak aktif)",
        "koperasi",
    ),
    Padanan(
        "koperasi_rat_kemenkop", "koperasi_rat", "Koperasi aktif yang melaksanakan RAT", "koperasi"
    ),
    Padanan(
        "koperasi_rat_share_kemenkop",
        "persen_rat",
        "Koperasi aktif yang RAT (% dari koperasi aktif)",
        "koperasi",
    ),
    Padanan("anggota_koperasi", "anggota", "Jumlah anggota koperasi", "koperasi"),
    Padanan("anggota_koperasi_kemenkop", "anggota", "Jumlah anggota koperasi", "koperasi"),
    Padanan("anggota_koperasi_kemenkop_ods", "anggota", "Jumlah anggota koperasi", "koperasi"),
    Padanan("volume_usaha_koperasi_bps", "volume_usaha_rp", "Volume usaha koperasi", "koperasi"),
    Padanan(
        "volume_usaha_koperasi_kemenkop", "volume_usaha_rp", "Volume usaha koperasi", "koperasi"
    ),
    Padanan(
        "volume_usaha_koperasi_kemenkop_ods", "volume_usaha_rp", "Volume usaha koperasi", "koperasi"
    ),
    Padanan("aset_koperasi_kemenkop", "aset_rp", "Aset koperasi", "koperasi"),
    Padanan("aset_koperasi_kemenkop_ods", "aset_rp", "Aset koperasi", "koperasi"),
    Padanan("shu_koperasi_kemenkop", "shu_rp", "SHU koperasi", "koperasi"),
    Padanan(
        "permodalan_koperasi_kemenkop",
        "modal_rp",
        "Permodalan koperasi (modal sendiri + modal luar)",
        "koperasi",
    ),
    Padanan("umkm_kemenkop", "jumlah_umkm", "Jumlah UMKM", "umkm"),
    Padanan("usaha_mikro_kemenkop", "mikro", "Jumlah usaha mikro", "umkm"),
    Padanan("usaha_kecil_kemenkop", "kecil", "Jumlah usaha kecil", "umkm"),
    Padanan("usaha_menengah_kemenkop", "menengah", "Jumlah usaha menengah", "umkm"),
)
"""Published national series compared with the recomputed totals. Left out on purpose:
``koperasi_kemenkop``/``koperasi_bps``/``koperasi_kemenkop_ods`` (sources use "jumlah
koperasi" for both all and active cooperatives), ``koperasi_share_pdb*`` (value-added method,
not the volume ÷ PDRB ratio computed here) and UMKM shares of PDB (not in the submissions)."""


PERSEN_UKM_SERI = ("usaha_mikro_kemenkop", "usaha_kecil_kemenkop", "usaha_menengah_kemenkop")
"""Published class counts from which the published % UKM is derived (same year)."""


UNIT_FACTORS = {
    "unit": 1.0,
    "orang": 1.0,
    "persen": 1.0,
    "juta unit": 1e6,
    "juta orang": 1e6,
    "Rp triliun": 1e12,
    "Rp miliar": 1e9,
    "Rp juta": 1e6,
    "Rp": 1.0,
}


_CAVEATS = {
    (
        "koperasi_aktif_bps",
        2024,
    ): "basis pendataan BPS 2024 berbeda dari 2021 (51.505 vs 127.846): bukan tren",
}


_CALIBRATION_NAMES = {
    "koperasi_aktif": "koperasi_aktif",
    "anggota": "anggota",
    "volume_usaha_rp": "volume_usaha_rp",
    "aset_rp": "aset_rp",
    "shu_rp": "shu_rp",
    "modal_rp": "permodalan_rp",
    "jumlah_umkm": "umkm",
    "mikro": "umkm_mikro",
    "kecil": "umkm_kecil",
    "menengah": "umkm_menengah",
}


def _system(seri: str) -> str:
    for suffix, name in (
        ("_kemenkop_ods", "Kemenkop (ODS)"),
        ("_kemenkop", "Kemenkop"),
        ("_bps", "BPS"),
    ):
        if seri.endswith(suffix):
            return name
    return "sumber lain"


def published_national() -> pd.DataFrame:
    """Published national figures (``kumkm_utils.reference``, else the CSV read directly)."""
    from kumkm_utils import reference

    getter = getattr(reference, "published_national", None)
    if getter is not None:
        return getter()
    from kumkm_utils.config import REFERENCE_DIR

    table = pd.read_csv(REFERENCE_DIR / "published_national.csv", dtype=str, keep_default_na=False)
    table["year"] = table["year"].astype("Int64")
    table["value"] = pd.to_numeric(table["value"]).astype("Float64")
    return table


def calibration_targets() -> pd.DataFrame | None:
    """National figures the synthetic sample reproduces (None when the generator is absent)."""
    try:
        from kumkm_utils.sample import published as sample_published
    except ImportError:
        logger.info("kumkm_utils.sample.published not available: calibration not shown")
        return None
    targets = sample_published.targets()
    return targets[targets["scope"] == "nasional"].reset_index(drop=True)


def _calibration_kind(
    targets: pd.DataFrame | None, column: str, year: int, base_value: float
) -> str | None:
    if targets is None or column not in _CALIBRATION_NAMES:
        return None
    rows = targets[(targets["indicator"] == _CALIBRATION_NAMES[column]) & (targets["year"] == year)]
    for value, kind in zip(rows["value"], rows["comparison"], strict=True):
        if abs(float(value) - base_value) <= 1e-6 * max(abs(base_value), 1.0):
            return str(kind)
    return "tidak"


def _published_rows(published: pd.DataFrame) -> pd.DataFrame:
    """Published rows that have a :data:`PADANAN`, in base units, plus the derived % UKM."""
    wanted = {p.seri: p for p in PADANAN}
    table = published[published["indicator"].isin(list(wanted))].copy()
    factors = table["unit"].map(UNIT_FACTORS)
    unknown = table.loc[factors.isna(), "unit"].unique().tolist()
    if unknown:
        logger.warning("published units without a conversion are left out: %s", unknown)
    table = table[factors.notna()].assign(
        nilai_dasar=lambda t: t["value"].astype("float64") * t["unit"].map(UNIT_FACTORS)
    )
    table["kolom"] = table["indicator"].map(lambda s: wanted[s].kolom)
    table["indikator"] = table["indicator"].map(lambda s: wanted[s].indikator)
    table["dataset"] = table["indicator"].map(lambda s: wanted[s].dataset)
    classes = table[table["indicator"].isin(PERSEN_UKM_SERI)].pivot_table(
        index="year", columns="indicator", values="nilai_dasar", aggfunc="first"
    )
    derived = []
    for year, row in classes.iterrows():
        if row.reindex(list(PERSEN_UKM_SERI)).notna().all():
            small_medium = row["usaha_kecil_kemenkop"] + row["usaha_menengah_kemenkop"]
            share = small_medium / row[list(PERSEN_UKM_SERI)].sum() * 100
            derived.append(
                {
                    "year": year,
                    "indicator": "+".join(PERSEN_UKM_SERI),
                    "value": share,
                    "unit": "persen",
                    "nilai_dasar": share,
                    "kolom": "persen_ukm",
                    "indikator": "Usaha kecil dan menengah (% dari UMKM dengan skala diketahui)",
                    "dataset": "umkm",
                    "source_url": "; ".join(
                        sorted(
                            set(
                                table.loc[
                                    table["indicator"].isin(PERSEN_UKM_SERI)
                                    & (table["year"] == year),
                                    "source_url",
                                ]
                            )
                        )
                    ),
                }
            )
    if derived:
        table = pd.concat([table, pd.DataFrame(derived)], ignore_index=True)
    return table


_KALIBRASI = {
    None: pd.NA,
    "exact": "ya",
    "exact_2dp": "ya",
    "about": "ya",
    "exact_scaled": "ya, diskalakan",
}
"""``Sampel dikalibrasi`` of each kind of calibration (anything else: ``tidak``)."""

_COLUMNS = [
    "Indikator",
    "Tahun",
    "Satuan",
    "Hitung ulang",
    "Angka terbitan",
    "Selisih",
    "Selisih (%)",
    "Provinsi dengan data",
    "Seri",
    "Sampel dikalibrasi",
    "Catatan",
]


def _recomputed(nat: pd.DataFrame, item: Any, year: int) -> Any:
    """The recomputed national value of a published figure; None when there is none to compare
    (year or column not recomputed, no province with data for the dataset, value missing)."""
    count_column = f"n_provinsi_{item.dataset}"
    if year not in nat.index or item.kolom not in nat.columns or nat.at[year, count_column] == 0:
        return None
    recomputed = nat.at[year, item.kolom]
    if pd.isna(recomputed):
        return None
    return recomputed


def _persen_ukm_calibration(
    calibration: pd.DataFrame | None, table: pd.DataFrame, year: int
) -> str | None:
    """The calibration kind of the % UKM: that of its three class counts when they agree."""
    kinds = set()
    for column, seri in zip(("mikro", "kecil", "menengah"), PERSEN_UKM_SERI, strict=True):
        chosen = (table["indicator"] == seri) & (table["year"] == year)
        base_value = float(table.loc[chosen, "nilai_dasar"].iloc[0])
        kinds.add(_calibration_kind(calibration, column, year, base_value))
    return kinds.pop() if len(kinds) == 1 else "tidak"


def _notes(item: Any, year: int, kind: str | None, is_share: bool) -> list[str]:
    """``Catatan`` of a comparison: the series and its source, then derivation and caveats."""
    notes = [f"seri {item.indicator} ({_system(item.indicator)}); sumber: {item.source_url}"]
    if item.kolom == "persen_ukm":
        notes.insert(
            0, "angka terbitan dihitung dari jumlah usaha mikro, kecil dan menengah Kemenkop"
        )
    if (item.indicator, year) in _CAVEATS:
        notes.append(_CAVEATS[(item.indicator, year)])
    if kind == "exact_scaled" and not is_share:
        notes.append(
            "sampel sintetis memuat sebagian unit UMKM (angka terbitan × fraksi sampel): "
            "jumlahnya tidak sebanding, porsinya sebanding"
        )
    return notes


def _comparison_row(
    item: Any, year: int, recomputed: Any, n_provinces: int, kind: str | None
) -> dict[str, Any]:
    """One row of :func:`perbandingan_terbitan`: the recomputed value in the published unit."""
    factor = UNIT_FACTORS[item.unit]
    value = float(recomputed) / factor
    difference = value - float(item.value)
    is_share = item.unit == "persen"
    notes = _notes(item, year, kind, is_share)
    return {
        "Indikator": item.indikator,
        "Tahun": year,
        "Satuan": item.unit,
        "Hitung ulang": value,
        "Angka terbitan": float(item.value),
        "Selisih": difference,
        "Selisih (%)": pd.NA
        if is_share or float(item.value) == 0
        else difference / float(item.value) * 100,
        "Provinsi dengan data": n_provinces,
        "Seri": item.indicator,
        "Sampel dikalibrasi": _KALIBRASI.get(kind, "tidak"),
        "Catatan": "; ".join(notes),
    }


def _comparison_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The rows of :func:`perbandingan_terbitan` with their column types."""
    out = pd.DataFrame(rows, columns=_COLUMNS)
    for column in ("Hitung ulang", "Angka terbitan", "Selisih", "Selisih (%)"):
        out[column] = pd.to_numeric(out[column]).astype("Float64")
    out["Tahun"] = out["Tahun"].astype("int64")
    out["Sampel dikalibrasi"] = out["Sampel dikalibrasi"].astype("string")
    return out


def perbandingan_terbitan(
    national: pd.DataFrame,
    *,
    published: pd.DataFrame | None = None,
    calibration: pd.DataFrame | None = None,
    until_year: int | None = None,
) -> pd.DataFrame:
    """Compare recomputed national totals with the published national series where they overlap.

    A row is made for each published figure of a :data:`PADANAN` series (and the % UKM derived
    from the published class counts) whose year has recomputed data from at least one province.

    Parameters
    ----------
    national
        :func:`national_totals` over the years to compare (:func:`national_series`).
    published
        Published national figures; default :func:`published_national`.
    calibration
        :func:`calibration_targets` (synthetic sample only), to say which figures the sample
        was built to reproduce; None leaves ``Sampel dikalibrasi`` empty.
    until_year
        Leave out later years.

    Returns
    -------
    pandas.DataFrame
        ``Indikator``, ``Tahun``, ``Satuan`` (the published unit), ``Hitung ulang`` (in that
        unit), ``Angka terbitan``, ``Selisih`` (recomputed − published), ``Selisih (%)`` (of
        the published figure; empty for percentages), ``Provinsi dengan data``, ``Seri``,
        ``Sampel dikalibrasi`` (``ya``, ``ya, diskalakan`` or ``tidak``), ``Catatan`` (the
        series, its source and caveats).
    """
    table = _published_rows(published_national() if published is None else published)
    nat = national.set_index("tahun")
    rows = []
    for item in table.sort_values(["kolom", "year", "indicator"]).itertuples(index=False):
        year = int(item.year)
        if until_year is not None and year > until_year:
            continue
        recomputed = _recomputed(nat, item, year)
        if recomputed is None:
            continue
        if item.kolom == "persen_ukm":
            kind = _persen_ukm_calibration(calibration, table, year)
        else:
            kind = _calibration_kind(calibration, item.kolom, year, float(item.nilai_dasar))
        n_provinces = int(nat.at[year, f"n_provinsi_{item.dataset}"])
        rows.append(_comparison_row(item, year, recomputed, n_provinces, kind))
    return _comparison_frame(rows)


def national_series(
    con: duckdb.DuckDBPyConnection, *, year: int, first_year: int | None = None
) -> pd.DataFrame:
    """National totals for every year from ``first_year`` to ``year``.

    ``first_year`` defaults to the first year of the published national series.
    """
    if first_year is None:
        first_year = int(published_national()["year"].min())
    first_year = min(int(first_year), int(year))
    parts = province_parts(con, year=year, n_years=int(year) - first_year + 1, transitions=False)
    return national_totals(parts)


__all__ = [
    "Padanan",
    "PADANAN",
    "PERSEN_UKM_SERI",
    "UNIT_FACTORS",
    "published_national",
    "calibration_targets",
    "perbandingan_terbitan",
    "national_series",
]
