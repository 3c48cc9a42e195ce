//===--- DiagnosticText.cpp - coroguard -----------------------------------===//

#include "DiagnosticText.h"
#include "CoroutineTypes.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/PrettyPrinter.h"
#include "clang/AST/TemplateBase.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::coro {

std::string typeName(QualType T, const ASTContext &Ctx) {
  PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressTagKeyword = true;
  Policy.SuppressUnwrittenScope = true;
  T = T.getNonReferenceType().getUnqualifiedType();
  // `auto f() { return detail::x{}; }`: name the deduced type.
  if (const auto *AT = dyn_cast<AutoType>(T.getTypePtr());
      AT && AT->isDeduced() && !AT->getDeducedType().isNull())
    T = AT->getDeducedType().getUnqualifiedType();
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || RD->isLambda())
    return T.getAsString(Policy);
  std::string Name = qualifiedName(RD);
  std::string Args;
  llvm::raw_string_ostream OS(Args);
  if (const auto *TST = T->getAs<TemplateSpecializationType>();
      TST && !TST->isTypeAlias())
    printTemplateArgumentList(OS, TST->template_arguments(), Policy);
  // Arguments spelled through a library's dependent names or helpers read
  // better resolved.
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  StringRef Written(Args);
  if (Spec && (Written.empty() || Written.contains("typename ") ||
               Written.contains("decltype(") || Written.contains("_t<") ||
               Written.contains("(lambda") ||
               Written.contains("type-parameter-"))) {
    Args.clear();
    printTemplateArgumentList(OS, Spec->getTemplateArgs().asArray(), Policy);
  }
  return Name + Args;
}

std::string placeName(llvm::StringRef File, unsigned Line) {
  llvm::SmallString<256> Cwd;
  std::string Shown = File.str();
  if (!llvm::sys::fs::current_path(Cwd)) {
    Cwd += llvm::sys::path::get_separator();
    if (llvm::StringRef(File).starts_with(Cwd))
      Shown = File.drop_front(Cwd.size()).str();
  }
  return Shown + ":" + std::to_string(Line);
}

SourceLocation locationIn(llvm::StringRef File, unsigned Line, unsigned Column,
                          ASTContext &Ctx) {
  SourceManager &SM = Ctx.getSourceManager();
  auto Entry = SM.getFileManager().getOptionalFileRef(File);
  if (!Entry || Line == 0)
    return {};
  // A file the translation unit included already has an ID; another is
  // entered once (as a file of its own, included from nowhere).
  FileID ID = SM.translateFile(*Entry);
  if (ID.isInvalid())
    ID = SM.createFileID(*Entry, SourceLocation(), SrcMgr::C_User);
  if (ID.isInvalid())
    return {};
  return SM.translateLineCol(ID, Line, Column == 0 ? 1 : Column);
}

} // namespace clang::tidy::coro
