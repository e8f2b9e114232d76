# amiris_lab: every target installs what it needs first, so each works on a fresh clone.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install test test-fast bench lint format lab report demo-data notebooks chromium clean help messages

help:
	@echo "make report   - rapport annuel de la dernière année des données de démonstration (reports/)"
	@echo "make test     - toute la suite de tests (installe l'environnement et Chromium au besoin)"
	@echo "make bench    - mesures de vitesse et de mémoire (benchmarks/)"
	@echo "make lab      - JupyterLab sur le projet"
	@echo "make lint     - ruff (lint et format)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,browser]'
	@touch $(STAMP)

install: $(STAMP)

# Playwright drives Debian's Chromium (its own browser download cannot work offline).
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installation de Chromium (Debian)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	elif command -v sudo >/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "Chromium absent et pas de droits root : les tests navigateur échoueront." >&2; exit 1; fi

test: install chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/python -m pytest -m "not slow and not browser" $(PYTEST_ARGS)

bench: install chromium
	$(BIN)/python benchmarks/run.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lab: install
	$(BIN)/jupyter lab --notebook-dir=.

# English message catalogue in step with the code (French msgids); then translate new entries.
LOCALE := amiris_lab/locale
messages: install
	PYTHONPATH=. $(BIN)/pybabel extract -F babel.cfg --no-default-keywords -k t_ -k lazy_ -k N_ \
		--no-location --sort-output -o $(LOCALE)/amiris_lab.pot .
	$(BIN)/pybabel update -i $(LOCALE)/amiris_lab.pot -d $(LOCALE) -D amiris_lab -l en \
		--ignore-obsolete --no-fuzzy-matching --ignore-pot-creation-date
	@rm -f $(LOCALE)/amiris_lab.pot
	@echo "Traduisez les nouvelles entrées (msgstr vides), puis : pytest tests/test_i18n.py"

demo-data: install
	$(BIN)/amiris-lab demo-data data/demo

# notebooks/ is written from the single source in amiris_lab/resources/notebooks/*.py (jupytext)
notebooks: install
	$(BIN)/amiris-lab notebooks notebooks --overwrite

# Dernière année des données de démonstration ; sans Chromium, le PDF est sauté avec un message.
report: install
	@[ -x /usr/bin/chromium ] || $(MAKE) --no-print-directory chromium || echo "Chromium indisponible : pas de PDF." >&2
	$(BIN)/amiris-lab report --data data/demo --out reports/

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
