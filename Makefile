# Liandong — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test bench install lint format system-deps browser-deps doc-deps messages clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Liandong needs Python 3.11 (Django 5.2 LTS); found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/liandong migrate --noinput
	$(BIN)/liandong demo
	@echo "联动执法协作平台：http://$(HOST):$(PORT)/  （Ctrl-C 停止网页服务和后台任务）"
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/liandong worker & worker=$$!; \
	$(BIN)/liandong serve --host $(HOST) --port $(PORT)

# System packages the tests use, installed when we can (root) after one `apt-get update`:
# chromium, CJK fonts and gettext for the browser tests and the catalogs; LibreOffice and poppler
# for official documents (PDF made by soffice, checked with pdftotext).
system-deps:
	@browser=""; documents=""; \
	{ [ -x /usr/bin/chromium ] && command -v msgfmt >/dev/null && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; } || browser="chromium fonts-noto-cjk gettext"; \
	{ command -v soffice >/dev/null && command -v pdftotext >/dev/null; } || documents="libreoffice-writer-nogui poppler-utils"; \
	if [ -z "$$browser$$documents" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo Installing $$browser $$documents; \
	  apt-get update -qq; \
	  [ -z "$$browser" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$browser >/dev/null; \
	  [ -z "$$documents" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$documents >/dev/null; \
	else \
	  echo NOTE: $$browser $$documents "missing and cannot be installed here (not root):"; \
	  [ -z "$$browser" ] || echo "      the browser tests will be SKIPPED. As root: apt-get install chromium fonts-noto-cjk"; \
	  [ -z "$$documents" ] || echo "      documents cannot be issued and the PDF tests will be SKIPPED."; \
	  [ -z "$$documents" ] || echo "      As root: apt-get install --no-install-recommends libreoffice-writer-nogui poppler-utils"; \
	fi

browser-deps doc-deps: system-deps

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

test: install browser-deps doc-deps lint
	env -u DATABASE_URL $(BIN)/liandong makemigrations --check --dry-run
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "== tests on PostgreSQL ($${DATABASE_URL%%\?*}) =="; \
	  $(BIN)/pytest $(PYTEST_ARGS); \
	else echo "DATABASE_URL is not set: the PostgreSQL run was skipped"; fi

bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Refresh the English catalog after changing UI text (needs GNU gettext: apt-get install gettext).
messages: install
	cd src/liandong && ../../$(BIN)/django-admin makemessages -l en --settings=liandong.settings --no-obsolete
	cd src/liandong && ../../$(BIN)/django-admin compilemessages --settings=liandong.settings

clean:
	rm -rf var/test-output .pytest_cache
