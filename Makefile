# Everything runs from the project's own virtualenv, built from pyproject.toml on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLES := samples/generated

.PHONY: venv demo serve test lint format bench clean

venv: $(STAMP)

# Re-installs only when pyproject.toml changes (or the venv is missing).
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "auditor needs Python 3.11+, $(PYTHON) is " + sys.version.split()[0] + " (try: make PYTHON=python3.11)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# Generates the two sample disclosures (one consistent, one with defects) and audits them.
# Exit 1 (the defective sample has error findings) is the expected outcome; 2 means trouble.
demo: venv
	$(BIN)/python -m auditor.synth $(SAMPLES)
	@rm -f $(SAMPLES)/demo.sqlite3
	@status=0; $(BIN)/auditor audit $(SAMPLES)/consistent.pdf $(SAMPLES)/defective.pdf \
		--db sqlite:///$(SAMPLES)/demo.sqlite3 || status=$$?; \
	if [ $$status -gt 1 ]; then echo "demo: auditor exited with $$status" >&2; exit $$status; fi

# The service on this machine, no servers needed: SQLite file + in-process queue (no AUDITOR_REDIS_URL).
# Create a token first: .venv/bin/auditor token create --role admin
serve: venv
	$(BIN)/auditor db upgrade
	$(BIN)/auditor serve

test: venv
	$(BIN)/python -m pytest -q

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: venv
	$(BIN)/python benchmarks/bench_audit.py
	$(BIN)/python benchmarks/bench_rules.py
	$(BIN)/python benchmarks/bench_claims.py
	$(BIN)/python benchmarks/bench_extraction.py
	$(BIN)/python benchmarks/bench_variants.py

clean:
	rm -rf $(VENV) $(SAMPLES) build *.egg-info .pytest_cache .ruff_cache
