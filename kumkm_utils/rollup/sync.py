"""Central–regional synchronisation across provinces: province × priority matrix and gaps."""

from __future__ import annotations

import pandas as pd

from kumkm_utils.exceptions import ParameterError
from kumkm_utils.rollup.parts import _provinces


def _priority_order(sinkron: pd.DataFrame) -> list[str]:
    from kumkm_utils.indicators.program import LAINNYA, TANPA

    codes = list(dict.fromkeys(sinkron["kode_prioritas"]))
    return [c for c in codes if c not in (LAINNYA, TANPA)] + [
        c for c in (LAINNYA, TANPA) if c in codes
    ]


def matriks_sinkronisasi(sinkron: pd.DataFrame, *, nilai: str = "n_subkegiatan") -> pd.DataFrame:
    """Province × national-priority matrix of sub kegiatan count or budget.

    Parameters
    ----------
    sinkron
        :func:`kumkm_utils.indicators.program.sinkronisasi` with ``province=None``.
    nilai
        ``"n_subkegiatan"`` or ``"pagu_rp"`` (shown in Rp juta).

    Returns
    -------
    pandas.DataFrame
        ``Kode``, ``Provinsi``, one column per priority code (plan-year priorities, then
        ``LAINNYA``/``TANPA`` when present), then an ``Indonesia`` row of sums. A province that
        submitted no programme rows has NA (no data), one with rows but none for a priority 0.
    """
    if nilai not in ("n_subkegiatan", "pagu_rp"):
        raise ParameterError(f"nilai must be 'n_subkegiatan' or 'pagu_rp', got {nilai!r}")
    order = _priority_order(sinkron)
    values = sinkron[nilai].astype("Float64").fillna(0)
    frame = sinkron.assign(_v=values.mask(~sinkron["ada_data"].astype(bool)))
    matrix = frame.pivot_table(
        index="kode_provinsi", columns="kode_prioritas", values="_v", aggfunc="sum", dropna=False
    )
    provinces = _provinces().set_index("kode_provinsi")["nama_provinsi"]
    has_data = (
        frame.groupby("kode_provinsi")["ada_data"].any().reindex(provinces.index).fillna(False)
    )
    matrix = matrix.reindex(index=provinces.index, columns=order).astype("Float64")
    rows_with_data = has_data.astype(bool).to_numpy()
    matrix.loc[rows_with_data] = matrix.loc[rows_with_data].fillna(0.0)
    matrix.loc[~rows_with_data] = pd.NA
    if nilai == "pagu_rp":
        matrix = matrix / 1e6
    total = matrix.sum(min_count=1).to_frame().T
    total.index = ["00"]
    out = pd.concat([matrix, total])
    out.insert(0, "Provinsi", [*provinces.tolist(), "Indonesia"])
    out = out.rename_axis("Kode").reset_index()
    out.columns.name = None
    return out


def rekap_prioritas(sinkron: pd.DataFrame) -> pd.DataFrame:
    """Per national priority: how many provinces have activity and budget, and the totals.

    Returns
    -------
    pandas.DataFrame
        ``Kode``, ``Prioritas``, ``Provinsi dengan kegiatan``, ``Provinsi dengan anggaran``,
        ``Provinsi tanpa kegiatan`` (with programme data but no sub kegiatan for it),
        ``Provinsi tanpa data program``, ``Sub kegiatan``, ``Pagu (Rp juta)``,
        ``Realisasi (Rp juta)``, ``Status``.
    """
    rows = []
    for code in _priority_order(sinkron):
        part = sinkron[sinkron["kode_prioritas"] == code]
        has_data = part["ada_data"].astype(bool)
        active = has_data & (part["n_subkegiatan"] > 0)
        funded = active & (part["pagu_rp"].fillna(0) > 0)
        n_data = int(has_data.sum())
        n_active = int(active.sum())
        if n_data == 0:
            status = "Tidak dapat dinilai: tidak ada data program"
        elif n_active == 0:
            status = "Belum ada kegiatan di provinsi mana pun"
        else:
            status = f"Ada kegiatan di {n_active} provinsi"
        rows.append(
            {
                "Kode": code,
                "Prioritas": part["nama_prioritas"].iloc[0],
                "Provinsi dengan kegiatan": n_active,
                "Provinsi dengan anggaran": int(funded.sum()),
                "Provinsi tanpa kegiatan": n_data - n_active,
                "Provinsi tanpa data program": int((~has_data).sum()),
                "Sub kegiatan": int(part.loc[has_data, "n_subkegiatan"].sum()),
                "Pagu (Rp juta)": part.loc[has_data, "pagu_rp"].sum(min_count=1) / 1e6
                if n_active
                else pd.NA,
                "Realisasi (Rp juta)": (
                    part.loc[has_data, "realisasi_keuangan_rp"].sum(min_count=1) / 1e6
                    if n_active
                    else pd.NA
                ),
                "Status": status,
            }
        )
    out = pd.DataFrame(rows)
    for column in ("Pagu (Rp juta)", "Realisasi (Rp juta)"):
        out[column] = pd.to_numeric(out[column]).astype("Float64")
    return out


def prioritas_tanpa_kegiatan(rekap: pd.DataFrame) -> list[str]:
    """Names of plan-year priorities without regional activity in any province with data."""
    from kumkm_utils.indicators.program import LAINNYA, TANPA

    empty = rekap[
        (rekap["Provinsi dengan kegiatan"] == 0)
        & (rekap["Provinsi tanpa kegiatan"] > 0)
        & ~rekap["Kode"].isin([LAINNYA, TANPA])
    ]
    return [
        f"{name} ({code})" for code, name in zip(empty["Kode"], empty["Prioritas"], strict=True)
    ]


__all__ = ["matriks_sinkronisasi", "rekap_prioritas", "prioritas_tanpa_kegiatan"]
