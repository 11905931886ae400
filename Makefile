# Two entry points: `make demo` and `make test` (see README).
PYTHON ?= python$(shell cat .python-version)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv lock demo test lint typecheck unit bench clean

# The runtime set comes from the one lock file (hashes checked), exactly as in the image; then the package
# itself and the development tools (pyproject's `dev` extra).
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/python -m compileall -q classifier  # an editable install gets no bytecode from pip
	$(BIN)/python -m classifier.rules.warm  # nor the kept regex parses (classifier/rules/parsecache.py)
	$(BIN)/python scripts/dev_requirements.py | $(BIN)/pip install --quiet -r /dev/stdin
	touch $(STAMP)

venv: $(STAMP)

# Regenerate the lock after changing pyproject's dependencies (pip-tools is in the dev extra).
lock: venv
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
		--unsafe-package opensearch-protobufs --unsafe-package grpcio --unsafe-package protobuf \
		--output-file requirements.lock pyproject.toml

demo: venv
	@mkdir -p out
	$(BIN)/ci-classify analyze examples/failed-run --db out/demo.db --format text
	$(BIN)/ci-classify analyze examples/failed-run --db out/demo.db --format markdown --output out/summary.md
	$(BIN)/ci-classify analyze examples/failed-run --db out/demo.db --format json --output out/report.json
	@echo "Wrote out/summary.md and out/report.json"

unit: venv
	$(BIN)/pytest -q

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy

test: venv
	$(BIN)/pytest -q
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	bash scripts/lint_workflows.sh

bench: venv
	$(BIN)/python -m bench.throughput
	$(BIN)/python -m bench.extract_throughput
	$(BIN)/python -m bench.grouping_accuracy
	$(BIN)/python -m bench.category_f1
	$(BIN)/python -m bench.junit_conformance
	$(BIN)/python -m bench.logchunks_extraction
	$(BIN)/python -m bench.llm_calls
	$(BIN)/python -m bench.action_e2e
	$(BIN)/python -m bench.opensearch_ingest
	$(BIN)/python -m bench.batch_e2e

clean:
	rm -rf $(VENV) out .mypy_cache .ruff_cache .pytest_cache
