"""Shared helper code of the KUMKM Rakorda workbook (everything that is not narrative)."""

__version__ = "0.1.0"
