"""Cooperative contribution to PDRB (fixture: tests/fixtures/sultra.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from kumkm_utils.exceptions import ParameterError
from kumkm_utils.indicators import ekonomi


def test_contribution_of_one_province(con):
    frame = ekonomi.kontribusi_pdrb(con, province="74", year=2021, n_years=2)
    # 304,5 M / 140 T and 330 M / 150 T
    assert list(frame["kontribusi_pdrb"]) == pytest.approx(
        [304.5e9 / 140e12 * 100, 330e9 / 150e12 * 100]
    )


def test_national_ratio_from_provinces_with_both_figures(con):
    frame = ekonomi.kontribusi_pdrb(con, province=None, year=2021)
    national = frame[frame["tingkat"] == "nasional"].iloc[0]
    # (330 M + 100 M) / (150 T + 10 T)
    assert national["kontribusi_pdrb"] == pytest.approx(430e9 / 160e12 * 100)
    kalteng = frame[frame["kode_wilayah"] == "62"].iloc[0]
    assert kalteng["kontribusi_pdrb"] == pytest.approx(1.0)
    bali = frame[frame["kode_wilayah"] == "51"].iloc[0]
    assert pd.isna(bali["kontribusi_pdrb"]) and not bali["ada_data"]


def test_only_per_province(con):
    with pytest.raises(ParameterError, match="per province only"):
        ekonomi.kontribusi_pdrb(con, province="74", year=2021, by="kabkota")


def test_kabkota_share_of_business_volume(con):
    frame = ekonomi.sebaran_volume_usaha(con, province="74", year=2021)
    kolaka = frame[frame["kode_wilayah"] == "74.01"].iloc[0]
    assert kolaka["persen_volume_provinsi"] == pytest.approx(130 / 330 * 100)
    assert frame.iloc[-1]["persen_volume_provinsi"] == pytest.approx(100.0)
