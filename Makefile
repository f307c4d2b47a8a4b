# The two commands a newcomer needs: `make run` (the dashboard on the demo data) and `make test`.
# Both set up everything they need and are fast when nothing changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
PORT ?= 8501
PROCESSES ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run serve test lint format demo bench clean help

help:
	@echo "make run    set up, build the demo snapshots if there are none, open http://localhost:$(PORT)"
	@echo "make serve  the same for many users: PROCESSES Streamlit processes (default: cores) behind HAProxy on PORT"
	@echo "make test   set up (venv, Debian chromium) and run the whole test suite"
	@echo "make lint   ruff check + format check + mypy;  make bench  run the benchmarks"

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

demo: $(STAMP)
	@$(BIN)/python -m dashboard snapshots | grep -q '^20' || $(BIN)/python -m dashboard demo

run: demo
	-@$(BIN)/python -m dashboard users demo --quiet
	@echo "Dashboard: http://localhost:$(PORT)  (demo users: see README; DASHBOARD_AUTH=off make run skips login)"
	$(BIN)/streamlit run serve.py --server.port $(PORT) --server.headless true

# Several Streamlit processes behind HAProxy (installed from Debian if missing), sticky and health-checked;
# run as root, the processes run as the data folder's owner (or SERVE_USER). See README "Serving many users".
serve: demo
	@bash scripts/ensure_proxy.sh
	-@$(BIN)/python -m dashboard users demo --quiet
	$(BIN)/python -m dashboard serve --port $(PORT) --processes $(PROCESSES) $(if $(SERVE_USER),--user $(SERVE_USER))

test: lint
	@bash scripts/ensure_chromium.sh
	@bash scripts/ensure_proxy.sh
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy dashboard

format: $(STAMP)
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
