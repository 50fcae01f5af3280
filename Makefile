# Everything a fresh machine needs, in two targets: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed

.PHONY: demo test bench install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# compat mode puts the source folder on sys.path: no import hook slowing every start.
	$(BIN)/python -m pip install --quiet --config-settings editable_mode=compat -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/qplan plans
	$(BIN)/qplan validate
	$(BIN)/qplan show --dept 市卫健委
	$(BIN)/qplan show 2025 --dept 市市场监管局
	$(BIN)/qplan units 2025
	$(BIN)/qplan diff 2022 2025
	$(BIN)/qplan cover 2023-2025 2025
	$(BIN)/qplan matrix 2025
	$(BIN)/qplan export 2025

# The suite runs twice: with the parse cache (each test gets its own) and with it switched off.
test: $(STAMP)
	$(BIN)/ruff check qplan tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest
	QPLAN_CACHE=off $(BIN)/python -m pytest

# pandas only for the benchmark's comparison script (the `bench` group), never for qplan itself.
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --config-settings editable_mode=compat -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV)
