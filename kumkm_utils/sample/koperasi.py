"""Synthetic cooperatives: a panel of stable identities per province, one row per book year.

Each cooperative keeps its NIK, name, kab/kota, jenis and size across years. Each year some
are dissolved (mostly inactive ones), some are founded, and some hold their RAT. A
cooperative is *Aktif* when its last RAT falls within the last three book years; the
generator chooses who holds RAT so that the active count, the total count and (where
published) the RAT count of each province and year hit :mod:`.calibration` exactly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kumkm_utils import regions
from kumkm_utils.sample.calibration import YEARS_KOPERASI, largest_remainder, rng_for

logger = logging.getLogger(__name__)

_JENIS = np.array(["Konsumen", "Produsen", "Simpan Pinjam", "Pemasaran", "Jasa"])
_JENIS_P = np.array([0.62, 0.19, 0.14, 0.025, 0.025])
_KELOMPOK = {
    "Konsumen": (
        [
            "KPRI/KPN",
            "Kopkar",
            "Kopwan",
            "KSU",
            "Serba Usaha",
            "Koppontren",
            "Primkoppol",
            "Lain-lain",
        ],
        [0.25, 0.2, 0.15, 0.2, 0.08, 0.05, 0.03, 0.04],
    ),
    "Produsen": (
        ["KUD", "Koptan", "Kopinkra", "Kopnel", "Kopkayu", "KSU"],
        [0.4, 0.3, 0.1, 0.08, 0.02, 0.1],
    ),
    "Simpan Pinjam": (["KSP", "KJKS", "Kopwan"], [0.75, 0.15, 0.1]),
    "Pemasaran": (["KSU", "Kopas", "Lain-lain"], [0.5, 0.3, 0.2]),
    "Jasa": (["KSU", "Kopang", "Lain-lain"], [0.4, 0.4, 0.2]),
}
_PREFIX = {
    "KUD": "KUD",
    "Koptan": "Koperasi Tani",
    "KPRI/KPN": "KPRI",
    "Kopkar": "Koperasi Karyawan",
    "Kopwan": "Koperasi Wanita",
    "KSU": "Koperasi Serba Usaha",
    "Serba Usaha": "Koperasi Serba Usaha",
    "KSP": "Koperasi Simpan Pinjam",
    "KJKS": "KSPPS",
    "Koppontren": "Kopontren",
    "Primkoppol": "Primkoppol",
    "Kopinkra": "Kopinkra",
    "Kopnel": "Koperasi Nelayan",
    "Kopkayu": "Koperasi Kayu",
    "Kopas": "Koperasi Pasar",
    "Kopang": "Koperasi Angkutan",
    "Lain-lain": "Koperasi",
}
_WORDS = np.array(
    [
        "Maju",
        "Bersama",
        "Sejahtera",
        "Makmur",
        "Mandiri",
        "Sentosa",
        "Harapan",
        "Jaya",
        "Karya",
        "Bina",
        "Sumber",
        "Rezeki",
        "Berkah",
        "Mitra",
        "Abadi",
        "Lestari",
        "Sinar",
        "Baru",
        "Setia",
        "Amanah",
        "Mulia",
        "Utama",
        "Sukses",
        "Barokah",
        "Citra",
        "Swadaya",
        "Gotong Royong",
        "Cahaya",
        "Tunas",
        "Bahari",
        "Melati",
        "Kencana",
        "Pelita",
        "Sehati",
        "Rukun",
        "Damai",
    ]
)
_RAT_SHARE = {
    2016: 0.55,
    2017: 0.57,
    2018: 0.6,
    2019: 0.62,
    2020: 0.45,
    2021: 0.5,
    2022: 0.6,
    2023: 0.63,
    2024: 0.65,
    2025: 0.62,
}
_KDKMP_TAHUN = 2025
"""First year of Koperasi Desa/Kelurahan Merah Putih in the sample."""
_RAT_MONTH_P = np.array([0.05, 0.15, 0.30, 0.25, 0.10, 0.07, 0.03, 0.02, 0.01, 0.01, 0.005, 0.005])
_PREDIKAT = np.array(["Sehat", "Cukup Sehat", "Dalam Pengawasan", "Dalam Pengawasan Khusus"])
_PREDIKAT_P = np.array([0.3, 0.45, 0.2, 0.05])


@dataclass(frozen=True)
class ProvinceTargets:
    """What one province's koperasi panel must hit each year (already scaled)."""

    aktif: dict[int, int]
    total: dict[int, int]
    rat: dict[int, int | None]
    money: dict[str, dict[int, float]]
    """Column (``volume_usaha_rp``, ..., ``anggota``, ``tenaga_kerja``) → year → province total."""


def _pick(
    rng: np.random.Generator, candidates: np.ndarray, k: int, weights: np.ndarray
) -> np.ndarray:
    """Weighted sample of ``k`` distinct candidates (Efraimidis-Spirakis keys)."""
    if k <= 0:
        return candidates[:0]
    if k >= len(candidates):
        return candidates
    keys = np.log(rng.random(len(candidates))) / np.maximum(weights, 1e-9)
    return candidates[np.argpartition(-keys, k - 1)[:k]]


class _Panel:
    """Growing arrays of cooperative identities of one province."""

    def __init__(self, rng: np.random.Generator, kab_codes: list[str], kab_w: np.ndarray) -> None:
        self.rng = rng
        self.kab_codes = np.array(kab_codes)
        self.kab_w = kab_w / kab_w.sum()
        self.cols: dict[str, list[np.ndarray]] = {}
        self.n = 0
        self._flat: dict[str, np.ndarray] | None = None

    def add(self, k: int, founded: np.ndarray) -> np.ndarray:
        rng = self.rng
        jenis = rng.choice(_JENIS, size=k, p=_JENIS_P)
        kelompok = np.empty(k, dtype=object)
        for j, (names, p) in _KELOMPOK.items():
            idx = np.flatnonzero(jenis == j)
            kelompok[idx] = rng.choice(names, size=len(idx), p=np.array(p) / sum(p))
        w1, w2 = rng.choice(_WORDS, size=k), rng.choice(_WORDS, size=k)
        names = np.array(
            [
                f"{_PREFIX[g]} {a} {b}" if a != b else f"{_PREFIX[g]} {a}"
                for g, a, b in zip(kelompok, w1, w2, strict=True)
            ],
            dtype=object,
        )
        if k and int(founded.min()) >= _KDKMP_TAHUN:
            # Koperasi Desa/Kelurahan Merah Putih (Inpres 9/2025, launched July 2025): every
            # other cooperative founded from 2025 takes the official name pattern (no random
            # draw, so every other sample figure is unchanged)
            names[::2] = [f"Koperasi Desa Merah Putih {w}" for w in w1[::2]]
        usp = (jenis == "Simpan Pinjam") | (rng.random(k) < 0.3)
        female = np.where(kelompok == "Kopwan", 1.0, rng.beta(4, 5, k))
        new = {
            "kab": rng.choice(self.kab_codes, size=k, p=self.kab_w),
            "jenis": jenis,
            "kelompok": kelompok,
            "nama": names,
            "usp": usp,
            "size": rng.lognormal(0, 1.3, k),
            "members": rng.lognormal(4.2, 1.1, k),
            "female": female,
            "diligence": rng.lognormal(0, 0.5, k),
            "founded": founded,
            "L": np.full(k, -1, dtype=np.int64),
            "alive": np.ones(k, dtype=bool),
        }
        for key, arr in new.items():
            self.cols.setdefault(key, []).append(arr)
        ids = np.arange(self.n, self.n + k)
        self.n += k
        self._flat = None
        return ids

    def arrays(self) -> dict[str, np.ndarray]:
        if self._flat is None:
            self._flat = {k: np.concatenate(v) for k, v in self.cols.items()}
            self.cols = {k: [v] for k, v in self._flat.items()}
        return self._flat


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
    panel = _Panel(rng, kab["kode_kabkota"].tolist(), kab_w)
    prov_factor = float(np.exp(rng.normal(0, 0.12)))
    years = list(YEARS_KOPERASI)
    forced = 0
    frames: dict[int, pd.DataFrame] = {}
    _found(rng, panel, targets, years[0], prov_factor)
    for year in years:
        if year > years[0]:
            forced += _next_year(rng, panel, targets, year, prov_factor)
        frames[year] = _rows(code, year, panel.arrays(), targets, seed)
    if forced:
        logger.debug(
            "province %s: %d cooperatives demoted to keep active counts exact", code, forced
        )
    return frames


def _found(
    rng: np.random.Generator,
    panel: _Panel,
    targets: ProvinceTargets,
    first: int,
    prov_factor: float,
) -> None:
    """The cooperatives of the first book year: who is active and who held RAT that year."""
    n0, a0 = targets.total[first], targets.aktif[first]
    ids = panel.add(n0, rng.integers(1975, first, n0))
    a = panel.arrays()
    active = ids[:a0]
    r0 = targets.rat[first] or round(a0 * min(0.9, _RAT_SHARE[first] * prov_factor))
    a["L"][active] = rng.choice([first - 2, first - 1], size=a0)
    a["L"][active[:r0]] = first
    a["L"][ids[a0:]] = first - 3 - rng.geometric(0.3, n0 - a0)


def _next_year(
    rng: np.random.Generator, panel: _Panel, targets: ProvinceTargets, year: int, prov_factor: float
) -> int:
    """Move the panel on to ``year`` (deaths, births, revivals, RAT) so that it hits the year's
    targets; return how many cooperatives were demoted to keep the active count exact."""
    a = panel.arrays()
    b = _dissolve(rng, a, targets, year)
    safe, unsafe, x, b, forced = _revival_pool(rng, a, targets.aktif[year], b, year)
    revive_w = np.where(a["L"][unsafe] == year - 3, 6.0, 1.0) * a["diligence"][unsafe]
    revived = _pick(rng, unsafe, x, revive_w)
    new = panel.add(b, np.full(b, year)) if b else np.array([], dtype=np.int64)
    a = panel.arrays()
    held = _rat_holders(rng, a, targets, year, safe, x=x, b=b, prov_factor=prov_factor)
    a["L"][revived] = year
    a["L"][held] = year
    a["L"][new] = year
    return forced


def _dissolve(
    rng: np.random.Generator, a: dict[str, np.ndarray], targets: ProvinceTargets, year: int
) -> int:
    """Dissolve this year's cooperatives (mostly inactive ones); return how many are founded."""
    n_t, a_t = targets.total[year], targets.aktif[year]
    alive = np.flatnonzero(a["alive"])
    death_rate = 0.12 if year == 2018 else 0.025
    # a pinned RAT count leaves no room for new cooperatives (they hold their first RAT)
    b_min = 0 if targets.rat[year] is not None else round(0.005 * n_t)
    d = max(round(len(alive) * death_rate), len(alive) - n_t + b_min)
    b = n_t - len(alive) + d
    safe_mask = a["L"][alive] >= year - 2
    x = a_t - int(safe_mask.sum()) - b
    if x < 0:  # fewer births (and deaths), but keep a few new cooperatives each year
        shift = max(0, min(b - b_min, -x, d))
        b, d = b - shift, d - shift
    # deaths: mostly inactive cooperatives, rarely a safe one
    w_death = np.where(safe_mask, 0.05, 1.0)
    dead = _pick(rng, alive, d, w_death)
    a["alive"][dead] = False
    return b


def _revival_pool(
    rng: np.random.Generator, a: dict[str, np.ndarray], a_t: int, b: int, year: int
) -> tuple[np.ndarray, np.ndarray, int, int, int]:
    """Living cooperatives that are safe (RAT in the last three book years) and unsafe, how
    many unsafe ones to revive, the births (raised when too few are left to revive) and how
    many safe ones were demoted."""
    alive = np.flatnonzero(a["alive"])
    safe = alive[a["L"][alive] >= year - 2]
    unsafe = alive[a["L"][alive] < year - 2]
    x = a_t - len(safe) - b
    forced = 0
    if x > len(unsafe):
        extra = x - len(unsafe)
        b += extra
        x = len(unsafe)
        kill = _pick(rng, unsafe, extra, np.ones(len(unsafe)))  # replace by new ones
        a["alive"][kill] = False
        unsafe = np.setdiff1d(unsafe, kill)
        x = min(x, len(unsafe))
    if x < 0:
        # more recently-RAT cooperatives than active ones: demote the oldest
        forced = -x
        order = safe[np.argsort(a["L"][safe], kind="stable")]
        demote = order[:-x]
        a["L"][demote] = year - 3
        safe = np.setdiff1d(safe, demote)
        x = 0
    return safe, unsafe, x, b, forced


def _rat_holders(
    rng: np.random.Generator,
    a: dict[str, np.ndarray],
    targets: ProvinceTargets,
    year: int,
    safe: np.ndarray,
    *,
    x: int,
    b: int,
    prov_factor: float,
) -> np.ndarray:
    """The safe cooperatives that hold RAT this year (revived and new ones hold it too)."""
    a_t = targets.aktif[year]
    r_t = targets.rat[year]
    if r_t is None:
        r_t = round(
            a_t * min(0.9, _RAT_SHARE[year] * prov_factor * float(np.exp(rng.normal(0, 0.05))))
        )
    y = max(0, r_t - x - b)
    # Look ahead: next year's safe set is whoever held RAT this year or last year. When
    # next year's active count is low, RAT goes to last year's holders again (the union
    # stays small); otherwise it is spread to those who skipped last year.
    a_next = targets.aktif.get(year + 1, a_t)
    last = int((a["L"][safe] == year - 1).sum())
    # ... unless a pinned (low) RAT count follows: then RAT must be spread out
    pinned_ahead = any(targets.rat.get(year + k) is not None for k in (1, 2))
    repeat = a_next < (last + y + x + b) * 1.05 and not pinned_ahead
    spread_w = np.where(a["L"][safe] < year - 1, 2.0, 1.0)
    repeat_w = np.where(a["L"][safe] == year - 1, 8.0, 1.0)
    rat_w = a["diligence"][safe] * (repeat_w if repeat else spread_w)
    return _pick(rng, safe, min(y, len(safe)), rat_w)


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
