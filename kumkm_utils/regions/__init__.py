"""Indonesian regions: the 38 provinces, the 514 kabupaten/kota, their aliases and the 2022 split.

Everything is read from ``data/reference/``:

- ``regions_kemendagri.csv``: Kemendagri codes and names (Kepmendagri 300.2.2-2138/2025);
- ``provinsi_alias.csv``: common abbreviations of province names (Sultra, DKI, DIY, ...);
- ``kabkota_alias.csv``: the official and short names of every kab/kota plus hand-added
  spellings, abbreviations and former names;
- ``papua_pemekaran.csv``: which kab/kota moved to the four new Papua provinces in 2022.

Codes are always strings: a province is ``"74"``, a kab/kota ``"74.01"``. Passing an integer is
an error, because ``int("01")`` loses the leading zero and codes must never be arithmetic.

Name matching normalises case, spaces and punctuation, and understands the prefixes ``Kab.``,
``Kabupaten``, ``Kota``, ``Kota Adm.`` and ``Kep.`` (Kepulauan). ``Bau-Bau``, ``Bau Bau`` and
``Baubau`` are the same key. When a name exists both as a kabupaten and a kota (Bogor, Malang,
Kupang, ...) the prefix decides; without one the name is ambiguous unless ``province`` narrows
it down. Lookups after normalisation are dictionary hits, so resolving millions of cells costs
one call per distinct value (:func:`resolve_kabkota_series`).

Error messages are in Bahasa Indonesia because they end up in the analysts' validation reports.

The package is split by job: :mod:`~kumkm_utils.regions.codes` (code formats),
:mod:`~kumkm_utils.regions.names` (name normalisation, close-match hints),
:mod:`~kumkm_utils.regions.tables` (reference tables and lookups),
:mod:`~kumkm_utils.regions.resolve` (resolving typed names and codes),
:mod:`~kumkm_utils.regions.papua` (the 2022 Papua split) and
:mod:`~kumkm_utils.regions.aliases` (generating the alias table). Import the names from
``kumkm_utils.regions``.
"""

from __future__ import annotations

from kumkm_utils.regions.aliases import (
    GENERATED_NOTE,
    build_kabkota_alias_table,
    generated_kabkota_aliases,
)
from kumkm_utils.regions.codes import (
    KABKOTA_CODE,
    KABKOTA_CODE_PATTERN,
    PROVINCE_CODE,
    PROVINCE_CODE_PATTERN,
    RegionCodeTypeError,
)
from kumkm_utils.regions.names import SUGGEST_CUTOFF, slugify
from kumkm_utils.regions.papua import (
    NEW_PAPUA_PROVINCES,
    map_34_to_38,
    map_38_to_34,
    papua_pemekaran,
    province_38_to_34,
    province_before_2022,
)
from kumkm_utils.regions.resolve import (
    AmbiguousRegionError,
    KabkotaResolution,
    WrongProvinceError,
    resolve_kabkota,
    resolve_kabkota_detail,
    resolve_kabkota_series,
)
from kumkm_utils.regions.tables import (
    JENIS_KABKOTA,
    KABKOTA_ALIAS_FILE,
    PAPUA_FILE,
    PROVINCE_ALIAS_FILE,
    REGIONS_FILE,
    Province,
    kabkota,
    kabkota_codes,
    kabkota_name,
    province,
    province_name,
    province_of,
    provinces,
)

__all__ = [
    "GENERATED_NOTE",
    "JENIS_KABKOTA",
    "KABKOTA_ALIAS_FILE",
    "KABKOTA_CODE",
    "KABKOTA_CODE_PATTERN",
    "NEW_PAPUA_PROVINCES",
    "PAPUA_FILE",
    "PROVINCE_ALIAS_FILE",
    "PROVINCE_CODE",
    "PROVINCE_CODE_PATTERN",
    "REGIONS_FILE",
    "SUGGEST_CUTOFF",
    "AmbiguousRegionError",
    "KabkotaResolution",
    "Province",
    "RegionCodeTypeError",
    "WrongProvinceError",
    "build_kabkota_alias_table",
    "generated_kabkota_aliases",
    "kabkota",
    "kabkota_codes",
    "kabkota_name",
    "map_34_to_38",
    "map_38_to_34",
    "papua_pemekaran",
    "province",
    "province_38_to_34",
    "province_before_2022",
    "province_name",
    "province_of",
    "provinces",
    "resolve_kabkota",
    "resolve_kabkota_detail",
    "resolve_kabkota_series",
    "slugify",
]
