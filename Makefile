# Everything runs in a local virtual environment (.venv); only Python 3.11+
# and make are needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: docs test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Set up, install the project and build the documentation with its example blog.
docs: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e . -r docs/requirements.txt
	$(BIN)/sphinx-build -b html docs docs/_build/html
	@echo "Open docs/_build/html/index.html"

# Set up and run the test suite.
test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) docs/_build
