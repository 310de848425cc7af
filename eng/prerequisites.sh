#!/usr/bin/env bash
# Installs what the tests use as real oracles and real programs, when missing: the asciinema CLI, vim, git, GNU patch, xz,
# util-linux's script, clang and zlib (for the Native AOT smoke publish), pytest for the system Python, and the npm peers (@xterm/headless and friends)
# in ../shared/peers. Safe to run again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

missing=()
for tool in asciinema vim git patch script zcat xz node npm clang; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
  packages=()
  for tool in "${missing[@]}"; do
    case "$tool" in
      script) packages+=(bsdutils) ;;
      zcat) packages+=(gzip) ;;
      xz) packages+=(xz-utils) ;;
      node|npm) packages+=(nodejs npm) ;;
      clang) packages+=(clang zlib1g-dev) ;;
      *) packages+=("$tool") ;;
    esac
  done
  echo "installing: ${packages[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# pytest for the system Python (/usr/bin/python3), which the record --watch test runs inside the recorded shell.
if ! /usr/bin/python3 -m pytest --version >/dev/null 2>&1; then
  echo "installing: python3-pytest" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-pytest >/dev/null
fi

peers="$root/../shared/peers"
if [ -f "$peers/package.json" ] && [ ! -d "$peers/node_modules/@xterm/headless" ]; then
  echo "installing the npm peers in $peers" >&2
  (cd "$peers" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# The official TypeScript SDK, driven by the Claude capture tests as a real client of the recording proxy.
client="$root/tests/InterviewLM.Recording.Claude.Tests/NodeClient"
if [ -f "$client/package.json" ] && [ ! -d "$client/node_modules/@anthropic-ai/sdk" ]; then
  echo "installing the node SDK client in $client" >&2
  (cd "$client" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
