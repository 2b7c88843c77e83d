"""Synthetic cooperatives: one row per cooperative and book year, from the province's panel.

The panel (:mod:`.koperasi_panel`) keeps each cooperative's identity across years and decides
who is dissolved, founded, revived and holds RAT so that the active, total and (where
published) RAT counts of each province and year hit :mod:`.calibration` exactly; this module
draws each year's rows from it (RAT date, members, staff, money fitted to the province totals,
health rating). A cooperative is *Aktif* when its last RAT falls within the last three book
years.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from kumkm_utils import regions
from kumkm_utils.sample.calibration import YEARS_KOPERASI, largest_remainder, rng_for
from kumkm_utils.sample.koperasi_panel import Panel, ProvinceTargets, found, next_year

logger = logging.getLogger(__name__)

_RAT_MONTH_P = np.array([0.05, 0.15, 0.30, 0.25, 0.10, 0.07, 0.03, 0.02, 0.01, 0.01, 0.005, 0.005])
_PREDIKAT = np.array(["Sehat", "Cukup Sehat", "Dalam Pengawasan", "Dalam Pengawasan Khusus"])
_PREDIKAT_P = np.array([0.3, 0.45, 0.2, 0.05])


def _fit_total(raw: np.ndarray, total: float) -> np.ndarray:
    """Integer rupiah values proportional to ``raw`` (may be signed) that sum to ``total``."""
    if len(raw) == 0:
        return raw.astype(float)
    s = raw.sum()
    vals = np.floor(raw * (total / s)) if s != 0 else np.zeros(len(raw))
    vals[int(np.argmax(np.abs(vals)))] += total - vals.sum()
    return vals


def generate(code: str, targets: ProvinceTargets, *, seed: int) -> dict[int, pd.DataFrame]:
    """Return the koperasi rows of one province, one frame per book year.

    Parameters
    ----------
    code : str
        Province code (``"74"``).
    targets : ProvinceTargets
        Counts and totals to hit each year.
    seed : int
        Sample seed.

    Returns
    -------
    dict
        Year → frame with the columns of :data:`kumkm_utils.schemas.KOPERASI` in schema
        dtypes (before any injected mistake).
    """
    rng = rng_for(seed, code, "koperasi-panel")
    kab = regions.kabkota(code)
    kab_w = rng.lognormal(0, 0.7, len(kab)) * np.where(kab["jenis"] == "Kota", 0.8, 1.0)
    panel = Panel(rng, kab["kode_kabkota"].tolist(), kab_w)
    prov_factor = float(np.exp(rng.normal(0, 0.12)))
    years = list(YEARS_KOPERASI)
    forced = 0
    frames: dict[int, pd.DataFrame] = {}
    found(rng, panel, targets, years[0], prov_factor)
    for year in years:
        if year > years[0]:
            forced += next_year(rng, panel, targets, year, prov_factor)
        frames[year] = _rows(code, year, panel.arrays(), targets, seed)
    if forced:
        logger.debug(
            "province %s: %d cooperatives demoted to keep active counts exact", code, forced
        )
    return frames


def _rows(
    code: str, year: int, a: dict[str, np.ndarray], targets: ProvinceTargets, seed: int
) -> pd.DataFrame:
    """Build one book year's rows from the panel state."""
    rng = rng_for(seed, code, "koperasi", year)
    idx = np.flatnonzero(a["alive"])
    n = len(idx)
    L = a["L"][idx]
    aktif = L >= year - 2
    rat = L == year
    act = np.flatnonzero(aktif)
    month = rng.choice(np.arange(1, 13), size=n, p=_RAT_MONTH_P / _RAT_MONTH_P.sum())
    day = rng.integers(1, 29, n)
    dates = pd.to_datetime({"year": np.full(n, year + 1), "month": month, "day": day})
    size = a["size"][idx] * np.exp(rng.normal(0, 0.25, n)) * (1.04 ** (year - 2016))
    money = _finances(rng, size, a["jenis"][idx] == "Simpan Pinjam", act, targets, year)
    male, female = _members(rng, a, idx, act, targets, year)
    manajer, karyawan = _staff(rng, size, act, targets, year)
    usp = a["usp"][idx]
    predikat, bermasalah = _health(rng, usp, aktif)
    frame = pd.DataFrame(
        {
            **_identity(a, idx, year, aktif),
            "rat_dilaksanakan": pd.array(rat, dtype="boolean"),
            "tanggal_rat": pd.Series(dates).where(rat).astype("datetime64[ns]"),
            "anggota_laki_laki": pd.array(male, dtype="Float64").astype("Int64"),
            "anggota_perempuan": pd.array(female, dtype="Float64").astype("Int64"),
            "manajer": pd.array(manajer, dtype="Float64").astype("Int64"),
            "karyawan": pd.array(karyawan, dtype="Float64").astype("Int64"),
            **{c: pd.array(money[c], dtype="Float64") for c in _MONEY_COLUMNS},
            "punya_usp": pd.array(usp, dtype="boolean"),
            "predikat_kesehatan": pd.array(predikat, dtype="string"),
            "bermasalah": pd.array(bermasalah, dtype="boolean"),
        }
    )
    return frame.sort_values(["kode_kabkota", "nik_koperasi"], kind="stable").reset_index(drop=True)


_MONEY_COLUMNS = ("modal_sendiri_rp", "modal_luar_rp", "aset_rp", "volume_usaha_rp", "shu_rp")
"""Rupiah columns of a koperasi row, in schema order."""


def _identity(
    a: dict[str, np.ndarray], idx: np.ndarray, year: int, aktif: np.ndarray
) -> dict[str, pd.api.extensions.ExtensionArray]:
    """NIK, year, name, kab/kota, jenis, kelompok and status columns of the living panel."""
    nik = np.array(
        [f"{k.replace('.', '')}{i:06d}" for k, i in zip(a["kab"][idx], idx, strict=True)],
        dtype=object,
    )
    return {
        "nik_koperasi": pd.array(nik, dtype="string"),
        "tahun": pd.array(np.full(len(idx), year), dtype="Int64"),
        "nama_koperasi": pd.array(a["nama"][idx], dtype="string"),
        "kode_kabkota": pd.array(a["kab"][idx], dtype="string"),
        "jenis_koperasi": pd.array(a["jenis"][idx], dtype="string"),
        "kelompok_koperasi": pd.array(a["kelompok"][idx], dtype="string"),
        "status_koperasi": pd.array(np.where(aktif, "Aktif", "Tidak Aktif"), dtype="string"),
    }


def _finances(
    rng: np.random.Generator,
    size: np.ndarray,
    is_ksp: np.ndarray,
    act: np.ndarray,
    targets: ProvinceTargets,
    year: int,
) -> dict[str, np.ndarray]:
    """Rupiah columns: active cooperatives share the province totals, inactive ones are blank."""
    vol_raw = size[act] * np.where(is_ksp[act], 0.6, 1.0)
    aset_raw = size[act] * np.where(is_ksp[act], 2.2, 1.0) * np.exp(rng.normal(0, 0.3, len(act)))
    ms_share = rng.beta(5, 5, len(act))
    margin = rng.normal(0.045, 0.04, len(act))
    loss = rng.random(len(act)) < 0.08
    margin[loss] = -np.abs(rng.normal(0.03, 0.02, int(loss.sum())))
    raws = {
        "volume_usaha_rp": vol_raw,
        "aset_rp": aset_raw,
        "modal_sendiri_rp": aset_raw * ms_share,
        "modal_luar_rp": aset_raw * (1 - ms_share),
        "shu_rp": vol_raw * margin,
    }
    money: dict[str, np.ndarray] = {}
    for col, raw in raws.items():
        full = np.full(len(size), np.nan)
        full[act] = _fit_total(raw, targets.money[col][year])
        money[col] = full
    return money


def _members(
    rng: np.random.Generator,
    a: dict[str, np.ndarray],
    idx: np.ndarray,
    act: np.ndarray,
    targets: ProvinceTargets,
    year: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Male and female members: active cooperatives share the province total."""
    members = np.full(len(idx), np.nan)
    mem_raw = a["members"][idx][act] * np.exp(rng.normal(0, 0.1, len(act)))
    members[act] = largest_remainder(int(targets.money["anggota"][year]), mem_raw)
    female = np.round(members * a["female"][idx])
    return members - female, female


def _staff(
    rng: np.random.Generator,
    size: np.ndarray,
    act: np.ndarray,
    targets: ProvinceTargets,
    year: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Manager (0 or 1) and employees: active cooperatives share the province's workers."""
    n = len(size)
    workers = np.full(n, np.nan)
    workers[act] = largest_remainder(
        int(targets.money["tenaga_kerja"][year]), np.sqrt(size[act]) + 0.3
    )
    manajer = np.where(
        workers >= 1, (rng.random(n) < 0.6).astype(float), np.where(np.isnan(workers), np.nan, 0.0)
    )
    return manajer, workers - manajer


def _health(
    rng: np.random.Generator, usp: np.ndarray, aktif: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Health rating of assessed savings-and-loan units, and which units are troubled."""
    n = len(usp)
    assessed = usp & aktif & (rng.random(n) < 0.25)
    predikat = np.where(assessed, rng.choice(_PREDIKAT, size=n, p=_PREDIKAT_P), None)
    bermasalah = usp & (rng.random(n) < np.where(aktif, 0.004, 0.01))
    return predikat, bermasalah
