# The two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra pytest arguments, e.g. PYTEST_ARGS="-k catalogue". The suite runs on one worker per
# core (pytest-xdist), each with its own test database. The transactional tests flush tables
# that data migrations fill; pytest-django sorts them last and xdist's load scheduling hands
# each worker its tests in that order, so they still run after the tests that read that data.
PYTEST_ARGS ?=
PYTEST_WORKERS ?= auto

.PHONY: install system-deps demo serve serve-prod test test-postgres lint format messages bench e2e clean

## install: create .venv and install the pinned dependencies (and the system libraries they need)
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(MAKE) --no-print-directory system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

## system-deps: libmagic (file type detection), Pango and HarfBuzz's subsetter (PDF rendering:
## without it WeasyPrint embeds whole fonts and warns), gettext (translations)
system-deps:
	@missing=""; \
	ldconfig -p | grep -q 'libmagic.so.1' || missing="$$missing libmagic1"; \
	ldconfig -p | grep -q 'libpango-1.0.so.0' || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ldconfig -p | grep -q 'libharfbuzz-subset.so.0' || missing="$$missing libharfbuzz-subset0"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing system libraries:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Please install these system packages first:$$missing" >&2; exit 1; \
	  fi; \
	fi

## demo: install, migrate the embedded SQLite database, load programmes and demo data, serve
demo: install
	@echo "Preparing the database and the demo data…"
	@$(MANAGE) migrate --noinput --verbosity 0
	@$(MANAGE) load_programmes programmes
	@$(MANAGE) seed_demo
	@$(MAKE) --no-print-directory serve

## serve: run the web server, the background worker and the minute-by-minute scheduler together.
## Their output goes to var/log/ and the mail they send to var/mail/ (one file per message),
## so the address and the logins, printed once the server answers, stay the last lines.
LOGS := var/log
serve:
	@mkdir -p $(LOGS) var/mail
	@trap 'kill 0' EXIT INT TERM; \
	$(MANAGE) db_worker --queue-name '*' --interval 1 >>$(LOGS)/worker.log 2>&1 & \
	( while true; do $(MANAGE) tick >>$(LOGS)/tick.log 2>&1; sleep 60; done ) & \
	$(MANAGE) runserver --noreload $(HOST):$(PORT) >>$(LOGS)/server.log 2>&1 & \
	$(MANAGE) demo_logins --url "http://$(HOST):$(PORT)/" --logs "$(LOGS)/" --wait || exit 1; \
	wait

## serve-prod: the production-like run on this machine: gunicorn (workers and threads sized from
## the cores, deploy/gunicorn.conf.py) with production settings, PostgreSQL (DATABASE_URL, the
## local server by default; the database is created if missing), Redis for the cache, the
## sessions and the task queues (RQ workers for default, mail and documents), WhiteNoise
## serving the compressed, hashed static files with far-future caching, and the minute-by-
## minute scheduler. The demo data is seeded first under development settings (production
## refuses it). Logs in var/log/prod-*.log. Plain http on 127.0.0.1: no HTTPS redirect, no HSTS.
PROD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/admissions
PROD_REDIS_URL ?= redis://127.0.0.1:6379/0
PROD_WORKERS ?= 2
PROD_SECRET := var/secret_key
PROD_ENV = DATABASE_URL=$(PROD_DATABASE_URL) REDIS_URL=$(PROD_REDIS_URL) TASKS_BACKEND=rq \
	EMAIL_BACKEND=file SITE_URL=http://$(HOST):$(PORT)
PROD_ONLY = ADMISSIONS_ENV=production SECRET_KEY_FILE=$(PROD_SECRET) \
	ALLOWED_HOSTS=$(HOST),localhost SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 \
	SECURE_HSTS_PRELOAD=false PAYMENT_PROVIDER=none WEB_BIND=$(HOST):$(PORT)
serve-prod: install
	@mkdir -p $(LOGS) var/mail
	@test -s $(PROD_SECRET) || $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $(PROD_SECRET)
	@chmod 600 $(PROD_SECRET)
	@$(PROD_ENV) $(MANAGE) create_database
	@$(PROD_ENV) $(MANAGE) migrate --noinput --verbosity 0
	@$(PROD_ENV) $(MANAGE) load_programmes programmes
	@$(PROD_ENV) $(MANAGE) seed_demo
	@$(PROD_ENV) $(PROD_ONLY) $(MANAGE) collectstatic --noinput --verbosity 0
	@$(PROD_ENV) $(PROD_ONLY) $(MANAGE) check --deploy --fail-level ERROR
	@trap 'kill 0' EXIT INT TERM; \
	for i in $$(seq $(PROD_WORKERS)); do \
	  $(PROD_ENV) $(PROD_ONLY) $(MANAGE) rqworker --job-class django_tasks_rq.Job default mail documents >>$(LOGS)/prod-worker-$$i.log 2>&1 & \
	done; \
	( while true; do $(PROD_ENV) $(PROD_ONLY) $(MANAGE) tick >>$(LOGS)/prod-tick.log 2>&1; sleep 60; done ) & \
	$(PROD_ENV) $(PROD_ONLY) $(BIN)/gunicorn -c deploy/gunicorn.conf.py >>$(LOGS)/prod-web.log 2>&1 & \
	$(PROD_ENV) $(MANAGE) demo_logins --url "http://$(HOST):$(PORT)/" --logs "$(LOGS)/prod-" --wait || exit 1; \
	wait

## test: the whole suite on SQLite (or on PostgreSQL when DATABASE_URL says so)
test: install
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/python -m pytest -m "not e2e" --ignore=tests/e2e -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

## lint: ruff (lint and format), bandit over src/ (each finding fixed or justified in place with
## `# nosec BXXX  # why`), and mypy on services, selectors, workflows and the rule languages
lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive src
	$(BIN)/mypy $$(ls src/admissions/*/services.py src/admissions/*/services/*.py src/admissions/*/selectors.py src/admissions/*/selectors/*.py src/admissions/core/*.py src/admissions/workflows/*.py src/admissions/workflows/*/*.py src/admissions/rules/*.py src/admissions/rules/*/*.py 2>/dev/null)

format: install
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

## messages: extract and compile the translation catalogues (English source, French)
messages: install
	cd src/admissions && ../../$(BIN)/python ../../manage.py makemessages -l fr --no-obsolete
	cd src/admissions && ../../$(BIN)/python ../../manage.py compilemessages -l fr

## bench: load and scale measurements, each printing ratios against a baseline (the outbox:
## 50,000 messages to a local SMTP sink; DATABASE_URL=postgres://… to measure PostgreSQL)
bench: install
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

## e2e: browser tests with Playwright and Debian's Chromium (installed here if missing)
e2e: install
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Install Debian's chromium package first." >&2; exit 1; fi; }
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev,e2e]"
	$(BIN)/python -m pytest tests/e2e -m e2e -p no:xdist

clean:
	rm -rf $(VENV) var
