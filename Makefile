# The two commands of the README: `make run` and `make test`. Everything else is their plumbing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test migrate lint format bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	@mkdir -p var
	$(BIN)/samarbete migrate
	$(BIN)/samarbete serve

migrate: $(STAMP)
	$(BIN)/samarbete migrate

test: $(STAMP)
	$(BIN)/ruff check domain storage dialogs bot manifest reports tests bench docs
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check domain storage dialogs bot manifest reports tests bench docs
	$(BIN)/ruff format --check domain storage dialogs bot manifest reports tests bench docs

format: $(STAMP)
	$(BIN)/ruff format domain storage dialogs bot manifest reports tests bench docs
	$(BIN)/ruff check --fix domain storage dialogs bot manifest reports tests bench docs

bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache
