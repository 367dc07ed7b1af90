# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Action groups (meta/runtime.yml) agree with the modules, as antsibull-nox's action-groups check
asks: a module that takes a product's connection options is in that product's group and documents
it (the attributes.ACTIONGROUP_<PRODUCT> fragment), and a group names only modules that exist."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
PRODUCTS = ("papercut", "printix", "savapage")


def _documentation(path):
    text = path.read_text()
    start = text.index('DOCUMENTATION = r"""') + len('DOCUMENTATION = r"""')
    return yaml.safe_load(text[start:text.index('"""', start)])


def _modules():
    return {p.stem: _documentation(p) for p in sorted((ROOT / "plugins" / "modules").glob("*.py"))}


def test_each_module_is_in_the_group_of_the_product_it_connects_to():
    groups = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text())["action_groups"]
    assert sorted(groups) == sorted(PRODUCTS)
    problems = []
    for name, doc in _modules().items():
        fragments = doc.get("extends_documentation_fragment") or []
        products = [p for p in PRODUCTS if "printops.print_management.%s" % p in fragments]
        if len(products) != 1:
            problems.append("%s: extends %d connection fragments" % (name, len(products)))
            continue
        product = products[0]
        if name not in groups[product]:
            problems.append("%s: not in the %s action group of meta/runtime.yml" % (name, product))
        if "printops.print_management.attributes.ACTIONGROUP_%s" % product.upper() not in fragments:
            problems.append("%s: does not document its action group (attributes.ACTIONGROUP_%s)"
                            % (name, product.upper()))
        others = [p for p in PRODUCTS if p != product and name in groups[p]]
        if others:
            problems.append("%s: also in the %s action group(s)" % (name, others))
    assert not problems, "\n".join(problems)


def test_action_groups_name_only_existing_modules_once():
    groups = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text())["action_groups"]
    modules = set(_modules())
    for product, members in groups.items():
        assert len(members) == len(set(members)), product
        assert not set(members) - modules, "%s: %s" % (product, sorted(set(members) - modules))
