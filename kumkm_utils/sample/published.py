"""Published figures the synthetic sample reproduces, each with its source.

- :data:`NATIONAL_ANCHORS`: the anchor values of each national path (a source for a published
  figure, ``None`` for a synthetic anchor), and :data:`UMKM_CLASS_2021`;
- :func:`pins`: published province figures, reproduced exactly (or as stated by their
  ``comparison``);
- :func:`targets`: every published figure the sample claims to reproduce, with its source and
  how it is measured on the written files, so a test can check each one.

How these figures become per-province counts and totals is :mod:`.calibration`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

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
