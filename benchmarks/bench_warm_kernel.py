"""What each kernel-start shortcut of the runner buys, per report, on a three-cell notebook.

Runs the same tiny notebook N times in this process through
:func:`kumkm_utils.runner.execute.execute_notebook` with:

- ``cold``: ordinary kernels (``ipykernel_launcher``), stock jupyter_client;
- ``warm-stock-client``: warm kernels, jupyter_client's own ``wait_for_ready`` and shutdown;
- ``warm-stock-shutdown``: warm kernels, the quick-ready client, jupyter_client's shutdown
  (which checks every 0.1 s whether a killed kernel is gone);
- ``warm``: what the runner uses (quick-ready client, shutdown noticed within 10 ms).

The notebook does almost nothing, so the figures are the per-report overhead of starting and
stopping a kernel. Usage: ``python benchmarks/bench_warm_kernel.py [N]``.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kumkm_utils.runner import warmkernel
from kumkm_utils.runner.execute import execute_notebook
from kumkm_utils.runner.jobs import RunSettings


def _notebook(folder: Path) -> Path:
    cells = [
        {"cell_type": "code", "metadata": {}, "source": src, "outputs": [], "execution_count": None}
        for src in ("x = 1", "y = x + 1", "print(y)")
    ]
    nb = {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "P"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = folder / "tiny.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def _stock_shutdown(cls: type) -> type:
    from jupyter_client.manager import AsyncKernelManager

    class StockShutdown(cls):
        shutdown_kernel = AsyncKernelManager.shutdown_kernel

    return StockShutdown


def _stock_client(cls: type) -> type:
    from traitlets import DottedObjectName, Type

    stock = "jupyter_client.asynchronous.AsyncKernelClient"

    class StockClient(cls):
        client_class = DottedObjectName(stock)
        client_factory = Type(default_value=stock, klass=stock)

    return StockClient


def main(n: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="kumkm-bench-wk-"))
    nb = _notebook(folder)
    settings = RunSettings(renderer=None)
    socket_path = warmkernel.ensure_template(())
    warm = warmkernel.kernel_manager_class(socket_path)
    variants = {
        "cold": None,
        "warm-stock-client": _stock_client(_stock_shutdown(warm)),
        "warm-stock-shutdown": _stock_shutdown(warm),
        "warm": warm,
    }
    times: dict[str, list[float]] = {k: [] for k in variants}
    for i in range(n + 1):  # rounds interleave the variants; round 0 is a warm-up
        for name, manager in variants.items():
            t0 = time.perf_counter()
            result = execute_notebook(
                nb,
                folder / f"{name}.ipynb",
                {},
                cwd=folder,
                settings=settings,
                kernel_manager_class=manager,
            )
            assert result.ok, result.error
            if i:
                times[name].append(time.perf_counter() - t0)
    for name, values in times.items():
        print(
            f"{name:20s} median {statistics.median(values):.3f} s  "
            f"mean {statistics.mean(values):.3f} s  (n={len(values)})"
        )
    warmkernel.stop_template()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
