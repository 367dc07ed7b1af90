# SPDX-License-Identifier: GPL-3.0-or-later
#
# Developer entry points. Every target bootstraps .venv from requirements-dev.txt,
# so `make test` works from a fresh clone with nothing installed by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed
REQUIREMENTS ?= requirements-dev.txt

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
	@echo "make test         lint, changelog-lint, docs-lint, sanity (+2.16), units (+2.16), integration (stops at the first failure)"
	@echo "make docs         build the documentation site into docs/build/html (antsibull-docs + Sphinx)"
	@echo "make docs-lint    antsibull-docs lint-collection-docs: modules, roles, user guide, references"
	@echo "make changelog    release changelogs/fragments into CHANGELOG.rst as galaxy.yml's version"
	@echo "make venv-2.16    create .venv-2.16 (ansible-core 2.16, the oldest supported) from requirements-2.16.txt"
	@echo "make sanity-2.16  make sanity with ansible-core 2.16 (units-2.16 likewise)"
	@echo "make build        build the collection tarball into $(BUILD_DIR)/"
	@echo "make demo         build, install into $(BUILD_DIR)/collections, run tests/demo.py"
	@echo "make clean        remove build and test output (keeps .venv; 'make distclean' removes it too)"

# The stamp is newer than requirements-dev.txt once the install succeeded, so the
# venv is only rebuilt when the pins change.
$(STAMP): $(REQUIREMENTS)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r $(REQUIREMENTS)
	touch $@

$(VENV): $(STAMP)
venv: $(STAMP)

# Plain `ansible-lint`, as the ansible-lint GitHub Action and contributors run it: no arguments, no
# collections path. It installs this collection from the checkout into .ansible/ by itself
# (.ansible-lint is not offline), so this proves that a fresh clone passes as it is.
lint: $(STAMP)
	env -u ANSIBLE_COLLECTIONS_PATH -u ANSIBLE_COLLECTIONS_PATHS $(BIN)/ansible-lint
	$(MAKE) --no-print-directory lint-eda

# The Event-Driven Ansible event source is held to what EDA content is: ruff and pylint clean
# (configuration in extensions/eda/ruff.toml and extensions/eda/.pylintrc).
.PHONY: lint-eda
lint-eda: $(STAMP)
	$(BIN)/ruff check extensions/eda/plugins
	$(BIN)/ruff format --check extensions/eda/plugins
	$(BIN)/pylint --rcfile extensions/eda/.pylintrc extensions/eda/plugins

changelog-lint: $(STAMP)
	$(BIN)/antsibull-changelog lint

# Release the fragments in changelogs/fragments/ as the version in galaxy.yml and regenerate
# CHANGELOG.rst; when that release exists already, the new fragments are added to it.
# New modules, plugins and roles are found with ansible-doc, hence the collections path.
changelog: $(STAMP)
	mkdir -p $(LINT_COLLECTIONS)/ansible_collections/$(NAMESPACE)
	ln -sfn $(CURDIR) $(LINT_COLLECTIONS)/ansible_collections/$(NAMESPACE)/$(NAME)
	cd $(LINT_COLLECTIONS)/ansible_collections/$(NAMESPACE)/$(NAME) && ANSIBLE_COLLECTIONS_PATH=$(LINT_COLLECTIONS) \
	  $(BIN)/antsibull-changelog release --update-existing
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

# The oldest ansible-core we support (meta/runtime.yml), in its own venv from its own pins:
# the same sanity and units targets, run by a sub-make with VENV, REQUIREMENTS and PYTHON
# pointing at it (ansible-core 2.16 runs on Python 3.10-3.12). Its sanity venvs are cached
# under .venv-2.16/home, its sanity copy goes to $(BUILD_DIR)/2.16.
VENV_2_16    := .venv-2.16
PYTHON_2_16  ?= python3.11
WITH_2_16     = VENV=$(VENV_2_16) REQUIREMENTS=requirements-2.16.txt PYTHON=$(PYTHON_2_16)
.PHONY: venv-2.16 sanity-2.16 units-2.16 docs docs-lint changelog

venv-2.16:
	$(MAKE) --no-print-directory venv $(WITH_2_16)

sanity-2.16:
	$(MAKE) --no-print-directory sanity $(WITH_2_16) BUILD_DIR=$(BUILD_DIR)/2.16

units-2.16:
	$(MAKE) --no-print-directory units $(WITH_2_16)

# The documentation site (docs/build.sh -> docs/build/html) and its linter, both run on this
# checkout through the same collections path as `make lint`. The lint also checks the user
# guide (docs/docsite), the roles' argument specs and every cross-reference.
docs: $(STAMP)
	mkdir -p $(LINT_COLLECTIONS)/ansible_collections/$(NAMESPACE)
	ln -sfn $(CURDIR) $(LINT_COLLECTIONS)/ansible_collections/$(NAMESPACE)/$(NAME)
	ANSIBLE_COLLECTIONS_PATH=$(LINT_COLLECTIONS) docs/build.sh

docs-lint: $(STAMP)
	mkdir -p $(LINT_COLLECTIONS)/ansible_collections/$(NAMESPACE)
	ln -sfn $(CURDIR) $(LINT_COLLECTIONS)/ansible_collections/$(NAMESPACE)/$(NAME)
	cd $(LINT_COLLECTIONS)/ansible_collections/$(NAMESPACE)/$(NAME) && ANSIBLE_COLLECTIONS_PATH=$(LINT_COLLECTIONS) \
	  $(BIN)/antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs \
	  --validate-collection-refs=all --disallow-unknown-collection-refs .

# Sequential on purpose: each step runs only if the previous one passed.
test: $(STAMP)
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory changelog-lint
	$(MAKE) --no-print-directory docs-lint
	$(MAKE) --no-print-directory sanity
	$(MAKE) --no-print-directory sanity-2.16
	$(MAKE) --no-print-directory units
	$(MAKE) --no-print-directory units-2.16
	$(MAKE) --no-print-directory integration

build: $(STAMP)
	mkdir -p $(BUILD_DIR)
	$(BIN)/ansible-galaxy collection build --force --output-path $(BUILD_DIR) .

demo: build
	rm -rf $(DEMO_COLLECTIONS)
	$(BIN)/ansible-galaxy collection install --offline --force -p $(DEMO_COLLECTIONS) \
	  $(BUILD_DIR)/$(NAMESPACE)-$(NAME)-$$($(BIN)/python -c 'import yaml; print(yaml.safe_load(open("galaxy.yml"))["version"])').tar.gz
	ANSIBLE_COLLECTIONS_PATH=$(DEMO_COLLECTIONS) $(BIN)/python tests/demo.py

# Benchmarks (benchmarks/README.md): never part of `make test`. They take about 15 minutes
# at full size; BENCH_ARGS=--max-load=1.5 first waits for a quiet machine.
BENCH_ARGS ?=
.PHONY: bench
bench: $(STAMP)
	cd benchmarks && $(BIN)/python papercut_bulk_create.py $(BENCH_ARGS)
	cd benchmarks && $(BIN)/python papercut_bulk_create.py --concurrency 16 $(BENCH_ARGS)
	cd benchmarks && $(BIN)/python papercut_bulk_unchanged.py $(BENCH_ARGS)
	cd benchmarks && $(BIN)/python papercut_loop.py $(BENCH_ARGS)
	cd benchmarks && $(BIN)/python printix_cards.py $(BENCH_ARGS)
	cd benchmarks && $(BIN)/python papercut_memory.py $(BENCH_ARGS)
	cd benchmarks && $(BIN)/python report.py

clean:
	rm -rf $(BUILD_DIR) tests/output .pytest_cache .ansible docs/build
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) $(VENV_2_16)
