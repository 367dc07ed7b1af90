#!/usr/bin/env bash
# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the collection's documentation site into docs/build/html (run by `make docs`).
# 1. antsibull-docs writes RST for every module, plugin and role (from DOCUMENTATION, EXAMPLES,
#    RETURN and meta/argument_specs.yml) plus the user guide in docs/docsite/ into docs/build/rst.
# 2. Sphinx turns it into HTML; any warning fails the build.
# The collection must be on ANSIBLE_COLLECTIONS_PATH (the Makefile points it at this checkout),
# and antsibull-docs, ansible-doc and sphinx-build must be on PATH.
set -euo pipefail

docs="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
out="$docs/build"

rm -rf "$out/rst" "$out/html" "$out/doctrees"
# antsibull-docs wants its destination writable by nobody else.
mkdir -p "$out"
mkdir -m 0755 "$out/rst"
chmod 0755 "$out"

antsibull-docs \
  --config-file "$docs/site/antsibull-docs.cfg" \
  collection \
  --use-current \
  --fail-on-error \
  --dest-dir "$out/rst" \
  printops.print_management

cp "$docs/site/index.rst" "$out/rst/index.rst"

sphinx-build -W --keep-going -q -b html -d "$out/doctrees" -c "$docs/site" "$out/rst" "$out/html"
echo "Documentation: $out/html/index.html"
