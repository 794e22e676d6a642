# One obvious way to run things; .ci/run calls exactly these targets.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: install demo test test-all lint format bench

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,postgres,dask,accurate]'
	# Wiktionary's German nouns, for the NER model's word lists (models/ner); --no-deps, since its
	# parser dependency pins an old lxml that breaks trafilatura. A trained model carries its own copy.
	$(BIN)/python -m pip install -q --no-deps german-nouns==1.2.5
	touch $@

# Ingest the bundled sample corpus into demo.db and print the corpus report.
demo: install
	$(BIN)/lagebild ingest samples/corpus --db sqlite:///demo.db
	$(BIN)/lagebild search "Außenminister Gespräche" --db sqlite:///demo.db --limit 3

test: install
	$(BIN)/pytest -m "not slow" -q

test-all: install
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check src tests benchmarks samples models
	$(BIN)/ruff format --check src tests benchmarks samples models
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests benchmarks samples models
	$(BIN)/ruff check --fix src tests benchmarks samples models

bench: install
	$(BIN)/python benchmarks/ingest.py
