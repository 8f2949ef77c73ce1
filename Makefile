# The two commands of the README: `make run` and `make test`. Everything else is their plumbing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-browser migrate lint format bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
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

bench: $(STAMP)
	@for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache $(BROWSER_DIR)/node_modules $(BROWSER_DIR)/screenshots
