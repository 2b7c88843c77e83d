"""The national summary: headline values, like-for-like change, best/worst provinces, sentences."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kumkm_utils import formatting as fmt
from kumkm_utils.rollup.measures import (
    _BY_CODE,
    PERINGKAT,
    Ukuran,
    _format_change,
    format_nilai,
    ukuran,
)
from kumkm_utils.rollup.parts import _common_provinces, national_totals, with_values

MAX_NAMES = 3
"""Tied best or worst provinces named before "dan n provinsi lain"."""


def _extremes(
    values: pd.DataFrame, column: str, *, largest: bool
) -> tuple[str | None, float | None]:
    data = values.dropna(subset=[column])
    if data.empty:
        return None, None
    target = data[column].max() if largest else data[column].min()
    names = data.loc[data[column] == target, "nama_provinsi"].astype(str).tolist()
    if len(names) > MAX_NAMES:
        names = [*names[:MAX_NAMES], f"dan {len(names) - MAX_NAMES} provinsi lain"]
    return ", ".join(names), float(target)


def _assessment(spec: Ukuran, value: object, change: object) -> object:
    from kumkm_utils.indicators.headline import arah_perubahan
    from kumkm_utils.indicators.program import predikat

    if spec.dinilai:
        return predikat(pd.Series([value], dtype="Float64")).iloc[0]
    # a change that shows as 0,0 at the table's decimals is "Tetap", never "Membaik"
    direction = arah_perubahan(
        None if pd.isna(change) else float(change),
        spec.naik_lebih_baik,
        decimals=fmt.desimal(spec.satuan) if spec.satuan != "Rp" else 9,
    )
    return pd.NA if direction is None else direction


def ringkasan(
    parts: pd.DataFrame, *, year: int, codes: Sequence[str] | None = None
) -> pd.DataFrame:
    """National headline values with change on the previous year and best/worst provinces.

    The change is like-for-like: both years are recomputed over the provinces with data in
    both, so a province that reported only one year does not move the national figure.

    Parameters
    ----------
    parts
        A :func:`province_parts` frame covering ``year - 1`` and ``year``.
    year
        Evaluation year.
    codes
        Indicator codes (default all of :data:`UKURAN`).

    Returns
    -------
    pandas.DataFrame
        One row per indicator: ``kode``, ``indikator``, ``satuan``, ``nilai``,
        ``nilai_sebelumnya``, ``perubahan`` (points for percentages), ``penilaian``
        (five-band rating or Membaik/Memburuk/Tetap), ``n_provinsi``, ``n_provinsi_banding``
        (provinces in the change), ``tertinggi``, ``nilai_tertinggi``, ``terendah``,
        ``nilai_terendah``.
    """
    national = national_totals(parts).set_index("tahun")
    values = with_values(parts)
    now = values[values["tahun"] == year]
    rows = []
    like_for_like: dict[str, pd.DataFrame] = {}
    for spec in (ukuran(c) for c in (codes or _BY_CODE)):
        common = _common_provinces(parts, spec.dataset, [year - 1, year])
        if spec.dataset not in like_for_like:
            like_for_like[spec.dataset] = national_totals(parts, provinces=common).set_index(
                "tahun"
            )
        banding = like_for_like[spec.dataset]
        before = banding[spec.kode].get(year - 1, pd.NA) if common else pd.NA
        after = banding[spec.kode].get(year, pd.NA) if common else pd.NA
        change = after - before if not (pd.isna(before) or pd.isna(after)) else pd.NA
        value = national[spec.kode].get(year, pd.NA)
        top, top_value = _extremes(now, spec.kode, largest=True)
        low, low_value = _extremes(now, spec.kode, largest=False)
        rows.append(
            {
                "kode": spec.kode,
                "indikator": spec.nama,
                "satuan": spec.satuan,
                "nilai": value,
                "nilai_sebelumnya": national[spec.kode].get(year - 1, pd.NA),
                "perubahan": change,
                "penilaian": _assessment(spec, value, change),
                "n_provinsi": int(now[spec.kode].notna().sum()),
                "n_provinsi_banding": len(common),
                "tertinggi": top,
                "nilai_tertinggi": top_value,
                "terendah": low,
                "nilai_terendah": low_value,
            }
        )
    out = pd.DataFrame(rows)
    for column in ("nilai", "nilai_sebelumnya", "perubahan", "nilai_tertinggi", "nilai_terendah"):
        out[column] = pd.to_numeric(out[column]).astype("Float64")
    for column in ("penilaian", "tertinggi", "terendah"):
        out[column] = out[column].astype("string")
    return out


_MONEY_DISPLAY = {"Rp": (1e-12, "Rp triliun")}


def _value_columns(year: int) -> tuple[str, str, str]:
    """Labels of the value columns of :func:`ringkasan_tampil`."""
    return f"Nasional {year}", f"Nasional {year - 1}", "Perubahan (provinsi yang sama)"


def ringkasan_tampil(summary: pd.DataFrame, *, year: int) -> pd.DataFrame:
    """The :func:`ringkasan` frame for display (numbers stay numbers, money in Rp triliun)."""
    factor = summary["satuan"].map(lambda s: _MONEY_DISPLAY.get(s, (1.0, s))[0]).astype("float64")
    unit = summary["satuan"].map(lambda s: _MONEY_DISPLAY.get(s, (1.0, s))[1])
    now, before, change = _value_columns(year)
    return pd.DataFrame(
        {
            "Indikator": summary["indikator"],
            "Satuan": unit,
            now: summary["nilai"] * factor,
            before: summary["nilai_sebelumnya"] * factor,
            change: summary["perubahan"] * factor,
            "Penilaian": summary["penilaian"],
            "Provinsi dengan data": summary["n_provinsi"],
            "Tertinggi": summary["tertinggi"],
            "Terendah": summary["terendah"],
        }
    )


COUNT_UNITS = ("unit", "orang")
"""Units of indicators that count things: shown without decimals."""


def _nilai_ringkas(value: object) -> str:
    """Counts (Python ints here) without decimals, percentages and money with one."""
    return fmt.angka(value, 0 if isinstance(value, int) else 1)  # type: ignore[arg-type]


def tampilkan_ringkasan(summary: pd.DataFrame, *, year: int) -> None:
    """Show the national summary table (:func:`ringkasan_tampil`): counts of cooperatives,
    members and UMKM without decimals, percentages and money with one."""
    from kumkm_utils import display

    frame = ringkasan_tampil(summary, year=year)
    counts = summary["satuan"].isin(COUNT_UNITS).to_numpy()
    columns = _value_columns(year)
    for column in columns:
        frame[column] = pd.Series(
            [
                int(round(v)) if count and not pd.isna(v) else v
                for v, count in zip(frame[column], counts, strict=True)
            ],
            dtype=object,
            index=frame.index,
        )
    display.table(
        frame,
        key="ringkasan_nasional",
        title=f"Indikator utama nasional, {year}",
        note="Penilaian: predikat lima tingkat untuk serapan anggaran dan capaian fisik; "
        "arah perubahan untuk indikator lain.",
        formats=dict.fromkeys(columns, _nilai_ringkas),
    )


def kalimat_ringkasan(
    summary: pd.DataFrame, *, year: int, codes: Sequence[str] = PERINGKAT
) -> list[tuple[str, dict[str, str]]]:
    """Generated sentences of the national summary, as (Markdown template, values) pairs.

    Show each with ``display.text(template, **values)``: the values (province names among
    them) are escaped there. Missing figures are said ("tidak ada data"), not skipped.
    """
    out: list[tuple[str, dict[str, str]]] = []
    rows = summary.set_index("kode")
    for code in codes:
        if code not in rows.index:
            continue
        row = rows.loc[code]
        values = {
            "indikator": row["indikator"],
            "tahun": str(year),
            "tahun_lalu": str(year - 1),
            "nilai": format_nilai(row["nilai"], row["satuan"]),
        }
        if pd.isna(row["nilai"]):
            out.append(("- **{indikator}**: {nilai} untuk tahun {tahun}.", values))
            continue
        change = row["perubahan"]
        if pd.isna(change):
            trend = "perubahan dari {tahun_lalu} tidak dapat dihitung"
        else:
            shown = _format_change(abs(change), row["satuan"]).lstrip("+")
            if not any(digit in shown for digit in "123456789"):
                trend = "relatif tetap dibanding {tahun_lalu}"  # the change rounds to zero
            else:
                word = "naik" if change > 0 else "turun"
                trend = f"{word} {{perubahan}} dibanding {{tahun_lalu}}"
                values["perubahan"] = shown
        values.update(
            tertinggi=row["tertinggi"] or "",
            nilai_tertinggi=format_nilai(row["nilai_tertinggi"], row["satuan"]),
            terendah=row["terendah"] or "",
            nilai_terendah=format_nilai(row["nilai_terendah"], row["satuan"]),
            n=str(int(row["n_provinsi"])),
        )
        if int(row["n_provinsi"]) == 1:
            spread = "Hanya {tertinggi} yang memiliki data."
        else:
            spread = (
                "Tertinggi: {tertinggi} ({nilai_tertinggi}); "
                "terendah: {terendah} ({nilai_terendah}), "
                "dari {n} provinsi dengan data."
            )
        template = (
            f"- **{{indikator}}** secara nasional {{nilai}} pada {{tahun}}, {trend}. {spread}"
        )
        out.append((template, values))
    return out


HEADLINE_INDEKS = {
    "persen_rat": "RAT (% koperasi aktif)",
    "persen_ukm": "UKM (% UMKM)",
    "serapan_anggaran": "Serapan anggaran (%)",
}
"""Headline values of the national report on the index page (code -> label)."""


def headline_indeks(summary: pd.DataFrame) -> dict[str, float | None]:
    """The national values shown on the index page, from :func:`ringkasan` (None if missing)."""
    values = summary.set_index("kode")["nilai"]
    return {
        label: (None if pd.isna(values.get(code, pd.NA)) else round(float(values[code]), 1))
        for code, label in HEADLINE_INDEKS.items()
    }


__all__ = [
    "ringkasan",
    "ringkasan_tampil",
    "kalimat_ringkasan",
    "HEADLINE_INDEKS",
    "headline_indeks",
]
