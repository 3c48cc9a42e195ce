// REQUIRES: clangd
// The three async-generator checks through coroguard-clangd (LSP) with the
// shipped (optional) .clangd snippet (the CLI and -load channels are in the other
// tests).
// RUN: rm -rf %t && mkdir -p %t/ws
// RUN: cp %s %t/ws/gen.cpp && cp %src_root/tool/clangd/coroguard.clangd.yaml %t/ws/.clangd
// RUN: %python %tools/make_compdb.py %t/ws %t/ws/gen.cpp -- -std=c++20 -I%src_root/runtime/include
// RUN: %python %tools/lsp_client.py %coroguard_clangd %t/ws/gen.cpp > %t/out.txt
// RUN: FileCheck %s --input-file=%t/out.txt
// CHECK-DAG: 25:8: warning: {{[Aa]}}sync generator 'g' is left suspended by an early exit{{.*}}[coro-unclosed-async-generator] (clang-tidy)
// CHECK-DAG: 33:12: warning: {{[Aa]}}sync generator returned by 'rows' is created in 'main', which is not a coroutine{{.*}}[coro-async-generator-outside-loop] (clang-tidy)
// CHECK-DAG: 22:18: warning: 'h.next()' is started on async generator 'h' while 'h.next()', started earlier{{.*}}[coro-concurrent-generator-use] (clang-tidy)
#include <coroguard/coroguard.hpp>

coroguard::async_generator<int> rows();
bool stop(int);

coroguard::task<void> amain() {
  auto &loop = coroguard::get_running_loop();
  auto h = rows();
  auto first = loop.create_task(h.next());
  (void)co_await h.next();
  (void)co_await first;
  co_await h.aclose();
  auto g = rows();
  while (auto v = co_await g.next())
    if (stop(*v))
      break;
}

int main(int, char **) {
  coroguard::runner r;
  auto g = rows();
  r.run(g.next());
  r.run(amain());
  return 0;
}
