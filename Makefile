# kehoach: two commands on a fresh machine
#   make demo   set up .venv and run the main job on the bundled corpus
#   make test   set up .venv and run the tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test setup lint bench render-corpus schema clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/python scripts/demo.py

# the HTML report is tested in a real headless browser: Debian's Chromium
CHROMIUM := $(shell command -v chromium || command -v chromium-browser)

browser:
ifeq ($(CHROMIUM),)
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
endif

test: $(STAMP) browser
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check extract schemas tests scripts bench

bench: $(STAMP)
	$(BIN)/python bench/bench_ingest.py

render-corpus: $(STAMP)
	$(BIN)/python scripts/render_corpus.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
