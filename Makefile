# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= rhinocc.settings.dev

.PHONY: run test test-browser superuser lint format check bench cluster-test lighthouse pg-restart-test backup restore clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) requirements.txt constraints.txt
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# build_site gives the default Site this host and port (sitemap, workflow e-mail links): follow PORT.
run: export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py build_site --demo-places
	@echo ""
	@echo "Site prêt : http://127.0.0.1:$(PORT)/  (administration : http://127.0.0.1:$(PORT)/admin/)"
	@echo "Pour créer un compte administrateur : make superuser"
	@echo ""
	$(PY) manage.py runserver --nostatic 127.0.0.1:$(PORT)

superuser: $(VENV)/.installed
	$(PY) manage.py createsuperuser

# pyproject.toml names the test settings, but pytest-django prefers the environment's (dev above).
test test-browser: export DJANGO_SETTINGS_MODULE = rhinocc.settings.test

test: $(VENV)/.installed-dev
	$(PY) -m pytest $(PYTEST_ARGS)

test-browser: $(VENV)/.installed-dev
	$(PY) -m pytest tests/browser $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: $(VENV)/.installed-dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

bench: $(VENV)/.installed-dev
	$(PY) bench/pages.py

# Varnish (deploy/varnish/rhinocc.vcl) in front of two gunicorn sharing PostgreSQL and Redis
# (bench/cluster.py): proxy HITs, bans on publish, reserved and members' pages never stored. CI runs it.
cluster-test: $(VENV)/.installed
	$(PY) bench/cluster.py
# Lighthouse (mobile) on the home page, a publication, the places list and a place page of a site built
# and served as in production (tools/lighthouse/run.py); fails when a score is below LIGHTHOUSE_MIN.
# Needs Node.js >= 18 with npm and Chromium (CHROME_PATH, default /usr/bin/chromium).
LIGHTHOUSE_MIN ?= 100
LIGHTHOUSE_PORT ?= 0
LIGHTHOUSE_DIR := tools/lighthouse

$(LIGHTHOUSE_DIR)/node_modules/.installed: $(LIGHTHOUSE_DIR)/package.json $(LIGHTHOUSE_DIR)/package-lock.json
	cd $(LIGHTHOUSE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: $(VENV)/.installed $(LIGHTHOUSE_DIR)/node_modules/.installed
	$(PY) $(LIGHTHOUSE_DIR)/run.py --min $(LIGHTHOUSE_MIN) --port $(LIGHTHOUSE_PORT)

# Restarts the machine's PostgreSQL while gunicorn serves the site (README: Deploying); not run by CI.
pg-restart-test: $(VENV)/.installed
	$(PY) bench/pg_restart.py
# Database (PostgreSQL) and media in backups/rhinocc-<date>.tar; `make restore ARCHIVE=...` puts one
# back into an empty database (README, « Sauvegardes »).
backup: $(VENV)/.installed
	$(PY) manage.py backup

restore: $(VENV)/.installed
	@test -n "$(ARCHIVE)" || { echo "Indiquez l'archive : make restore ARCHIVE=backups/rhinocc-AAAAMMJJ-HHMMSS.tar"; exit 2; }
	$(PY) manage.py restore "$(ARCHIVE)" $(RESTORE_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache $(LIGHTHOUSE_DIR)/node_modules lighthouse-reports screenshots
