# coroguard's documentation as the binaries find it: <build>/share/doc/coroguard
# mirrors docs/ (the layout `cmake --install` and the packages give), with every
# page also rendered to HTML when a Markdown tool is there (Debian's
# python3-markdown or pandoc); the check pages compiled into `coroguard` for
# --explain; the man page coroguard(1), generated from `coroguard --help`.
find_package(Python3 REQUIRED COMPONENTS Interpreter)

set(COROGUARD_DOCS_URL "" CACHE STRING
    "Base URL of coroguard's docs tree (ending in /) for the links in diagnostics and \
SARIF; empty: the installed docs, found from each binary's own location")
if(COROGUARD_DOCS_URL STREQUAL "file://${PROJECT_SOURCE_DIR}/docs/")
  # The default of older builds (a link into the source tree): now the docs beside the binary.
  set(COROGUARD_DOCS_URL "" CACHE STRING "" FORCE)
endif()
set(COROGUARD_DOCS_RENDERER "auto" CACHE STRING
    "HTML rendering of the docs: auto, markdown (python3-markdown), pandoc, none")
set_property(CACHE COROGUARD_DOCS_RENDERER PROPERTY STRINGS auto markdown pandoc none)

set(_docs_python "${Python3_EXECUTABLE}")
set(_renderer "${COROGUARD_DOCS_RENDERER}")
if(_renderer STREQUAL "auto" OR _renderer STREQUAL "markdown")
  set(_found_markdown OFF)
  # Debian's python3-markdown belongs to /usr/bin/python3, which may not be the
  # python3 first on PATH.
  foreach(_py "${Python3_EXECUTABLE}" /usr/bin/python3)
    if(EXISTS "${_py}")
      execute_process(COMMAND "${_py}" -c "import markdown" RESULT_VARIABLE _rc
                      OUTPUT_QUIET ERROR_QUIET)
      if(_rc EQUAL 0)
        set(_docs_python "${_py}")
        set(_found_markdown ON)
        break()
      endif()
    endif()
  endforeach()
  if(_found_markdown)
    set(_renderer markdown)
  elseif(_renderer STREQUAL "markdown")
    message(FATAL_ERROR "COROGUARD_DOCS_RENDERER=markdown, but no python3 imports 'markdown' "
                        "(apt-get install python3-markdown)")
  endif()
endif()
if(_renderer STREQUAL "auto" OR _renderer STREQUAL "pandoc")
  find_program(COROGUARD_PANDOC pandoc)
  if(COROGUARD_PANDOC)
    set(_renderer pandoc)
  elseif(_renderer STREQUAL "pandoc")
    message(FATAL_ERROR "COROGUARD_DOCS_RENDERER=pandoc, but pandoc is not installed")
  else()
    set(_renderer none)
  endif()
endif()
if(_renderer STREQUAL "none")
  set(COROGUARD_DOCS_EXT ".md")
  message(STATUS "coroguard: docs shipped as Markdown (no python3-markdown or pandoc)")
else()
  set(COROGUARD_DOCS_EXT ".html")
  message(STATUS "coroguard: docs rendered to HTML with ${_renderer}")
endif()

include(GNUInstallDirs)
# The binaries find the docs at this path relative to their own directory
# (tool/DocLinks.cpp), in the build tree (bin/) as in an installed tree.
set(COROGUARD_DOCS_BUILD_DIR "${PROJECT_BINARY_DIR}/${CMAKE_INSTALL_DOCDIR}")
file(RELATIVE_PATH COROGUARD_DOCS_RELDIR "/p/${CMAKE_INSTALL_BINDIR}" "/p/${CMAKE_INSTALL_DOCDIR}")
file(GLOB_RECURSE _doc_pages CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/docs/*.md")
add_custom_command(
  OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/docs.stamp"
  COMMAND "${CMAKE_COMMAND}" -E rm -rf "${COROGUARD_DOCS_BUILD_DIR}"
  COMMAND "${_docs_python}" "${PROJECT_SOURCE_DIR}/cmake/render_docs.py"
          --src "${PROJECT_SOURCE_DIR}/docs" --out "${COROGUARD_DOCS_BUILD_DIR}"
          --renderer ${_renderer} --stamp "${CMAKE_CURRENT_BINARY_DIR}/docs.stamp"
  DEPENDS ${_doc_pages} "${PROJECT_SOURCE_DIR}/cmake/render_docs.py"
  COMMENT "Building coroguard's docs (${_renderer})"
  VERBATIM)
add_custom_target(coroguard-docs ALL DEPENDS "${CMAKE_CURRENT_BINARY_DIR}/docs.stamp")

file(GLOB _check_pages CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/docs/checks/coro-*.md")
set(COROGUARD_CHECK_DOCS_INC "${CMAKE_CURRENT_BINARY_DIR}/CheckDocs.inc")
add_custom_command(
  OUTPUT "${COROGUARD_CHECK_DOCS_INC}"
  COMMAND "${CMAKE_COMMAND}" "-DOUTPUT=${COROGUARD_CHECK_DOCS_INC}" "-DPAGES=${_check_pages}"
          -P "${PROJECT_SOURCE_DIR}/cmake/embed_check_docs.cmake"
  DEPENDS ${_check_pages} "${PROJECT_SOURCE_DIR}/cmake/embed_check_docs.cmake"
  COMMENT "Embedding the check pages for coroguard --explain"
  VERBATIM)
