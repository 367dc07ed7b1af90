# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The documentation says what the code does: every environment-variable fallback of a connection
option is documented in its doc fragment and indexed on the docs site, and every link from the
user guide into a file of this repository lands on a file and a section that exist."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import yaml

from ansible_collections.printops.print_management.plugins.module_utils._module import CONNECTION_SPECS

ROOT = Path(__file__).resolve().parents[3]
DOCSITE = ROOT / "docs" / "docsite"
REPO_URL = "https://github.com/printops/print_management/blob/main/"


def _env_fallbacks():
    """{product: {option: [variable, ...]}} from the modules' argument specs."""
    found = {}
    for product, spec in CONNECTION_SPECS.items():
        for option, settings in spec.items():
            fallback = settings.get("fallback")
            if fallback:
                found.setdefault(product, {})[option] = list(fallback[1])
    return found


def test_every_connection_option_has_an_environment_variable():
    fallbacks = _env_fallbacks()
    missing = ["%s: %s" % (product, option) for product, spec in CONNECTION_SPECS.items() for option in spec
               if option not in fallbacks.get(product, {})]
    assert not missing, missing


def test_doc_fragments_name_each_option_environment_variable():
    for product, options in _env_fallbacks().items():
        documented = {}
        for name in (product, "connection"):  # the product's own options, and those every product shares
            fragment = importlib.import_module(
                "ansible_collections.printops.print_management.plugins.doc_fragments.%s" % name).ModuleDocFragment
            documented.update(yaml.safe_load(fragment.DOCUMENTATION)["options"])
        for option, variables in options.items():
            text = " ".join(documented[option]["description"])
            for variable in variables:
                assert "E(%s)" % variable in text, "%s: %s does not name E(%s)" % (product, option, variable)


def test_environment_variable_index_lists_exactly_the_fallbacks():
    variables = sorted(v for options in _env_fallbacks().values() for names in options.values() for v in names)
    page = (DOCSITE / "rst" / "environment_variables.rst").read_text()
    defined = sorted(re.findall(r"^\.\. envvar:: (\S+)$", page, re.M))
    assert defined == variables
    # antsibull-docs links E(...) in the module docs to these definitions only when it is told of them.
    config = yaml.safe_load((DOCSITE / "config.yml").read_text())
    assert sorted(config["envvar_directives"]) == variables
    extra = yaml.safe_load((DOCSITE / "extra-docs.yml").read_text())
    assert any("environment_variables" in section["toctree"] for section in extra["sections"])


def _github_slug(heading):
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


def test_links_into_the_repository_land_on_existing_files_and_sections():
    sources = list((DOCSITE / "rst").glob("*.rst")) + [ROOT / "README.md"] + list(ROOT.glob("extensions/*/README.md"))
    links = [(source, m.group(1), m.group(2)) for source in sources
             for m in re.finditer(re.escape(REPO_URL) + r"([^#>)\s]+)(?:#([^>)\s]+))?", source.read_text())]
    assert links
    for source, path, anchor in links:
        target = ROOT / path
        assert target.exists(), "%s links to %s, which does not exist" % (source.name, path)
        if anchor and target.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", target.read_text(), re.M)
            assert anchor in {_github_slug(h) for h in headings}, \
                "%s links to %s#%s: no such section (%s)" % (source.name, path, anchor, headings)


def test_galaxy_documentation_link_is_rendered_documentation():
    """galaxy.yml's documentation link: the rendered module docs and guide, not a folder of raw RST."""
    url = yaml.safe_load((ROOT / "galaxy.yml").read_text())["documentation"]
    assert url.startswith("https://") and "/tree/" not in url and not url.endswith((".rst", "/docs", "/docsite"))
