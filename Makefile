# Everything runs in a local virtual environment (.venv); only Python 3.11+
# and make are needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# The lowest versions pyproject.toml declares; CI runs the suite on them too.
LOWEST := sphinx==8.0.2 myst-parser==4.0.0 python-frontmatter==1.1.0 jinja2==3.1.0 \
	docutils==0.20.1 markdown-it-py==3.0.0 PyYAML==6.0.1 babel==2.13.0 markupsafe==2.1.2
LOW_VENV := .venv-lowest
# The newest Python the machine has (3.12+, found by .ci/run), with the newest
# releases of everything: what Read the Docs builds the docs with.
NEWEST_PYTHON ?=
NEW_VENV := .venv-newest
# The suite's test files are shared out to one process per core (pytest-xdist);
# a file's tests stay together, so its module fixtures are built once.
PYTEST_JOBS ?= -n auto --dist loadfile

.PHONY: docs test test-lowest test-newest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Set up, install the project and build the documentation with its example blog.
docs: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e . -r docs/requirements.txt
	$(BIN)/sphinx-build -b html docs docs/_build/html
	@echo "Open docs/_build/html/index.html"

# Set up and run the test suite; its results also go to build/test-results.xml
# (JUnit XML: .ci/run reads how many browser tests ran from it).
test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m pytest $(PYTEST_JOBS) --junitxml=build/test-results.xml

# The whole test suite on the lowest supported versions of the dependencies.
test-lowest:
	$(PYTHON) -m venv $(LOW_VENV)
	$(LOW_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOW_VENV)/bin/python -m pip install --quiet -e ".[test]" $(LOWEST)
	$(LOW_VENV)/bin/python -m pytest $(PYTEST_JOBS) --junitxml=build/test-results-lowest.xml

# The whole test suite, and the docs built strictly, on NEWEST_PYTHON with the
# newest releases of the dependencies.
test-newest:
	@test -n "$(NEWEST_PYTHON)" || { echo "set NEWEST_PYTHON to a Python 3.12+ interpreter"; exit 2; }
	$(NEWEST_PYTHON) -m venv $(NEW_VENV)
	$(NEW_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(NEW_VENV)/bin/python -m pip install --quiet --upgrade -e ".[test]" -r docs/requirements.txt
	@# sphinx_rtd_theme (a test dependency) holds docutils below 0.23; a project
	@# with another theme gets the newest docutils Sphinx and myst-parser allow,
	@# so that is what this leg runs with (pip warns about the theme's pin)
	$(NEW_VENV)/bin/python -m pip install --quiet --upgrade sphinx myst-parser docutils
	@$(NEW_VENV)/bin/python -c "import sys, sphinx, docutils, myst_parser; print('Python %s, Sphinx %s, docutils %s, myst-parser %s' % (sys.version.split()[0], sphinx.__version__, docutils.__version__, myst_parser.__version__))"
	$(NEW_VENV)/bin/python -m pytest $(PYTEST_JOBS) --junitxml=build/test-results-newest.xml
	$(NEW_VENV)/bin/sphinx-build -nW --keep-going -q -b html docs build/docs-newest

clean:
	rm -rf $(VENV) $(LOW_VENV) $(NEW_VENV) docs/_build build/docs-newest
