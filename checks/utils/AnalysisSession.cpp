//===--- AnalysisSession.cpp - coroguard ----------------------------------===//

#include "utils/AnalysisSession.h"
#include "utils/Summaries.h"

namespace clang::tidy::coro {

SessionState::~SessionState() = default;

AnalysisSession::AnalysisSession(ASTContext &Ctx, SessionOptions Options,
                                 std::shared_ptr<const SummaryStore> Summaries)
    : Ctx(Ctx), Options(std::move(Options)), Summaries(std::move(Summaries)) {}

AnalysisSession::~AnalysisSession() = default;

} // namespace clang::tidy::coro
