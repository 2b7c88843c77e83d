"""What the templates and the data dictionary say about each column, and the code lists."""

from __future__ import annotations

from dataclasses import dataclass

import pandera.pandas as pa

from kumkm_utils import reference, regions
from kumkm_utils.schemas import Dataset
from kumkm_utils.targets.indikator import kode_indikator

BOOLEAN_VALUES = ("Ya", "Tidak")

TYPE_LABELS = {
    "string": "teks",
    "Int64": "bilangan bulat",
    "Float64": "angka",
    "boolean": "Ya/Tidak",
    "datetime64[ns]": "tanggal",
}


@dataclass(frozen=True)
class CodeList:
    """A drop-down list that comes from the reference data rather than the schema."""

    values: tuple[str, ...]
    strict: bool
    note: str


def code_lists() -> dict[str, CodeList]:
    """Code lists for coded columns whose allowed values live in the reference data."""
    kab = regions.kabkota()
    sub = reference.nomenclature("sub_kegiatan")
    return {
        # names are accepted too and converted on import, so the list only warns
        "kode_kabkota": CodeList(
            tuple(kab["kode_kabkota"]),
            False,
            "kode Kemendagri kab/kota (lihat sheet Daftar); nama kab/kota juga diterima",
        ),
        "kode_provinsi": CodeList(
            tuple(regions.provinces()["kode_provinsi"]),
            True,
            "kode Kemendagri provinsi (11 ... 96)",
        ),
        # SIPD exports may hold sub kegiatan missing from our working list
        "kode_subkegiatan": CodeList(
            tuple(sub["kode"]),
            False,
            "daftar kerja nomenklatur 2.17 (lihat sheet Daftar); kode SIPD lain tetap boleh",
        ),
        "prioritas_nasional": CodeList(
            reference.PRIORITY_CODES, True, "kode prioritas nasional (lihat sheet Daftar)"
        ),
        "kode_indikator": CodeList(
            kode_indikator(), True, "kode indikator kinerja (lihat sheet Daftar)"
        ),
    }


# --------------------------------------------------------------------------- column facts


@dataclass(frozen=True)
class ColumnInfo:
    """What the templates and the dictionary say about one schema column."""

    name: str
    label: str
    dtype: str
    unit: str
    key: bool
    nullable: bool
    allowed: tuple[str, ...]
    description: str
    example: str
    minimum: float | None

    @property
    def type_label(self) -> str:
        """Indonesian name of the type (teks, bilangan bulat, angka, Ya/Tidak, tanggal)."""
        return TYPE_LABELS.get(self.dtype, self.dtype)

    @property
    def requirement(self) -> str:
        """``kunci`` (part of the key), ``wajib`` (required) or ``boleh kosong``."""
        if self.key:
            return "kunci"
        return "boleh kosong" if self.nullable else "wajib"


def _dtype_name(column: pa.Column) -> str:
    """Return the schema dtype without storage details (``string[pyarrow]`` → ``string``)."""
    dtype = str(column.dtype)
    if dtype.startswith("string") or dtype == "str":
        return "string"
    if dtype.startswith("datetime64"):
        return "datetime64[ns]"
    return dtype


def _minimum(column: pa.Column) -> float | None:
    for check in column.checks:
        stats = getattr(check, "statistics", None) or {}
        if check.name in ("greater_than_or_equal_to", "ge") and "min_value" in stats:
            return float(stats["min_value"])
        if check.name == "in_range" and "min_value" in stats:
            return float(stats["min_value"])
    return None


def columns_info(dataset: Dataset) -> list[ColumnInfo]:
    """Return the facts about each column of ``dataset``, in template order."""
    out = []
    for name, column in dataset.schema.columns.items():
        meta = dataset.meta(name)
        dtype = _dtype_name(column)
        allowed = tuple(meta.get("allowed") or ())
        if dtype == "boolean":
            allowed = BOOLEAN_VALUES
        example = meta.get("example")
        out.append(
            ColumnInfo(
                name=name,
                label=meta.get("label") or name,
                dtype=dtype,
                unit=meta.get("unit") or "",
                key=bool(meta.get("key")),
                nullable=bool(column.nullable),
                allowed=allowed,
                description=column.description or "",
                example="" if example is None else str(example),
                minimum=_minimum(column),
            )
        )
    return out


# --------------------------------------------------------------------------- workbook


def allowed_text(info: ColumnInfo, lists: dict[str, CodeList]) -> str:
    """The allowed values of a column as the dictionary sheet and page print them."""
    if info.allowed:
        return ", ".join(info.allowed)
    if info.name in lists:
        return lists[info.name].note
    return ""


def dictionary_row(info: ColumnInfo, lists: dict[str, CodeList]) -> list[str]:
    """One column's entry in the data dictionary, in its column order: name, label, type, unit,
    requirement, allowed values, description, example (the template's Kamus Data sheet and
    ``docs/data_dictionary.md`` print the same fields)."""
    return [
        info.name,
        info.label,
        info.type_label,
        info.unit,
        info.requirement,
        allowed_text(info, lists),
        info.description,
        info.example,
    ]
