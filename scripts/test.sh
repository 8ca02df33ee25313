#!/usr/bin/env bash
# Installs everything the tests need, then runs them. The README's second command and .ci/run
# both call this script, so the two can never drift apart.
#   - Debian packages for the render tests (LibreOffice, CJK fonts, poppler, pandoc), through apt
#     when running as root and something is missing; elsewhere it says what to install.
#   - A private virtual environment (.venv-test) with drafter and its test extras.
# Extra arguments go to pytest, e.g.  bash scripts/test.sh -k render
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libreoffice-writer-nogui fonts-arphic-uming fonts-arphic-ukai fonts-noto-cjk
              fonts-liberation poppler-utils pandoc)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
elif ! command -v soffice >/dev/null 2>&1; then
  missing=("${APT_PACKAGES[@]}")
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "== render tests need these packages (install them, e.g. sudo apt-get install ${missing[*]});"
    echo "   without them the render tests are skipped (or fail when CI=true)."
  fi
fi

PYTHON=${PYTHON:-python3}
VENV=.venv-test
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
"$VENV/bin/python" -m pip install -q -e ".[test]"
exec "$VENV/bin/python" -m pytest "$@"
