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

serve: setup
	$(BIN)/fairframe serve

build: setup
	$(BIN)/fairframe build

# A test run starts some sixty Python processes (its workers, builds, the command line, fork servers):
# they keep their compiled bytecode in .cache/pycache, even where the environment turns that off
# (PYTHONDONTWRITEBYTECODE), so that each does not compile the package and the tests again
# (about 1.5 s of CPU a test worker, 0.2 s a build).
TEST_ENV := PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/.cache/pycache

test: setup test-deps
	$(BIN)/ruff check tools tests
	$(TEST_ENV) $(BIN)/python -m pytest -n auto --maxprocesses=4 --dist loadfile --no-loadscope-reorder

# The quick loop while working: everything but the tests that drive Chromium or LibreOffice.
test-fast: setup
	$(TEST_ENV) $(BIN)/python -m pytest -q -m "not browser and not office" -n auto --maxprocesses=4 --dist loadfile --no-loadscope-reorder

bench: setup test-deps
	$(BIN)/python tools/bench.py

clean:
	rm -rf site .site-* $(VENV) node_modules
