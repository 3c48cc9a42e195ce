# CMake: run coroguard on every C++ source as it is compiled, through
# CMake's CMAKE_CXX_CLANG_TIDY. coroguard takes clang-tidy's command line, so
# it can stand in for clang-tidy directly; diagnostics appear in the build
# log, and --warnings-as-errors makes them fail the build.
#
# Use: include(path/to/coroguard-clang-tidy.cmake) before add_executable /
# add_library in your top-level CMakeLists.txt, and configure with
#   cmake -B build -DCOROGUARD_CLANG_TIDY=ON [-DCOROGUARD_WERROR=ON]
# Alternatively, with the stock clang-tidy of the same LLVM version and the
# plugin:  -DCMAKE_CXX_CLANG_TIDY="clang-tidy;-load=/path/to/libcoroguard-tidy.so"
option(COROGUARD_CLANG_TIDY "Run coroguard while compiling C++ sources" OFF)
option(COROGUARD_WERROR "Make coroguard's warnings fail the build" OFF)
if(COROGUARD_CLANG_TIDY)
  find_program(COROGUARD_EXECUTABLE coroguard REQUIRED)
  set(_coroguard_command "${COROGUARD_EXECUTABLE}")
  if(COROGUARD_WERROR)
    list(APPEND _coroguard_command "--warnings-as-errors=coro-*")
  endif()
  set(CMAKE_CXX_CLANG_TIDY "${_coroguard_command}")
endif()
