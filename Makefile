# Qujat: `make run` serves the archive on http://127.0.0.1:8000, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Local serving only: DEBUG on, SQLite and the index under ./var unless DATABASE_URL / DATA_DIR say otherwise.
RUN_ENV := DEBUG=1

.PHONY: run test install lint check-deploy browser redis bench clean load heldout-eval messages backup restore fuzz faults

run: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py import_articles
	$(RUN_ENV) $(BIN)/python manage.py rebuild_index
	$(RUN_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install browser redis
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=tests.settings
	$(MAKE) --no-print-directory check-deploy
	$(BIN)/python -m pytest -n auto --dist loadfile  # one process per core (pytest-xdist); a file's tests stay together

install: $(VENV)/.installed locale/kk/LC_MESSAGES/django.mo

# The interface's catalogues (locale/*/LC_MESSAGES/django.po) compiled for Django; GNU gettext's msgfmt does it.
locale/kk/LC_MESSAGES/django.mo: $(VENV)/.installed $(wildcard locale/*/LC_MESSAGES/django.po)
	@command -v msgfmt >/dev/null 2>&1 || { echo "installing GNU gettext (msgfmt)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; }
	cd locale/.. && DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv -v0

# After changing interface strings: collect them, fill them from locale/translations.py, list what is missing.
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l kk -l ru -l en --ignore=".venv/*" --ignore="bench/*" \
		--ignore="tests/*" --no-obsolete
	$(BIN)/python locale/fill.py

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Qujat needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,bench]"
	touch $@

# Production settings must pass Django's deployment checklist.
check-deploy: install
	SECRET_KEY=check-deploy-$$(date +%s)-not-used-for-anything-real-0123456789abcdef ALLOWED_HOSTS=qujat.example \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

# End-to-end tests drive Debian's Chromium (Playwright never downloads a browser here).
browser: tests/a11y/node_modules/axe-core/axe.min.js
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Debian's redis-server: tests/test_rate_limits.py starts a private one to check counters shared through Redis.
redis:
	@command -v redis-server >/dev/null 2>&1 || { echo "installing Debian's redis-server for the shared-cache tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; }

# axe-core from the npm registry (the version in tests/a11y/package-lock.json), injected into pages by the tests.
tests/a11y/node_modules/axe-core/axe.min.js: tests/a11y/package.json tests/a11y/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "installing npm for axe-core"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	cd tests/a11y && npm ci --no-audit --no-fund --silent
	touch $@

# Backups (README, Backups): the whole archive as one file; a restore needs an empty, migrated database.
# Production: run with its environment instead of RUN_ENV, e.g. `make backup RUN_ENV= BACKUP=/backups/qujat.jsonl.gz`.
BACKUP ?= var/backups/qujat-$(shell date +%Y-%m-%d-%H%M%S).jsonl.gz
backup: install
	mkdir -p $(dir $(BACKUP))
	$(RUN_ENV) $(BIN)/python manage.py export_archive $(BACKUP)

restore: install
	@test -n "$(BACKUP)" -a -f "$(BACKUP)" || { echo "make restore BACKUP=path/to/qujat-….jsonl.gz"; exit 2; }
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py import_archive $(BACKUP)

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var .pytest_cache

# Benchmark in a private data dir under bench/out/ (see bench/README.md), e.g. make bench BENCH_ARGS="--articles 100000 --procs 2"
# then one 1 MB and one 5 MB text through the real importer (targets: under 2 s and 10 s), into a throw-away database.
BENCH_ARGS ?= --articles 10000
LONG_BENCH_ARGS ?= --sizes 1 5 --out bench/out/long-texts/report.json
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python -m bench.long_import $(LONG_BENCH_ARGS)

# Load test: real gunicorn on 127.0.0.1 against a kept bench data dir (see bench/README.md, Load test), e.g.
# make load LOAD_ARGS="--data-dir bench/out/n10000-s1/data --workers 4"
LOAD_ARGS ?= --data-dir bench/out/n10000-s1/data
load: install
	$(BIN)/python bench/load.py $(LOAD_ARGS)

# Import quality on the held-out press texts (tests/fixtures/heldout/, issue 10): dry-run import, scores per
# language/script and every miss. Do not tune the importer on these texts (see their README).
HELDOUT_ARGS ?=
heldout-eval: install
	$(BIN)/python bench/heldout_eval.py $(HELDOUT_ARGS)

# Fuzz suite, long: thousands of generated URLs, admin posts and import inputs (CI runs it bounded, in `make test`).
# Counts (examples, 5xx, unescaped reflections) in tests/artifacts/fuzz-summary.json.
fuzz: install
	rm -f tests/artifacts/fuzz-summary.json
	QUJAT_LONG_TESTS=1 $(BIN)/python -m pytest -m fuzz -p no:cacheprovider -s tests/test_fuzz_urls.py tests/test_fuzz_admin.py \
		tests/test_import_properties.py

# Fault suite alone (also part of `make test`): kills, a live server's index and database taken away, a full disk.
faults: install
	$(BIN)/python -m pytest -m faults -p no:cacheprovider tests/test_faults_import.py tests/test_faults_editors.py \
		tests/test_faults_live.py
