# KUMKM Rakorda Workbook. `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON_BOOT ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
KUMKM := $(VENV)/bin/kumkm
STAMP := $(VENV)/.installed
YEAR ?= 2025
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
PYTEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $(STAMP)

.PHONY: venv
venv: $(STAMP) ## Create or reuse the local virtual environment (.venv)

.PHONY: sample
sample: $(STAMP) ## Build the synthetic sample submissions in data/sample/
	$(KUMKM) sample data/sample

.PHONY: reports
reports: $(STAMP) ## Build the sample, ingest it and build every report for YEAR (default 2025)
	$(KUMKM) pipeline --year $(YEAR) --workers $(WORKERS)

.PHONY: test
test: $(STAMP) ## Run the whole test suite
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile

.PHONY: lint
lint: $(STAMP) ## Lint: ruff check and ruff format --check (code, tests, notebooks)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

.PHONY: lab
lab: $(STAMP) ## Open JupyterLab on the notebooks
	$(VENV)/bin/jupyter lab notebooks/

.PHONY: templates
templates: $(STAMP) ## Write the Excel input templates to templates/
	$(KUMKM) templates templates

.PHONY: clean
clean: ## Remove generated data, warehouse and reports (keeps .venv)
	rm -rf data/sample data/validasi data/warehouse*.duckdb* reports/[0-9]* templates .pytest_cache

.PHONY: distclean
distclean: clean ## Also remove the virtual environment
	rm -rf $(VENV)

.PHONY: help
help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'
