# corpath: `make program CLIENT=acme` builds one client; `make test` runs the tests.
# Both work on a fresh machine: they create the virtual environment and install the system packages
# LibreOffice needs (as root with apt-get; otherwise they print the command to run).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPATH := $(BIN)/corpath
STAMP := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-ok
# fonts-noto-cjk and fonts-noto-color-emoji: LibreOffice falls back to them for Chinese, Japanese, Korean and
# emoji, which Liberation and DejaVu lack (a name in those prints as empty boxes otherwise)
APT_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui python3-uno poppler-utils fonts-liberation fonts-dejavu-core \
  fonts-noto-cjk fonts-noto-color-emoji
# libjemalloc2: LibreOffice converts a program with a quarter less CPU with it preloaded (`office.office_allocator`);
# without it corpath works as before, so a user who cannot install it is told, not stopped
FAST_MALLOC := libjemalloc2
CLIENT ?=
JOBS ?= 2

.DEFAULT_GOAL := help

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# byte-compiled once, as pip does for an installed package: where PYTHONDONTWRITEBYTECODE is set, every
	@# command would otherwise compile corpath's modules again (0.15 s of each `corpath build`)
	$(BIN)/python -m compileall -q pipeline
	@touch $(STAMP)

$(SYSTEM_STAMP): $(STAMP)
	@missing=""; \
	command -v soffice >/dev/null 2>&1 || missing="yes"; \
	command -v pdftotext >/dev/null 2>&1 || missing="yes"; \
	/usr/bin/python3 -c 'import uno' >/dev/null 2>&1 || missing="yes"; \
	fc-list 2>/dev/null | grep -q 'Liberation Sans' || missing="yes"; \
	fc-list 2>/dev/null | grep -q 'Noto Sans CJK' || missing="yes"; \
	fc-list 2>/dev/null | grep -q 'Noto Color Emoji' || missing="yes"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing system packages: $(APT_PACKAGES)"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null || exit 1; \
	  else \
	    echo "LibreOffice, its Python bridge, poppler or the Liberation, CJK or emoji fonts are missing. Run:"; \
	    echo "  sudo apt-get install -y --no-install-recommends $(APT_PACKAGES)"; \
	    exit 1; \
	  fi; \
	fi
	@if ! /sbin/ldconfig -p 2>/dev/null | grep -q 'libjemalloc\.so'; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing $(FAST_MALLOC)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(FAST_MALLOC) >/dev/null 2>&1 \
	      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	           $(FAST_MALLOC) >/dev/null; } || echo "could not install $(FAST_MALLOC); LibreOffice will use the C library's malloc"; \
	  else \
	    echo "optional: sudo apt-get install -y $(FAST_MALLOC) (LibreOffice converts a quarter faster with it)"; \
	  fi; \
	fi
	@touch $(SYSTEM_STAMP)

setup: $(SYSTEM_STAMP) ## Create the virtual environment and install everything (system packages too, as root)

program: $(SYSTEM_STAMP) ## Build one client's delivery: make program CLIENT=acme
	@test -n "$(CLIENT)" || { echo "usage: make program CLIENT=<client id>  (clients: $$(ls intake | sed -n 's/\.yaml$$//p' | tr '\n' ' '))"; exit 2; }
	$(CORPATH) build $(CLIENT)

batch: $(SYSTEM_STAMP) ## Rebuild every client whose inputs changed, in parallel: make batch JOBS=2
	$(CORPATH) batch --stale-only --jobs $(JOBS)

test: $(SYSTEM_STAMP) lint ## Run the lint (ruff, import layers), then the test suite (real pandoc and LibreOffice)
	$(BIN)/pytest -q

check-office: $(SYSTEM_STAMP) ## Build the examples; check every DOCX's element order and mode, open every DOCX and XLSX in LibreOffice
	$(BIN)/python tests/check_office.py

lint: $(STAMP) ## Check the code with ruff, and the wings' import layers with lint-imports
	$(BIN)/ruff check pipeline tests
	$(BIN)/lint-imports --no-cache

update-golden: $(STAMP) ## Regenerate the golden Markdown of the example clients (review the diff!)
	CORPATH_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py

schema: $(STAMP) ## Regenerate intake.schema.json from the intake model
	$(CORPATH) schema

reference-doc: $(STAMP) ## Regenerate the house Word styles (reference.docx) and the form templates made from them
	$(BIN)/python -m pipeline.word.styles
	$(BIN)/python -m pipeline.program.form_templates

bench: $(SYSTEM_STAMP) ## Benchmark batch builds against a naive baseline (prints numbers)
	$(BIN)/python -m pipeline.bench

clean: ## Remove generated output and caches (keeps the virtual environment)
	rm -rf output .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

.PHONY: help setup program batch test check-office lint update-golden schema reference-doc bench clean
