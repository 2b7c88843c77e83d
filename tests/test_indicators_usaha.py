"""Capital, assets, business volume and growth, SHU (fixture: tests/fixtures/sultra.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from kumkm_utils.indicators import usaha


def _row(frame, kode, tahun=2021):
    rows = frame[(frame["kode_wilayah"] == kode) & (frame["tahun"] == tahun)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_kolaka_money_sums(con):
    row = _row(usaha.usaha(con, province="74", year=2021), "74.01")
    # 1.300 active cooperatives with 50 jt / 30 jt / 200 jt / 100 jt / 5 jt;
    # inactive ones report nothing
    assert row["modal_sendiri_rp"] == pytest.approx(1300 * 50e6)
    assert row["modal_luar_rp"] == pytest.approx(1300 * 30e6)
    assert row["modal_rp"] == pytest.approx(1300 * 80e6)
    assert row["persen_modal_sendiri"] == pytest.approx(62.5)  # 50 / 80
    assert row["aset_rp"] == pytest.approx(1300 * 200e6)
    assert row["volume_usaha_rp"] == pytest.approx(130e9)
    assert row["shu_rp"] == pytest.approx(6.5e9)


def test_volume_growth_per_kabkota_and_province(con):
    frame = usaha.usaha(con, province="74", year=2021)
    assert set(frame["tahun"]) == {2021}  # the extra year is only used for the growth
    # Kolaka: 130 M against 1.300 x 80 jt = 104 M -> +25%
    assert _row(frame, "74.01")["pertumbuhan_volume_usaha"] == pytest.approx(25.0)
    assert _row(frame, "74.71")["pertumbuhan_volume_usaha"] == pytest.approx(0.0)
    # Konawe: 0,5 M in 2020 and nothing in 2021 -> no growth can be said
    assert pd.isna(_row(frame, "74.02")["pertumbuhan_volume_usaha"])
    # province, like for like: Konawe (no 2021 data) is left out of both years, 330 M against
    # 104 + 200 = 304 M -> +8,553% (not +8,374% against 304,5 M), the same figure as the
    # province table below; the previous-year total itself stays 304,5 M
    total = _row(frame, "74")
    assert total["volume_usaha_sebelumnya_rp"] == pytest.approx(304.5e9)
    assert total["pertumbuhan_volume_usaha"] == pytest.approx((330 - 304) / 304 * 100)


def test_five_year_series_has_growth_where_previous_year_exists(con):
    frame = usaha.usaha(con, province="74", year=2021, by="provinsi", n_years=2)
    assert list(frame["tahun"]) == [2020, 2021]
    assert pd.isna(frame.iloc[0]["pertumbuhan_volume_usaha"])  # nothing in 2019
    assert frame.iloc[1]["pertumbuhan_volume_usaha"] == pytest.approx((330 - 304) / 304 * 100)
