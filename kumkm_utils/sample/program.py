"""Synthetic programme realisation rows: provincial sub-kegiatan of urusan 2.17 per year.

Codes, names and output indicators are the provincial sub-kegiatan of the reference
nomenclature (:func:`kumkm_utils.reference.nomenclature`); the SIPD list a province actually
uses may differ.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kumkm_utils import reference, regions
from kumkm_utils.sample.calibration import rng_for


def subkegiatan() -> tuple[tuple[str, str, str, str], ...]:
    """(code, name, output indicator, unit) of the provincial sub-kegiatan in the reference
    nomenclature (``data/reference/nomenklatur_2_17.csv``)."""
    table = reference.nomenclature("sub_kegiatan", tingkat="provinsi")
    return tuple(
        (r.kode, r.nama, r.indikator_keluaran or "", r.satuan or "") for r in table.itertuples()
    )


PRIORITAS_2023 = ("PL-KUMKM", "MP-UMKM", "KWU", "NEW-PLUT", "KOP-PANGAN", "KEMISKINAN-EKSTREM")
PRIORITAS_2025 = ("ASTA-CITA", "MBG", "KDKMP")
_PRIORITY_OF = {  # sub-kegiatan → (priority 2023-2024, priority 2025 onward)
    "2.17.07.1.01.0001": ("PL-KUMKM", None),
    "2.17.07.1.01.0002": ("MP-UMKM", None),
    "2.17.07.1.01.0015": ("KWU", "ASTA-CITA"),
    "2.17.05.1.01.0001": ("KWU", None),
    "2.17.08.1.01.0002": ("NEW-PLUT", "ASTA-CITA"),
    "2.17.06.1.01.0009": ("KOP-PANGAN", "KDKMP"),
    "2.17.07.1.01.0004": ("KEMISKINAN-EKSTREM", None),
    "2.17.08.1.01.0001": ("MP-UMKM", "MBG"),
    "2.17.07.1.01.0003": (None, "MBG"),
    "2.17.06.1.01.0003": (None, "KDKMP"),
    "2.17.03.1.01.0003": (None, "KDKMP"),
}
_KENDALA = (
    "Pencairan anggaran terlambat",
    "Refocusing anggaran",
    "Keterbatasan tenaga pendamping",
    "Peserta kegiatan tidak memenuhi kuota",
    "Data sasaran belum valid",
    "Koordinasi dengan kab/kota belum optimal",
    "Proses pengadaan barang/jasa gagal lelang",
    "Kegiatan dijadwalkan ulang ke triwulan IV",
    "Efisiensi anggaran sesuai Inpres 1/2025",
    "Koperasi sasaran tidak aktif",
)


_DTYPES = {
    "kode_provinsi": "string",
    "tahun": "Int64",
    "kode_subkegiatan": "string",
    "sumber_dana": "string",
    "kode_kabkota": "string",
    "nama_subkegiatan": "string",
    "pagu_rp": "Float64",
    "realisasi_keuangan_rp": "Float64",
    "indikator_keluaran": "string",
    "satuan": "string",
    "target": "Float64",
    "realisasi_fisik": "Float64",
    "prioritas_nasional": "string",
    "kendala": "string",
}


def generate(code: str, year: int, *, seed: int) -> pd.DataFrame:
    """Return the programme rows of one province and year (15–40 rows), in schema dtypes."""
    rng = rng_for(seed, code, "program", year)
    items = subkegiatan()
    kabs = regions.kabkota(code)["kode_kabkota"].to_numpy()
    n_rows = int(rng.integers(15, 41))
    base_idx = np.sort(
        rng.choice(len(items), size=min(len(items), int(rng.integers(12, 22))), replace=False)
    )
    # some priorities are deliberately absent in some provinces
    missing = set(
        rng.choice(PRIORITAS_2023 + PRIORITAS_2025, size=int(rng.integers(0, 3)), replace=False)
    )
    keys = _row_keys(rng, items, base_idx, kabs, n_rows)
    rows = [
        _row(rng, code, year, items[i], sumber, kab, missing=missing) for i, sumber, kab in keys
    ]
    frame = pd.DataFrame(rows).sort_values(
        ["kode_subkegiatan", "sumber_dana", "kode_kabkota"], na_position="first", kind="stable"
    )
    return frame.reset_index(drop=True).astype(_DTYPES)


def _row_keys(
    rng: np.random.Generator,
    items: tuple[tuple[str, str, str, str], ...],
    base_idx: np.ndarray,
    kabs: np.ndarray,
    n_rows: int,
) -> list[tuple[int, str, str | None]]:
    """(sub-kegiatan index, sumber dana, kab/kota) of each row: every chosen sub-kegiatan
    once from the APBD, then other funding sources or kab/kota locations until ``n_rows``."""
    keys: list[tuple[int, str, str | None]] = [(int(i), "APBD", None) for i in base_idx]
    seen = set(keys)
    extra_idx = np.array([i for i in base_idx if not items[i][0].startswith("2.17.01")])
    while len(keys) < n_rows:
        i = int(rng.choice(extra_idx))
        prog = items[i][0][:7]
        r = rng.random()
        if r < 0.3 and prog in ("2.17.05", "2.17.07", "2.17.08"):
            key = (i, "DAK Nonfisik", None)
        elif r < 0.4:
            key = (i, "Dekonsentrasi", None)
        elif r < 0.45:
            key = (i, "Lainnya", None)
        else:
            key = (i, "APBD", str(rng.choice(kabs)))
        if key not in seen:
            seen.add(key)
            keys.append(key)
    return keys


def _realisation_ratio(rng: np.random.Generator) -> float:
    """Financial realisation over pagu: mostly 70-100 %, a few far behind, a few over."""
    u = rng.random()
    if u < 0.05:
        return rng.uniform(0.05, 0.4)
    if u < 0.08:
        return rng.uniform(1.01, 1.08)
    return 0.7 + 0.3 * rng.beta(3, 1.5)


def _priority(rng: np.random.Generator, kode: str, year: int, missing: set) -> str | None:
    """The national priority a sub-kegiatan is tagged with (most of the time), if any."""
    prio = None
    pair = _PRIORITY_OF.get(kode)
    if pair and year >= 2023 and rng.random() < 0.8:
        prio = pair[0] if year < 2025 else pair[1]
        if prio in missing:
            prio = None
    return prio


def _row(
    rng: np.random.Generator,
    code: str,
    year: int,
    item: tuple[str, str, str, str],
    sumber: str,
    kab: str | None,
    *,
    missing: set,
) -> dict:
    """One programme row: pagu, realisation, output target and achievement, priority, kendala."""
    kode, nama, indikator, satuan = item
    pagu = float(np.clip(round(rng.lognormal(np.log(4e8), 0.9), -3), 2.5e7, 4.5e9))
    ratio = _realisation_ratio(rng)
    target = float(rng.integers(1, 50) * (10 if satuan in ("orang", "unit usaha") else 1))
    fisik = float(round(target * min(1.2, max(0.0, ratio + rng.normal(0.02, 0.08)))))
    prio = _priority(rng, kode, year, missing)
    kendala = str(rng.choice(_KENDALA)) if (ratio < 0.5 or rng.random() < 0.2) else None
    return {
        "kode_provinsi": code,
        "tahun": year,
        "kode_subkegiatan": kode,
        "sumber_dana": sumber,
        "kode_kabkota": kab,
        "nama_subkegiatan": nama,
        "pagu_rp": pagu,
        "realisasi_keuangan_rp": float(round(pagu * ratio, -3)),
        "indikator_keluaran": indikator,
        "satuan": satuan,
        "target": target,
        "realisasi_fisik": fisik,
        "prioritas_nasional": prio,
        "kendala": kendala,
    }
