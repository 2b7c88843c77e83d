"""The input data model: what a Dinas submits each year, defined once as pandera schemas.

Five datasets, one schema each (``KOPERASI``, ``UMKM``, ``PROGRAM``, ``MAKRO``,
``TARGET``). Each column carries, in its pandera ``metadata``, what the templates and the data
dictionary are generated from:

- ``label``: the Indonesian column label shown to analysts;
- ``unit``: the unit (money is always in rupiah, ``Rp``, never in thousands or millions);
- ``allowed``: the allowed values of a coded column (drop-down lists in the templates);
- ``key``: part of the dataset's key (unique within a province and year);
- ``example``: an example value for the template.

The column ``description`` is the Indonesian definition shown in the data dictionary.
Schemas validate the *normalised* frame: after ingestion has parsed numbers, dates and
kab/kota names (``kode_kabkota`` always holds a Kemendagri code such as ``"74.01"``).

Modules: :mod:`.codes` (code lists and formats), :mod:`.columns` (how a column is declared),
:mod:`.row_rules` (the registry of checks across a row's columns), :mod:`.business_size`
(PP 7/2021 size classes), one module per dataset (:mod:`.koperasi`, :mod:`.umkm`,
:mod:`.program`, :mod:`.makro`, :mod:`.target`) with its schema and row rules, and
:mod:`.registry` (:class:`Dataset`, :data:`DATASETS`, :func:`dataset`).
"""

from __future__ import annotations

from kumkm_utils.schemas.business_size import size_class
from kumkm_utils.schemas.codes import (
    DOKUMEN_TARGET,
    JENIS_KELAMIN,
    JENIS_KOPERASI,
    KATEGORI_KBLI,
    KBLI_PATTERN,
    KELOMPOK_KOPERASI,
    KELOMPOK_UMUR,
    KODE_KABKOTA_PATTERN,
    KODE_PROVINSI_PATTERN,
    KODE_SUBKEGIATAN_PATTERN,
    NIB_PATTERN,
    PREDIKAT_KESEHATAN,
    SKALA_USAHA,
    STATUS_KOPERASI,
    SUMBER_DANA,
    YEAR_RANGE,
)
from kumkm_utils.schemas.koperasi import KOPERASI, NIK_PRIVACY_ERROR
from kumkm_utils.schemas.makro import MAKRO
from kumkm_utils.schemas.program import PROGRAM
from kumkm_utils.schemas.registry import DATASETS, Dataset, dataset
from kumkm_utils.schemas.row_rules import ROW_RULES, RowRule
from kumkm_utils.schemas.target import TARGET
from kumkm_utils.schemas.umkm import UMKM

__all__ = [
    "DATASETS",
    "DOKUMEN_TARGET",
    "JENIS_KELAMIN",
    "JENIS_KOPERASI",
    "KATEGORI_KBLI",
    "KBLI_PATTERN",
    "KELOMPOK_KOPERASI",
    "KELOMPOK_UMUR",
    "KODE_KABKOTA_PATTERN",
    "KODE_PROVINSI_PATTERN",
    "KODE_SUBKEGIATAN_PATTERN",
    "KOPERASI",
    "MAKRO",
    "NIB_PATTERN",
    "NIK_PRIVACY_ERROR",
    "PREDIKAT_KESEHATAN",
    "PROGRAM",
    "ROW_RULES",
    "SKALA_USAHA",
    "STATUS_KOPERASI",
    "SUMBER_DANA",
    "TARGET",
    "UMKM",
    "YEAR_RANGE",
    "Dataset",
    "RowRule",
    "dataset",
    "size_class",
]
