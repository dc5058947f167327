#!/usr/bin/env bash
# Debian's Chromium for the browser tests (tests/web drive it with Playwright through
# executable_path; `playwright install` is never run). Idempotent; prints one line and
# exits 0 when it cannot install, and the browser tests then skip saying why.
set -u
CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    echo "chromium: $($CHROMIUM --version 2>/dev/null | head -n1 || echo present)"
    exit 0
fi
if [ "$(id -u)" != "0" ]; then
    echo "chromium: not installed and not root; browser tests will skip (apt-get install chromium)"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium: no apt-get on this machine; browser tests will skip"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
    echo "chromium: installed $($CHROMIUM --version 2>/dev/null | head -n1)"
else
    echo "chromium: apt-get install failed ($(tail -n1 "$log")); browser tests will skip"
fi
rm -f "$log"
exit 0
