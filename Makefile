# papergraph developer commands. `make demo` and `make test` work on a bare machine.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
CHROMIUM ?= /usr/bin/chromium
OUT    ?= outputs

.PHONY: help venv install demo test test-fast fuzz bench lint browser compiler clean

help:
	@echo "make demo   - create .venv, install, build the graph from examples/ into $(OUT)/"
	@echo "make test   - create .venv, install .[test,dask] and Chromium, run the whole test suite"
	@echo "make bench  - print speed, memory and latency figures (needs $(SHARED))"
	@echo "make fuzz   - the reader and build fuzz tests at FUZZ_EXAMPLES inputs per test (default 3000)"
	@echo "make lint   - ruff and mypy"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "papergraph needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python

# A regular (not editable) install: the wheel build compiles the extraction hot path, linking and validation
# with mypyc (hatch_build.py), so `make test`, `make demo` and `make bench`
# run what `pip install` gives users. Reinstalled whenever a source file changes.
# For a quick edit-test loop use `pip install -e .` (pure Python, same results).
PACKAGE_FILES := pyproject.toml hatch_build.py $(shell find src -type f ! -name '*.pyc' ! -path '*/__pycache__/*' 2>/dev/null)

WHEELS := $(VENV)/wheel

$(WHEELS)/.built: $(PACKAGE_FILES) | $(BIN)/python compiler
	rm -rf $(WHEELS)
	$(BIN)/python -m pip wheel --quiet --no-deps . -w $(WHEELS)
	$(BIN)/python -m pip install --quiet --force-reinstall --no-deps $(WHEELS)/papergraph-*.whl
	@ls $(WHEELS)/papergraph-*.whl | grep -q -- '-none-any' \
	  && echo "warning: the mypyc build failed; papergraph is installed as pure Python (same results, slower); run 'pip wheel -v .' to see why" \
	  || echo "papergraph installed with its extraction compiled (mypyc)"
	@touch $@

$(VENV)/.installed: $(WHEELS)/.built
	$(BIN)/python -m pip install --quiet "$$(ls $(WHEELS)/papergraph-*.whl)"
	@touch $@

# The dask extra too: the Dask engine's tests run (PAPERGRAPH_REQUIRE_DASK=1 in `make test`).
$(VENV)/.installed-test: $(WHEELS)/.built
	$(BIN)/python -m pip install --quiet "$$(ls $(WHEELS)/papergraph-*.whl)[test,dask]"
	@touch $(VENV)/.installed $@

# A C compiler for the mypyc build (without one the wheel falls back to pure Python).
compiler:
	@if command -v cc >/dev/null && $(PYTHON) -c 'import sysconfig, os, sys; sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")) else 1)'; then \
	  :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc libc6-dev python3-dev >/dev/null; \
	  echo "installed gcc: $$(cc --version | head -1)"; \
	else \
	  echo "warning: no C compiler or Python headers; papergraph installs as pure Python (slower, same results)"; \
	fi

install: $(VENV)/.installed

# Debian's Chromium for the viewer's browser tests (never a browser download).
browser:
	@if [ -x "$(CHROMIUM)" ]; then \
	  echo "chromium: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  echo "installed chromium: $$($(CHROMIUM) --version)"; \
	else \
	  echo "warning: $(CHROMIUM) not found and cannot apt-get install it; browser tests will skip"; \
	fi

demo: $(VENV)/.installed
	$(BIN)/papergraph build examples -o $(OUT)
	@echo "Query it:   $(BIN)/papergraph leaderboard $(OUT) ImageNet"
	@echo "            $(BIN)/papergraph query $(OUT) --name leaderboard --param dataset=ImageNet"
	@echo "Python:     import papergraph; kg = papergraph.load('$(OUT)')"

test: $(VENV)/.installed-test browser
	@if [ -d "$(SHARED)/data" ]; then export PAPERGRAPH_REQUIRE_SHARED=1; fi; \
	if [ -x "$(CHROMIUM)" ]; then export PAPERGRAPH_REQUIRE_BROWSER=1; fi; \
	if command -v cc >/dev/null; then export PAPERGRAPH_REQUIRE_COMPILED=1; fi; \
	PAPERGRAPH_REQUIRE_DASK=1 PAPERGRAPH_SHARED=$(SHARED) $(BIN)/python -m pytest -q

test-fast: $(VENV)/.installed-test
	PAPERGRAPH_SHARED=$(SHARED) $(BIN)/python -m pytest -q -m "not slow and not browser"

# The suite runs a few hundred fuzz inputs per test; this runs many more.
FUZZ_EXAMPLES ?= 3000
fuzz: $(VENV)/.installed-test
	PAPERGRAPH_SHARED=$(SHARED) PAPERGRAPH_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q tests/ingest/test_fuzz.py

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_ner.py
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_small_builds.py --previous 29eefef
	$(BIN)/python benchmarks/bench_sparql.py
	$(BIN)/python benchmarks/bench_viewer.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
	find $(OUT) -mindepth 1 ! -name .gitkeep -delete 2>/dev/null || true
