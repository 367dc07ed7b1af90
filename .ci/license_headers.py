# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Copyright and licence headers, as REUSE and antsibull-nox's license-check want them.

    python .ci/license_headers.py          check every file git knows about (make reuse-lint)
    python .ci/license_headers.py --fix    add the missing headers, then check

The rules are those of antsibull-nox's license-check (the check community collections run):
every non-empty file carries a copyright line ("Copyright " or "SPDX-FileCopyrightText: ", never
"Copyright:") and an SPDX-License-Identifier naming a licence whose text is in LICENSES/, or both
in a "<file>.license" beside it; a "GNU General Public License v3.0+" line must agree with the
identifier; plugins other than modules, module_utils and doc fragments are GPL-3.0-or-later.
Changelog fragments need nothing; LICENSE and LICENSES/*.txt are the licence texts themselves
(REUSE ignores LICENSE and COPYING files too). And every licence in LICENSES/ is used.

--fix is idempotent: a file that passes is never touched. Where a file has an SPDX line but no
copyright, the copyright and GPL lines go just above that line, in its comment style; where it
has neither, a header in the file type's comment syntax goes at the top (after a shebang or
coding line); files that cannot hold a comment, or that a tool rewrites (the changelogs), get a
".license" file beside them.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
import sys

HOLDER = "Printops contributors"
LICENSE = "GPL-3.0-or-later"
COPYRIGHT = "Copyright (c) %s" % HOLDER
GPL_LINE = "GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)"
# The markers are spelt in two pieces so that this file's code does not read as headers.
SPDX_TAG = "SPDX-License-" + "Identifier: "
COPYRIGHT_TAGS = ("Copy" + "right ", "SPDX-File" + "CopyrightText: ")
COLON_COPYRIGHT = "Copy" + "right: "
GPL_NAME = "GNU General " + "Public License"
SPDX = SPDX_TAG + LICENSE

IGNORED = ["LICENSE", "COPYING", "LICENSES/*.txt", ".reuse/dep5", ".ansible-test-timeout.json", "tests/output/*"]
NO_HEADER_NEEDED = ["changelogs/fragments/*.yml", "changelogs/fragments/*.yaml"]
# Written by tools that would drop a comment (antsibull-changelog), or data without comments.
SIDECAR = ["CHANGELOG.rst", "changelogs/changelog.yaml", "*.csv", "*.json"]

HASH_COMMENT = (".py", ".yml", ".yaml", ".sh", ".toml", ".cfg", ".ini", ".txt", ".j2", ".pylintrc",
                "Makefile", ".gitignore", ".gitattributes", ".ansible-lint", ".yamllint", ".ci/run", ".keep")


def matches(path, patterns):
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)


def project_files():
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         check=True, capture_output=True).stdout.decode("utf-8")
    return sorted(set(p for p in out.split("\0") if p and os.path.isfile(p)))


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def licences_in(path, errors):
    """antsibull-nox's reading of one file: its SPDX licences; adds to errors what is wrong."""
    spdx, guessed, has_copyright = [], [], False
    try:
        text = read(path)
    except (UnicodeDecodeError, OSError) as exc:
        errors.append("%s: cannot be read as text (%s): give it a %s.license file" % (path, exc, path))
        return []
    for line in text.splitlines():
        if any(tag in line for tag in COPYRIGHT_TAGS):
            has_copyright = True
        if COLON_COPYRIGHT in line:
            errors.append('%s: copyright line with a colon after "Copyright"; remove the colon' % path)
        idx = line.find(SPDX_TAG)
        if idx >= 0:
            spdx.extend(line[idx + len(SPDX_TAG):].strip().split(" OR "))
        if GPL_NAME in line and ("v3.0+" in line or "version 3 or later" in line):
            guessed.append(LICENSE)
    if len(set(spdx)) < len(spdx):
        errors.append("%s: the same SPDX-License-Identifier twice" % path)
    if guessed and set(guessed) != set(spdx):
        errors.append("%s: SPDX-License-Identifier says %s, the licence text line says %s" % (path, spdx, guessed))
    if not has_copyright:
        errors.append("%s: no copyright line" % path)
    if not spdx:
        errors.append("%s: no SPDX-License-Identifier" % path)
    return spdx


def check(files):
    errors = []
    available = set(os.path.splitext(name)[0] for name in os.listdir("LICENSES")) if os.path.isdir("LICENSES") else set()
    if not available:
        errors.append("LICENSES/: missing; it must hold the text of every licence used (LICENSES/%s.txt)" % LICENSE)
    used = set()
    for path in files:
        if matches(path, IGNORED) or matches(path, NO_HEADER_NEEDED) or path.endswith(".license"):
            continue
        if os.path.getsize(path) == 0:
            continue
        target = path + ".license" if os.path.exists(path + ".license") else path
        if target == path and matches(path, SIDECAR):
            errors.append("%s: is rewritten by a tool or cannot hold a comment: needs %s.license" % (path, path))
            continue
        found = licences_in(target, errors)
        used.update(found)
        allowed = available
        if (path.startswith("plugins/") and path.endswith(".py")
                and not path.startswith(("plugins/modules/", "plugins/module_utils/", "plugins/doc_fragments/"))):
            allowed = available & {LICENSE}
        for lic in found:
            if lic not in allowed:
                errors.append("%s: licence %r is not one of %s" % (target, lic, sorted(allowed)))
    for lic in sorted(available - used):
        errors.append("LICENSES/%s.txt: no file uses this licence" % lic)
    return errors


def header_for(path):
    """The lines to put at the top of a file without any header, or None for a sidecar."""
    name = os.path.basename(path)
    if path.endswith(".md"):
        return ["<!--", COPYRIGHT, GPL_LINE, SPDX, "-->", ""]
    if path.endswith(".rst"):
        return ["..", "  " + COPYRIGHT, "  " + GPL_LINE, "  " + SPDX, ""]
    if path.endswith(HASH_COMMENT) or name in HASH_COMMENT:
        return ["# " + COPYRIGHT, "# " + GPL_LINE, "# " + SPDX]
    return None


def fix(path):
    """Add what ``path`` lacks; returns what was done, or None when it needs a human."""
    if matches(path, SIDECAR) or os.path.exists(path + ".license"):
        sidecar = path + ".license"
        if os.path.exists(sidecar):
            return None
        with open(sidecar, "w", encoding="utf-8") as f:
            f.write("%s\n%s\n%s\n" % (COPYRIGHT, GPL_LINE, SPDX))
        return "added %s" % sidecar
    try:
        text = read(path)
    except (UnicodeDecodeError, OSError):
        return None
    # The old Ansible style (Copyright, a colon, "(c) ...") is a copyright line without its colon.
    colon_fixed = COLON_COPYRIGHT in text
    lines = text.replace(COLON_COPYRIGHT, COPYRIGHT_TAGS[0]).splitlines(True)
    has_copyright = any(tag in line for line in lines for tag in COPYRIGHT_TAGS)
    spdx_at = next((i for i, line in enumerate(lines) if SPDX_TAG in line), None)
    what = None
    if colon_fixed:
        what = "removed the colon after Copyright"
    if has_copyright and spdx_at is not None:
        if what:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write("".join(lines))
        return what
    if spdx_at is not None:
        # Same comment style as the SPDX line: whatever stands before the identifier.
        line = lines[spdx_at]
        prefix = line[:line.index(SPDX_TAG)]
        newline = "\r\n" if line.endswith("\r\n") else "\n"
        lines[spdx_at:spdx_at] = [prefix + COPYRIGHT + newline, prefix + GPL_LINE + newline]
        what = "added the copyright line above its SPDX line"
    else:
        header = header_for(path)
        if header is None:
            return None
        at = 0
        while at < len(lines) and at < 2 and (lines[at].startswith("#!") or "coding" in lines[at] and lines[at].startswith("#")):
            at += 1
        if path.endswith((".yml", ".yaml")) and at < len(lines) and lines[at].rstrip() == "---":
            at += 1
        lines[at:at] = [h + "\n" for h in header]
        what = "added a header"
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("".join(lines))
    return what


def main(argv):
    if not os.path.isfile("galaxy.yml"):
        os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    files = project_files()
    if "--fix" in argv:
        for path in files:
            if matches(path, IGNORED) or matches(path, NO_HEADER_NEEDED) or os.path.getsize(path) == 0:
                continue
            if path.endswith(".license"):
                continue
            probe = []
            target = path + ".license" if os.path.exists(path + ".license") else path
            licences_in(target, probe)
            if probe or (target == path and matches(path, SIDECAR)):
                done = fix(path)
                print("%s: %s" % (path, done or "NOT FIXED, needs a header by hand"))
        files = project_files()
    errors = check(files)
    for error in errors:
        print(error)
    if errors:
        print("%d licence header problem(s); `python .ci/license_headers.py --fix` adds missing headers" % len(errors))
        return 1
    print("license headers: %d files checked, all carry a copyright and an SPDX licence in LICENSES/" % len(files))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
