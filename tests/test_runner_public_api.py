"""The public API of papermill, nbclient and jupyter_client the runner is built on.

The runner overrides or passes only documented, public names; these tests fail loudly, naming
the missing piece, when a new release of one of those packages drops or renames one of them.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest


def test_papermill_execute_notebook_and_engine_registry():
    import papermill
    from papermill.engines import NBClientEngine, papermill_engines

    from kumkm_utils.runner.engine import ENGINE_NAME, KumkmEngine

    params = inspect.signature(papermill.execute_notebook).parameters
    for name in ("engine_name", "request_save_on_cell_execute", "cwd", "start_timeout"):
        assert name in params, f"papermill.execute_notebook has no {name!r} any more"
    assert papermill_engines.get_engine(ENGINE_NAME) is KumkmEngine
    assert issubclass(KumkmEngine, NBClientEngine)
    managed = inspect.signature(NBClientEngine.execute_managed_notebook).parameters
    assert {"nb_man", "kernel_name"} <= set(managed), "papermill's engine hook changed"


def test_nbclient_traits_the_runner_sets():
    from nbclient import NotebookClient

    traits = NotebookClient.class_traits()
    for name in ("kernel_manager_class", "shutdown_kernel", "startup_timeout", "timeout"):
        assert name in traits, f"nbclient.NotebookClient has no trait {name!r} any more"
    assert "immediate" in traits["shutdown_kernel"].values


def test_jupyter_client_api_the_warm_kernels_use():
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.session import Session

    assert "client_factory" in AsyncKernelManager.class_traits()
    for name in ("format_kernel_cmd", "shutdown_kernel", "is_alive", "has_kernel", "provisioner"):
        assert hasattr(AsyncKernelManager, name), f"AsyncKernelManager.{name} is gone"
    for name in ("wait_for_ready", "kernel_info", "is_alive", "shell_channel", "iopub_channel"):
        assert hasattr(AsyncKernelClient, name), f"AsyncKernelClient.{name} is gone"
    assert inspect.iscoroutinefunction(AsyncKernelClient.wait_for_ready)
    assert "adapt_version" in Session.class_traits()


OWN_PRIVATE = {
    ("cli.py", "args._module"),  # the command module kumkm's own parser stores (set_defaults)
    ("typst_markup.py", "converter._close"),  # the converter class of that same module
    ("typst_markup.py", "converter._pop"),
}
"""``obj._name`` accesses on the project's own objects, each named with its owner."""

MODULES = sorted(
    str(p.relative_to(Path(__file__).resolve().parents[1]))
    for p in (Path(__file__).resolve().parents[1] / "kumkm_utils").rglob("*.py")
)


@pytest.mark.parametrize("module", MODULES)
def test_project_code_touches_no_private_name_of_a_dependency(module):
    """No ``obj._name`` access in the project's code but on its own objects (self, os._exit).

    Covers the runner (papermill, nbclient, jupyter_client, concurrent.futures) and ingestion
    (pandera checks are called through ``Check.__call__``, not ``Check._check_fn``).
    """
    import ast

    from kumkm_utils.config import PROJ_ROOT

    path = PROJ_ROOT / module
    offenders = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            owner = node.value
            name = owner.id if isinstance(owner, ast.Name) else ast.unparse(owner)
            if name in {"self", "cls"} or (name == "os" and node.attr == "_exit"):
                continue
            if node.attr.startswith("__") and node.attr.endswith("__"):
                continue
            if (path.name, f"{name}.{node.attr}") in OWN_PRIVATE:
                continue
            offenders.append(f"{module}:{node.lineno} {name}.{node.attr}")
    assert offenders == []


def test_the_pandera_api_the_ingest_fast_path_calls():
    """The fast path calls each check (public ``__call__``) and reads ``check_output``."""
    import pandas as pd

    from kumkm_utils import schemas

    check = schemas.KOPERASI.columns["status_koperasi"].checks[0]
    result = check(pd.Series(["Aktif", "Tutup"], dtype="string"))
    assert list(result.check_output) == [True, False], "pandera's CheckResult changed"
