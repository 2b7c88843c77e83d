"""Typed failures: each exception maps to one kind, and the record is built in one place."""

from __future__ import annotations

from pathlib import Path

import pytest
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.exceptions import PapermillExecutionError

from kumkm_utils.runner.failures import MESSAGE_LIMIT, ExecutionFailure, FailureKind, describe


def _cell_error() -> PapermillExecutionError:
    return PapermillExecutionError(
        cell_index=7, exec_count=4, source="x", ename="ValueError", evalue="gagal", traceback=[]
    )


@pytest.mark.parametrize(
    ("err", "kind", "type_"),
    [
        (_cell_error(), FailureKind.CELL_ERROR, "ValueError"),
        (CellTimeoutError("slow"), FailureKind.TIMEOUT, "CellTimeoutError"),
        (DeadKernelError("gone"), FailureKind.DEAD_KERNEL, "DeadKernelError"),
        (RuntimeError("Kernel didn't respond"), FailureKind.KERNEL_START, "RuntimeError"),
        (KeyError("python9"), FailureKind.INTERNAL, "KeyError"),
    ],
)
def test_each_exception_has_one_kind(tmp_path: Path, err, kind, type_):
    failure = describe(err, tmp_path / "missing.ipynb", 3.0)
    assert failure.kind is kind and failure.type == type_


def test_records_carry_the_cell_only_when_known(tmp_path: Path):
    record = describe(_cell_error(), tmp_path / "x.ipynb", 3.0).as_record()
    assert record == {
        "kind": "cell_error",
        "type": "ValueError",
        "message": "gagal",
        "cell_index": 7,
        "execution_count": 4,
    }
    timeout = describe(CellTimeoutError("slow"), tmp_path / "x.ipynb", 3.0).as_record()
    assert timeout["message"].startswith("a cell ran longer than 3 s")
    assert "execution_count" not in timeout and timeout["cell_index"] is None


def test_long_messages_are_cut():
    failure = ExecutionFailure.of(FailureKind.RENDER, ValueError("x" * 5000))
    assert len(failure.message) == MESSAGE_LIMIT and failure.as_record()["kind"] == "render"
    assert FailureKind("timeout") is FailureKind.TIMEOUT  # the manifest's strings round-trip
