#!/usr/bin/env bash
# Installs the Debian 12 packages coroguard needs to build and test.
# Idempotent: skips apt entirely when everything is already installed.
#   scripts/install-deps.sh           # build + test dependencies
#   scripts/install-deps.sh --bench   # plus what the benchmarks need (Boost.Asio to compare against, time, bc)
#   scripts/install-deps.sh --llvm 19 # the LLVM/Clang set of another major version
#                                     # (19 = Debian 12's own *-19 packages);
#                                     # several: --llvm 22 --llvm 19
# Without --llvm: the version in COROGUARD_LLVM_VERSION (default 22).
set -euo pipefail

LLVM_VERSIONS=()
BENCH=0
while [ $# -gt 0 ]; do
  case "$1" in
    --bench) BENCH=1 ;;
    --llvm) shift; LLVM_VERSIONS+=("${1:?--llvm needs a major version, e.g. --llvm 19}") ;;
    --llvm=*) LLVM_VERSIONS+=("${1#--llvm=}") ;;
    *) echo "install-deps.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
if [ "${#LLVM_VERSIONS[@]}" -eq 0 ]; then
  LLVM_VERSIONS=("${COROGUARD_LLVM_VERSION:-22}")
fi
PKGS=(
  cmake ninja-build ccache g++ python3 git
  nlohmann-json3-dev libgtest-dev
  # The SARIF schema test and the CI-examples test (test/lit/tools/validate_sarif.py).
  python3-jsonschema python3-yaml
  # The check docs rendered to HTML at build time (cmake/Docs.cmake; pandoc works too).
  python3-markdown
  # Packaging and its test (scripts/package.sh, test/lit/channels/package.test): CPack's .deb
  # computes its dependencies with dpkg-shlibdeps (dpkg-dev, file); the installed runtime's
  # pkg-config file is exercised with pkg-config.
  dpkg-dev file pkg-config
  # Debian's clangd libraries are built with remote-index support and need these at link time.
  libgrpc++-dev libprotobuf-dev libabsl-dev protobuf-compiler-grpc
)

for V in "${LLVM_VERSIONS[@]}"; do
  PKGS+=("clang-$V" "libclang-$V-dev" "llvm-$V-dev" "llvm-$V-tools" "clang-tidy-$V" "clangd-$V" "libclang-cpp$V-dev")
  # Clang's sanitizer runtimes: the runtime example that AddressSanitizer must catch
  # (examples/runtime/dangling_reference.cpp, a CTest entry only when -fsanitize=address links).
  PKGS+=("libclang-rt-$V-dev")
done
if [ "$BENCH" -eq 1 ]; then
  PKGS+=(time bc)
  # Boost.Asio's headers: Debian's default libboost-dev, unless another Boost development
  # package already provides them (libboost1.81-dev conflicts with libboost-dev's 1.74).
  if ! dpkg-query -W -f='${Status} ${Package}\n' 'libboost*-dev' 2>/dev/null |
      grep -qE "^install ok installed libboost(1\.[0-9]+)?-dev$"; then
    PKGS+=(libboost-dev)
  fi
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
