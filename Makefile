# The README's two commands: `make run` (set up + main job end to end) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DBT_PROFILES_DIR := $(CURDIR)
export B2B_RAW_DIR ?= data/raw
DEMO_PERSONS ?= 20000
DEMO_ACCOUNTS ?= 2000
DEMO_SEED ?= 42

.PHONY: run test setup setup-dev demo-data build report lint unit integration bench clean

$(BIN)/dbt: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: $(BIN)/dbt
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

setup: $(BIN)/dbt

setup-dev: $(VENV)/.dev-installed

$(B2B_RAW_DIR)/person_profiles.parquet: | $(BIN)/dbt
	$(BIN)/b2b-enrich demo-data --persons $(DEMO_PERSONS) --accounts $(DEMO_ACCOUNTS) \
		--seed $(DEMO_SEED) --out $(B2B_RAW_DIR)

demo-data: $(B2B_RAW_DIR)/person_profiles.parquet

build: setup
	$(BIN)/dbt seed --quiet
	$(BIN)/dbt build

## the main job end to end on the embedded default (DuckDB file + generated demo data)
run: setup demo-data build

lint: setup-dev
	$(BIN)/ruff check src tests bench python_models

unit: setup-dev
	$(BIN)/pytest -m "not integration" -q

integration: setup-dev
	$(BIN)/pytest -m integration -q

## all the tests: lint, unit tests, and dbt build + dbt tests + quality floors on small demo data
test: setup-dev lint
	$(BIN)/pytest -q

clean:
	rm -rf target logs warehouse data reports
