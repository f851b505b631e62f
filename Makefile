# Each target bootstraps its own virtualenv from pyproject.toml: nothing needs installing by hand.
# actcli is installed as users get it (a regular, non-editable install), and reinstalled whenever
# its sources change, so the console script the tests and benchmarks run is always current.
PYTHON  ?= python3
VENV    ?= .venv
BIN      = $(VENV)/bin
DEPS     = $(VENV)/.deps-installed
STAMP    = $(VENV)/.actcli-installed
SOURCES  = pyproject.toml setup.py README.md $(wildcard csrc/*.c csrc/*.h) $(wildcard actcli/*.py actcli/*/*.py actcli/schemas/*.json actcli/locale/*.json actcli/locale/*/*.json) actcli/py.typed

.PHONY: demo test test-frameworks lint bench accuracy readme seed-claims clean

$(DEPS): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check '.[test]'
	touch $(DEPS)

$(STAMP): $(DEPS) $(SOURCES)
	rm -rf build  # setuptools builds in-tree: a stale build/ would ship modules that no longer exist
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall .
	# the tests import actcli from this tree: give it the compiled loops just built (none if the
	# optional build failed, and then the numpy kernels run)
	rm -f actcli/_fast.*.so
	@cp $(VENV)/lib/python*/site-packages/actcli/_fast.*.so actcli/ 2>/dev/null || \
	  echo "note: actcli's compiled kernels did not build (is a C compiler installed?); its numpy kernels will run"
	touch $(STAMP)

demo: $(STAMP)
	@PATH="$(abspath $(BIN)):$$PATH" bash scripts/demo.sh

# two workers, one test file each (module fixtures and mpmath's precision stay per file)
# (one BLAS thread each: the two workers already fill both cores)
test: lint
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 $(BIN)/python -m pytest -n 2 --dist loadfile

# The exported torch and JAX modules, checked with gradcheck/gradgradcheck and check_grads in an
# environment of their own (CPU builds; neither framework is a dependency of actcli)
FW_VENV ?= .venv-frameworks
test-frameworks: $(STAMP)
	test -x $(FW_VENV)/bin/python || $(PYTHON) -m venv $(FW_VENV)
	$(FW_VENV)/bin/python -m pip install --quiet --disable-pip-version-check '.[test]' torch==2.13.0 jax jaxlib
	$(FW_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall .
	$(FW_VENV)/bin/python -m pytest -q tests/test_export_frameworks.py

lint: $(STAMP)
	$(BIN)/python -m ruff check actcli tests scripts bench
	$(BIN)/python -m mypy

bench: $(STAMP)
	@PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python bench/run.py

accuracy: $(STAMP)
	$(BIN)/python scripts/accuracy_report.py

readme: $(STAMP)
	$(BIN)/python scripts/sync_readme.py

seed-claims: $(STAMP)
	$(BIN)/python scripts/seed_claims.py

clean:
	rm -rf $(VENV) $(FW_VENV) build *.egg-info .pytest_cache demo-out
