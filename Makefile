# shuhi — two commands on a fresh machine:
#   make run    set up, load the demo data into SQLite and serve http://127.0.0.1:8000
#   make test   set up (Python and Debian packages) and run the whole suite on SQLite and PostgreSQL

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install system-deps lint test-sqlite test-postgres bench messages clean

$(BIN)/shuhi: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,spark]'
	touch $@

install: $(BIN)/shuhi

run: install
	$(BIN)/shuhi migrate --verbosity 0
	$(BIN)/shuhi demo
	$(BIN)/shuhi serve --port $(PORT)

system-deps:
	scripts/system-deps.sh

# ruff for style; import-linter for the layering of DESIGN.md (engines, core, no cycles).
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test-sqlite: install
	$(BIN)/pytest $(PYTEST_ARGS)

# The Django side again on PostgreSQL; the engines do not touch the database.
test-postgres: install
	scripts/with-postgres.sh $(BIN)/pytest -p no:cacheprovider -m "not browser" \
		--ignore=src/shuhi/documents --ignore=src/shuhi/logreview $(PYTEST_ARGS)

# system-deps first: on a bare Debian, python3 -m venv itself needs python3-venv.
test: system-deps install lint test-sqlite test-postgres

bench: install
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# The engines' command-line messages (shuhi.i18n) share the web app's catalogue, so the engines are
# scanned too; only their fonts (a licence text that is not UTF-8) and their tests, which hold
# sample documents but no messages, are left out.
messages: install
	cd src/shuhi && ../../$(BIN)/django-admin makemessages -l ja --no-obsolete --add-location file \
		-i "documents/fonts" -i "documents/tests" -i "logreview/tests" \
		--settings=shuhi.settings --pythonpath=..
	cd src/shuhi && ../../$(BIN)/django-admin compilemessages --settings=shuhi.settings --pythonpath=..

clean:
	rm -rf $(VENV) var test-artifacts
