# kehoach: two commands on a fresh machine
#   make demo   set up .venv and run the main job on the bundled corpus
#   make test   set up .venv and run the tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test setup lint bench render-corpus schema clean browser system

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP) system
	$(BIN)/python scripts/demo.py

# what the tests need from the system, from Debian's packages when missing:
# Chromium (the HTML report and the review page in a real headless browser),
# Tesseract with its Vietnamese model (scanned plans), LibreOffice (legacy .doc)
CHROMIUM := $(shell command -v chromium || command -v chromium-browser)
TESSERACT_VIE := $(shell tesseract --list-langs 2>/dev/null | grep -x vie)
SOFFICE := $(shell command -v soffice || command -v libreoffice)
SYSTEM_PACKAGES := $(if $(CHROMIUM),,chromium) $(if $(TESSERACT_VIE),,tesseract-ocr tesseract-ocr-vie) $(if $(SOFFICE),,libreoffice-writer-nogui)

browser system:
ifneq ($(strip $(SYSTEM_PACKAGES)),)
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES)
endif

test: $(STAMP) system
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check extract schemas tests scripts bench

bench: $(STAMP)
	$(BIN)/python bench/bench_ingest.py

render-corpus: $(STAMP)
	$(BIN)/python scripts/render_corpus.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
