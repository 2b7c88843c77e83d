"""Calibration of the synthetic sample: the per-province counts and totals it writes.

Every count and total the sample generator writes is derived here, before any row exists:

1. national paths per year (active cooperatives, business volume, assets, ...), taken from
   one documented series per indicator (:data:`.published.NATIONAL_ANCHORS`, see
   ``data/README.md``) and filled in between published years by log-linear interpolation;
2. pinned province values: published province figures (:func:`.published.pins`), reproduced
   exactly;
3. the remainder of each national total, spread over the other provinces in proportion to
   a size proxy (population 2020, see :data:`.proxies.PROXY`) with seeded noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kumkm_utils.sample.proxies import PROXY, provinces
from kumkm_utils.sample.published import KALBAR_2024, NATIONAL_ANCHORS, UMKM_CLASS_2021, pins

YEARS_KOPERASI = tuple(range(2016, 2026))
YEARS_UMKM = tuple(range(2021, 2026))

UMKM_FRACTION = 1 / 500
"""Default share of full-scale UMKM units written as rows (1 row per 500 units)."""


def interpolate(anchors: dict[int, float], years: tuple[int, ...]) -> dict[int, float]:
    """Log-linear interpolation between anchor years, flat beyond the first and last anchor.

    Parameters
    ----------
    anchors : dict
        Year to positive value.
    years : tuple of int
        Years wanted.

    Returns
    -------
    dict
        Year to value; anchor years keep their exact value.

    Examples
    --------
    >>> round(interpolate({2020: 100.0, 2022: 121.0}, (2021,))[2021], 6)
    110.0
    """
    xs = sorted(anchors)
    logs = np.log([anchors[x] for x in xs])
    out = {}
    for y in years:
        out[y] = anchors[y] if y in anchors else float(np.exp(np.interp(y, xs, logs)))
    return out


def national_path(indicator: str, years: tuple[int, ...] = YEARS_KOPERASI) -> dict[int, float]:
    """Return the national path of one indicator (published anchors + interpolation)."""
    return interpolate({y: v for y, (v, _) in NATIONAL_ANCHORS[indicator].items()}, years)


def rng_for(seed: int, *parts: object) -> np.random.Generator:
    """Return a numpy Generator seeded by ``seed`` and a tuple of labels (stable across runs).

    Examples
    --------
    >>> first = float(rng_for(1, "74", "koperasi", 2021).random())
    >>> first == float(rng_for(1, "74", "koperasi", 2021).random())
    True
    """
    words = [int(seed)]
    for part in parts:
        text = str(part).encode()
        words.append(int.from_bytes(text[:16].ljust(16, b"\0"), "little") % (2**63))
        words.append(len(text))
    return np.random.default_rng(np.random.SeedSequence(words))


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Split an integer ``total`` into integers proportional to ``weights`` (Hamilton method).

    Examples
    --------
    >>> largest_remainder(10, np.array([1.0, 1.0, 1.0])).tolist()
    [4, 3, 3]
    """
    weights = np.asarray(weights, dtype=float)
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    raw = weights / weights.sum() * total
    base = np.floor(raw).astype(np.int64)
    rest = int(total - base.sum())
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:rest]] += 1
    return base


def _allocate(
    national: dict[int, float],
    fixed: dict[tuple[str, int], float],
    weights: dict[tuple[str, int], float],
    *,
    integer: bool,
) -> dict[tuple[str, int], float]:
    """Spread each year's national value: fixed cells exact, the rest by weight."""
    out: dict[tuple[str, int], float] = {}
    codes = provinces()
    for year, total in national.items():
        free = [c for c in codes if (c, year) not in fixed]
        rest = total - sum(fixed.get((c, year), 0.0) for c in codes)
        if rest <= 0:
            raise ValueError(f"pinned values exceed the national total in {year}")
        w = np.array([weights[(c, year)] for c in free])
        parts = largest_remainder(int(round(rest)), w) if integer else w / w.sum() * rest
        for c, v in zip(free, parts, strict=True):
            out[(c, year)] = float(v)
        for c in codes:
            if (c, year) in fixed:
                out[(c, year)] = float(fixed[(c, year)])
    return out


def _share_weights(
    seed: int,
    indicator: str,
    national: dict[int, float],
    pinned: dict[tuple[str, int], float],
    base: dict[str, float],
    sigma: float,
) -> dict[tuple[str, int], float]:
    """Weights per (province, year): the province's share interpolated between its pinned
    years where it has any, else a size proxy with a persistent factor and yearly noise."""
    out = {}
    base_total = sum(base.values())
    for code in provinces():
        rng = rng_for(seed, code, "share", indicator)
        factor = float(np.exp(rng.normal(0, sigma)))
        walk = np.cumsum(rng.normal(0, 0.03, len(national)))
        shares = {y: v / national[y] for (c, y), v in pinned.items() if c == code}
        for i, year in enumerate(sorted(national)):
            if shares:
                share = interpolate(shares, (year,))[year] * float(np.exp(rng.normal(0, 0.02)))
            else:
                share = base[code] / base_total * factor * float(np.exp(walk[i]))
            out[(code, year)] = share
    return out


def _group_fixed(seed: int, indicator: str, base: dict[str, float]) -> dict[tuple[str, int], float]:
    """Pinned integer values per (province, year) for one count indicator, with the
    figures of pre-2022 provinces split over their successors."""
    fixed: dict[tuple[str, int], float] = {}
    for pin in pins():
        if pin.indicator != indicator or pin.comparison != "exact":
            continue
        if len(pin.provinces) == 1:
            fixed[(pin.provinces[0], pin.year)] = pin.value
        else:
            rng = rng_for(seed, "group", indicator, pin.year)
            w = np.array([base[c] * np.exp(rng.normal(0, 0.2)) for c in pin.provinces])
            for c, v in zip(pin.provinces, largest_remainder(int(pin.value), w), strict=True):
                fixed[(c, pin.year)] = float(v)
    return fixed


@dataclass(frozen=True)
class KoperasiCounts:
    """Rows per (province, year) of the koperasi dataset at scale 1."""

    aktif: dict[tuple[str, int], int]
    total: dict[tuple[str, int], int]
    rat: dict[tuple[str, int], int | None]
    """Pinned RAT counts (``None``: the generator's own RAT share applies)."""


def koperasi_counts(seed: int) -> KoperasiCounts:
    """Active and total cooperatives per province and year, calibrated (scale 1).

    Active counts add up to the national path each year; published province counts are exact;
    inactive counts are pinned where published, else a seeded province ratio of the active count.
    """
    pop = {c: PROXY[c][0] for c in provinces()}
    national = national_path("koperasi_aktif")
    fixed = _group_fixed(seed, "koperasi_aktif", pop)
    totals = {
        (p.provinces[0], p.year): p.value
        for p in pins()
        if p.indicator == "koperasi_total" and p.comparison == "exact"
    }
    tidak = {
        (p.provinces[0], p.year): p.value for p in pins() if p.indicator == "koperasi_tidak_aktif"
    }
    for key, tot in totals.items():
        if key in tidak:
            fixed[key] = tot - tidak[key]
    for key, tot in totals.items():
        if key not in tidak and key not in fixed:
            # only the total is published: keep the province's published inactive share
            known = [tidak[k] / totals[k] for k in tidak if k[0] == key[0]]
            fixed[key] = round(tot * (1 - (float(np.mean(known)) if known else 0.3)))
    fixed[("61", 2024)] = KALBAR_2024[1]
    totals[("61", 2024)] = KALBAR_2024[0]
    weights = _share_weights(seed, "koperasi_aktif", national, fixed, pop, 0.35)
    aktif = {k: int(v) for k, v in _allocate(national, fixed, weights, integer=True).items()}
    total: dict[tuple[str, int], int] = {}
    for code in provinces():
        rng = rng_for(seed, code, "tidak-aktif")
        ratio = float(np.exp(rng.normal(np.log(0.32), 0.35)))
        for year in YEARS_KOPERASI:
            key = (code, year)
            if key in totals:
                total[key] = int(totals[key])
            else:
                total[key] = aktif[key] + int(
                    round(aktif[key] * ratio * np.exp(rng.normal(0, 0.05)))
                )
            if total[key] < aktif[key]:
                raise ValueError(f"inconsistent koperasi counts for {key}")
    rat = {(p.provinces[0], p.year): int(p.value) for p in pins() if p.indicator == "koperasi_rat"}
    return KoperasiCounts(aktif=aktif, total=total, rat={k: rat.get(k) for k in aktif})


def _national_totals(counts: KoperasiCounts) -> dict[str, dict[int, float]]:
    """National values per year of the money columns, members and workers (scale 1)."""
    modal_share = {y: 0.56 - 0.01 * (y - 2016) for y in YEARS_KOPERASI}
    permodalan = national_path("permodalan_rp")
    return {
        "volume_usaha_rp": national_path("volume_usaha_rp"),
        "aset_rp": national_path("aset_rp"),
        "shu_rp": national_path("shu_rp"),
        "modal_sendiri_rp": {y: round(permodalan[y] * modal_share[y]) for y in YEARS_KOPERASI},
        # the rest of the (whole-rupiah) capital, so that the two add up exactly
        "modal_luar_rp": {
            y: round(permodalan[y]) - round(permodalan[y] * modal_share[y]) for y in YEARS_KOPERASI
        },
        "anggota": national_path("anggota"),
        "tenaga_kerja": {y: counts_sum(counts.aktif, y) * 3.1 for y in YEARS_KOPERASI},
    }


def _productivity_weights(
    seed: int,
    name: str,
    counts: KoperasiCounts,
    national: dict[int, float],
    fixed: dict[tuple[str, int], float],
) -> dict[tuple[str, int], float]:
    """Weights per (province, year) of one total: active count times a persistent productivity
    factor, or the share interpolated between published figures where the province has any."""
    size = {c: PROXY[c][1] / PROXY[c][0] for c in provinces()}
    raw = {}
    for code in provinces():
        rng = rng_for(seed, code, "productivity", name)
        factor = float(np.exp(rng.normal(0, 0.35))) * size[code] ** 0.5
        for year in YEARS_KOPERASI:
            raw[(code, year)] = (
                counts.aktif[(code, year)] * factor * float(np.exp(rng.normal(0, 0.05)))
            )
    weights = {}
    for (code, year), value in raw.items():
        shares = {y: v / national[y] for (c, y), v in fixed.items() if c == code}
        if shares:  # a province with published figures keeps its share between them
            weights[(code, year)] = interpolate(shares, (year,))[year]
        else:
            weights[(code, year)] = value / sum(raw[(c, year)] for c in provinces())
    return weights


def koperasi_totals(
    seed: int, counts: KoperasiCounts, pdrb_adhb: dict[tuple[str, int], float]
) -> dict[str, dict[tuple[str, int], float]]:
    """Province totals per year of money columns, members and workers (scale 1).

    Each national path is spread over provinces by active count times a persistent
    productivity factor; published province figures are exact. Kalimantan Tengah's business
    volume in 2016 and 2022 is set from its published share of PDRB.
    """
    out: dict[str, dict[tuple[str, int], float]] = {}
    for name, national in _national_totals(counts).items():
        fixed = {
            (p.provinces[0], p.year): round(p.value)
            for p in pins()
            if p.indicator == name and p.comparison == "exact"
        }
        if name == "volume_usaha_rp":
            for p in pins():
                if p.indicator == "kontribusi_koperasi_pdrb":
                    key = (p.provinces[0], p.year)
                    fixed[key] = round(p.value / 100 * pdrb_adhb[key])
        if name == "modal_luar_rp":
            # keep Jatim 2020's split plausible: modal luar follows modal sendiri
            key = ("35", 2020)
            fixed[key] = round(out["modal_sendiri_rp"][key] * 0.8)
        weights = _productivity_weights(seed, name, counts, national, fixed)
        # whole rupiah and whole persons, so that province sums add up exactly
        alloc = _allocate({y: round(v) for y, v in national.items()}, fixed, weights, integer=True)
        out[name] = {k: float(v) for k, v in alloc.items()}
    return out


def counts_sum(cells: dict[tuple[str, int], int], year: int) -> int:
    """Sum of per-province values in one year."""
    return sum(v for (c, y), v in cells.items() if y == year)


def umkm_counts(seed: int, fraction: float) -> dict[tuple[str, int, str], int]:
    """UMKM rows per (province, year, size class) at ``fraction`` of full scale.

    2021 class totals are ``round(published × fraction)`` nationally (Kemenkop 2021); later
    years follow the synthetic national path. Provinces share by SE2016 UMK counts where
    published (Jatim, Sumut, Sumbar, Sumsel), else by population.
    """
    se2016 = {"35": 4_610_000, "12": 1_160_000, "13": 584_800, "16": 648_971}
    nat_2016 = 26_260_000
    pop = {c: PROXY[c][0] for c in provinces()}
    rest_pop = sum(v for c, v in pop.items() if c not in se2016)
    rest_share = 1 - sum(se2016.values()) / nat_2016
    base = {
        c: se2016[c] / nat_2016 if c in se2016 else pop[c] / rest_pop * rest_share
        for c in provinces()
    }
    path = national_path("umkm", YEARS_UMKM)
    out: dict[tuple[str, int, str], int] = {}
    codes = provinces()
    walks = {
        c: np.cumsum(rng_for(seed, c, "umkm-share").normal(0, 0.012, len(YEARS_UMKM)))
        for c in codes
    }
    for i, year in enumerate(YEARS_UMKM):
        growth = path[year] / path[2021]
        # naik kelas: the small and medium share rises a little each year
        ukm_boost = 1 + 0.06 * (year - 2021)
        shares = {}
        for k, v in UMKM_CLASS_2021.items():
            shares[k] = v * growth * (ukm_boost if k != "Mikro" else 1.0)
        shares["Mikro"] = path[year] - shares["Kecil"] - shares["Menengah"]
        w = [base[c] * float(np.exp(walks[c][i])) for c in codes]
        for klass, value in shares.items():
            for c, n in zip(
                codes, largest_remainder(int(round(value * fraction)), np.array(w)), strict=True
            ):
                out[(c, year, klass)] = int(n)
    return out
