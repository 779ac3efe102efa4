# Two entry points do all set-up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: run test lint bench bench-quick bench-team clean sample

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml is newer than the stamp.
$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(STAMP_RUN)

# The platform check prints the apt-get line when Qt's X11 plugin lacks a system library.
run: $(STAMP_RUN)
	$(BIN)/python -m annotator.ui.common.platform_check
	$(BIN)/annotator gui $(ARGS)

lint: $(STAMP_DEV)
	$(BIN)/ruff check annotator tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -rs $(PYTEST_ARGS)

bench: $(STAMP_DEV)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.run --full

bench-quick: $(STAMP_DEV)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.run --quick

# The team server (starts its own PostgreSQL cluster): 20 annotator processes, import/export, 100k list.
bench-team: $(STAMP_DEV)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.team_server_bench $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache build *.egg-info
