# Accountable: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: run install migrate demo test lint format check-deploy messages bench bench-10 bench-queries clean faults load backup restore

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

# Web, Celery worker and beat together; Ctrl-C stops all three.
run: demo
	$(PY) manage.py collectstatic --noinput -v0
	bin/run

# lint-imports: the import-linter contracts in .importlinter (every app imports only downward).
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract (needs GNU gettext), fill zh-hant from zh-hans, compile the .mo files (committed).
messages: install
	$(PY) manage.py makemessages -l zh_Hans -l zh_Hant -l en --ignore=.venv --ignore=var --ignore=bench
	$(PY) bin/messages.py

check-deploy: install
	DEBUG=false SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') \
	ALLOWED_HOSTS=accountable.example SITE_URL=https://accountable.example \
	$(PY) manage.py check --deploy --fail-level WARNING

# The database (DATABASE_URL) and the uploaded files (MEDIA_ROOT) into var/backups/<UTC time>/ with a manifest
# of SHA-256 checksums; `make restore BACKUP=var/backups/<UTC time>` checks it, then puts both back.
backup: install
	$(PY) bin/backup.py create

restore: install
	test -n "$(BACKUP)" || (echo "Say which backup: make restore BACKUP=var/backups/<UTC time>"; exit 2)
	$(PY) bin/backup.py restore "$(BACKUP)"

clean:
	rm -rf var/broker var/celerybeat-schedule* var/static

# Benchmarks against gunicorn + PostgreSQL + Redis on this machine (see bench/run.py); results in bench/results/.
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(PY) bench/run.py

# Ten times the data: lists, homes and the dashboard beside the same floors (results in latest-scale-10.md).
bench-10: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(PY) bench/run.py --scale 10

# Every page's SQL query count is the same at scale 0.1 and scale 1 (seeds both databases once).
bench-queries: install
	$(PY) bench/queries.py

# Every fault test against real services, the slow ones too (make test runs only the fast ones).
faults: install
	$(VENV)/bin/pytest agency/tests/test_faults.py -m "faults or slow_faults" -v

# 100 people (staff of each role, clients on emailed links) reading pages for 3 minutes against gunicorn + PostgreSQL
# + Redis; offered load, p95/p99 and errors (bench/load.py; LOAD_PEOPLE, LOAD_SECONDS, LOAD_THINK to change).
load: install
	$(PY) bench/load.py
