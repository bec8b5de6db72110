# The two commands a newcomer needs: `make run` and `make test` (CONTRACT §1).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app directory
PORT   ?= 5000
CATALOGS := directory/translations
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install run serve test test-postgres i18n-extract i18n-update i18n-compile bench lint audit clean

install: $(STAMP) i18n-compile
	$(FLASK) db upgrade

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

i18n-compile: $(STAMP)
	$(BIN)/pybabel compile --statistics -f -d $(CATALOGS) 2>&1 | grep -v '^compiling' || true
	@test -f $(CATALOGS)/zh_Hant_HK/LC_MESSAGES/messages.mo && test -f $(CATALOGS)/zh_Hans_CN/LC_MESSAGES/messages.mo

i18n-extract: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k _l -k lazy_gettext -k N_ -o $(CATALOGS)/messages.pot .

i18n-update: i18n-extract
	$(BIN)/pybabel update --no-fuzzy-matching -i $(CATALOGS)/messages.pot -d $(CATALOGS)

run: install
	$(FLASK) demo load --if-empty
	$(FLASK) search reindex
	$(FLASK) run --port $(PORT)

serve: run

test: install
	$(BIN)/pytest

# The same suite against PostgreSQL (a fresh database is created per run).
test-postgres: install
	DIRECTORY_TEST_DATABASE_URL=$${DIRECTORY_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres} $(BIN)/pytest

bench: install
	$(BIN)/python bench/search.py --n 10000
	$(BIN)/python bench/export.py --n 100000

# pip-audit only against an advisory database that answers (else it says it did not run);
# the lock file when there is one, else the environment.
audit: install
	@$(BIN)/python tools/pip_audit.py $(LOCK)
	$(BIN)/bandit -q -r directory search_index -lll

clean:
	rm -rf $(VENV) .pytest_cache
