# The two commands a new user needs (see README): `make demo` and `make test`.
# Both install whatever is missing first (scripts/setup.sh is a no-op when up to date).
VENV ?= .venv
PY := $(VENV)/bin/python
DEMO_CALL ?= fixtures/calls/stereo_interrupt.flac

.PHONY: setup demo test lint fixtures

setup:
	@COACH_VENV=$(VENV) scripts/setup.sh

demo: setup
	$(VENV)/bin/coach review $(DEMO_CALL)

test: setup
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check coach audio tests fixtures benchmarks
	$(VENV)/bin/mypy

fixtures: setup
	$(PY) fixtures/calls/generate.py
