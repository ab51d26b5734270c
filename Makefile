# Two commands: `make run` opens the bundled sample archive, `make test` runs the whole suite.
# Both set everything up first (a virtual environment in .venv with a current pip).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
PKG := build/package-check

.PHONY: run test lint typecheck unit package-check bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[test]'
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(VENV)/bin/reader $(ARGS)

test: $(TEST_STAMP)
	$(MAKE) --no-print-directory lint typecheck unit package-check

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check reader tests benchmarks

typecheck: $(TEST_STAMP)
	$(VENV)/bin/mypy

unit: $(TEST_STAMP)
	$(VENV)/bin/pytest -n 2 -q -p no:cacheprovider

# Build the wheel, install it into a scratch venv and use it: a packaging mistake fails here.
package-check: $(TEST_STAMP)
	rm -rf $(PKG)
	$(PIP) wheel --quiet --no-deps -w $(PKG) .
	$(PYTHON) -m venv $(PKG)/venv
	$(PKG)/venv/bin/python -m pip install --quiet --upgrade pip
	$(PKG)/venv/bin/python -m pip install --quiet $(PKG)/*.whl
	$(PKG)/venv/bin/reader --version
	cd $(PKG) && READER_HOME=$(CURDIR)/$(PKG)/home venv/bin/reader --headless-check

# Every benchmark in turn (synthetic data, generated under benchmarks/out/ on first use).
bench: $(TEST_STAMP)
	for name in index extract entities query suggest tui tagging hostile; do \
		$(PY) benchmarks/bench_$$name.py || exit 1; done

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache

# Retrain the shipped entity model from CoNLL-2003 (deterministic; one core, about 25 minutes
# with the cross-validated estimate): word clusters from eng.train and the articles in
# UNLABELLED, then both CRF passes, dev scores and a 5-fold estimate over eng.train documents.
# make model CONLL=../shared/corpora/conll2003 UNLABELLED=../shared/corpora/bbc
CONLL ?= ../shared/corpora/conll2003
UNLABELLED ?= ../shared/corpora/bbc
.PHONY: model
model: $(TEST_STAMP)
	$(PY) -m reader.entities.train $(CONLL) --unlabelled $(UNLABELLED) --folds 5
