"""What the declarations print: the catalogue table (:func:`katalog`), the "Definisi" table of the
report and annex (:func:`tabel_definisi`) and the indicator section of
``docs/data_dictionary.md`` (:func:`markdown`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pandas as pd

from kumkm_utils.indicators.deklarasi.daftar import INDIKATOR
from kumkm_utils.indicators.deklarasi.kosakata import ATURAN_CAPAIAN
from kumkm_utils.indicators.deklarasi.pencarian import _index, indikator


@cache
def katalog() -> pd.DataFrame:
    """Every declaration as a table (what ``reference.indicators()`` and the docs print)."""
    rows = []
    for ind in _index().values():
        rows.append(
            {
                "kode": ind.kode,
                "nama": ind.label,
                "label_pendek": ind.label_pendek,
                "kelompok": ind.kelompok,
                "definisi": ind.definisi,
                "pembilang": ind.teks_pembilang,
                "penyebut": ind.teks_penyebut,
                "satuan": ind.satuan,
                "arah": ind.arah,
                "desimal": str(ind.desimal),
                "dataset": ind.dataset,
                "dihitung": "ya" if ind.dihitung else "tidak",
                "peran": ", ".join(ind.peran),
                "sumber": ind.teks_sumber,
                "catatan": ind.catatan,
            }
        )
    return pd.DataFrame(rows, dtype="object")


LABEL_DEFINISI = {
    "kode": "Kode",
    "nama": "Indikator",
    "definisi": "Definisi",
    "pembilang": "Pembilang",
    "penyebut": "Penyebut",
    "satuan": "Satuan",
    "arah": "Arah yang diharapkan",
    "sumber": "Sumber",
    "catatan": "Catatan",
}
"""Indonesian headers of the "Definisi" table and sheet."""


def tabel_definisi(codes: Iterable[str] | None = None) -> pd.DataFrame:
    """The "Definisi" table (annex sheet, report table) of the given codes (default: computed)."""
    table = katalog().set_index("kode")
    wanted = list(codes) if codes is not None else [i.kode for i in INDIKATOR if i.dihitung]
    for code in wanted:
        indikator(code)
    out = table.loc[wanted, [c for c in LABEL_DEFINISI if c != "kode"]].reset_index()
    out["arah"] = out["arah"].map(
        {"naik": "naik (makin tinggi makin baik)", "turun": "turun (makin rendah makin baik)"}
    )
    return out.rename(columns=LABEL_DEFINISI)


def markdown() -> list[str]:
    """The "Indicators" section of ``docs/data_dictionary.md``: one row per declaration."""
    lines = [
        "## Indicators computed from these data",
        "",
        "Generated from `kumkm_utils/indicators/deklarasi/` (one declaration per indicator;",
        "the SQL and the report's definitions come from the same fields). Code = the column",
        "name in the indicator tables. Roles: headline (province summary table), rekap",
        "(national summary), peringkat (national ranking), peta (tile map), ambang (strategic-",
        "issue threshold), target (proposed target), indeks/indeks_nasional (index page).",
        "",
        f"Capaian fisik: {ATURAN_CAPAIAN}",
        "",
        "| Code | Label | Short label | Unit | Direction | Decimals | Definition | Roles "
        "| Source |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for ind in _index().values():
        row = [
            f"`{ind.kode}`",
            ind.label,
            ind.label_pendek,
            ind.satuan,
            ind.arah,
            str(ind.desimal),
            ind.definisi,
            ", ".join(ind.peran),
            ind.teks_sumber,
        ]
        lines.append("| " + " | ".join(v.replace("|", "\\|") for v in row) + " |")
    lines.append("")
    return lines
