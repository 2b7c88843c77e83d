"""Indonesian number, money and date formats, against values worked out by hand."""

from __future__ import annotations

import datetime as dt
import math

import matplotlib
import pandas as pd
import pytest

from kumkm_utils import formatting as fmt

matplotlib.use("Agg")


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.5, 1, "1.234,5"),
        (2300, 0, "2.300"),
        (1234567.891, 2, "1.234.567,89"),
        (0, 0, "0"),
        (-1234.5, 1, "-1.234,5"),
        (999.95, 1, "1.000,0"),  # half rounds away from zero, then regroups
        (18.25, 1, "18,3"),  # babel alone would round half-even to 18,2
        (2.5, 0, "3"),
        (-0.04, 1, "0,0"),  # no "-0,0"
    ],
)
def test_angka(value, decimals, expected):
    assert fmt.angka(value, decimals) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, pd.NaT])
def test_missing_values_are_said_not_zero(missing):
    assert fmt.angka(missing) == "tidak ada data"
    assert fmt.persen(missing) == "tidak ada data"
    assert fmt.rupiah(missing) == "tidak ada data"
    assert fmt.tanggal(missing) == "tidak ada data"
    assert fmt.perubahan(missing) == "–"
    assert fmt.angka(missing, na="n/a") == "n/a"


def test_angka_refuses_non_numbers():
    with pytest.raises(TypeError, match="expected a number"):
        fmt.angka("12")
    with pytest.raises(ValueError, match="infinite"):
        fmt.angka(math.inf)


def test_persen_sultra_rat_2021():
    # 420 of 2,300 active cooperatives held RAT: 420/2300 = 0.182608... -> 18,3%
    assert fmt.persen(420 / 2300 * 100) == "18,3%"
    assert fmt.persen(100, 0) == "100%"
    assert fmt.persen(3.0649, 2) == "3,06%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_234_000_000, "Rp 1,2 M"),
        (350_000_000, "Rp 350,0 jt"),
        (1_250_000_000_000, "Rp 1,3 T"),  # 1,25 T rounds half up
        (214_000_000_000_000, "Rp 214,0 T"),
        (1_000_000, "Rp 1,0 jt"),
        (950_000, "Rp 950.000"),  # below one juta: written in full
        (999_960_000, "Rp 1,0 M"),  # 999,96 jt would show 1.000,0 jt: moved up a unit
        (-1_200_000_000, "Rp -1,2 M"),  # a loss (negative SHU)
        (0, "Rp 0"),
    ],
)
def test_rupiah(value, expected):
    assert fmt.rupiah(value) == expected


def test_rupiah_decimals():
    assert fmt.rupiah(1_234_000_000, 2) == "Rp 1,23 M"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2024, 11, 21), "21 November 2024"),
        (dt.datetime(2025, 3, 1, 14, 30), "1 Maret 2025"),
        (pd.Timestamp("2025-08-17"), "17 Agustus 2025"),
        ("2024-12-31", "31 Desember 2024"),
    ],
)
def test_tanggal(value, expected):
    assert fmt.tanggal(value) == expected


def test_perubahan_is_signed():
    assert fmt.perubahan(1.234) == "+1,2"
    assert fmt.perubahan(-0.46) == "-0,5"
    assert fmt.perubahan(0) == "0,0"
    assert fmt.perubahan(12.0, 0, satuan=" poin") == "+12 poin"
    assert fmt.perubahan(1500, 0) == "+1.500"
    assert fmt.perubahan_rupiah(1.2e9) == "+Rp 1,2 M"
    assert fmt.perubahan_rupiah(-3.5e8) == "Rp -350,0 jt"
    assert fmt.perubahan_rupiah(None) == "–"


def test_tick_formatters():
    assert fmt.angka_formatter()(12500, 0) == "12.500"
    assert fmt.angka_formatter(1)(0.25, 0) == "0,3"
    assert fmt.persen_formatter()(45, 0) == "45%"
    assert fmt.rupiah_formatter()(2.5e9, 0) == "Rp 2,5 M"
    assert fmt.rupiah_formatter()(0, 0) == "0"


def test_tabel_teks_is_aligned_and_says_missing():
    frame = pd.DataFrame({"Indikator": ["Koperasi aktif", "RAT"], "Nilai": ["2.300", None]})
    text = fmt.tabel_teks(frame)
    assert text.splitlines() == [
        "Indikator       Nilai",
        "--------------  --------------",
        "Koperasi aktif  2.300",
        "RAT             tidak ada data",
    ]
