#!/usr/bin/env bash
# Installs the Debian 12 packages coroguard needs to build and test.
# Idempotent: skips apt entirely when everything is already installed.
#   scripts/install-deps.sh           # build + test dependencies
#   scripts/install-deps.sh --bench   # plus what the benchmarks compare against (Boost.Asio)
set -euo pipefail

LLVM_VERSION="${COROGUARD_LLVM_VERSION:-22}"
V="$LLVM_VERSION"
PKGS=(
  cmake ninja-build ccache g++ python3 git
  "clang-$V" "libclang-$V-dev" "llvm-$V-dev" "llvm-$V-tools" "clang-tidy-$V" "clangd-$V" "libclang-cpp$V-dev"
  nlohmann-json3-dev libgtest-dev
  # The SARIF schema test and the CI-examples test (test/lit/tools/validate_sarif.py).
  python3-jsonschema python3-yaml
  # Debian's clangd libraries are built with remote-index support and need these at link time.
  libgrpc++-dev libprotobuf-dev libabsl-dev protobuf-compiler-grpc
)

if [ "${1:-}" = "--bench" ]; then
  PKGS+=(libboost-dev)
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "coroguard: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
