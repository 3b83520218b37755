# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export DJANGO_DEBUG ?= 1

.PHONY: run test install install-dev system-deps messages check-messages lint bench clean

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

# Debian packages: gettext (compiled translations), Chromium (browser tests) and poppler-utils
# (pdftotext/pdftoppm read the report PDFs back in tests).
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
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

test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(PY) -m ruff check .
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

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
