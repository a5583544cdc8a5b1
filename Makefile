# Two commands for a fresh machine (see README):
#   make serve   install, build the graph, serve it on http://127.0.0.1:5000
#   make test    install what the tests need, run all tests
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: serve build test install install-test system-deps bench clean

serve: install build
	$(BIN)/kg serve --host $(HOST) --port $(PORT)

build: install
	$(BIN)/kg build

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Debian packages the tests use: Java for HermiT (OWL reasoning), Chromium for the browser tests.
system-deps:
	@missing=""; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null || missing="$$missing chromium-driver"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) \
	    || echo "warning: could not install$$missing (not root?); tests that need them will report it"; \
	fi

install-test: install system-deps

test: install-test
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf var/ .pytest_cache
