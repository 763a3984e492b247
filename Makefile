# Two entry points for a fresh machine that has only Python and pip.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench mutate clean

demo: $(VENV)/.installed
	$(BIN)/second-chance demo

test: $(VENV)/.installed-dev
	$(BIN)/ruff check assistant tests scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest -q
	$(BIN)/second-chance eval --junit evals/out/junit.xml --report evals/out/report.json --markdown evals/out/summary.md \
		$(if $(EVAL_COMPARE),--compare $(EVAL_COMPARE))

# Not in CI: break the product one small break at a time (in a copy) and count what the evals catch.
mutate: $(VENV)/.installed-dev
	nice $(BIN)/python scripts/mutate.py --markdown evals/out/mutate.md

# Whole-process timings at 200, 2,000 and 10,000 notes against a plain LangChain pipeline (several minutes);
# one size: make bench SIZES=200. Not part of `make test`.
SIZES ?= 200,2000,10000
bench: $(VENV)/.installed-bench
	nice $(BIN)/python scripts/bench.py --sizes $(SIZES) --report evals/benchmarks.md

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(VENV)/.installed $@

$(VENV)/.installed-bench: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e '.[bench]'
	touch $(VENV)/.installed $@

clean:
	rm -rf $(VENV) .second-chance .pytest_cache .mypy_cache .ruff_cache evals/out
