#!/usr/bin/env bash
# Retakes the README's console screenshots (docs/screenshots/*.png) in headless Chromium against the real service on
# a throw-away MariaDB, through the ConsoleScreenshots test. Chinese renders with fonts-noto-cjk, which test.sh installs.
# Usage: scripts/console-screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs/screenshots
SHANGMI_SCREENSHOT_DIR="$PWD/docs/screenshots" ./test.sh --filter "FullyQualifiedName~ConsoleScreenshots"
ls -l docs/screenshots
