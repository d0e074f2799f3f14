# Two commands for a newcomer: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
EDITOR_NAME ?= editor

.PHONY: run test bench install lint check editor collectstatic lock clean-db

run: install
	$(BIN)/python manage.py rundev --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# Figures, not pass/fail: server times of the request pipeline (tests/bench/).
bench: install
	BENCH=1 $(BIN)/pytest tests/bench -q -s -p no:cacheprovider

install: $(VENV)/.installed

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
