# The two commands a newcomer needs: `make run` and `make test` (CONTRACT §1).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app directory
PORT   ?= 5000
CATALOGS := directory/translations
LOCK   := requirements.lock
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) 2>/dev/null | cksum | cut -d' ' -f1)
# `make serve`: production settings unless told otherwise; links and the trusted host follow PORT;
# a local run keeps its secret in instance/secret_key (0600); deployments set DIRECTORY_SECRET_KEY.
SERVE_ENV := DIRECTORY_ENV=$${DIRECTORY_ENV:-production} \
	DIRECTORY_BASE_URL=$${DIRECTORY_BASE_URL:-http://127.0.0.1:$(PORT)} \
	DIRECTORY_SECRET_KEY=$${DIRECTORY_SECRET_KEY:-$$($(BIN)/python -c 'from directory.config import dev_secret_key; print(dev_secret_key("instance"))')}

.PHONY: install run serve lock bench-http test test-postgres i18n-extract i18n-update i18n-compile bench lint audit clean

install: $(STAMP) i18n-compile
	$(FLASK) db upgrade

# Every dependency at the version and hashes of the lock file, then the project itself.
$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip check --disable-pip-version-check >/dev/null || { $(BIN)/python -m pip check; \
		echo "requirements.lock does not cover pyproject.toml: run 'make lock', then 'make install'" >&2; exit 1; }
	rm -f $(VENV)/.installed-*
	touch $@

# Refresh the lock after changing dependencies in pyproject.toml (needs the network), then
# `make install`. Commit requirements.lock with the pyproject.toml change.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/pip-compile || $(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links \
		--extra test --extra production --output-file $(LOCK) pyproject.toml

i18n-compile: $(STAMP)
	$(BIN)/pybabel compile --statistics -f -d $(CATALOGS) 2>&1 | grep -v '^compiling' || true
	@test -f $(CATALOGS)/zh_Hant_HK/LC_MESSAGES/messages.mo && test -f $(CATALOGS)/zh_Hans_CN/LC_MESSAGES/messages.mo

i18n-extract: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k _l -k lazy_gettext -k N_ -o $(CATALOGS)/messages.pot .

i18n-update: i18n-extract
	$(BIN)/pybabel update --no-fuzzy-matching -i $(CATALOGS)/messages.pot -d $(CATALOGS)

# The development server, with the background worker (mail, periodic tasks) beside it.
run: install
	$(FLASK) demo load --if-empty
	$(FLASK) search reindex
	@$(FLASK) demo logins
	@$(FLASK) worker run & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(FLASK) run --port $(PORT)

# gunicorn with gunicorn.conf.py (workers, timeouts, warm-up) and the worker beside it; the
# index is checked (and rebuilt if it differs) before the first request.
serve: install
	@$(SERVE_ENV) $(FLASK) search check >/dev/null 2>&1 || $(SERVE_ENV) $(FLASK) search reindex
	@echo "Serving http://127.0.0.1:$(PORT) with gunicorn ($${DIRECTORY_ENV:-production}); Ctrl-C stops it."
	@$(SERVE_ENV) PORT=$(PORT) SERVE_WITH_WORKER=1 $(BIN)/gunicorn -c gunicorn.conf.py 'directory:create_app()'

test: install
	$(BIN)/pytest

# The same suite against PostgreSQL (a fresh database is created per run).
test-postgres: install
	DIRECTORY_TEST_DATABASE_URL=$${DIRECTORY_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres} $(BIN)/pytest

bench: install
	$(BIN)/python bench/search.py --n 10000
	$(BIN)/python bench/export.py --n 100000

# The site under gunicorn driven by wrk (apt-get install wrk); prints req/s and latencies.
bench-http: install
	$(BIN)/python bench/http_load.py --n 10000

# pip-audit only against an advisory database that answers (else it says it did not run);
# the lock file when there is one, else the environment.
audit: install
	@$(BIN)/python tools/pip_audit.py $(LOCK)
	$(BIN)/bandit -q -r directory search_index -lll

clean:
	rm -rf $(VENV) .pytest_cache
