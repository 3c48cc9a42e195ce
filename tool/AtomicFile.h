//===--- AtomicFile.h - coroguard -----------------------------------------===//
//
// A file written whole or not at all: reports (-o), baselines
// (--write-baseline) and exported fixes (-export-fixes) are written to a
// temporary file in the destination's directory and renamed over the
// destination only when the run succeeded. Creating the temporary file is
// also the check that the destination is writable, so a run can find an
// unwritable path before it analyses anything. An AtomicFile destroyed
// without commit() removes its temporary file; so does a signal (the
// temporary files are registered with llvm::sys::RemoveFileOnSignal).
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_TOOL_ATOMICFILE_H
#define COROGUARD_TOOL_ATOMICFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <string>

namespace coroguard {

class AtomicFile {
public:
  /// Creates the temporary file beside \p Destination. Fails (with a message
  /// naming \p Destination) when its directory does not exist or is not
  /// writable, or when \p Destination is a directory.
  static llvm::Expected<std::unique_ptr<AtomicFile>>
  create(llvm::StringRef Destination);

  ~AtomicFile();
  AtomicFile(const AtomicFile &) = delete;
  AtomicFile &operator=(const AtomicFile &) = delete;

  /// Where the contents go until commit().
  llvm::raw_ostream &os() { return *Stream; }
  const std::string &temporaryPath() const { return TempPath; }
  const std::string &destination() const { return Destination; }

  /// Flushes, closes and renames the temporary file over the destination
  /// (the destination's permissions are kept when it existed).
  llvm::Error commit();
  /// Removes the temporary file; the destination is untouched.
  void discard();

private:
  AtomicFile(std::string Destination, std::string TempPath, int FD);
  std::string Destination, TempPath;
  std::unique_ptr<llvm::raw_fd_ostream> Stream;
  bool Done = false;
};

} // namespace coroguard

#endif
