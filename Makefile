# SPDX-License-Identifier: GPL-3.0-or-later
#
# Developer entry points. Every target bootstraps .venv from requirements-dev.txt,
# so `make test` works from a fresh clone with nothing installed by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed

NAMESPACE  := printops
NAME       := print_management
BUILD_DIR  := .build
# ansible-test only works from inside an ansible_collections/<namespace>/<name> tree.
SANITY_DIR := $(BUILD_DIR)/ansible_collections/$(NAMESPACE)/$(NAME)
DEMO_COLLECTIONS := $(CURDIR)/$(BUILD_DIR)/collections
LINT_COLLECTIONS := $(CURDIR)/$(BUILD_DIR)/lint-collections

SANITY_PYTHON ?= 3.11
SANITY_ARGS   ?=
PYTEST_ARGS   ?=
# Integration tests mostly wait on ansible-playbook start-up, so they run in parallel
# (pytest-xdist); INTEGRATION_WORKERS=0 runs them in this process, one by one.
INTEGRATION_WORKERS ?= auto

# ansible-test keeps its sanity venvs and its pip bootstrap script under ~/.ansible/test.
# It runs with HOME here, so those live and die with .venv (rebuilt when the pins
# change) and the bootstrap script is always ours (see .ci/ansible_test_get_pip.py).
ANSIBLE_TEST_HOME := $(CURDIR)/$(VENV)/home
# The pip version ansible-test bootstraps into its venvs names the cached script it looks for.
ANSIBLE_TEST_PIP_VERSION = $(BIN)/python -c "from types import SimpleNamespace; \
  from ansible_test._internal.python_requirements import get_venv_packages; \
  print(get_venv_packages(SimpleNamespace(version='$(SANITY_PYTHON)'))['pip'])"

# Tools from the venv come first; the rest of PATH stays for git, tar and the like.
export PATH := $(BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.DEFAULT_GOAL := help
.PHONY: help venv lint sanity units integration test build demo clean distclean changelog-lint

help:
	@echo "make venv         create .venv from requirements-dev.txt"
	@echo "make lint         ansible-lint (production profile)"
	@echo "make sanity       ansible-test sanity --python $(SANITY_PYTHON) on a copy in $(SANITY_DIR)"
	@echo "make units        pytest tests/unit"
	@echo "make integration  pytest tests/integration"
	@echo "make test         lint, sanity, units, integration (stops at the first failure)"
	@echo "make build        build the collection tarball into $(BUILD_DIR)/"
	@echo "make demo         build, install into $(BUILD_DIR)/collections, run tests/demo.py"
	@echo "make clean        remove build and test output (keeps .venv; 'make distclean' removes it too)"

# The stamp is newer than requirements-dev.txt once the install succeeded, so the
# venv is only rebuilt when the pins change.
$(STAMP): requirements-dev.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

$(VENV): $(STAMP)
venv: $(STAMP)

# ansible-lint runs offline (.ansible-lint), so it does not install this collection
# for itself; a collections path whose printops.print_management is this checkout
# lets it resolve our own modules in playbooks and roles.
lint: $(STAMP)
	mkdir -p $(LINT_COLLECTIONS)/ansible_collections/$(NAMESPACE)
	ln -sfn $(CURDIR) $(LINT_COLLECTIONS)/ansible_collections/$(NAMESPACE)/$(NAME)
	ANSIBLE_COLLECTIONS_PATH=$(LINT_COLLECTIONS) $(BIN)/ansible-lint

changelog-lint: $(STAMP)
	$(BIN)/antsibull-changelog lint

# Copy what git knows about (tracked, plus untracked files that are not ignored)
# so that sanity sees exactly what would be committed, never .venv or build output.
# tar --ignore-failed-read skips tracked files deleted in the working tree.
# ansible-test lists files with git when it finds a repository: without one of its
# own the copy would belong to this checkout, where .build/ is ignored, and every
# target would be skipped; hence the git init in the copy.
# Sanity runs with no tests/sanity/ignore-*.txt: errors are fixed, not ignored.
sanity: $(STAMP)
	@if ls tests/sanity/ignore-*.txt >/dev/null 2>&1; then \
	  echo "tests/sanity/ignore-*.txt found: fix the code instead of ignoring sanity errors" >&2; exit 1; fi
	rm -rf $(SANITY_DIR)
	mkdir -p $(SANITY_DIR)
	git ls-files -z --cached --others --exclude-standard \
	  | tar --null --files-from=- --ignore-failed-read -cf - \
	  | tar -xf - -C $(SANITY_DIR)
	cd $(SANITY_DIR) && git init --quiet && git add --all
	mkdir -p $(ANSIBLE_TEST_HOME)/.ansible/test/cache
	version=$$($(ANSIBLE_TEST_PIP_VERSION)) && test -n "$$version" && \
	  cp .ci/ansible_test_get_pip.py $(ANSIBLE_TEST_HOME)/.ansible/test/cache/get_pip_$$(echo $$version | tr . _).py
	cd $(SANITY_DIR) && HOME=$(ANSIBLE_TEST_HOME) $(BIN)/ansible-test sanity --python $(SANITY_PYTHON) --color no $(SANITY_ARGS)

units: $(STAMP)
	$(BIN)/python -m pytest tests/unit $(PYTEST_ARGS)

integration: $(STAMP)
	$(BIN)/python -m pytest -n $(INTEGRATION_WORKERS) tests/integration $(PYTEST_ARGS)

# Sequential on purpose: each step runs only if the previous one passed.
test: $(STAMP)
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory sanity
	$(MAKE) --no-print-directory units
	$(MAKE) --no-print-directory integration

build: $(STAMP)
	mkdir -p $(BUILD_DIR)
	$(BIN)/ansible-galaxy collection build --force --output-path $(BUILD_DIR) .

demo: build
	rm -rf $(DEMO_COLLECTIONS)
	$(BIN)/ansible-galaxy collection install --offline --force -p $(DEMO_COLLECTIONS) \
	  $(BUILD_DIR)/$(NAMESPACE)-$(NAME)-$$($(BIN)/python -c 'import yaml; print(yaml.safe_load(open("galaxy.yml"))["version"])').tar.gz
	ANSIBLE_COLLECTIONS_PATH=$(DEMO_COLLECTIONS) $(BIN)/python tests/demo.py

clean:
	rm -rf $(BUILD_DIR) tests/output .pytest_cache .ansible
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
