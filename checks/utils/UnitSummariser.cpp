//===--- UnitSummariser.cpp - coroguard ------------------------------------===//

#include "utils/UnitSummariser.h"
#include "utils/AnalysisSession.h"
#include "utils/CallFollower.h"
#include "utils/CoroutineTypes.h"
#include "utils/NormalReturns.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::coro {

namespace {
class DefinitionFinder : public RecursiveASTVisitor<DefinitionFinder> {
public:
  explicit DefinitionFinder(const SourceManager &SM) : SM(SM) {}
  // Only what other files can name: no function bodies' contents (local
  // classes, lambdas), no template instantiations.
  bool TraverseStmt(Stmt *) { return true; }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!FD->isThisDeclarationADefinition() || !FD->hasBody() ||
        FD->isDependentContext() || FD->isImplicit() ||
        FD->isTemplateInstantiation() || FD->isDeleted() || FD->isDefaulted())
      return true;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
        MD && MD->getParent()->isLambda())
      return true;
    if (!SM.isInMainFile(SM.getExpansionLoc(FD->getLocation())))
      return true;
    Found.push_back(FD);
    return true;
  }
  std::vector<const FunctionDecl *> Found;

private:
  const SourceManager &SM;
};

} // namespace

UnitSummariser::UnitSummariser(AnalysisSession &Session)
    : Session(Session), Ctx(Session.context()) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (auto Main = SM.getFileEntryRefForID(SM.getMainFileID()))
    Unit.File = summaryPath(Main->getName());
  DefinitionFinder Finder(SM);
  Finder.TraverseDecl(Ctx.getTranslationUnitDecl());
  for (const FunctionDecl *FD : Finder.Found) {
    std::string USR = usrOf(*FD);
    if (USR.empty())
      continue;
    FunctionSummary F;
    F.USR = std::move(USR);
    F.Name = qualifiedName(FD);
    F.Def = point(FD->getLocation());
    F.Coroutine = isCoroutine(FD);
    F.NeverReturns = !F.Coroutine &&
                     Session.state<NormalReturns>().neverReturns(*FD);
    Index[FD->getCanonicalDecl()] = Functions.size();
    Functions.push_back(FD);
    Unit.Functions.push_back(std::move(F));
  }
}

FunctionSummary *UnitSummariser::entry(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  auto It = Index.find(FD->getCanonicalDecl());
  return It == Index.end() ? nullptr : &Unit.Functions[It->second];
}

SummaryPoint UnitSummariser::point(SourceLocation Loc) const {
  const SourceManager &SM = Ctx.getSourceManager();
  SummaryPoint P;
  SourceLocation E = SM.getExpansionLoc(Loc);
  if (E.isInvalid())
    return P;
  if (auto File = SM.getFileEntryRefForID(SM.getFileID(E)))
    P.File = summaryPath(File->getName());
  P.Line = SM.getExpansionLineNumber(E);
  P.Column = SM.getExpansionColumnNumber(E);
  return P;
}

UnitSummary UnitSummariser::finish() {
  // Every file the compile read (the main file, the headers, a file
  // embedded), with a hash of what it held: a cache reuses the summary while
  // they all hold the same (which is what decides the preprocessed text,
  // with the command).
  const SourceManager &SM = Ctx.getSourceManager();
  Unit.Inputs.clear();
  for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
    const FileEntry *FE = It->getFirst();
    std::optional<llvm::MemoryBufferRef> Buf =
        It->getSecond()->getBufferIfLoaded();
    if (!FE || !Buf)
      continue;
    llvm::StringRef Name = FE->tryGetRealPathName();
    if (Name.empty())
      continue;
    // System headers are left out (see Summaries.h): the summary of a file
    // including the standard library would list hundreds of them.
    FileID ID = SM.translateFile(FE);
    if (ID.isValid() && SrcMgr::isSystem(SM.getFileCharacteristic(
                            SM.getLocForStartOfFile(ID))))
      continue;
    Unit.Inputs.push_back({summaryPath(Name), hashContent(Buf->getBuffer()),
                           static_cast<std::uint64_t>(FE->getSize()),
                           static_cast<std::int64_t>(FE->getModificationTime())});
  }
  llvm::sort(Unit.Inputs, [](const SummaryInput &A, const SummaryInput &B) {
    return A.Path < B.Path;
  });
  Unit.Inputs.erase(std::unique(Unit.Inputs.begin(), Unit.Inputs.end(),
                                [](const SummaryInput &A, const SummaryInput &B) {
                                  return A.Path == B.Path;
                                }),
                    Unit.Inputs.end());
  return std::move(Unit);
}

} // namespace clang::tidy::coro
