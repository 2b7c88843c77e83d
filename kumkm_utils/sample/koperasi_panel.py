"""The koperasi panel of one province: stable identities and what changes from year to year.

Each cooperative keeps its NIK, name, kab/kota, jenis and size across years (:class:`Panel`).
The first year founds the panel (:func:`found`); each later year (:func:`next_year`) some
cooperatives are dissolved (mostly inactive ones), some are founded or revived, and some hold
their RAT, chosen so that the active count, the total count and (where published) the RAT count
of the province hit :class:`ProvinceTargets` exactly. :mod:`.koperasi` turns each year's panel
state into rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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


class Panel:
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


def found(
    rng: np.random.Generator,
    panel: Panel,
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


def next_year(
    rng: np.random.Generator, panel: Panel, targets: ProvinceTargets, year: int, prov_factor: float
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
