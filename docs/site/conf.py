# -*- coding: utf-8 -*-
# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Sphinx configuration of the collection's documentation site (docs/build.sh, `make docs`).
# Started from `antsibull-docs sphinx-init`; intersphinx is off so that the build needs no network.

project = 'printops.print_management'
copyright = 'Printops contributors'

title = 'printops.print_management documentation'
html_short_title = 'printops.print_management'

extensions = ['sphinx_antsibull_ext']

pygments_style = 'ansible'
highlight_language = 'YAML+Jinja'

html_theme = 'sphinx_ansible_theme'
html_show_sphinx = False
html_theme_options = {
    'display_version': False,
    'titles_only': False,
}

html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False

default_role = 'any'

# The generated pages link to a few pages of the Ansible documentation by label (common return
# values, configuration settings, ansible.builtin plugins). Intersphinx would resolve them but
# needs docs.ansible.com's inventory at build time; resolving exactly these labels to their
# published addresses keeps the build offline, and any other unknown label still fails it.
ANSIBLE_DOCS = 'https://docs.ansible.com/projects/ansible/latest/'
EXTERNAL_LABELS = {
    'common_return_values': ('reference_appendices/common_return_values.html', 'Common return values'),
    'ansible_configuration_settings': ('reference_appendices/config.html', 'Ansible configuration settings'),
}
EXTERNAL_PLUGIN_PREFIX = 'ansible_collections.ansible.builtin.'


def _external_reference(app, env, node, contnode):
    from docutils import nodes

    target = node.get('reftarget', '')
    if target in EXTERNAL_LABELS:
        path, title = EXTERNAL_LABELS[target]
    elif target.startswith(EXTERNAL_PLUGIN_PREFIX) and '__' not in target:
        name, sep, kind = target[len(EXTERNAL_PLUGIN_PREFIX):].rpartition('_')
        if not sep:
            return None
        path, title = 'collections/ansible/builtin/%s_%s.html' % (name, kind), 'ansible.builtin.%s' % name
    else:
        return None
    reference = nodes.reference('', '', internal=False, refuri=ANSIBLE_DOCS + path)
    reference += contnode if node.get('refexplicit') else nodes.inline(title, title)
    return reference


def setup(app):
    app.connect('missing-reference', _external_reference)
