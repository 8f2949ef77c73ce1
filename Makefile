# The two commands of the README: `make run` and `make test`. Everything else is their plumbing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-browser migrate lint format bench bytecode clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# The service's own modules compiled to bytecode, as `pip install .` does for a package: an
# editable install leaves that to Python, which does not write it where PYTHONDONTWRITEBYTECODE is
# set, and compiling some 250 modules on every start costs 0.3 s (only changed files are compiled).
PACKAGES := domain storage presentation dialogs bot manifest reports
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q $(PACKAGES)

run: bytecode
	@mkdir -p var
	$(BIN)/samarbete migrate
	$(BIN)/samarbete serve

# The browser test (tests/browser/): the Agents Playground and Debian's Chromium, driven by clicks.
BROWSER_DIR := tests/browser
CHROMIUM ?= /usr/bin/chromium
$(BROWSER_DIR)/node_modules/.installed: $(BROWSER_DIR)/package.json $(BROWSER_DIR)/package-lock.json
	cd $(BROWSER_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test-browser: $(STAMP) $(BROWSER_DIR)/node_modules/.installed
	@test -x "$(CHROMIUM)" || { echo "test-browser: no Chromium at $(CHROMIUM) (apt-get install chromium)" >&2; exit 1; }
	CHROMIUM=$(CHROMIUM) WALK_PYTHON=$(abspath $(BIN))/python node $(BROWSER_DIR)/walk.mjs

migrate: $(STAMP)
	$(BIN)/samarbete migrate

test: $(STAMP)
	$(BIN)/ruff check domain storage presentation dialogs bot manifest reports tests bench docs
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check domain storage presentation dialogs bot manifest reports tests bench docs
	$(BIN)/ruff format --check domain storage presentation dialogs bot manifest reports tests bench docs

format: $(STAMP)
	$(BIN)/ruff format domain storage presentation dialogs bot manifest reports tests bench docs
	$(BIN)/ruff check --fix domain storage presentation dialogs bot manifest reports tests bench docs

bench: bytecode
	@for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache $(BROWSER_DIR)/node_modules $(BROWSER_DIR)/screenshots
