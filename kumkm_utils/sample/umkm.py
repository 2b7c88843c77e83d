"""Synthetic UMKM: a panel of businesses per province with stable ``id_umkm`` across years.

Each year some businesses close, some open, a few move up a size class (*naik kelas*) and a
few move down; the class counts of each province and year equal :func:`.calibration.umkm_counts`.
Capital and turnover stay inside the PP 7/2021 band of the size class. Shares with NIB and
with digital marketing rise over time; exporters are rare; about half the owners are women.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from kumkm_utils import regions
from kumkm_utils.sample.calibration import YEARS_UMKM, rng_for

CLASSES = ("Mikro", "Kecil", "Menengah")
_KATEGORI = {
    "G": 0.46,
    "I": 0.17,
    "C": 0.16,
    "A": 0.05,
    "S": 0.05,
    "H": 0.03,
    "F": 0.02,
    "M": 0.01,
    "N": 0.01,
    "P": 0.01,
    "Q": 0.01,
    "J": 0.01,
    "R": 0.01,
}
_KBLI = {
    "G": ["47111", "47211", "47241", "47711", "47191", "46311"],
    "I": ["56101", "56102", "56103", "56303"],
    "C": ["10792", "10710", "10794", "13134", "14111", "16291", "31001"],
    "A": ["01131", "01411", "03121", "01136"],
    "S": ["96111", "95220", "96121"],
    "H": ["49424", "49431"],
    "F": ["43300"],
    "M": ["74130"],
    "N": ["82920"],
    "P": ["85495"],
    "Q": ["86903"],
    "J": ["63122"],
    "R": ["93290"],
}
_FOOD = ("A", "C", "I")
# PP 7/2021 bands (Rp): (modal low, modal high, omzet low, omzet high)
_BANDS = {
    "Mikro": (1e6, 1e9, 5e6, 2e9),
    "Kecil": (1e9, 5e9, 2e9, 15e9),
    "Menengah": (5e9, 10e9, 15e9, 50e9),
}
_NIB_SHARE = {2021: 0.25, 2022: 0.34, 2023: 0.44, 2024: 0.54, 2025: 0.62}
_DIGITAL_SHARE = {2021: 0.22, 2022: 0.28, 2023: 0.35, 2024: 0.42, 2025: 0.48}
_AGE = (np.array(["15-30", "31-45", "46-60", "61+"]), np.array([0.18, 0.38, 0.32, 0.12]))


class _Units:
    """Persistent attributes of the businesses of one province."""

    def __init__(self, rng: np.random.Generator, code: str) -> None:
        kab = regions.kabkota(code)
        self.rng = rng
        self.kab_codes = kab["kode_kabkota"].to_numpy()
        w = rng.lognormal(0, 0.6, len(kab))
        self.kab_w = w / w.sum()
        self.code = code
        self.a: dict[str, np.ndarray] = {}

    def add(self, klass: np.ndarray) -> None:
        rng, k = self.rng, len(klass)
        if k == 0:
            return
        start = len(self.a.get("klass", ()))
        kat = rng.choice(
            np.array(list(_KATEGORI)),
            size=k,
            p=np.array(list(_KATEGORI.values())) / sum(_KATEGORI.values()),
        )
        kbli = np.array(
            [_KBLI[c][i % len(_KBLI[c])] for c, i in zip(kat, rng.integers(0, 7, k), strict=True)],
            dtype=object,
        )
        kbli[rng.random(k) < 0.15] = None
        kabs = rng.choice(self.kab_codes, size=k, p=self.kab_w)
        new = {
            "id": np.array(
                [f"{kb.replace('.', '')}-{start + i:07d}" for i, kb in enumerate(kabs)],
                dtype=object,
            ),
            "kab": kabs,
            "kat": kat,
            "kbli": kbli,
            "klass": np.asarray(klass, dtype=object),
            "alive": np.ones(k, dtype=bool),
            "female": rng.random(k) < np.where(np.isin(kat, ("I", "C", "S")), 0.62, 0.42),
            "age": rng.choice(_AGE[0], size=k, p=_AGE[1]),
            "u_nib": rng.random(k),
            "u_dig": rng.random(k),
            "u_halal": rng.random(k),
            "nib": np.array([f"91{v:011d}" for v in rng.integers(0, 10**11, k)], dtype=object),
            "pos": rng.random(k),
            "pos2": rng.random(k),
            "export": rng.random(k),
            "mbg": rng.random(k),
            "pirt": rng.random(k),
            "sni": rng.random(k),
        }
        for key, arr in new.items():
            self.a[key] = np.concatenate([self.a[key], arr]) if key in self.a else arr


def generate(
    code: str, counts: dict[tuple[int, str], int], *, seed: int, years: tuple[int, ...] = YEARS_UMKM
) -> Iterator[tuple[int, pd.DataFrame]]:
    """Yield ``(year, frame)`` with the UMKM rows of one province, year by year.

    The panel is always simulated from 2021 so that any subset of years gives the same rows.
    Frames are in schema dtypes (before injected mistakes).
    """
    rng = rng_for(seed, code, "umkm-panel")
    units = _Units(rng, code)
    for year in YEARS_UMKM:
        target = {k: counts[(year, k)] for k in CLASSES}
        if year == YEARS_UMKM[0]:
            units.add(np.repeat(np.array(CLASSES, dtype=object), [target[k] for k in CLASSES]))
        else:
            a = units.a
            alive = np.flatnonzero(a["alive"])
            close = alive[rng.random(len(alive)) < 0.04]
            a["alive"][close] = False
            for lo, hi, share in (("Mikro", "Kecil", 0.15), ("Kecil", "Menengah", 0.05)):
                pool = np.flatnonzero(a["alive"] & (a["klass"] == lo))
                n_up = min(len(pool), int(round(target[hi] * share)))
                up = rng.choice(pool, size=n_up, replace=False) if n_up else pool[:0]
                a["klass"][up] = hi
            down_pool = np.flatnonzero(a["alive"] & (a["klass"] == "Kecil"))
            down = down_pool[rng.random(len(down_pool)) < 0.03]
            a["klass"][down] = "Mikro"
            for k in CLASSES:
                have = np.flatnonzero(a["alive"] & (a["klass"] == k))
                if len(have) > target[k]:
                    a["alive"][rng.choice(have, size=len(have) - target[k], replace=False)] = False
                elif len(have) < target[k]:
                    units.add(np.array([k] * (target[k] - len(have)), dtype=object))
        if year in years:
            yield year, _rows(units, year, seed)


def _band(klass: np.ndarray, pos: np.ndarray, which: int) -> np.ndarray:
    lo = np.array([_BANDS[k][2 * which] for k in klass])
    hi = np.array([_BANDS[k][2 * which + 1] for k in klass])
    return np.round(np.exp(np.log(lo) + pos * (np.log(hi) - np.log(lo))) / 1000) * 1000


def _capital_and_turnover(
    rng: np.random.Generator, klass: np.ndarray, pos: np.ndarray, pos2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Modal and omzet inside the PP 7/2021 band of each firm's class (some modal left blank)."""
    n = len(klass)
    # micro firms cluster at the bottom of their band
    pos = np.where(klass == "Mikro", pos**2.5, pos)
    modal = _band(klass, np.clip(pos + rng.normal(0, 0.02, n), 0, 1), 0)
    omzet = _band(
        klass,
        np.clip(np.where(klass == "Mikro", pos2**2, pos2) + rng.normal(0, 0.03, n), 0, 1),
        1,
    )
    modal[rng.random(n) < 0.1] = np.nan
    return modal, omzet


def _workers(rng: np.random.Generator, klass: np.ndarray) -> np.ndarray:
    """Workers within the range of each firm's size class."""
    lo_w = np.select([klass == "Mikro", klass == "Kecil"], [1, 5], 20)
    hi_w = np.select([klass == "Mikro", klass == "Kecil"], [4, 19], 99)
    return np.minimum(
        hi_w, lo_w + rng.poisson(np.select([klass == "Mikro", klass == "Kecil"], [0.7, 4], 15))
    )


def _owner_and_licences(
    a: dict[str, np.ndarray], idx: np.ndarray, klass: np.ndarray, year: int
) -> dict[str, pd.api.extensions.ExtensionArray]:
    """Owner, certificate, marketing, export and MBG columns (no draw: fixed per firm)."""
    food = np.isin(a["kat"][idx], _FOOD)
    step = year - YEARS_UMKM[0]
    return {
        "jenis_kelamin_pemilik": pd.array(
            np.where(a["female"][idx], "Perempuan", "Laki-laki"), dtype="string"
        ),
        "kelompok_umur_pemilik": pd.array(a["age"][idx], dtype="string"),
        "sertifikat_halal": pd.array(
            a["u_halal"][idx] < np.where(food, 0.05 + 0.035 * step, 0.01), dtype="boolean"
        ),
        "izin_pirt": pd.array(food & (a["pirt"][idx] < 0.2 + 0.025 * step), dtype="boolean"),
        "sertifikat_sni": pd.array(
            a["sni"][idx] < np.where(klass == "Mikro", 0.01, 0.08), dtype="boolean"
        ),
        "pemasaran_digital": pd.array(a["u_dig"][idx] < _DIGITAL_SHARE[year], dtype="boolean"),
        "eksportir": pd.array(
            a["export"][idx] < np.select([klass == "Mikro", klass == "Kecil"], [0.001, 0.02], 0.08),
            dtype="boolean",
        ),
        "potensi_pemasok_mbg": pd.array(
            a["mbg"][idx] < np.where(food, 0.22, 0.01), dtype="boolean"
        ),
    }


def _rows(units: _Units, year: int, seed: int) -> pd.DataFrame:
    rng = rng_for(seed, units.code, "umkm", year)
    a = units.a
    idx = np.flatnonzero(a["alive"])
    n = len(idx)
    klass = a["klass"][idx]
    modal, omzet = _capital_and_turnover(rng, klass, a["pos"][idx], a["pos2"][idx])
    workers = _workers(rng, klass)
    has_nib = a["u_nib"][idx] < _NIB_SHARE[year] * np.where(klass == "Mikro", 1.0, 1.5)
    skala = klass.copy()
    skala[rng.random(n) < 0.08] = None
    frame = pd.DataFrame(
        {
            "id_umkm": pd.array(a["id"][idx], dtype="string"),
            "tahun": pd.array(np.full(n, year), dtype="Int64"),
            "nib": pd.array(np.where(has_nib, a["nib"][idx], None), dtype="string"),
            "kode_kabkota": pd.array(a["kab"][idx], dtype="string"),
            "kategori_kbli": pd.array(a["kat"][idx], dtype="string"),
            "kbli": pd.array(a["kbli"][idx], dtype="string"),
            "skala_usaha": pd.array(skala, dtype="string"),
            "modal_usaha_rp": pd.array(modal, dtype="Float64"),
            "omzet_tahunan_rp": pd.array(omzet, dtype="Float64"),
            "tenaga_kerja": pd.array(workers, dtype="Int64"),
            **_owner_and_licences(a, idx, klass, year),
        }
    )
    return frame.sort_values(["kode_kabkota", "id_umkm"], kind="stable").reset_index(drop=True)
