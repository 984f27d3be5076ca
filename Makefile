# yieldsim: every target sets up what it needs. `make run` and `make test` work on a fresh clone.
# The virtual environment lives in .venv; it is (re)installed when pyproject.toml or the lock
# file changes. requirements.lock pins the exact versions the tests passed with (`make lock`
# re-resolves it from pyproject.toml; commit it only with a green `make test`).

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SCENARIO ?= liberation-day-2025
SEED ?= 7

.PHONY: run test lint bench viz lock clean-venv fuzz

# Pick the first Python >= 3.12 (python3 here resolves through .python-version under pyenv);
# refuse an older one with one clear line rather than a stack trace later.
$(STAMP): pyproject.toml requirements.lock
	@if [ ! -x $(BIN)/python ]; then \
	  py=""; for c in $$PYTHON python3 python3.14 python3.13 python3.12; do \
	    if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then py=$$c; break; fi; \
	  done; \
	  if [ -z "$$py" ]; then echo "yieldsim needs Python 3.12 or newer (python3 is $$(python3 --version 2>&1)); install one or run: make PYTHON=/path/to/python3.12" >&2; exit 2; fi; \
	  echo "creating $(VENV) with $$($$py --version)"; $$py -m venv $(VENV); \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# a download cut short by the registry (IncompleteRead) is not one of pip's retried errors:
	@# try the whole install once more before failing (pip skips what is already installed)
	$(BIN)/python -m pip install --quiet -r requirements.lock || \
	  $(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/yieldsim run --scenario $(SCENARIO) --seed $(SEED)

test: $(STAMP)
	$(BIN)/ruff check model agents yieldsim tests benchmarks
	$(BIN)/python -m pytest -n 2 tests

# The whole-box fuzz run long (tests/test_fuzz.py; CI runs 200 examples). FUZZ=N sets the count.
FUZZ ?= 2000
fuzz: $(STAMP)
	YIELDSIM_FUZZ_EXAMPLES=$(FUZZ) $(BIN)/python -m pytest -q -p no:cacheprovider \
	  --hypothesis-show-statistics tests/test_fuzz.py

lint: $(STAMP)
	$(BIN)/ruff check model agents yieldsim tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_model.py
	$(BIN)/python benchmarks/bench_dask.py

viz: $(STAMP)
	$(BIN)/yieldsim viz --scenario $(SCENARIO)

lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra sweep --extra viz --extra dev \
	  --constraint lock-constraints.txt \
	  --python-version 3.12 --universal --no-header --quiet -o requirements.lock

clean-venv:
	rm -rf $(VENV)
