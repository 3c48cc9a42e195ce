//===--- AnalysisSession.cpp - coroguard ----------------------------------===//

#include "utils/AnalysisSession.h"
#include "utils/Summaries.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::coro {

SessionState::~SessionState() = default;

AnalysisSession::AnalysisSession(ASTContext &Ctx, SessionOptions Options,
                                 std::shared_ptr<const SummaryStore> Summaries)
    : Ctx(Ctx), Options(std::move(Options)), Summaries(std::move(Summaries)) {}

AnalysisSession::~AnalysisSession() = default;

const std::string &AnalysisSession::mainFile() {
  if (!MainFile) {
    const SourceManager &SM = Ctx.getSourceManager();
    auto Main = SM.getFileEntryRefForID(SM.getMainFileID());
    MainFile = Main ? summaryPath(Main->getName()) : std::string();
  }
  return *MainFile;
}

} // namespace clang::tidy::coro
