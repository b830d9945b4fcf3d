# Functions for the staff console (src/Shangmi.Console) and its browser tests, shared by run.sh and test.sh.

# Installs Debian's Chromium and a CJK font for the browser tests when missing (root only; others get the command).
# Playwright drives /usr/bin/chromium; no browser is downloaded. Without the font, Chinese renders as boxes.
browser_ensure_installed() {
  if [ -x /usr/bin/chromium ] && [ -n "$(fc-list :lang=zh family 2>/dev/null)" ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "Chromium or the CJK font is not installed. Install them once with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk" >&2
    return 1
  fi
  echo "Installing Chromium and fonts-noto-cjk from Debian packages..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
}

# console_build [check]: installs the console's packages (npm ci, from the lock) and builds it into its dist/ folder.
# With "check" it first regenerates the API types from miniprogram-contract/openapi.json and runs vue-tsc, so a
# contract change that breaks a console call fails here.
console_build() {
  (
    cd src/Shangmi.Console
    npm ci --no-audit --no-fund --loglevel=error
    if [ "${1:-}" = check ]; then
      npm run types --silent
      npm run typecheck
    fi
    npm run build --silent
  )
}
