#!/usr/bin/env bash
# Set up the clinic handout toolkit on Debian 12 (run as root), then run a job.
#
#   bash scripts/bootstrap.sh handouts   # install, then build every complete handout
#   bash scripts/bootstrap.sh test       # install, then run the test suite
#
# Installing is idempotent: Debian packages are only installed when missing,
# and the virtual environment is only rebuilt when requirements.lock or
# pyproject.toml changes.  Python packages come from requirements.lock only:
# every version pinned, every file checked against its hash.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3 python3-venv python3-pip
  fontconfig fonts-noto-core fonts-noto-cjk   # Noto Sans + Noto Sans CJK TC/SC/JP/KR
  libpango-1.0-0 libpangoft2-1.0-0            # WeasyPrint's text layout
  libharfbuzz-subset0                         # fast font subsetting (fontTools is ~40x slower)
  libthai0 libdatrie1-bin                     # Thai line breaking: trietool builds its dictionary
  gettext                                     # msgfmt --check validates translators' files
  poppler-utils                               # pdftotext/pdffonts/pdftoppm: tests, thumbnails
  chromium chromium-driver                    # browser test of the handout library page
)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

stamp=.venv/.installed-$(cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)
if [[ ! -f $stamp ]]; then
  echo "installing the Python environment in .venv from requirements.lock"
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check \
    --require-hashes --no-deps -r requirements.lock
  .venv/bin/python -m pip install -q --disable-pip-version-check \
    --no-deps --no-build-isolation -e .
  touch "$stamp"
fi
# Compiled once here, the toolkit's modules load faster on every command,
# even where PYTHONDONTWRITEBYTECODE stops Python from caching them itself.
.venv/bin/python -m compileall -q i18n

case "${1:-}" in
  handouts) exec .venv/bin/python export.py all ;;
  test)     shift; exec .venv/bin/python -m pytest "$@" ;;
  "")       echo "installed; run 'bash scripts/bootstrap.sh handouts' or '... test'" ;;
  *)        echo "usage: bash scripts/bootstrap.sh [handouts|test]" >&2; exit 2 ;;
esac
