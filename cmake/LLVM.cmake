# Finds LLVM/Clang of the major version COROGUARD_LLVM_VERSION and sets up the
# flags every analyzer target must share with it (RTTI, exceptions, definitions).
set(_llvm_prefix "/usr/lib/llvm-${COROGUARD_LLVM_VERSION}")
find_package(LLVM REQUIRED CONFIG HINTS "${_llvm_prefix}/lib/cmake/llvm")
if(COROGUARD_BUILD_CLANGD)
  # Debian's clangd libraries are built with remote-index support: the
  # exported clangd targets name gRPC and protobuf targets, which must exist
  # (at this directory scope) before ClangConfig is loaded.
  find_package(Protobuf REQUIRED)
  find_package(gRPC CONFIG REQUIRED)
endif()
find_package(Clang REQUIRED CONFIG HINTS "${_llvm_prefix}/lib/cmake/clang")
if(NOT LLVM_VERSION_MAJOR STREQUAL COROGUARD_LLVM_VERSION)
  message(FATAL_ERROR "coroguard: asked for LLVM ${COROGUARD_LLVM_VERSION} but found "
                      "${LLVM_PACKAGE_VERSION} in ${LLVM_DIR}")
endif()
message(STATUS "coroguard: LLVM ${LLVM_PACKAGE_VERSION} from ${LLVM_DIR}")

set(COROGUARD_LLVM_BINDIR "${LLVM_TOOLS_BINARY_DIR}")

# Interface target with everything a TU that includes clang / clang-tidy headers needs.
add_library(coroguard_llvm_flags INTERFACE)
target_include_directories(coroguard_llvm_flags SYSTEM INTERFACE ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})
separate_arguments(_coroguard_llvm_defs NATIVE_COMMAND "${LLVM_DEFINITIONS}")
target_compile_options(coroguard_llvm_flags INTERFACE ${_coroguard_llvm_defs})
target_compile_features(coroguard_llvm_flags INTERFACE cxx_std_17)
if(NOT LLVM_ENABLE_RTTI)
  target_compile_options(coroguard_llvm_flags INTERFACE -fno-rtti)
endif()
if(NOT LLVM_ENABLE_EH)
  target_compile_options(coroguard_llvm_flags INTERFACE -fno-exceptions)
endif()
target_compile_options(coroguard_llvm_flags INTERFACE -Wall -Wextra -Wno-unused-parameter)

# A full version string of the *other* supported LLVM, for the test builds of
# the plugins that must refuse to run in a host of another version.
if(LLVM_VERSION_MAJOR EQUAL 19)
  set(COROGUARD_OTHER_LLVM_VERSION "22.1.8")
else()
  set(COROGUARD_OTHER_LLVM_VERSION "19.1.7")
endif()
