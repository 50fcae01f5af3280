# Everything a fresh machine needs, in two targets: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/qplan plans
	$(BIN)/qplan validate
	$(BIN)/qplan show 2025 --dept 市市场监管局
	$(BIN)/qplan units 2025

test: $(STAMP)
	$(BIN)/ruff check qplan tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV)
