# Sigap: `make run` (the embedded demo) and `make test` (ruff + the whole suite).
# Needs only Python 3.11+; everything else is installed into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install browser messages check-deploy clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Sigap needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py run_embedded

lint: $(STAMP)
	$(BIN)/ruff check .

# Browser tests drive Debian's Chromium. As root (CI, the build machines) it is installed
# when missing; anyone else gets the browser tests skipped with a message saying how.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's Chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium is missing: browser tests will be skipped (install it: sudo apt-get install chromium)."; \
	fi

test: $(STAMP) browser
	$(BIN)/ruff check .
	SIGAP_TESTING=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l id --ignore=.venv --ignore=var --no-obsolete
	$(BIN)/python manage.py compilemessages -l id --ignore=.venv

check-deploy: $(STAMP)
	DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz \
		ALLOWED_HOSTS=sigap.example.go.id $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf var
