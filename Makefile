# Two commands do all set-up on a fresh Debian/Ubuntu machine:
#   make run    create .venv, install, open the window
#   make test   create .venv, install, run the whole suite headless
PYTHON ?= python3
VENV   := .venv
VPY    := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench crashtest typecheck sysdeps-offscreen sysdeps-display clean windows test-windows

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "carehome-desk needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) --version 2>&1)."; exit 1; }
	@PYTHON=$(PYTHON) sh scripts/sysdeps.sh offscreen
	[ -x $(VPY) ] || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

sysdeps-offscreen:
	@PYTHON=$(PYTHON) sh scripts/sysdeps.sh offscreen

sysdeps-display:
	@PYTHON=$(PYTHON) sh scripts/sysdeps.sh display

run: sysdeps-display $(STAMP)
	$(VENV)/bin/carehome-desk

typecheck: $(STAMP)
	$(VPY) -m mypy

test: sysdeps-offscreen $(STAMP) typecheck
	$(VPY) -m pytest  # tests/conftest.py selects offscreen Qt: no display needed

# Issue 20's paired rows at scales 1 and 10 (a few minutes, no display); BENCH_ARGS=--full adds scale 100.
bench: sysdeps-offscreen $(STAMP)
	$(VPY) scripts/bench.py $(BENCH_ARGS)

# Kill import, export, backup, restore and a window save at random moments (CRASHTEST_RUNS, default 20).
crashtest: sysdeps-offscreen $(STAMP)
	$(VPY) scripts/crashtest.py

# The Windows installer, built here from package registries (docs/windows.md); not part of make test.
windows: $(STAMP)
	$(VPY) scripts/build_windows.py

test-windows: $(STAMP)
	PYTHON=$(VPY) bash scripts/test_windows.sh

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .hypothesis bench-out
