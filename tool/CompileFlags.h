//===--- CompileFlags.h - coroguard ---------------------------------------===//
//
// Compile commands written for another compiler. A compile_commands.json
// made by a GCC build holds flags clang does not know
// (-fconcepts-diagnostics-depth=2, -fno-tree-loop-distribute-patterns, ...):
// clang's driver rejects each with "unknown argument", so every translation
// unit would fail to compile. As clangd does, such flags are dropped, with
// one note for the run. A flag is unknown when clang's own driver option
// table (the table clang parses its command line with) has no option for it
// -- never by a list of names.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_TOOL_COMPILEFLAGS_H
#define COROGUARD_TOOL_COMPILEFLAGS_H

#include <string>
#include <vector>

namespace coroguard {

/// Removes from \p Command (a compiler command line, the compiler first) the
/// arguments clang's driver does not know, and returns them. MSVC-style
/// commands (cl, clang-cl, --driver-mode=cl) are left unchanged.
std::vector<std::string> dropUnknownCompilerFlags(std::vector<std::string> &Command);

/// The compiler flags after '--' on a command line (\p Tail): the same, for a
/// tail that starts with the compiler (as CMake's CXX_CLANG_TIDY passes the
/// whole compile command) or with the first flag.
std::vector<std::string> dropUnknownTailFlags(std::vector<std::string> &Tail);

/// The run's one note naming the dropped flags (at most eight) and how many
/// compile commands held them; nothing when \p Dropped is empty.
void noteDroppedFlags(const std::vector<std::string> &Dropped,
                      unsigned Commands);

} // namespace coroguard

#endif
