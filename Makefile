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
# `make run` serves the demo as production does: DEBUG off, static files collected
# and served by WhiteNoise, Swedish error pages (casework/settings_demo.py).
DEMO := DJANGO_SETTINGS_MODULE=casework.settings_demo
# Test processes (pytest-xdist); 0 runs everything in one process.
PYTEST_WORKERS ?= 2

.PHONY: install run test browser-deps bench lint format messages clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(DEMO) $(BIN)/python manage.py migrate --no-input
	$(DEMO) $(BIN)/python manage.py collectstatic --no-input -v0
	$(DEMO) $(BIN)/python manage.py load_demo
	@$(BIN)/python -c "from casework import settings_demo; print('Lösenord för alla demoanvändare:', settings_demo.DEMO_PASSWORD)"
	$(DEMO) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The browser tests (tests/browser) need Debian's Chromium: installed here when
# missing and run as root, otherwise the run stops and says how.
browser-deps:
	bash .ci/browser-deps

# The browser journeys are chapters of one story: they run after the rest, in
# one process and in file order.
test: $(STAMP) browser-deps
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --ignore=tests/browser
	$(BIN)/python -m pytest -p no:xdist tests/browser

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
