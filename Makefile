# The README's two commands: `make run` (set up + main job end to end) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DBT_PROFILES_DIR := $(CURDIR)
# LightGBM threads spin-wait by default; under other load that slows fits many times
export OMP_WAIT_POLICY ?= PASSIVE
export B2B_RAW_DIR ?= data/raw
DEMO_PERSONS ?= 20000
DEMO_ACCOUNTS ?= 2000
DEMO_SEED ?= 42

.PHONY: run test setup setup-dev demo-data build report lint unit integration bench evaluate evaluate-real clean

$(BIN)/dbt: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: $(BIN)/dbt
	$(BIN)/pip install --quiet -e '.[dev]'
	# the report test renders the HTML in Debian's chromium (never `playwright install`)
	command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
		|| echo "chromium not installed: the report rendering test will be skipped"
	touch $@

setup: $(BIN)/dbt

setup-dev: $(VENV)/.dev-installed

$(B2B_RAW_DIR)/person_profiles.parquet: | $(BIN)/dbt
	$(BIN)/b2b-enrich demo-data --persons $(DEMO_PERSONS) --accounts $(DEMO_ACCOUNTS) \
		--seed $(DEMO_SEED) --out $(B2B_RAW_DIR)

demo-data: $(B2B_RAW_DIR)/person_profiles.parquet

build: setup
	mkdir -p "$$(dirname "$${B2B_WAREHOUSE:-warehouse/b2b_enrich.duckdb}")"
	$(BIN)/dbt seed --quiet
	$(BIN)/dbt build

report: setup
	$(BIN)/b2b-enrich report --out reports/enrichment_report.html

## the main job end to end on the embedded default (DuckDB file + generated demo data)
run: setup demo-data build report

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

## quality figures of the README: fixed demo data (seed 42, end date 2026-11-01), one build,
## the three evaluations against the generator's truth (JSON + plots in reports/evaluation)
EVAL_DIR := data/eval
EVAL_ENV := B2B_RAW_DIR=$(EVAL_DIR)/raw B2B_WAREHOUSE=$(EVAL_DIR)/warehouse.duckdb B2B_RUN_DATE=2026-11-01
evaluate: setup-dev
	$(BIN)/b2b-enrich demo-data --persons $(DEMO_PERSONS) --accounts $(DEMO_ACCOUNTS) \
		--seed $(DEMO_SEED) --end-date 2026-11-01 --out $(EVAL_DIR)/raw --quiet
	mkdir -p $(EVAL_DIR)
	$(EVAL_ENV) $(BIN)/dbt seed --quiet
	$(EVAL_ENV) $(BIN)/dbt build --quiet
	for area in matching related-accounts scoring; do \
		$(BIN)/b2b-enrich evaluate $$area --warehouse $(EVAL_DIR)/warehouse.duckdb \
			--raw-dir $(EVAL_DIR)/raw --out reports/evaluation || exit 1; \
	done

## quality on the real development sets (../shared/realdata or B2B_REALDATA_DIR): one build
## per set, scored against its truth beside the naive baselines (reports/evaluation/realdata_metrics.json)
evaluate-real: setup-dev
	$(BIN)/b2b-enrich evaluate-real --out reports/evaluation --work-dir data/realdata

## speed figures of the README (minutes; results in bench/results/*.json)
bench: setup-dev
	$(BIN)/python bench/bench_matching.py
	$(BIN)/python bench/bench_daily_build.py
