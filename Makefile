# Leuchtfeuer – the two commands are `make run` and `make test`; both call `make setup`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
LF := $(VENV)/bin/leuchtfeuer
PORT ?= 8000
# Debian packages: Chromium for browser tests, Pango/HarfBuzz and fonts for WeasyPrint PDFs.
DEB_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core jq curl
STAMP := $(VENV)/.installed

.PHONY: setup deb venv db run worker test lint fmt lock clean mypy-baseline

setup: deb venv db ## everything a fresh machine needs (idempotent)

deb:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	@echo "Python-Pakete aus requirements.lock werden installiert (beim ersten Mal einige Minuten) …"
	set -o pipefail; $(VENV)/bin/pip install --disable-pip-version-check --progress-bar off -r requirements.lock \
	  | { grep --line-buffered -E "^(Collecting|Installing|Successfully)" || true; }
	$(VENV)/bin/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

db: venv ## migrate, import the official data, load demo content (dev database)
	$(LF) migrate --noinput -v0
	$(LF) createcachetable
	$(LF) import-official
	$(LF) load-demo --quiet

run: setup ## serve on http://127.0.0.1:$(PORT) (another port: make run PORT=8001)
	@if $(VENV)/bin/python -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $(PORT))) != 0)"; then \
	  echo "Port $(PORT) ist schon belegt – bitte einen anderen wählen, z. B. make run PORT=8001"; exit 1; fi
	$(LF) collectstatic --noinput -v0
	$(LF) load-demo
	@echo ""
	@echo "Leuchtfeuer startet auf http://127.0.0.1:$(PORT) mit einem Hintergrund-Worker (Beenden mit Strg+C)"
	@$(LF) worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(LF) runserver 127.0.0.1:$(PORT)

worker: venv ## one background worker (tasks and the daily jobs); production: see docs/operations.md
	$(LF) worker

lint: venv ## ruff, the layer contracts (import-linter, pyproject.toml) and mypy against its baseline
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/python tools/mypy_baseline.py

mypy-baseline: venv ## record mypy's current errors as the baseline (only after fixing some: it may only shrink)
	$(VENV)/bin/python tools/mypy_baseline.py --update

fmt: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: setup lint
	$(VENV)/bin/pytest

lock: ## re-pin requirements.lock from requirements.in
	$(VENV)/bin/pip install -q uv
	$(VENV)/bin/uv pip compile requirements.in -o requirements.lock --python-version 3.11

clean:
	rm -rf $(VENV) var
