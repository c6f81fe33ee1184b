# Liandong — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Python keeps its compiled modules (and pytest its rewritten tests): with them a test worker
# starts in half the time. Some machines switch that off for everything; not for us.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test bench install lint format system-deps messages clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Liandong needs Python 3.11 (Django 5.2 LTS); found " + sys.version.split()[0])'
	@test -x $(BIN)/python || { echo "== Creating the virtual environment $(VENV) =="; $(PYTHON) -m venv $(VENV); }
	@echo "== Installing Liandong and its Python packages into $(VENV) (pip; about a minute the first time) =="
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@
	@echo "== Python packages installed =="

install: $(VENV)/.installed

run: install system-deps
	@echo "== Setting up the database (var/liandong.sqlite3) =="
	$(BIN)/liandong migrate --noinput
	@echo "== Loading the demo (about half a minute the first time; running it again changes nothing) =="
	$(BIN)/liandong demo
	@echo "联动执法协作平台：http://$(HOST):$(PORT)/  （Ctrl-C 停止网页服务和后台任务）"
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/liandong worker & worker=$$!; \
	$(BIN)/liandong serve --host $(HOST) --port $(PORT)

# Debian packages, installed when we can (root and apt) after one `apt-get update`, by `make run`
# and `make test` alike: CJK fonts, LibreOffice and poppler for official documents (PDF made by
# soffice, checked with pdftotext) and the charts; chromium and gettext for the browser tests and
# the catalogs. Without them (not root) everything still runs: documents are issued as .docx
# alone, charts draw Chinese as boxes, `liandong demo` says what is missing, browser tests skip.
system-deps:
	@fonts=""; documents=""; browser=""; \
	fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || fonts="fonts-noto-cjk"; \
	{ command -v soffice >/dev/null && command -v pdftotext >/dev/null; } || documents="libreoffice-writer-nogui poppler-utils"; \
	{ [ -x /usr/bin/chromium ] && command -v msgfmt >/dev/null; } || browser="chromium gettext"; \
	missing="$$fonts $$documents $$browser"; missing="$$(echo $$missing)"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "== Installing Debian packages: $$missing (apt-get; a minute or two the first time) =="; \
	  echo "   apt-get update"; \
	  apt-get update -qq || echo "   apt-get update failed: trying with the package lists at hand"; \
	  ok=1; plain="$$(echo $$fonts $$documents)"; \
	  if [ -n "$$plain" ]; then echo "   apt-get install --no-install-recommends $$plain"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$plain >/dev/null || ok=; fi; \
	  if [ -n "$$browser" ]; then echo "   apt-get install $$browser"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$browser >/dev/null || ok=; fi; \
	  [ -n "$$ok" ] && echo "== Debian packages installed ==" || echo "== apt-get install FAILED: some of $$missing are missing =="; \
	else \
	  echo "NOTE: missing and not installable here (not root): $$missing"; \
	  [ -z "$$fonts" ] || echo "      - no CJK font: charts and PDFs cannot show Chinese"; \
	  [ -z "$$documents" ] || echo "      - no LibreOffice/poppler: documents are issued as Word files without PDF"; \
	  [ -z "$$browser" ] || echo "      - no chromium/gettext: the browser and catalog tests will be SKIPPED"; \
	  echo "      As root: apt-get update && apt-get install $$missing"; \
	fi

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

# The suite runs over every core (pytest-xdist, a test database per worker); the slowest tests
# and each database's time are printed. PYTEST_ARGS adds to it, e.g. PYTEST_ARGS="-k transfer".
# The PostgreSQL run leaves out the tests that never touch the test database: the SQLite run
# has run them, and they give the same result on any database (tests/conftest.py).
WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(WORKERS) --dist worksteal --durations=15 --durations-min=2

test: install system-deps lint
	env -u DATABASE_URL $(BIN)/liandong makemigrations --check --dry-run
	@echo "== tests on SQLite =="
	@SECONDS=0; env -u DATABASE_URL $(PYTEST) $(PYTEST_ARGS); status=$$?; \
	echo "== SQLite: $$((SECONDS / 60)) min $$((SECONDS % 60)) s =="; exit $$status
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "== tests on PostgreSQL ($${DATABASE_URL%%\?*}) =="; \
	  SECONDS=0; $(PYTEST) --database-tests-only $(PYTEST_ARGS); status=$$?; \
	  echo "== PostgreSQL: $$((SECONDS / 60)) min $$((SECONDS % 60)) s =="; exit $$status; \
	else echo "DATABASE_URL is not set: the PostgreSQL run was skipped"; fi

bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Refresh the English catalog after changing UI text (needs GNU gettext: apt-get install gettext).
messages: install
	cd src/liandong && ../../$(BIN)/django-admin makemessages -l en --settings=liandong.settings --no-obsolete
	cd src/liandong && ../../$(BIN)/django-admin compilemessages --settings=liandong.settings

clean:
	rm -rf var/test-output .pytest_cache
