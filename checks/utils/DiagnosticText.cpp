//===--- DiagnosticText.cpp - coroguard -----------------------------------===//

#include "DiagnosticText.h"
#include "CoroutineTypes.h"
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

} // namespace clang::tidy::coro
