"""pyproject.toml is the source of truth for dependencies; environment.yml must list the same."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml

from kumkm_utils.config import PROJ_ROOT

CONDA_ONLY = {"python", "pip"}
"""Entries of environment.yml that are the toolchain, not runtime packages of the project."""

CONDA_TO_PYPI = {
    "python-duckdb": "duckdb",
    "pytables": "tables",
    "matplotlib-base": "matplotlib",
    "typst-py": "typst",
}
"""conda-forge names that differ from the PyPI name of the same package."""

_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*?)\s*(?:;.*)?$")


def normalise(name: str) -> str:
    """PEP 503 normalised name: lowercase, runs of ``-``, ``_`` and ``.`` become ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse(requirement: str) -> tuple[str, str]:
    """Split ``"pandas>=2.2"`` (pip or conda syntax) into (normalised name, specifier)."""
    match = _REQUIREMENT.match(requirement)
    assert match, f"cannot parse requirement {requirement!r}"
    name, spec = match.group(1), match.group(2).replace(" ", "")
    if spec.startswith("="):
        spec = "=" + spec if not spec.startswith("==") else spec  # conda "=1.2" means "==1.2*"
    return normalise(name), spec


@pytest.fixture(scope="module")
def pyproject() -> dict:
    with (PROJ_ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def environment() -> dict:
    with (PROJ_ROOT / "environment.yml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _pyproject_runtime(pyproject: dict) -> dict[str, str]:
    return dict(parse(r) for r in pyproject["project"]["dependencies"])


def _conda_runtime(environment: dict) -> dict[str, str]:
    out = {}
    for entry in environment["dependencies"]:
        if isinstance(entry, str):
            name, spec = parse(entry)
            if name in CONDA_ONLY:
                continue
            out[CONDA_TO_PYPI.get(name, name)] = spec
    return out


def _pip_section(environment: dict) -> list[str]:
    sections = [e["pip"] for e in environment["dependencies"] if isinstance(e, dict) and "pip" in e]
    assert len(sections) == 1, "environment.yml needs exactly one pip: section"
    return sections[0]


def test_parse_examples():
    assert parse("pandas>=2.2") == ("pandas", ">=2.2")
    assert parse("Python_Calamine >= 0.2") == ("python-calamine", ">=0.2")
    assert parse("duckdb") == ("duckdb", "")
    assert parse("xlsxwriter[extra]>=3.3 ; python_version>'3'") == ("xlsxwriter", ">=3.3")


def test_runtime_package_names_are_the_same(pyproject, environment):
    pip_names = set(_pyproject_runtime(pyproject))
    conda_names = set(_conda_runtime(environment))
    assert pip_names, "pyproject.toml lists no runtime dependencies"
    missing = sorted(pip_names - conda_names)
    extra = sorted(conda_names - pip_names)
    assert not missing and not extra, (
        f"environment.yml is out of step with pyproject.toml: missing {missing}, extra {extra}"
    )


def test_version_constraints_are_the_same(pyproject, environment):
    pip = _pyproject_runtime(pyproject)
    conda = _conda_runtime(environment)
    differ = {
        name: (pip[name], conda[name]) for name in pip if name in conda and pip[name] != conda[name]
    }
    assert not differ, f"version constraints differ (pyproject, environment.yml): {differ}"


def test_core_packages_are_runtime_dependencies(pyproject):
    names = set(_pyproject_runtime(pyproject))
    assert {"jupyterlab", "pandas", "matplotlib", "papermill"} <= names
    test_extra = {parse(r)[0] for r in pyproject["project"]["optional-dependencies"]["test"]}
    assert {"nbval", "pytest"} <= test_extra


def test_environment_installs_the_package_with_pip(environment):
    assert "pip" in {parse(e)[0] for e in environment["dependencies"] if isinstance(e, str)}
    pip = [" ".join(str(e).split()) for e in _pip_section(environment)]
    assert "-e ." in pip, "environment.yml must install the project itself (pip: - -e .)"
    # the pip section installs the project only; packages come from conda-forge
    assert all(e.startswith("-e") for e in pip), pip


def test_python_versions_agree(pyproject, environment):
    requires = pyproject["project"]["requires-python"].replace(" ", "")
    conda_python = [
        parse(e)[1]
        for e in environment["dependencies"]
        if isinstance(e, str) and parse(e)[0] == "python"
    ]
    assert conda_python == [requires]


def test_conda_forge_channel(environment):
    assert environment["channels"] == ["conda-forge"]


def test_drift_is_detected(pyproject, environment):
    # a conda-only extra package, a missing one and a renamed conda package
    drifted = {
        "dependencies": [
            *(
                e
                for e in environment["dependencies"]
                if not (isinstance(e, str) and parse(e)[0] == "tqdm")
            ),
            "seaborn>=0.13",
            "python-duckdb>=1.1",
        ]
    }
    conda = _conda_runtime(drifted)
    pip = _pyproject_runtime(pyproject)
    assert set(pip) - set(conda) == {"tqdm"}
    assert set(conda) - set(pip) == {"seaborn"}
    assert conda["duckdb"] == ">=1.1"


def _imported_modules(paths: list) -> set[str]:
    """Top-level names of the modules imported (absolutely) by the Python files under paths."""
    import ast
    import sys

    found: set[str] = set()
    for root in paths:
        for path in [root] if root.is_file() else sorted(root.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    found.update(a.name.split(".")[0] for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names}


def _distributions(modules: set[str]) -> dict[str, set[str]]:
    """Import name -> normalised names of the installed distributions that provide it."""
    from importlib.metadata import packages_distributions

    provided = packages_distributions()
    return {m: {normalise(d) for d in provided.get(m, [])} for m in modules}


def test_every_package_the_code_imports_is_a_runtime_dependency(pyproject):
    declared = set(_pyproject_runtime(pyproject))
    modules = _imported_modules([PROJ_ROOT / "kumkm_utils"]) - {"kumkm_utils"}
    undeclared = {m: d for m, d in _distributions(modules).items() if not d & declared}
    assert not undeclared, f"imported by kumkm_utils but not declared: {undeclared}"


def test_every_package_the_tests_import_is_declared(pyproject):
    declared = set(_pyproject_runtime(pyproject)) | {
        parse(r)[0] for r in pyproject["project"]["optional-dependencies"]["test"]
    }
    folders = [PROJ_ROOT / "tests", PROJ_ROOT / "benchmarks", PROJ_ROOT / "scripts"]
    paths = [*folders, PROJ_ROOT / "conftest.py"]
    # the project's own modules: the package and every module or folder in those folders
    local = {"kumkm_utils", "conftest"} | {
        p.stem for f in folders for p in f.iterdir() if p.suffix == ".py" or p.is_dir()
    }
    modules = _imported_modules(paths) - local
    undeclared = {m: d for m, d in _distributions(modules).items() if not d & declared}
    assert not undeclared, (
        f"imported by tests, benchmarks or scripts but not declared: {undeclared}"
    )


def test_an_undeclared_import_is_found(tmp_path, pyproject):
    (tmp_path / "m.py").write_text("import json\nimport yaml\nfrom pandas import DataFrame\n")
    modules = _imported_modules([tmp_path])
    assert modules == {"yaml", "pandas"}
    declared = set(_pyproject_runtime(pyproject))
    assert {m for m, d in _distributions(modules).items() if not d & declared} == {"yaml"}
