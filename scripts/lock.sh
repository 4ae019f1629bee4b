#!/usr/bin/env bash
# Refresh requirements.lock after a change to pyproject.toml's dependencies.
#
#   bash scripts/lock.sh            # keep the locked versions where they still fit
#   bash scripts/lock.sh --upgrade  # move every package to its newest release
#
# The lock pins every direct, transitive, test and build dependency with its
# hashes; scripts/bootstrap.sh installs from it with pip --require-hashes.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools"
"$tools/bin/python" -m pip install -q --disable-pip-version-check pip-tools
"$tools/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --all-build-deps \
  --extra test --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements.lock "$@" pyproject.toml
echo "wrote requirements.lock; run the tests (bash scripts/bootstrap.sh test) and commit it"
