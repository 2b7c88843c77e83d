"""The papermill engine of the reports: papermill's nbclient engine, saving once, also on a stop.

Reports run through papermill's public :func:`papermill.execute_notebook` with
``request_save_on_cell_execute=False`` (papermill would otherwise rewrite and re-validate the
whole notebook before and after every cell) and ``engine_name="kumkm"``. The engine, registered
with papermill's public engine registry (``papermill_engines.register`` when this module is
imported), is papermill's own :class:`~papermill.engines.NBClientEngine` plus one thing
papermill does not do when no output path reaches the engine: when a cell times out or the
kernel dies, it writes the cells run so far to ``partial_output_path`` before the error
propagates. (After an exception raised in a cell papermill itself writes the notebook with its
red banner.)

There is no ``papermill.engine`` entry point: papermill loads entry points while
``papermill.engines`` is being imported, and this module imports papermill, so an entry point
naming it would import it half-initialised (a circular import).

The warm start needs no engine code: the kernel manager class reaches nbclient's
``NotebookClient.kernel_manager_class`` trait as an ordinary engine keyword argument.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import nbformat
import papermill
from papermill.engines import NBClientEngine, papermill_engines

ENGINE_NAME = "kumkm"


class KumkmEngine(NBClientEngine):
    """nbclient engine that saves the executed notebook when execution stops half-way."""

    @classmethod
    def execute_managed_notebook(  # noqa: D102 - see the class docstring
        cls,
        nb_man,
        kernel_name,
        partial_output_path: str | None = None,
        **kwargs,
    ):
        try:
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
        except BaseException:
            # nbclient fills the cells of nb_man.nb in place: keep what ran
            if partial_output_path is not None:
                nbformat.write(nb_man.nb, partial_output_path)
            raise


papermill_engines.register(ENGINE_NAME, KumkmEngine)


def run_notebook(
    notebook: Path,
    output: Path,
    parameters: Mapping[str, object],
    *,
    cwd: Path,
    kernel_name: str,
    start_timeout: float,
    execution_timeout: float | None,
    **engine_kwargs: object,
) -> None:
    """Execute ``notebook`` into ``output`` with papermill's public API and the kumkm engine.

    The executed notebook is written once: after the run, after an exception in a cell (by
    papermill, with its banner, then :class:`papermill.PapermillExecutionError` is raised), and
    after a timeout or a dead kernel (with the cells run so far, then nbclient's error is
    raised). ``engine_kwargs`` go to nbclient's ``NotebookClient`` (``kernel_manager_class``,
    ``config``).
    """
    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=dict(parameters),
        engine_name=ENGINE_NAME,
        request_save_on_cell_execute=False,
        kernel_name=kernel_name,
        language="python",
        progress_bar=False,
        log_output=False,
        start_timeout=start_timeout,
        execution_timeout=execution_timeout,
        cwd=str(cwd),
        partial_output_path=str(output),
        # every output has arrived when the last cell replies: stop the kernel at once rather
        # than asking it to shut down and polling until it has
        shutdown_kernel="immediate",
        **engine_kwargs,
    )
