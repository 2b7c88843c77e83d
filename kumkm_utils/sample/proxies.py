"""Approximate size proxies of the 38 provinces and national PDB levels, never calibration targets.

:data:`PROXY` (population and share of PDB per province) spreads national totals over the
provinces without a published figure (:mod:`.calibration`) and, with :data:`PDB_ADHB_T` and
:data:`DEFLATOR`, gives the synthetic makro data (:mod:`.makro`).
"""

from __future__ import annotations

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


def provinces() -> list[str]:
    """All 38 province codes in Kemendagri order."""
    return sorted(PROXY)
