//===--- ProjectFixes.cpp - coroguard -------------------------------------===//
//
// Whole-project fixes; see ProjectFixes.h and docs/cli.md ("Fixes").
//
//===----------------------------------------------------------------------===//

#include "ProjectFixes.h"
#include "CoroguardModule.h"

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"
#include <algorithm>

namespace coroguard {

namespace tooling = clang::tooling;

bool FixOptions::isFixFlag(llvm::StringRef Name) {
  return Name == "fix" || Name == "fix-errors" || Name == "fix-notes" ||
         isProjectOnlyFlag(Name);
}

bool FixOptions::isProjectOnlyFlag(llvm::StringRef Name) {
  return Name == "fix-dry-run" || Name == "fix-unsafe";
}

bool FixOptions::set(llvm::StringRef Name) {
  if (Name == "fix")
    Fix = true;
  else if (Name == "fix-dry-run")
    DryRun = true;
  else if (Name == "fix-unsafe")
    Unsafe = true;
  else if (Name == "fix-errors")
    Errors = true;
  else if (Name == "fix-notes")
    Notes = true;
  else
    return false;
  return true;
}

namespace {

void ignoreYamlDiagnostics(const llvm::SMDiagnostic &, void *) {}

/// \p Path made absolute against \p BuildDir, symbolic links resolved: the
/// file that is written, whichever way a translation unit named it.
std::string canonicalFile(llvm::StringRef Path, llvm::StringRef BuildDir) {
  llvm::SmallString<256> Abs(Path);
  if (!llvm::sys::path::is_absolute(Abs) && !BuildDir.empty()) {
    Abs = BuildDir;
    llvm::sys::path::append(Abs, Path);
  }
  llvm::sys::fs::make_absolute(Abs);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Abs, Real))
    return std::string(Real);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

std::string plural(unsigned N, llvm::StringRef One, llvm::StringRef Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many).str();
}

/// The replacements of \p Reps in \p File.
std::vector<tooling::Replacement>
inFile(const std::vector<tooling::Replacement> &Reps, llvm::StringRef File) {
  std::vector<tooling::Replacement> Out;
  for (const tooling::Replacement &R : Reps)
    if (R.getFilePath() == File)
      Out.push_back(R);
  return Out;
}

/// Adds \p Reps to \p Set; false (and \p Set partly changed) on a conflict.
bool addAll(tooling::Replacements &Set,
            const std::vector<tooling::Replacement> &Reps) {
  for (const tooling::Replacement &R : Reps)
    if (llvm::Error E = Set.add(R)) {
      llvm::consumeError(std::move(E));
      return false;
    }
  return true;
}

/// Whether two fixes' replacements in one file conflict: Replacements::add
/// refuses one of them (overlapping ranges, different insertions at one
/// offset), or both make the same edit (merging would apply it twice).
bool conflict(const std::vector<tooling::Replacement> &A,
              const std::vector<tooling::Replacement> &B) {
  for (const tooling::Replacement &R : B)
    if (llvm::is_contained(A, R))
      return true;
  tooling::Replacements Set;
  return !addAll(Set, A) || !addAll(Set, B);
}

/// The offsets [first, last] a fix touches in a file.
std::pair<unsigned, unsigned>
span(const std::vector<tooling::Replacement> &Reps) {
  unsigned First = ~0u, Last = 0;
  for (const tooling::Replacement &R : Reps) {
    First = std::min(First, R.getOffset());
    Last = std::max(Last, R.getOffset() + R.getLength());
  }
  return {First, Last};
}

/// Writes \p Contents over \p File atomically: a temporary file in the same
/// directory, given the file's permissions, renamed over it.
llvm::Error writeAtomically(llvm::StringRef File, llvm::StringRef Contents) {
  llvm::sys::fs::file_status Status;
  if (std::error_code EC = llvm::sys::fs::status(File, Status))
    return llvm::createFileError(File, EC);
  llvm::SmallString<256> Model(llvm::sys::path::parent_path(File));
  llvm::sys::path::append(Model, "." + llvm::sys::path::filename(File) +
                                     ".coroguard-%%%%%%.tmp");
  llvm::Expected<llvm::sys::fs::TempFile> Temp =
      llvm::sys::fs::TempFile::create(Model);
  if (!Temp)
    return Temp.takeError();
  {
    llvm::raw_fd_ostream OS(Temp->FD, /*shouldClose=*/false);
    OS << Contents;
    OS.flush();
    std::error_code EC = OS.error();
    if (!EC)
      EC = llvm::sys::fs::setPermissions(Temp->FD, Status.permissions());
    if (EC) {
      OS.clear_error();
      llvm::consumeError(Temp->discard());
      return llvm::createFileError(File, EC);
    }
  }
  return Temp->keep(File);
}

/// A text's lines, each with its '\n' (the last one may lack it).
std::vector<llvm::StringRef> splitLines(llvm::StringRef Text) {
  std::vector<llvm::StringRef> Lines;
  while (!Text.empty()) {
    size_t End = Text.find('\n');
    End = End == llvm::StringRef::npos ? Text.size() : End + 1;
    Lines.push_back(Text.take_front(End));
    Text = Text.drop_front(End);
  }
  return Lines;
}

void diffLine(char Mark, llvm::StringRef Line, std::string &Out) {
  Out += Mark;
  Out += Line.str();
  if (!Line.ends_with("\n"))
    Out += "\n\\ No newline at end of file\n";
}

} // namespace

std::string unifiedDiff(llvm::StringRef Name, llvm::StringRef Before,
                        const tooling::Replacements &Replaces) {
  std::vector<llvm::StringRef> Old = splitLines(Before);
  std::vector<size_t> Starts; // of the lines of Before
  size_t Pos = 0;
  for (llvm::StringRef L : Old) {
    Starts.push_back(Pos);
    Pos += L.size();
  }
  auto LineOf = [&](size_t Offset) -> size_t {
    auto It = std::upper_bound(Starts.begin(), Starts.end(), Offset);
    return It == Starts.begin() ? 0 : It - Starts.begin() - 1;
  };

  // Changed blocks: the whole lines [First, Last] of Before that some
  // replacements touch, and their text once replaced.
  struct Block {
    size_t First, Last; // lines of Before; Last < First: none (empty file)
    std::vector<tooling::Replacement> Reps;
    std::vector<std::string> New;
  };
  std::vector<Block> Blocks;
  for (const tooling::Replacement &R : Replaces) {
    size_t First = LineOf(R.getOffset());
    size_t Last = R.getLength() ? LineOf(R.getOffset() + R.getLength() - 1)
                                : First;
    if (!Blocks.empty() && !Old.empty() && First <= Blocks.back().Last) {
      Blocks.back().Last = std::max(Blocks.back().Last, Last);
      Blocks.back().Reps.push_back(R);
    } else {
      Blocks.push_back({First, Last, {R}, {}});
    }
  }
  auto NewText = [&](const Block &B) {
    size_t Begin = Old.empty() ? 0 : Starts[B.First];
    size_t End = Old.empty() ? 0 : Starts[B.Last] + Old[B.Last].size();
    std::string Text;
    size_t At = Begin;
    for (const tooling::Replacement &R : B.Reps) {
      Text += Before.slice(At, R.getOffset()).str();
      Text += R.getReplacementText().str();
      At = R.getOffset() + R.getLength();
    }
    return Text + Before.slice(At, End).str();
  };
  for (size_t I = 0; I < Blocks.size(); ++I) {
    Block &B = Blocks[I];
    std::string Text = NewText(B);
    // A replacement that removed the block's last newline joins the next
    // line to it: that line belongs to the block too.
    while (!Text.empty() && Text.back() != '\n' && B.Last + 1 < Old.size()) {
      ++B.Last;
      while (I + 1 < Blocks.size() && Blocks[I + 1].First <= B.Last) {
        B.Last = std::max(B.Last, Blocks[I + 1].Last);
        B.Reps.insert(B.Reps.end(), Blocks[I + 1].Reps.begin(),
                      Blocks[I + 1].Reps.end());
        Blocks.erase(Blocks.begin() + I + 1);
      }
      Text = NewText(B);
    }
    for (llvm::StringRef L : splitLines(Text))
      B.New.push_back(L.str());
  }
  auto OldCount = [&](const Block &B) {
    return Old.empty() ? size_t(0) : B.Last - B.First + 1;
  };

  constexpr size_t Context = 3;
  std::string Out;
  long Delta = 0; // lines added so far, before the current hunk
  for (size_t I = 0; I < Blocks.size();) {
    // A hunk: the blocks whose context lines touch or overlap.
    size_t J = I + 1;
    while (J < Blocks.size() &&
           Blocks[J].First <= Blocks[J - 1].Last + 2 * Context + 1)
      ++J;
    size_t From = Blocks[I].First > Context ? Blocks[I].First - Context : 0;
    size_t To = Old.empty() ? 0
                            : std::min(Old.size(), Blocks[J - 1].Last + 1 +
                                                       Context);
    std::string Body;
    size_t OldLines = 0, NewLines = 0, Line = From;
    long HunkDelta = 0;
    for (size_t K = I; K < J; ++K) {
      const Block &B = Blocks[K];
      for (; Line < B.First && !Old.empty(); ++Line, ++OldLines, ++NewLines)
        diffLine(' ', Old[Line], Body);
      for (size_t L = 0; L < OldCount(B); ++L, ++OldLines)
        diffLine('-', Old[B.First + L], Body);
      for (const std::string &L : B.New)
        diffLine('+', L, Body), ++NewLines;
      Line = B.First + OldCount(B);
      HunkDelta += long(B.New.size()) - long(OldCount(B));
    }
    for (; Line < To; ++Line, ++OldLines, ++NewLines)
      diffLine(' ', Old[Line], Body);
    // 1-based starts; a side without lines names the line before it.
    size_t OldStart = From + (OldLines ? 1 : 0);
    size_t NewStart = From + Delta + (NewLines ? 1 : 0);
    Out += "@@ -" + std::to_string(OldStart) + "," + std::to_string(OldLines) +
           " +" + std::to_string(NewStart) + "," + std::to_string(NewLines) +
           " @@\n" + Body;
    Delta += HunkDelta;
    I = J;
  }
  if (Out.empty())
    return Out;
  return "--- a/" + Name.str() + "\n+++ b/" + Name.str() + "\n" + Out;
}

void ProjectFixes::addTranslationUnitFile(llvm::StringRef YamlPath) {
  auto Buffer = llvm::MemoryBuffer::getFile(YamlPath, /*IsText=*/true);
  if (!Buffer)
    return;
  tooling::TranslationUnitDiagnostics TU;
  llvm::yaml::Input In((*Buffer)->getBuffer(), nullptr, ignoreYamlDiagnostics);
  In >> TU;
  if (!In.error())
    addTranslationUnit(TU);
}

void ProjectFixes::addTranslationUnit(
    const tooling::TranslationUnitDiagnostics &TU) {
  bool Broken = llvm::any_of(TU.Diagnostics, [](const tooling::Diagnostic &D) {
    return D.DiagnosticName == "clang-diagnostic-error";
  });
  bool BrokenWithFixes = false;
  for (const tooling::Diagnostic &D : TU.Diagnostics) {
    // clang-tidy's choice: the diagnostic's own fix, else (--fix-notes) the
    // fix of its one note that has one.
    const llvm::StringMap<tooling::Replacements> *Chosen =
        clang::tidy::getFixIt(D, Options.Notes);
    if (!Chosen)
      continue;
    Fix F;
    F.Check = D.DiagnosticName;
    F.File = canonicalFile(D.Message.FilePath, D.BuildDirectory);
    F.Offset = D.Message.FileOffset;
    for (const auto &Entry : *Chosen)
      for (const tooling::Replacement &R : Entry.second)
        F.Replacements.emplace_back(
            canonicalFile(R.getFilePath(), D.BuildDirectory), R.getOffset(),
            R.getLength(), R.getReplacementText());
    if (F.Replacements.empty())
      continue;
    llvm::sort(F.Replacements);
    if (Broken && !Options.Errors) {
      BrokenWithFixes = true;
      continue;
    }
    // The same fix from another translation unit (a shared header).
    if (!Seen.insert(F.Replacements).second)
      continue;
    std::vector<std::string> Texts;
    for (const tooling::Replacement &R : F.Replacements)
      Texts.push_back(R.getReplacementText().str());
    if (!Options.Unsafe && clang::tidy::coro::fixSafety(F.Check, Texts) ==
                               clang::tidy::coro::FixSafety::Unsafe) {
      ++Unsafe;
      continue;
    }
    Fixes.push_back(std::move(F));
  }
  if (BrokenWithFixes)
    BrokenUnits.push_back(canonicalFile(TU.MainSourceFile, ""));
}

void ProjectFixes::apply(llvm::StringRef Root, SourceCache &Sources,
                         Report &R, llvm::raw_ostream &Out,
                         llvm::raw_ostream &Err) {
  llvm::SmallString<256> RealRoot;
  if (llvm::sys::fs::real_path(Root, RealRoot))
    RealRoot = Root;
  auto Shown = [&](llvm::StringRef File) {
    std::string Rel = relativePath(File, RealRoot);
    return Rel != File ? Rel : relativePath(File, Root);
  };

  // 1. Conflicts: every pair of fixes whose replacements in one file
  //    overlap is skipped, both fixes.
  std::map<std::string, std::vector<size_t>> ByFile;
  for (size_t I = 0; I < Fixes.size(); ++I)
    for (const tooling::Replacement &Rep : Fixes[I].Replacements) {
      std::vector<size_t> &List = ByFile[Rep.getFilePath().str()];
      if (List.empty() || List.back() != I)
        List.push_back(I);
    }
  std::vector<bool> Conflicting(Fixes.size(), false);
  for (auto &[File, Indices] : ByFile) {
    std::vector<std::pair<std::pair<unsigned, unsigned>, size_t>> Spans;
    for (size_t I : Indices)
      Spans.push_back({span(inFile(Fixes[I].Replacements, File)), I});
    llvm::sort(Spans);
    for (size_t A = 0; A < Spans.size(); ++A) {
      std::vector<tooling::Replacement> RA =
          inFile(Fixes[Spans[A].second].Replacements, File);
      tooling::Replacements Alone;
      if (!addAll(Alone, RA))
        Conflicting[Spans[A].second] = true;
      for (size_t B = A + 1;
           B < Spans.size() && Spans[B].first.first <= Spans[A].first.second;
           ++B)
        if (conflict(RA, inFile(Fixes[Spans[B].second].Replacements, File)))
          Conflicting[Spans[A].second] = Conflicting[Spans[B].second] = true;
    }
  }

  // 2. The others, merged per file; a fix goes in whole or not at all.
  std::map<std::string, tooling::Replacements> Merged;
  unsigned Applied = 0, Conflicts = 0;
  std::vector<std::pair<Location, std::string>> ConflictNotes;
  for (size_t I = 0; I < Fixes.size(); ++I) {
    const Fix &F = Fixes[I];
    bool Ok = !Conflicting[I];
    std::map<std::string, tooling::Replacements> Next;
    if (Ok)
      for (const tooling::Replacement &Rep : F.Replacements) {
        std::string File = Rep.getFilePath().str();
        if (!Next.count(File))
          Next[File] = Merged[File];
        if (llvm::Error E = Next[File].add(Rep)) {
          llvm::consumeError(std::move(E));
          Ok = false;
          break;
        }
      }
    if (!Ok) {
      ++Conflicts;
      ConflictNotes.push_back({Sources.locate(F.File, F.Offset), F.Check});
      continue;
    }
    for (auto &[File, Set] : Next)
      Merged[File] = std::move(Set);
    ++Applied;
  }
  llvm::sort(ConflictNotes, [](const auto &A, const auto &B) {
    return std::tie(A.first.File, A.first.Offset, A.second) <
           std::tie(B.first.File, B.first.Offset, B.second);
  });
  for (const auto &[Loc, Check] : ConflictNotes)
    Err << "coroguard: note: fix for " << Check << " at " << Shown(Loc.File)
        << ":" << Loc.Line << " conflicts with another; skipped\n";

  // 3. Each file: the replacements applied by clang's tooling, then written
  //    atomically or shown as a diff.
  unsigned Files = 0;
  for (auto &[File, Set] : Merged) {
    if (Set.empty())
      continue;
    auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!Buffer) {
      R.Failures.push_back({File, "tool-error",
                            "cannot read it to apply fixes: " +
                                Buffer.getError().message(),
                            {}, {}});
      continue;
    }
    llvm::StringRef Code = (*Buffer)->getBuffer();
    llvm::Expected<std::string> New = tooling::applyAllReplacements(Code, Set);
    if (!New) {
      R.Failures.push_back({File, "tool-error",
                            "cannot apply its fixes: " +
                                llvm::toString(New.takeError()),
                            {}, {}});
      continue;
    }
    if (*New == Code)
      continue;
    if (Options.DryRun) {
      Out << unifiedDiff(Shown(File), Code, Set);
    } else if (llvm::Error E = writeAtomically(File, *New)) {
      R.Failures.push_back({File, "tool-error",
                            "cannot write its fixes: " +
                                llvm::toString(std::move(E)),
                            {}, {}});
      continue;
    }
    ++Files;
  }
  Out.flush();

  Err << "coroguard: " << (Options.DryRun ? "would apply " : "applied ")
      << plural(Applied, "fix", "fixes") << " in "
      << plural(Files, "file", "files");
  if (Options.DryRun)
    Err << " (--fix-dry-run: no file was changed)";
  Err << "\n";
  if (Conflicts)
    Err << "coroguard: " << plural(Conflicts, "fix", "fixes")
        << " skipped: conflicting with another\n";
  if (Unsafe)
    Err << "coroguard: " << plural(Unsafe, "unsafe fix", "unsafe fixes")
        << " not applied; --fix-unsafe applies them\n";
  llvm::sort(BrokenUnits);
  for (const std::string &Unit : BrokenUnits)
    Err << "coroguard: " << Shown(Unit)
        << " does not compile: its fixes are not applied (--fix-errors "
           "applies them)\n";
}

} // namespace coroguard
