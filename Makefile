# Two commands for a fresh machine (see README):
#   make serve   install, build the graph, serve it on http://127.0.0.1:5000
#   make test    install what the tests need, run all tests
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: serve build test install install-test system-deps bench clean web-assets

serve: install build
	$(BIN)/kg serve --host $(HOST) --port $(PORT)

build: install
	$(BIN)/kg build

install: $(VENV)/.installed web-assets

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Browser assets from npm (package.json / package-lock.json): installed into var/npm (gitignored),
# then the distribution files are copied to web/static/vendor/ (gitignored) and served from there.
WEB_VENDOR := web/static/vendor
web-assets: $(WEB_VENDOR)/.installed

$(WEB_VENDOR)/.installed: package.json package-lock.json
	@command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm)
	mkdir -p var/npm
	cp package.json package-lock.json var/npm/
	cd var/npm && npm ci --no-audit --no-fund --ignore-scripts
	rm -rf $(WEB_VENDOR)
	mkdir -p $(WEB_VENDOR)/yasgui $(WEB_VENDOR)/vis-network
	cp var/npm/node_modules/@zazuko/yasgui/build/yasgui.min.js var/npm/node_modules/@zazuko/yasgui/build/yasgui.min.css \
	   $(WEB_VENDOR)/yasgui/
	cp var/npm/node_modules/vis-network/standalone/umd/vis-network.min.js $(WEB_VENDOR)/vis-network/
	cp var/npm/node_modules/vis-network/LICENSE* $(WEB_VENDOR)/vis-network/ 2>/dev/null || true
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
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench.endpoints

clean:
	rm -rf var/ .pytest_cache
