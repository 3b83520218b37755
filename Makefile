# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export DJANGO_DEBUG ?= 1

.PHONY: run serve test install install-dev system-deps messages check-messages lint bench bench-generate bench-national clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

# A local .env (ignored by git) so that a bare `python manage.py …` works in a checkout.
.env:
	cp .env.example .env

install: $(VENV)/.installed system-deps messages .env
install-dev: $(VENV)/.installed-dev system-deps messages .env

# Debian packages: gettext (compiled translations), Chromium (browser tests), the PostgreSQL
# client (pg_dump/pg_restore: backups and their test), Redis (the Celery jobs in CI) and
# poppler-utils (pdftotext/pdftoppm read the report PDFs back in tests).
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	command -v pg_dump >/dev/null 2>&1 || missing="$$missing postgresql-client"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

messages:
	$(PY) manage.py compilemessages --ignore=.venv -v 0

run: install
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Production on one machine: gunicorn, Celery worker and beat, settings from the environment
# (deploy/.env.example). Says which service is missing (PostgreSQL, Redis) and stops.
serve: install
	DJANGO_DEBUG=0 DJANGO_SETTINGS_MODULE=config.settings.production $(PY) deploy/serve.py

test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

# Regenerate the Vietnamese catalogue after changing strings. Source strings are written in
# Vietnamese (the product's language), so the vi catalogue is filled from the msgids (msgen);
# a translator for another language starts from the same template.
makemessages: install-dev
	$(PY) manage.py makemessages -l vi --no-location --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=artifacts
	# msgmerge guesses a "fuzzy" translation for a new msgid from a similar old one: drop the guess.
	msgattrib --no-wrap --clear-fuzzy --clear-previous --empty -o locale/vi/LC_MESSAGES/django.po locale/vi/LC_MESSAGES/django.po
	msgen --no-wrap -o locale/vi/LC_MESSAGES/django.po locale/vi/LC_MESSAGES/django.po
	$(PY) scripts/finish_catalogue.py locale/vi/LC_MESSAGES/django.po
	msgfmt --check -o /dev/null locale/vi/LC_MESSAGES/django.po

bench: install-dev
	$(PY) -m pytest -m benchmark -s tests/bench

# National scale (issue 12): generate two databases once, then compare every page, the report
# and the quarter opening between them. PG is the server; the databases are created empty and
# migrated here (dropping existing ones of the same name).
PG ?= postgres://postgres@127.0.0.1:5432
BENCH_SMALL ?= dong_hanh_bench_10k
BENCH_LARGE ?= dong_hanh_bench_1m
BENCH_SMALL_CASES ?= 10000
BENCH_LARGE_CASES ?= 1000000
bench-generate: install-dev
	for spec in $(BENCH_SMALL):$(BENCH_SMALL_CASES) $(BENCH_LARGE):$(BENCH_LARGE_CASES); do \
	  db=$${spec%%:*}; n=$${spec##*:}; \
	  psql $(PG)/postgres -qc "DROP DATABASE IF EXISTS $$db" && psql $(PG)/postgres -qc "CREATE DATABASE $$db" && \
	  DATABASE_URL=$(PG)/$$db $(PY) manage.py migrate -v0 && DATABASE_URL=$(PG)/$$db $(PY) -m tests.bench.national --cases $$n || exit 1; \
	done
bench-national: install-dev
	DATABASE_URL=$(PG)/$(BENCH_SMALL) $(PY) -m tests.bench.pages --small $(BENCH_SMALL) --large $(BENCH_LARGE)
	DATABASE_URL=$(PG)/$(BENCH_SMALL) $(PY) -m tests.bench.report --small $(BENCH_SMALL) --large $(BENCH_LARGE)
	DATABASE_URL=$(PG)/$(BENCH_SMALL) $(PY) -m tests.bench.workbook --db $(BENCH_SMALL) --db $(BENCH_LARGE) --reps 1
	DATABASE_URL=$(PG)/$(BENCH_LARGE) $(PY) -m tests.bench.gunicorn_national --db $(BENCH_LARGE)
	DATABASE_URL=$(PG)/$(BENCH_SMALL) $(PY) -m tests.bench.quarter --workers 2
	DATABASE_URL=$(PG)/$(BENCH_LARGE) $(PY) -m tests.bench.quarter --workers 2

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
