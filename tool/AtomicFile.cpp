//===--- AtomicFile.cpp - coroguard ---------------------------------------===//

#include "AtomicFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include <sys/stat.h>

namespace coroguard {

AtomicFile::AtomicFile(std::string Destination, std::string TempPath, int FD)
    : Destination(std::move(Destination)), TempPath(std::move(TempPath)),
      Stream(std::make_unique<llvm::raw_fd_ostream>(FD, /*shouldClose=*/true)) {
}

llvm::Expected<std::unique_ptr<AtomicFile>>
AtomicFile::create(llvm::StringRef Destination) {
  auto Fail = [&](const llvm::Twine &Why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot write '" + Destination +
                                       "': " + Why);
  };
  if (Destination.empty())
    return Fail("empty file name");
  if (llvm::sys::fs::is_directory(Destination))
    return Fail("it is a directory");
  llvm::SmallString<256> Dir(llvm::sys::path::parent_path(Destination));
  if (Dir.empty())
    Dir = ".";
  if (!llvm::sys::fs::is_directory(Dir))
    return Fail("the directory '" + Dir + "' does not exist");
  llvm::SmallString<256> Model(Dir);
  llvm::sys::path::append(
      Model, "." + llvm::sys::path::filename(Destination) + ".%%%%%%.tmp");
  int FD = -1;
  llvm::SmallString<256> Temp;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueFile(Model, FD, Temp,
                                          llvm::sys::fs::OF_Text))
    return Fail(EC.message());
  llvm::sys::RemoveFileOnSignal(Temp);
  return std::unique_ptr<AtomicFile>(
      new AtomicFile(Destination.str(), std::string(Temp), FD));
}

llvm::Error AtomicFile::commit() {
  Done = true;
  Stream->flush();
  Stream->close();
  auto Fail = [&](const llvm::Twine &Why) {
    llvm::sys::fs::remove(TempPath);
    llvm::sys::DontRemoveFileOnSignal(TempPath);
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot write '" + Destination +
                                       "': " + Why);
  };
  if (Stream->has_error()) {
    std::string Why = Stream->error().message();
    Stream->clear_error();
    return Fail(Why);
  }
  // createUniqueFile makes the file 0600; a report or baseline replacing
  // another keeps that one's mode, a new one gets the usual 0666 & ~umask.
  llvm::sys::fs::file_status Old;
  if (!llvm::sys::fs::status(Destination, Old) &&
      llvm::sys::fs::exists(Old)) {
    llvm::sys::fs::setPermissions(TempPath, Old.permissions());
  } else {
    unsigned Mask = ::umask(0);
    ::umask(Mask);
    llvm::sys::fs::setPermissions(
        TempPath, static_cast<llvm::sys::fs::perms>(0666 & ~Mask));
  }
  if (std::error_code EC = llvm::sys::fs::rename(TempPath, Destination))
    return Fail(EC.message());
  llvm::sys::DontRemoveFileOnSignal(TempPath);
  return llvm::Error::success();
}

void AtomicFile::discard() {
  if (Done)
    return;
  Done = true;
  Stream->close();
  Stream->clear_error();
  llvm::sys::fs::remove(TempPath);
  llvm::sys::DontRemoveFileOnSignal(TempPath);
}

AtomicFile::~AtomicFile() { discard(); }

} // namespace coroguard
