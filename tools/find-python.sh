#!/usr/bin/env bash
# Prints a Python >= 3.12 to build the project with (pyodide-build needs 3.12+), else python3.
set -u
ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }
for candidate in python3.14 python3.13 python3.12; do
  if ok "$candidate"; then command -v "$candidate"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
  for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])' | sort -V -r); do
    path=$(PYENV_VERSION="$version" pyenv which python3 2>/dev/null) && ok "$path" && { echo "$path"; exit 0; }
  done
fi
command -v python3
