# Sourced by the scripts: the default build directory for an LLVM major
# version -- build/ for 22, build-<major>/ for another -- unless
# COROGUARD_BUILD_DIR names one. Needs ROOT set.
#   BUILD="$(coroguard_build_dir 22)"
coroguard_default_build_dir() { # <llvm major>
  if [ "$1" = 22 ]; then echo "$ROOT/build"; else echo "$ROOT/build-$1"; fi
}
coroguard_build_dir() { # <llvm major>
  echo "${COROGUARD_BUILD_DIR:-$(coroguard_default_build_dir "$1")}"
}
