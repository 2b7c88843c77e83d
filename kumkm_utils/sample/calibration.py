"""Calibration of the synthetic sample: the published figures it reproduces, the paths it follows.

Every count and total the sample generator writes is derived here, before any row exists:

1. national paths per year (active cooperatives, business volume, assets, ...), taken from
   one documented series per indicator (see ``data/README.md``) and filled in between
   published years by log-linear interpolation;
2. pinned province values: published province figures, reproduced exactly;
3. the remainder of each national total, spread over the other provinces in proportion to
   a size proxy (population 2020, see :data:`PROXY`) with seeded noise.

:func:`targets` lists every published figure the sample claims to reproduce, with its source
and how it is measured on the written files, so a test can check each one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

YEARS_KOPERASI = tuple(range(2016, 2026))
YEARS_UMKM = tuple(range(2021, 2026))

UMKM_FRACTION = 1 / 500
"""Default share of full-scale UMKM units written as rows (1 row per 500 units)."""

# code: (population 2020 in thousands, approx. share of national PDB in %). Approximate
# values from memory (Sensus Penduduk 2020, BPS PDRB shares around 2022); used only as
# size proxies and for the synthetic makro data, never as calibration targets. Papua and
# Papua Barat are split over their 2022 successor provinces by rough population.
PROXY: dict[str, tuple[float, float]] = {
    "11": (5274, 1.05),
    "12": (14799, 4.95),
    "13": (5534, 1.50),
    "14": (6394, 4.40),
    "15": (3548, 1.25),
    "16": (8467, 3.05),
    "17": (2010, 0.45),
    "18": (9008, 1.85),
    "19": (1455, 0.45),
    "21": (2064, 1.45),
    "31": (10562, 16.6),
    "32": (48274, 13.0),
    "33": (36516, 8.15),
    "34": (3669, 0.90),
    "35": (40666, 14.4),
    "36": (11905, 3.90),
    "51": (4317, 1.30),
    "52": (5320, 0.72),
    "53": (5326, 0.60),
    "61": (5414, 1.20),
    "62": (2670, 1.00),
    "63": (4074, 1.20),
    "64": (3766, 4.10),
    "65": (702, 0.60),
    "71": (2622, 0.70),
    "72": (2986, 1.40),
    "73": (9074, 3.20),
    "74": (2625, 0.70),
    "75": (1171, 0.22),
    "76": (1419, 0.28),
    "81": (1849, 0.27),
    "82": (1283, 0.42),
    "91": (1035, 0.45),
    "92": (561, 0.35),
    "93": (513, 0.12),
    "94": (1452, 0.70),
    "95": (1431, 0.10),
    "96": (592, 0.30),
}

# Synthetic national PDB ADHB (Rp triliun): approximate BPS levels from memory, 2025
# projected. Not a calibration target (the makro files are marked synthetic).
PDB_ADHB_T = {
    2016: 12401.7,
    2017: 13589.8,
    2018: 14838.3,
    2019: 15833.9,
    2020: 15434.2,
    2021: 16970.8,
    2022: 19588.4,
    2023: 20892.4,
    2024: 22139.0,
    2025: 23500.0,
}
DEFLATOR = {
    2016: 1.312,
    2017: 1.364,
    2018: 1.413,
    2019: 1.443,
    2020: 1.452,
    2021: 1.509,
    2022: 1.649,
    2023: 1.674,
    2024: 1.694,
    2025: 1.720,
}
"""PDB ADHB / ADHK (2010 prices), approximate; used to derive the synthetic ADHK column."""

T = 1e12
M = 1e9

# ---------------------------------------------------------------------------------------
# Anchor values per national path: {year: (value, source or None for a synthetic anchor)}.
# ---------------------------------------------------------------------------------------
_BPS = "BPS via dataindonesia/issuu (published_national.csv)"
NATIONAL_ANCHORS: dict[str, dict[int, tuple[float, str | None]]] = {
    "koperasi_aktif": {
        2016: (151170, _BPS),
        2017: (152174, _BPS),
        2018: (126343, _BPS),
        2019: (123048, _BPS),
        2020: (127124, _BPS),
        2021: (127846, _BPS),
        2022: (130354, "Kemenkop ODS 2022 (beritamoneter)"),
        2024: (130119, "Kemenkop 2024 (rakyatpembaruan)"),
        2025: (131200, None),
    },
    "anggota": {
        2016: (25_900_000, None),
        2017: (26_535_640, "Kemenkop (pancursolidaritas)"),
        2018: (20_049_995, "Kemenkop (ekorantt)"),
        2019: (22_463_738, "kompaspedia"),
        2022: (29_450_000, "Kemenkop ODS (beritamoneter), 29,45 juta"),
        2025: (30_100_000, None),
    },
    "volume_usaha_rp": {
        2016: (147 * T, None),
        2019: (166 * T, None),
        2020: (174 * T, "Kemenkop 2020 (databoks)"),
        2021: (182.35 * T, "BPS 2021 (dataindonesia)"),
        2022: (197.8 * T, "Kemenkop ODS 2022 (beritamoneter)"),
        2024: (214 * T, None),
        2025: (221 * T, None),
    },
    "aset_rp": {
        2016: (180 * T, None),
        2019: (210 * T, None),
        2020: (221.9 * T, "Kemenkop 2020 (databoks)"),
        2022: (281 * T, "Kemenkop ODS 2022 (beritamoneter)"),
        2024: (293 * T, None),
        2025: (300 * T, None),
    },
    "shu_rp": {
        2016: (5.6 * T, None),
        2019: (6.27 * T, "Kemenkop 2019 (databoks)"),
        2020: (7.22 * T, "Kemenkop 2020 (databoks)"),
        2025: (9.0 * T, None),
    },
    "permodalan_rp": {
        2016: (160 * T, None),
        2020: (195 * T, None),
        2024: (254.17 * T, "Kemenkop 2024 (katadata)"),
        2025: (260 * T, None),
    },
    "umkm": {
        2021: (64_194_056, "Kemenkop 2021 (databoks): mikro+kecil+menengah"),
        2025: (66_900_000, None),
    },
}
"""National paths. Anchors with a source are published figures (claimed in :func:`targets`)."""

UMKM_CLASS_2021 = {"Mikro": 63_955_369, "Kecil": 193_959, "Menengah": 44_728}
"""Kemenkop 2021 UMKM counts by size class (published_national.csv)."""

_DINAS = "published_province.csv"


@dataclass(frozen=True)
class Pin:
    """One published province figure that the sample reproduces."""

    provinces: tuple[str, ...]
    year: int
    indicator: str
    value: float
    comparison: str
    source: str


# Province pins. provinces with several codes are the pre-2022 provinces (Papua, Papua
# Barat); their figure is split over the successor provinces.
_PINS: tuple[Pin, ...] = (
    *(
        Pin(("31",), y, "koperasi_aktif", v, "exact", "BPS " + _DINAS)
        for y, v in ((2019, 3447), (2021, 4542))
    ),
    Pin(("75",), 2019, "koperasi_aktif", 884, "exact", "BPS " + _DINAS),
    *(
        Pin(("32",), y, "koperasi_aktif", v, "exact", "BPS " + _DINAS)
        for y, v in ((2017, 16203), (2019, 13247), (2020, 14706), (2021, 15621))
    ),
    *(
        Pin(("33",), y, "koperasi_aktif", v, "exact", "BPS " + _DINAS)
        for y, v in ((2017, 21667), (2019, 13164), (2020, 12190), (2021, 10270))
    ),
    *(
        Pin(("35",), y, "koperasi_aktif", v, "exact", "BPS " + _DINAS)
        for y, v in ((2017, 27683), (2019, 21757), (2021, 22845))
    ),
    *(
        Pin(("65",), y, "koperasi_aktif", v, "exact", "BPS " + _DINAS)
        for y, v in ((2019, 476), (2021, 612))
    ),
    *(
        Pin(("19",), y, "koperasi_aktif", v, "exact", "BPS " + _DINAS)
        for y, v in ((2019, 631), (2021, 711))
    ),
    Pin(("21",), 2019, "koperasi_aktif", 884, "exact", "BPS " + _DINAS),
    *(
        Pin(
            ("92", "96"),
            y,
            "koperasi_aktif",
            v,
            "exact",
            "BPS " + _DINAS + " (Papua Barat before 2022)",
        )
        for y, v in ((2019, 608), (2021, 723))
    ),
    Pin(
        ("91", "93", "94", "95"),
        2017,
        "koperasi_aktif",
        2158,
        "exact",
        "BPS koperasi 2017 " + _DINAS + " (Papua before 2022)",
    ),
    Pin(("76",), 2019, "koperasi_aktif", 837, "exact", "BPS " + _DINAS),
    *(
        Pin(("12",), y, "koperasi_aktif", v, "exact", "BPS " + _DINAS)
        for y, v in ((2019, 4199), (2021, 5033))
    ),
    # Dinas statements where BPS has no figure for the province.
    Pin(
        ("74",),
        2021,
        "koperasi_aktif",
        2300,
        "exact",
        "Kadis KUMKM Sultra, Rakorda 24 Mei 2023 (seed_facts.csv)",
    ),
    Pin(
        ("74",),
        2021,
        "koperasi_rat",
        420,
        "exact",
        "Kadis KUMKM Sultra, Rakorda 24 Mei 2023 (seed_facts.csv)",
    ),
    *(
        Pin(("62",), y, "koperasi_total", v, "exact", "Dinas Kalteng " + _DINAS)
        for y, v in ((2016, 3244), (2020, 2946), (2022, 3287), (2024, 3782))
    ),
    *(
        Pin(("62",), y, "koperasi_tidak_aktif", v, "exact", "Dinas Kalteng " + _DINAS)
        for y, v in ((2020, 696), (2022, 675), (2024, 885))
    ),
    *(
        Pin(("61",), y, "koperasi_total", v, "exact", "Dinas Kalbar " + _DINAS)
        for y, v in ((2022, 5394), (2023, 5623))
    ),
    *(
        Pin(("61",), y, "koperasi_tidak_aktif", v, "exact", "Dinas Kalbar " + _DINAS)
        for y, v in ((2022, 2077), (2023, 2106))
    ),
    Pin(
        ("61",),
        2024,
        "koperasi_total",
        5000,
        "more_than",
        "Kadis Kalbar, Rakorda 21 Nov 2024 (seed_facts.csv)",
    ),
    Pin(
        ("61",),
        2024,
        "persen_koperasi_aktif",
        60,
        "about",
        "Kadis Kalbar, Rakorda 21 Nov 2024 (seed_facts.csv)",
    ),
    Pin(("64",), 2021, "koperasi_total", 5745, "exact", "Dinas Kaltim " + _DINAS),
    Pin(("64",), 2021, "koperasi_tidak_aktif", 2844, "exact", "Dinas Kaltim " + _DINAS),
    Pin(("81",), 2020, "koperasi_total", 3564, "exact", "Dinas Maluku " + _DINAS),
    Pin(("81",), 2020, "koperasi_tidak_aktif", 1191, "exact", "Dinas Maluku " + _DINAS),
    Pin(("53",), 2018, "koperasi_total", 4146, "exact", "Dinas NTT " + _DINAS),
    Pin(("53",), 2018, "koperasi_tidak_aktif", 511, "exact", "Dinas NTT " + _DINAS),
    Pin(("53",), 2020, "koperasi_total", 4282, "exact", "Dinas NTT (sorotntt) " + _DINAS),
    Pin(("53",), 2021, "koperasi_total", 4282, "exact", "Dinas NTT (haluanntt) " + _DINAS),
    Pin(("53",), 2021, "koperasi_aktif", 3330, "exact", "Dinas NTT (haluanntt) " + _DINAS),
    Pin(
        ("82",),
        2025,
        "koperasi_total",
        1358,
        "exact",
        "Dinas Malut 2025 (koperasi eksisting) " + _DINAS,
    ),
    # Money and members (Dinas / Kemenkop province figures).
    *(
        Pin(("61",), y, "aset_rp", v * T, "exact", "Dinas Kalbar " + _DINAS)
        for y, v in ((2021, 15.17), (2022, 16.57), (2023, 17.55))
    ),
    Pin(("61",), 2023, "volume_usaha_rp", 12.96 * T, "exact", "Dinas Kalbar " + _DINAS),
    Pin(("61",), 2023, "shu_rp", 213.9 * M, "exact", "Dinas Kalbar " + _DINAS),
    Pin(("61",), 2022, "anggota", 1_400_000, "exact", "Dinas Kalbar (1,4 juta) " + _DINAS),
    Pin(("61",), 2023, "anggota", 1_490_503, "exact", "Dinas Kalbar " + _DINAS),
    Pin(("61",), 2022, "tenaga_kerja", 6064, "exact", "Dinas Kalbar " + _DINAS),
    *(
        Pin(("53",), y, "anggota", v, "exact", "Dinas NTT (juta) " + _DINAS)
        for y, v in ((2020, 2_400_000), (2021, 2_500_000))
    ),
    *(
        Pin(("53",), y, "aset_rp", v * T, "exact", "Dinas NTT " + _DINAS)
        for y, v in ((2020, 12.5), (2021, 13.5))
    ),
    Pin(("35",), 2020, "shu_rp", 1.32 * T, "exact", "Kemenkop (databoks) " + _DINAS),
    Pin(("35",), 2020, "volume_usaha_rp", 33.26 * T, "exact", "Kemenkop (databoks) " + _DINAS),
    Pin(("35",), 2020, "modal_sendiri_rp", 13.94 * T, "exact", "Kemenkop (databoks) " + _DINAS),
    Pin(("31",), 2020, "shu_rp", 1.05 * T, "exact", "Kemenkop (databoks) " + _DINAS),
    Pin(("32",), 2020, "shu_rp", 751.6 * M, "exact", "Kemenkop (databoks) " + _DINAS),
    Pin(
        ("62",),
        2016,
        "kontribusi_koperasi_pdrb",
        1.42,
        "exact_2dp",
        "Wagub Kalteng, Rakorda 25 Mei 2023 (seed_facts.csv)",
    ),
    Pin(
        ("62",),
        2022,
        "kontribusi_koperasi_pdrb",
        3.29,
        "exact_2dp",
        "Wagub Kalteng, Rakorda 25 Mei 2023 (seed_facts.csv)",
    ),
    Pin(
        ("61",),
        2024,
        "umkm",
        164_000,
        "more_than_scaled",
        "Kadis Kalbar, Rakorda 21 Nov 2024 (seed_facts.csv)",
    ),
)

KALBAR_2024 = (5710, 3426)
"""Kalbar 2024 (total, aktif): "lebih dari 5 ribu, 60 persen aktif" made concrete."""


def pins() -> tuple[Pin, ...]:
    """Return the province figures the sample reproduces (see module docstring)."""
    return _PINS


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


def provinces() -> list[str]:
    """All 38 province codes in Kemendagri order."""
    return sorted(PROXY)


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
    for pin in _PINS:
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
        for p in _PINS
        if p.indicator == "koperasi_total" and p.comparison == "exact"
    }
    tidak = {
        (p.provinces[0], p.year): p.value for p in _PINS if p.indicator == "koperasi_tidak_aktif"
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
    rat = {(p.provinces[0], p.year): int(p.value) for p in _PINS if p.indicator == "koperasi_rat"}
    return KoperasiCounts(aktif=aktif, total=total, rat={k: rat.get(k) for k in aktif})


def koperasi_totals(
    seed: int, counts: KoperasiCounts, pdrb_adhb: dict[tuple[str, int], float]
) -> dict[str, dict[tuple[str, int], float]]:
    """Province totals per year of money columns, members and workers (scale 1).

    Each national path is spread over provinces by active count times a persistent
    productivity factor; published province figures are exact. Kalimantan Tengah's business
    volume in 2016 and 2022 is set from its published share of PDRB.
    """
    out: dict[str, dict[tuple[str, int], float]] = {}
    modal_share = {y: 0.56 - 0.01 * (y - 2016) for y in YEARS_KOPERASI}
    permodalan = national_path("permodalan_rp")
    nationals = {
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
    size = {c: PROXY[c][1] / PROXY[c][0] for c in provinces()}
    for name, national in nationals.items():
        fixed = {
            (p.provinces[0], p.year): round(p.value)
            for p in _PINS
            if p.indicator == name and p.comparison == "exact"
        }
        if name == "volume_usaha_rp":
            for p in _PINS:
                if p.indicator == "kontribusi_koperasi_pdrb":
                    key = (p.provinces[0], p.year)
                    fixed[key] = round(p.value / 100 * pdrb_adhb[key])
        if name == "modal_luar_rp":
            # keep Jatim 2020's split plausible: modal luar follows modal sendiri
            key = ("35", 2020)
            fixed[key] = round(out["modal_sendiri_rp"][key] * 0.8)
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


def targets() -> pd.DataFrame:
    """Every published figure the sample claims to reproduce at ``--scale 1``.

    Returns
    -------
    pandas.DataFrame
        One row per target: ``scope`` (province code or ``"nasional"``), ``provinces``
        (codes whose rows count, joined by ``+``), ``year``, ``indicator``, ``value``,
        ``comparison`` (``exact``; ``exact_2dp``: equal when rounded to 2 decimals;
        ``exact_scaled``: rows equal ``round(value × umkm_fraction)``; ``more_than``;
        ``more_than_scaled``: rows / umkm_fraction is larger; ``about``: equal when rounded to
        the nearest integer) and ``source``.

    Notes
    -----
    Indicators are measured on the written files: ``koperasi_aktif`` (rows with status
    Aktif), ``koperasi_total`` (rows), ``koperasi_tidak_aktif``, ``koperasi_rat`` (Aktif rows
    with RAT held), ``persen_koperasi_aktif``, sums of money columns (Rp), ``anggota``
    (male + female members), ``tenaga_kerja`` (managers + employees),
    ``kontribusi_koperasi_pdrb`` (sum of business volume / PDRB ADHB × 100), ``umkm`` and
    ``umkm_<class>`` (rows).
    """
    rows = []
    for name, anchors in NATIONAL_ANCHORS.items():
        for year, (value, source) in sorted(anchors.items()):
            if source is None:
                continue
            if name == "permodalan_rp":
                rows.append(("nasional", "*", year, "permodalan_rp", value, "exact", source))
                continue
            comparison = "exact_scaled" if name == "umkm" else "exact"
            rows.append(("nasional", "*", year, name, value, comparison, source))
    for klass, value in UMKM_CLASS_2021.items():
        rows.append(
            (
                "nasional",
                "*",
                2021,
                f"umkm_{klass.lower()}",
                value,
                "exact_scaled",
                "Kemenkop 2021 (databoks)",
            )
        )
    for pin in _PINS:
        scope = pin.provinces[0] if len(pin.provinces) == 1 else "+".join(pin.provinces)
        rows.append(
            (
                scope,
                "+".join(pin.provinces),
                pin.year,
                pin.indicator,
                pin.value,
                pin.comparison,
                pin.source,
            )
        )
    return pd.DataFrame(
        rows, columns=["scope", "provinces", "year", "indicator", "value", "comparison", "source"]
    )
