"""Provinces side by side: rankings, values for charts and maps, distribution across provinces."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kumkm_utils.rollup.measures import PERINGKAT, Ukuran, format_nilai, satuan_tabel, ukuran
from kumkm_utils.rollup.parts import national_totals, perubahan_sebanding, with_values
from kumkm_utils.rollup.summary import _extremes


def peringkat(parts: pd.DataFrame, kode: str, *, year: int) -> pd.DataFrame:
    """Rank the 38 provinces on one indicator; provinces without data come last, unranked.

    Parameters
    ----------
    parts
        A :func:`province_parts` frame covering ``year - 1`` and ``year``.
    kode
        Indicator code (:data:`UKURAN`).
    year
        Evaluation year.

    Returns
    -------
    pandas.DataFrame
        ``Peringkat`` (1 = best; ties share the better rank; NA without data), ``Kode``,
        ``Provinsi``, the value of ``year`` and ``year - 1``, ``Perubahan`` (like for like:
        over the province's kab/kota with data in both years) and, for ratios, the numerator
        and the denominator of ``year``.
    """
    spec = ukuran(kode)
    values = with_values(parts, [kode])
    if spec.satuan == "Rp":
        values[kode] = values[kode] * 1e-9
    now = values[values["tahun"] == year].set_index("kode_provinsi")
    before = values[values["tahun"] == year - 1].set_index("kode_provinsi")[kode]
    frame = pd.DataFrame(
        {"kode": now.index, "nama": now["nama_provinsi"].to_numpy(), "nilai": now[kode].to_numpy()}
    )
    frame["nilai"] = frame["nilai"].astype("Float64")
    frame["sebelumnya"] = frame["kode"].map(before).astype("Float64")
    change = perubahan_sebanding(parts, kode) * (1e-9 if spec.satuan == "Rp" else 1.0)
    this_year = (parts["tahun"] == year).to_numpy()
    like = pd.Series(change[this_year].to_numpy(), index=parts.loc[this_year, "kode_provinsi"])
    frame["perubahan"] = frame["kode"].map(like).astype("Float64")
    rank = frame["nilai"].astype("float64").rank(method="min", ascending=not spec.naik_lebih_baik)
    frame["peringkat"] = pd.array(rank, dtype="Int64")
    frame = frame.sort_values(["peringkat", "kode"], na_position="last", kind="stable")
    frame = frame.reset_index(drop=True)
    out = pd.DataFrame(
        {
            "Peringkat": frame["peringkat"],
            "Kode": frame["kode"].astype("string"),
            "Provinsi": frame["nama"].astype("string"),
            f"{_label(spec)} {year}": frame["nilai"],
            f"{_label(spec)} {year - 1}": frame["sebelumnya"],
            "Perubahan": frame["perubahan"],
        }
    )
    if spec.penyebut is not None and not spec.pertumbuhan:
        out[spec.label_pembilang] = now.loc[frame["kode"], spec.pembilang].array
        out[spec.label_penyebut] = now.loc[frame["kode"], spec.penyebut].array
    return out


def catatan_banding(parts: pd.DataFrame, dataset: str, *, year: int) -> str:
    """The sentence saying what a change compares, naming the kab/kota left out."""
    rows = parts[parts["tahun"] == year]
    column = f"tanpa_banding_{dataset}"
    if column not in rows.columns:
        return "Perubahan dihitung atas provinsi yang melapor pada kedua tahun."
    names = [n for n in rows[column].dropna().astype(str) if n]
    text = "Perubahan dihitung sebanding, atas kabupaten/kota yang melapor pada kedua tahun"
    return text + (f"; tidak dibandingkan: {', '.join(names)}." if names else ".")


def _label(spec: Ukuran) -> str:
    return {"%": "Persen", "Rp": "Rp miliar", "unit": "Jumlah", "orang": "Jumlah"}[spec.satuan]


def nilai_provinsi(parts: pd.DataFrame, kode: str, *, year: int) -> pd.Series:
    """One indicator's value per province code for ``year`` (for charts and the tile map)."""
    values = with_values(parts, [kode])
    now = values[values["tahun"] == year]
    return pd.Series(
        now[kode].to_numpy(), index=now["kode_provinsi"].to_numpy(), name=kode, dtype="Float64"
    )


def data_grafik(parts: pd.DataFrame, kode: str, *, year: int) -> pd.DataFrame:
    """``Provinsi`` and ``Nilai`` of every province for :func:`kumkm_utils.charts.rank_chart`."""
    values = with_values(parts, [kode])
    now = values[values["tahun"] == year]
    return pd.DataFrame(
        {
            "Provinsi": now["nama_provinsi"].to_numpy(),
            "Nilai": now[kode].astype("float64").to_numpy(),
        }
    )


def sebaran(parts: pd.DataFrame, *, year: int, codes: Sequence[str] = PERINGKAT) -> pd.DataFrame:
    """Distribution of each indicator across provinces: quartiles, extremes with names, national.

    Quartiles are pandas' linear-interpolation quantiles over the provinces with data; the
    national value is recomputed from the parts (:func:`national_totals`), which is why it
    may lie far from the median.

    Returns
    -------
    pandas.DataFrame
        ``Indikator``, ``Satuan``, ``Provinsi dengan data``, ``Minimum``, ``Provinsi minimum``,
        ``Kuartil 1``, ``Median``, ``Kuartil 3``, ``Maksimum``, ``Provinsi maksimum``,
        ``Rentang antarkuartil``, ``Nasional``; money in Rp miliar.
    """
    values = with_values(parts, codes)
    now = values[values["tahun"] == year]
    national = national_totals(parts).set_index("tahun")
    rows = []
    for spec in (ukuran(c) for c in codes):
        data = now[spec.kode].dropna().astype("float64")
        factor, unit = (1e-9, "Rp miliar") if spec.satuan == "Rp" else (1.0, spec.satuan)
        low, low_value = _extremes(now, spec.kode, largest=False)
        top, top_value = _extremes(now, spec.kode, largest=True)
        q = (
            data.quantile([0.25, 0.5, 0.75])
            if len(data)
            else pd.Series([pd.NA] * 3, index=[0.25, 0.5, 0.75])
        )
        rows.append(
            {
                "Indikator": spec.nama,
                "Satuan": unit,
                "Provinsi dengan data": len(data),
                "Minimum": _scaled(low_value, factor),
                "Provinsi minimum": low,
                "Kuartil 1": _scaled(q[0.25], factor),
                "Median": _scaled(q[0.5], factor),
                "Kuartil 3": _scaled(q[0.75], factor),
                "Maksimum": _scaled(top_value, factor),
                "Provinsi maksimum": top,
                "Rentang antarkuartil": _scaled(q[0.75] - q[0.25] if len(data) else pd.NA, factor),
                "Nasional": _scaled(national[spec.kode].get(year, pd.NA), factor),
            }
        )
    out = pd.DataFrame(rows)
    for column in (
        "Minimum",
        "Kuartil 1",
        "Median",
        "Kuartil 3",
        "Maksimum",
        "Rentang antarkuartil",
        "Nasional",
    ):
        out[column] = pd.to_numeric(out[column]).astype("Float64")
    return out


def _scaled(value: object, factor: float) -> object:
    return pd.NA if value is None or pd.isna(value) else float(value) * factor


def tabel_provinsi(
    parts: pd.DataFrame, *, year: int, codes: Sequence[str] = PERINGKAT
) -> pd.DataFrame:
    """Every province's headline values for ``year``, then Indonesia (money in Rp miliar)."""
    values = with_values(parts, codes)
    now = values[values["tahun"] == year]
    national = national_totals(parts)
    national = national[national["tahun"] == year].assign(
        kode_provinsi="00", nama_provinsi="Indonesia"
    )
    frame = pd.concat([now, national], ignore_index=True)
    out = pd.DataFrame({"Kode": frame["kode_provinsi"], "Provinsi": frame["nama_provinsi"]})
    for spec in (ukuran(c) for c in codes):
        factor, unit = (1e-9, "Rp miliar") if spec.satuan == "Rp" else (1.0, spec.satuan)
        label = spec.nama if spec.satuan == "%" else f"{spec.nama} ({unit})"
        out[label] = (frame[spec.kode].astype("Float64") * factor).to_numpy()
    return out


def _declared_decimals(table: pd.DataFrame, kode: str) -> dict[str, int]:
    """Value and change columns of a percentage ranking at the indicator's declared decimals
    (0,11% stays 0,11%, as the chart labels it); other units follow the display's rule."""
    from kumkm_utils.indicators import deklarasi

    if ukuran(kode).satuan != "%":
        return {}
    decimals = int(deklarasi.indikator(kode).desimal)
    return {column: decimals for column in table.columns[3:6]}


def show_ranking(parts: pd.DataFrame, kode: str, *, year: int) -> None:
    """Show one indicator's ranking table and ranked bar chart (national value as reference line).

    Parameters
    ----------
    parts
        A :func:`province_parts` frame covering ``year - 1`` and ``year``.
    kode
        Indicator code (:data:`UKURAN`).
    year
        Evaluation year.
    """
    from kumkm_utils import charts, display

    spec = ukuran(kode)
    national = national_totals(parts).set_index("tahun")[kode].get(year, pd.NA)
    note = "Peringkat 1 = tertinggi; provinsi tanpa data tidak diberi peringkat."
    note += " " + catatan_banding(parts, spec.banding, year=year)
    if spec.penyebut is not None:
        note += (
            f" Nilai nasional {format_nilai(national, spec.satuan)} dihitung dari jumlah "
            "pembilang dan penyebut seluruh provinsi, bukan rata-rata persentase provinsi."
        )
    table = peringkat(parts, kode, year=year)
    display.table(
        table,
        key=f"peringkat_{kode}",
        title=f"Peringkat provinsi: {spec.nama}, {year}",
        unit=satuan_tabel(kode),
        note=note,
        decimals=_declared_decimals(table, kode),
    )
    chart = charts.rank_chart(
        data_grafik(parts, kode, year=year),
        "Nilai",
        "Provinsi",
        title=spec.nama,
        unit="%" if spec.satuan == "%" else spec.satuan,
        subtitle=str(year),
        reference_line=None if pd.isna(national) or spec.penyebut is None else float(national),
        xlabel=spec.nama.split(" (")[0],
    )
    display.figure(chart, key=f"grafik_{kode}", title=f"{spec.nama} menurut provinsi, {year}")


__all__ = [
    "peringkat",
    "nilai_provinsi",
    "data_grafik",
    "sebaran",
    "tabel_provinsi",
    "show_ranking",
]
