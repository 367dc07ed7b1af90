# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
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
	@echo "make venv         create .venv (ansible-core 2.19, Python 3.11) from requirements-dev.txt"
	@echo "make lint         plain ansible-lint (production profile) and the EDA plugin's ruff/pylint"
	@echo "make galaxy-lint  flake8 on the plugins with galaxy-importer's settings (what Galaxy shows)"
	@echo "make reuse-lint   every file carries a copyright and SPDX licence header (.ci/license_headers.py)"
	@echo "make sanity       ansible-test sanity --python $(SANITY_PYTHON) on a copy in $(SANITY_DIR)"
	@echo "make units        pytest tests/unit (quick, for development)"
	@echo "make units-ansible-test  ansible-test units on the copy, as certification pipelines run them"
	@echo "make integration  pytest tests/integration"
	@echo "make test         everything CI checks, in order, stopping at the first failure (see 'test:')"
	@echo "make docs         build the documentation site into docs/build/html (antsibull-docs + Sphinx)"
	@echo "make docs-lint    antsibull-docs lint-collection-docs: modules, roles, user guide, references"
	@echo "make changelog    release changelogs/fragments into CHANGELOG.rst as galaxy.yml's version"
	@echo "make venv-2.16 | sanity-2.16 | units-2.16   ansible-core 2.16 (oldest supported), Python 3.11"
	@echo "make venv-2.21 | sanity-2.21 | units-2.21   ansible-core 2.21 (newest), Python 3.13"
	@echo "make units-py3.9 | units-py3.10 | units-py3.12   unit tests on that target Python (module code)"
	@echo "make compile-targets  ansible-test's compile test on every target Python (3.9-3.13)"
	@echo "make build        build the collection tarball into $(BUILD_DIR)/"
	@echo "make ee-context   the execution environment's build context from this checkout, in $(BUILD_DIR)/ee/context"
	@echo "make demo         build, install into $(BUILD_DIR)/collections, run tests/demo.py"
	@echo "make clean        remove build and test output (keeps the venvs; 'make distclean' removes them too)"

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

# flake8 exactly as galaxy-importer runs it on each plugin (galaxy_importer/constants.py: --isolated
# --select E,F,W --extend-ignore E402 --max-line-length 160); Galaxy shows every warning on the
# collection's page. With both W503 and W504 selected, no line may break around a binary operator.
.PHONY: galaxy-lint reuse-lint
galaxy-lint: $(STAMP)
	$(BIN)/flake8 --isolated --select E,F,W --extend-ignore E402 --max-line-length 160 -- plugins extensions/eda/plugins

# REUSE: a copyright and an SPDX-License-Identifier header in every file (or in the .license file
# beside it), and each licence used in LICENSES/. `.venv/bin/python .ci/license_headers.py --fix`
# adds the missing headers.
reuse-lint: $(STAMP)
	$(BIN)/python .ci/license_headers.py

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

# Interpreters: pyenv's where it has them (the CI machines carry 3.9-3.13 there, with only one of
# them on PATH), else pythonX.Y from PATH. The directories of those found go on PATH for
# ansible-test, which looks target interpreters up by name (python3.9, ...).
PYENV_ROOT ?= $(HOME)/.pyenv
python_for = $(or $(firstword $(wildcard $(PYENV_ROOT)/versions/$(1).*/bin/python$(1))),python$(1))
empty :=
space := $(empty) $(empty)
PYTHON_DIRS := $(subst $(space),:,$(strip $(foreach v,3.9 3.10 3.11 3.12 3.13,\
  $(patsubst %/,%,$(dir $(firstword $(wildcard $(PYENV_ROOT)/versions/$(v).*/bin/python$(v))))))))
ANSIBLE_TEST_PATH := $(BIN)$(if $(PYTHON_DIRS),:$(PYTHON_DIRS)):$(PATH)

# Copy what git knows about (tracked, plus untracked files that are not ignored)
# so that sanity sees exactly what would be committed, never .venv or build output.
# tar --ignore-failed-read skips tracked files deleted in the working tree.
# ansible-test lists files with git when it finds a repository: without one of its
# own the copy would belong to this checkout, where .build/ is ignored, and every
# target would be skipped; hence the git init in the copy.
# ansible-test's pip bootstrap for its sanity venvs is ours (.ci/ansible_test_get_pip.py), so
# no run needs the host get-pip.py is downloaded from.
define ansible_test_copy
	rm -rf $(SANITY_DIR)
	mkdir -p $(SANITY_DIR)
	git ls-files -z --cached --others --exclude-standard \
	  | tar --null --files-from=- --ignore-failed-read -cf - \
	  | tar -xf - -C $(SANITY_DIR)
	cd $(SANITY_DIR) && git init --quiet && git add --all
	mkdir -p $(ANSIBLE_TEST_HOME)/.ansible/test/cache
	version=$$($(ANSIBLE_TEST_PIP_VERSION)) && test -n "$$version" && \
	  cp .ci/ansible_test_get_pip.py $(ANSIBLE_TEST_HOME)/.ansible/test/cache/get_pip_$$(echo $$version | tr . _).py
endef
ANSIBLE_TEST = cd $(SANITY_DIR) && HOME=$(ANSIBLE_TEST_HOME) PATH=$(ANSIBLE_TEST_PATH) $(BIN)/ansible-test

# Sanity runs with no tests/sanity/ignore-*.txt: errors are fixed, not ignored.
sanity: $(STAMP)
	@if ls tests/sanity/ignore-*.txt >/dev/null 2>&1; then \
	  echo "tests/sanity/ignore-*.txt found: fix the code instead of ignoring sanity errors" >&2; exit 1; fi
	$(ansible_test_copy)
	$(ANSIBLE_TEST) sanity --python $(SANITY_PYTHON) --color no $(SANITY_ARGS)

# The unit tests as ansible-test runs them (certification pipelines, antsibull-nox): from the
# ansible_collections/ copy, test modules imported through the collection loader.
UNITS_ARGS ?=
units-ansible-test: $(STAMP)
	$(ansible_test_copy)
	$(ANSIBLE_TEST) units --python $(SANITY_PYTHON) --color no $(UNITS_ARGS)

# Plain pytest in this venv: the quick loop while developing.
units: $(STAMP)
	$(BIN)/python -m pytest tests/unit $(PYTEST_ARGS)

integration: $(STAMP)
	$(BIN)/python -m pytest -n $(INTEGRATION_WORKERS) tests/integration $(PYTEST_ARGS)

# The ansible-core matrix (README, "Support matrix"): .venv is 2.19 on Python 3.11; the oldest
# supported (meta/runtime.yml) and the newest each get a venv from their own pins, and the same
# sanity and units-ansible-test targets run in a sub-make with VENV, REQUIREMENTS, PYTHON and
# SANITY_PYTHON pointing at it. Their sanity venvs are cached under .venv-X/home, their
# ansible_collections copies go to $(BUILD_DIR)/X.
VENV_2_16 := .venv-2.16
WITH_2_16  = VENV=$(VENV_2_16) REQUIREMENTS=requirements-2.16.txt PYTHON=$(call python_for,3.11) \
             SANITY_PYTHON=3.11 BUILD_DIR=$(BUILD_DIR)/2.16
VENV_2_21 := .venv-2.21
WITH_2_21  = VENV=$(VENV_2_21) REQUIREMENTS=requirements-2.21.txt PYTHON=$(call python_for,3.13) \
             SANITY_PYTHON=3.13 BUILD_DIR=$(BUILD_DIR)/2.21
.PHONY: units-ansible-test venv-2.16 sanity-2.16 units-2.16 venv-2.21 sanity-2.21 units-2.21 docs docs-lint changelog

venv-2.16:
	$(MAKE) --no-print-directory venv $(WITH_2_16)
sanity-2.16:
	$(MAKE) --no-print-directory sanity $(WITH_2_16)
units-2.16:
	$(MAKE) --no-print-directory units-ansible-test $(WITH_2_16)
venv-2.21:
	$(MAKE) --no-print-directory venv $(WITH_2_21)
sanity-2.21:
	$(MAKE) --no-print-directory sanity $(WITH_2_21)
units-2.21:
	$(MAKE) --no-print-directory units-ansible-test $(WITH_2_21)

# Module code on every target Python the modules claim (tests/config.yml: 3.9+). 3.11 and 3.13
# are covered by the runs above; for 3.9, 3.10 and 3.12:
# - compile-targets: ansible-test's compile test, from 2.21 (which supports targets 3.9-3.14);
# - units-pyX: the unit tests in .venv-pyX (pytest, requests and the tests' own needs, pinned in
#   requirements-pyX.txt), with ansible-core's module_utils from .venv-2.21 on PYTHONPATH, the way
#   a controller ships them to a target (and as ansible-test runs target unit tests). Tests that
#   need the controller (the tarball build, the EDA plugin) skip themselves there.
TARGET_PYTHONS := 3.9 3.10 3.12
ANSIBLE_LIB    := $(BUILD_DIR)/ansible-lib-2.21
.PHONY: compile-targets units-targets $(addprefix units-py,$(TARGET_PYTHONS)) $(addprefix venv-py,$(TARGET_PYTHONS)) \
        ansible-lib units-target

compile-targets: venv-2.21
	$(foreach v,$(TARGET_PYTHONS),$(MAKE) --no-print-directory sanity $(WITH_2_21) SANITY_PYTHON=$(v) SANITY_ARGS='--test compile' &&) true

ansible-lib: venv-2.21
	rm -rf $(ANSIBLE_LIB)
	mkdir -p $(ANSIBLE_LIB)
	ln -s "$$($(VENV_2_21)/bin/python -c 'import ansible, os; print(os.path.dirname(ansible.__file__))')" $(ANSIBLE_LIB)/ansible

# Run by units-pyX in a sub-make whose VENV is .venv-pyX.
units-target: $(STAMP)
	PYTHONPATH=$(CURDIR)/$(ANSIBLE_LIB) $(BIN)/python -m pytest -n auto -p no:cacheprovider tests/unit \
	  --ignore=tests/unit/plugins/filter $(PYTEST_ARGS)

WITH_PY = VENV=.venv-py$(1) REQUIREMENTS=requirements-py$(1).txt PYTHON=$(call python_for,$(1))
$(addprefix venv-py,$(TARGET_PYTHONS)): venv-py%:
	$(MAKE) --no-print-directory venv $(call WITH_PY,$*)
$(addprefix units-py,$(TARGET_PYTHONS)): units-py%: ansible-lib
	$(MAKE) --no-print-directory units-target $(call WITH_PY,$*)
units-targets: $(addprefix units-py,$(TARGET_PYTHONS))

# The documentation site (docs/build.sh -> docs/build/html) and its linter, both run on this
# checkout through a collections path whose printops.print_management is this checkout. The lint also checks the user
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

# Sequential on purpose: each step runs only if the previous one passed. The order puts the
# quick checks first. About 20 minutes on a 2-core machine from a fresh clone (README, "Testing").
test: $(STAMP)
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory galaxy-lint
	$(MAKE) --no-print-directory reuse-lint
	$(MAKE) --no-print-directory changelog-lint
	$(MAKE) --no-print-directory docs-lint
	$(MAKE) --no-print-directory sanity
	$(MAKE) --no-print-directory units-ansible-test
	$(MAKE) --no-print-directory sanity-2.16
	$(MAKE) --no-print-directory units-2.16
	$(MAKE) --no-print-directory sanity-2.21
	$(MAKE) --no-print-directory units-2.21
	$(MAKE) --no-print-directory compile-targets
	$(MAKE) --no-print-directory units-targets
	$(MAKE) --no-print-directory integration

build: $(STAMP)
	mkdir -p $(BUILD_DIR)
	$(BIN)/ansible-galaxy collection build --force --output-path $(BUILD_DIR) .

demo: build
	rm -rf $(DEMO_COLLECTIONS)
	$(BIN)/ansible-galaxy collection install --offline --force -p $(DEMO_COLLECTIONS) \
	  $(BUILD_DIR)/$(NAMESPACE)-$(NAME)-$$($(BIN)/python -c 'import yaml; print(yaml.safe_load(open("galaxy.yml"))["version"])').tar.gz
	ANSIBLE_COLLECTIONS_PATH=$(DEMO_COLLECTIONS) $(BIN)/python tests/demo.py

# The execution environment's build context, from this checkout (extensions/awx/README.md): the
# tarball under the stable name extensions/awx/execution-environment.yml copies into the context
# (additional_build_files), then `ansible-builder create` (no container engine, no Galaxy).
# `ansible-builder build -f extensions/awx/execution-environment.yml -t NAME` builds the image.
EE_DIR := $(BUILD_DIR)/ee
.PHONY: ee-context
ee-context: $(STAMP)
	rm -rf $(EE_DIR)
	mkdir -p $(EE_DIR)
	$(BIN)/ansible-galaxy collection build --output-path $(EE_DIR) .
	mv $(EE_DIR)/$(NAMESPACE)-$(NAME)-*.tar.gz $(EE_DIR)/$(NAMESPACE)-$(NAME).tar.gz
	$(BIN)/ansible-builder create -f extensions/awx/execution-environment.yml -c $(EE_DIR)/context
	@echo "Build context: $(EE_DIR)/context (podman build -f $(EE_DIR)/context/Containerfile $(EE_DIR)/context)"

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
	cd benchmarks && $(BIN)/python printix_term_start.py $(BENCH_ARGS)
	cd benchmarks && $(BIN)/python papercut_memory.py $(BENCH_ARGS)
	cd benchmarks && $(BIN)/python report.py

clean:
	rm -rf $(BUILD_DIR) tests/output .pytest_cache .ansible docs/build
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) $(VENV_2_16) $(VENV_2_21) $(addprefix .venv-py,$(TARGET_PYTHONS))
