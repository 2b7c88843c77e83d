"""The project's exception hierarchy: every error a user can cause is one of these."""

from __future__ import annotations


class KumkmError(Exception):
    """Base class of every error raised on purpose by kumkm_utils."""


class UnknownRegionError(KumkmError, LookupError):
    """A province or kab/kota name or code that the reference data does not know."""


class UnreadableFileError(KumkmError):
    """An input file that cannot be read (format, password, macros, size)."""


class WarehouseError(KumkmError):
    """The warehouse is missing, locked by another process or not in the expected shape."""


class ParameterError(KumkmError, ValueError):
    """A report parameter with an unknown name or a wrong type."""


class DisplayError(KumkmError, ValueError):
    """A notebook display call with a bad key, title or table (e.g. a key used twice)."""


class RenderError(KumkmError):
    """An executed notebook that cannot be turned into the report outputs."""


class RunnerError(KumkmError):
    """A report batch that cannot start or continue (lock held, manifest unreadable, bad job)."""


class WarehouseCorruptError(WarehouseError):
    """A warehouse file that fails its check (truncated, bit-flipped, unreadable blocks)."""
