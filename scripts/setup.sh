#!/usr/bin/env bash
# One idempotent set-up for every Makefile target: installs only what is missing
# and says what it does. Fails with a clear message when a step cannot work.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130
step() { printf '[setup] %s\n' "$*"; }
fail() { printf '[setup] FAILED: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null || fail "cargo is not installed (a Rust toolchain via rustup is required)"
command -v node >/dev/null || fail "node is not installed (Node.js >= 18 is required)"
command -v npm >/dev/null || fail "npm is not installed"

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  step "wasm32-unknown-unknown target: present"
else
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown || fail "rustup could not add wasm32-unknown-unknown"
fi

for component in rustfmt clippy; do
  if rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    step "$component: present"
  else
    step "adding the $component component (make lint)"
    rustup component add "$component" || fail "rustup could not add $component"
  fi
done

have_bindgen=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have_bindgen" = "$WASM_BINDGEN_VERSION" ]; then
  step "wasm-bindgen-cli $WASM_BINDGEN_VERSION: present"
else
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (found: ${have_bindgen:-none}; takes about 3 minutes)"
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" \
    || fail "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION failed"
fi

if [ -f node_modules/.setup-stamp ] && [ node_modules/.setup-stamp -nt package-lock.json ]; then
  step "npm packages: up to date"
else
  step "npm ci (dev oracles balena-sdk, pinejs-client-core, binaryen, playwright-core)"
  npm ci --no-audit --no-fund || fail "npm ci failed"
  touch node_modules/.setup-stamp
fi

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  step "chromium and chromedriver: present"
elif [ "$(id -u)" = 0 ]; then
  step "installing Debian chromium and chromium-driver"
  apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
    || fail "apt-get install chromium chromium-driver failed"
else
  fail "chromium is missing and installing it needs root: apt-get install chromium chromium-driver"
fi
