# Two commands for a newcomer: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
EDITOR_NAME ?= editor

.PHONY: run test bench lighthouse screenshots install browser lint check editor collectstatic lock clean-db

run: install
	$(BIN)/python manage.py rundev --port $(PORT)

test: install browser
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# Figures, not pass/fail: the site under gunicorn with production settings
# (requests/s, p50/p99 against a trivial endpoint) and the request pipeline's
# server time (tests/bench/). A few minutes.
bench: install
	BENCH=1 $(BIN)/pytest tests/bench -q -s -p no:cacheprovider

# Lighthouse (mobile) on home, a centre page and the emergency-care form of
# the production-like site: four scores per page. Needs Node ≥ 18 and
# Chromium or Chrome (CHROME_PATH); reports in tools/lighthouse/reports/.
LIGHTHOUSE_DIR := tools/lighthouse
lighthouse: install $(LIGHTHOUSE_DIR)/node_modules/.installed
	$(BIN)/python $(LIGHTHOUSE_DIR)/run.py

$(LIGHTHOUSE_DIR)/node_modules/.installed: $(LIGHTHOUSE_DIR)/package-lock.json
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 18 ? 1 : 0)' 2>/dev/null || \
		{ echo "Node.js 18 이상이 필요합니다 (make lighthouse)."; exit 1; }
	cd $(LIGHTHOUSE_DIR) && npm ci --no-audit --no-fund
	@touch $@

# Pictures of home, a service page, a form with errors and the confirmation
# at 360 and 1280 px, for reviewers: docs/screenshots/ (a few minutes).
screenshots: install browser
	$(BIN)/python tools/screenshots.py

install: $(VENV)/.installed

# The browser tests drive Debian's Chromium (a downloaded browser is not used).
# Installed here when this is Debian/Ubuntu and we may; otherwise say how.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk; \
	  else \
	    echo "브라우저 테스트에 Chromium 이 필요합니다: sudo apt-get install -y chromium fonts-noto-cjk"; exit 1; \
	  fi; }

# Re-installs only when the pinned requirements change.
$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 이상이 필요합니다 (PYTHON=python3.12 make ... 로 고를 수 있습니다)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
		{ echo "venv 를 만들 수 없습니다. Debian/Ubuntu 라면: sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/ruff format --check .

# Create an account for the Wagtail admin; prints a one-time random password.
editor: install
	$(BIN)/python manage.py create_editor $(EDITOR_NAME)

# Rebuild the pins after changing the dependency ranges in pyproject.toml.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check .
	{ echo "# Exact runtime dependencies; the direct ones and their ranges are in pyproject.toml."; \
	  echo "# Regenerate: make lock"; \
	  .lock-venv/bin/pip freeze --exclude seoul-social-service-agency; } > requirements.txt
	.lock-venv/bin/pip install --quiet --disable-pip-version-check ".[dev]"
	{ echo "# Exact development and test tools (embedded PostgreSQL, pytest, ruff), on top of requirements.txt. Regenerate: make lock"; \
	  echo "-r requirements.txt"; \
	  .lock-venv/bin/pip freeze --exclude seoul-social-service-agency | grep -vxFf requirements.txt; } > requirements-dev.txt
	rm -rf .lock-venv

# Forget the embedded development database (it is rebuilt by `make run`).
clean-db:
	rm -rf .local/pgdata
