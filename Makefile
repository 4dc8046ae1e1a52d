# Two commands on a fresh machine: `make site` builds the bundled records, `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: site docs test test-fast lint typecheck schema fmt bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/claimkit build

# The toolkit's own documentation (toolkit-docs/), apart from any publication's site.
docs: $(STAMP)
	$(BIN)/python -m claimkit.site.toolkit_docs toolkit-docs build/toolkit-docs

test: $(STAMP) lint typecheck
	$(BIN)/pytest

# A quick loop while working: everything but the tests marked slow (see tests/conftest.py).
test-fast: $(STAMP)
	$(BIN)/pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/lint-imports

# The tests import their folder's helpers by bare name (pytest puts each test folder on the
# path), so each folder is checked on its own, with its folder and tests/ on mypy's path.
typecheck: $(STAMP)
	$(BIN)/mypy
	MYPYPATH=tests $(BIN)/mypy tests/*.py benchmarks scripts
	for folder in tests/*/; do \
	  if ls $$folder*.py >/dev/null 2>&1; then MYPYPATH=tests:$$folder $(BIN)/mypy $$folder || exit 1; fi; \
	done

schema: $(STAMP)
	$(BIN)/claimkit schema

fmt: $(STAMP)
	$(BIN)/claimkit fmt

# Minutes to an hour: 1,000 to 100,000 claims. Writes benchmarks/results.json and
# toolkit-docs/performance.md; not part of `make test` (timings on shared machines are noisy).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build $(VENV)
