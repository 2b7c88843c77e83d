"""What a batch did (:class:`BatchOutcome`) and its plain-text summary (:func:`format_summary`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kumkm_utils import formatting
from kumkm_utils.runner.manifest import Manifest


@dataclass
class BatchOutcome:
    """What a batch did.

    Attributes
    ----------
    built, failed, skipped, interrupted
        Job keys by outcome (``built`` holds the successful builds).
    manifest
        The manifest after the batch.
    year_dir
        The year folder.
    index
        The index page, if written.
    decide_s, total_s
        Seconds spent validating and deciding, and in the whole batch.
    reasons
        Why each job was built or skipped (``"unchanged"``, ``"changed: data"``, ...).
    """

    built: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    interrupted: list[str] = field(default_factory=list)
    manifest: Manifest = field(default_factory=Manifest)
    year_dir: Path = Path()
    index: Path | None = None
    decide_s: float = 0.0
    total_s: float = 0.0
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0 when nothing failed, 1 otherwise (130 after an interruption)."""
        if self.interrupted:
            return 130
        return 1 if self.failed else 0


def format_summary(outcome: BatchOutcome) -> str:
    """Return a plain-text summary of a batch, with a table of the failed reports.

    Examples
    --------
    >>> print(format_summary(BatchOutcome(built=["74"], skipped=["11"])))
    dibangun 1, gagal 0, dilewati 1 (0,0 s)
    """
    seconds = formatting.angka(outcome.total_s, 1)
    lines = [
        f"dibangun {len(outcome.built)}, gagal {len(outcome.failed)}, "
        f"dilewati {len(outcome.skipped)}"
        + (f", terhenti {len(outcome.interrupted)}" if outcome.interrupted else "")
        + f" ({seconds} s)"
    ]
    if outcome.failed:
        rows = [("kode", "laporan", "galat", "pesan", "notebook")]
        for key in outcome.failed:
            rec = outcome.manifest.jobs.get(key)
            err = (rec.error if rec else None) or {}
            message = str(err.get("message", "")).strip().splitlines()
            rows.append(
                (
                    key,
                    rec.label if rec else "",
                    f"{err.get('kind', '')}/{err.get('type', '')}",
                    (message[0] if message else "")[:70],
                    str(outcome.year_dir / rec.failed_notebook)
                    if rec and rec.failed_notebook
                    else "-",
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
        lines.append("laporan yang gagal:")
        for r in rows:
            lines.append(
                "  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1]
            )
    return "\n".join(lines)
