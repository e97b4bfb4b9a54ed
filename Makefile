# The one task runner. Each target installs what it needs first, so a fresh machine needs nothing else.
SHELL := /bin/bash
PYTHON ?= $(shell tools/find-python.sh)
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup system-deps test-deps serve build test test-fast bench clean

setup: system-deps $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

system-deps:
	tools/install-system-deps.sh build

test-deps:
	tools/install-system-deps.sh test

# Every Python process a target starts keeps its compiled bytecode in .cache/pycache, as Python does
# by default, even where the environment turns that off (PYTHONDONTWRITEBYTECODE), so that each does
# not compile the package again: a test run starts some sixty (about 1.5 s of CPU a test worker), and
# a build two (0.05 to 0.08 s each); `make bench` times builds as a user's Python runs them.
PY_ENV := PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/.cache/pycache

serve: setup
	$(PY_ENV) $(BIN)/fairframe serve

build: setup
	$(PY_ENV) $(BIN)/fairframe build

test: setup test-deps
	$(BIN)/ruff check tools tests
	$(PY_ENV) $(BIN)/python -m pytest -n auto --maxprocesses=4 --dist loadfile --no-loadscope-reorder

# The quick loop while working: everything but the tests that drive Chromium or LibreOffice.
test-fast: setup
	$(PY_ENV) $(BIN)/python -m pytest -q -m "not browser and not office" -n auto --maxprocesses=4 --dist loadfile --no-loadscope-reorder

bench: setup test-deps
	$(PY_ENV) $(BIN)/python tools/bench.py

clean:
	rm -rf site .site-* $(VENV) node_modules
