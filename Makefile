# Set-up and everyday commands. On a fresh machine `make run` and `make test` are
# all that is needed: both create the virtual environment and install the pinned
# dependencies first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
BENCH_CASES ?= 100000
BENCH_DB ?= bench.sqlite3

.PHONY: install run test bench lint format messages clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	DEBUG=1 DATABASE_URL=sqlite:///$(BENCH_DB) $(BIN)/python manage.py migrate --no-input
	DEBUG=1 DATABASE_URL=sqlite:///$(BENCH_DB) $(BIN)/python manage.py seed_scale --cases $(BENCH_CASES)
	DEBUG=1 DATABASE_URL=sqlite:///$(BENCH_DB) $(BIN)/python manage.py run_bench
	$(BIN)/python -m pytest -q -s -p no:randomly tests/workflows/test_referral_flow.py -k round_trip_to_three_committees

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py makemessages -l sv --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=media --ignore=build
	DEBUG=1 $(BIN)/python manage.py compilemessages -l sv --ignore=.venv

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
