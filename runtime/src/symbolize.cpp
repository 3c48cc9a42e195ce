// Report-time symbolisation: GCC's libbacktrace when available (file:line from DWARF, so
// build with -g), else dladdr (symbol+offset). Never called on a hot path.
#include <cxxabi.h>
#include <dlfcn.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <typeinfo>
#include <vector>

#include "internal.hpp"

#ifdef COROGUARD_HAVE_LIBBACKTRACE
#include <backtrace.h>
#endif

namespace coroguard::detail {

namespace {

std::string demangle(const char* name) {
  if (!name) return "??";
  int status = 0;
  char* d = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  if (status == 0 && d) {
    std::string s(d);
    std::free(d);
    return s;
  }
  return name;
}

struct frame_info {
  std::string file;
  int line = 0;
  std::string function;
};

#ifdef COROGUARD_HAVE_LIBBACKTRACE
backtrace_state* state() {
  static backtrace_state* s = backtrace_create_state(nullptr, /*threaded=*/1, [](void*, const char*, int) {}, nullptr);
  return s;
}
#endif

/// The inline chain at pc, innermost first.
std::vector<frame_info> chain(void* pc) {
  std::vector<frame_info> out;
#ifdef COROGUARD_HAVE_LIBBACKTRACE
  if (backtrace_state* s = state()) {
    backtrace_pcinfo(
        s, reinterpret_cast<std::uintptr_t>(pc),
        [](void* data, std::uintptr_t, const char* file, int line, const char* fn) -> int {
          auto* v = static_cast<std::vector<frame_info>*>(data);
          if (file) v->push_back({file, line, fn ? fn : ""});
          return 0;
        },
        [](void*, const char*, int) {}, &out);
  }
#else
  (void)pc;
#endif
  return out;
}

bool same_file(const std::string& a, const char* b) {
  if (a == b) return true;
  // Compare basenames: DWARF may record a different spelling of the same path.
  const char* ab = std::strrchr(a.c_str(), '/');
  const char* bb = std::strrchr(b, '/');
  return std::strcmp(ab ? ab + 1 : a.c_str(), bb ? bb + 1 : b) == 0;
}

std::string dladdr_name(void* pc) {
  Dl_info info{};
  if (dladdr(pc, &info) && info.dli_fname) {
    char buf[64];
    std::string s;
    if (info.dli_sname) {
      s = demangle(info.dli_sname);
      std::snprintf(buf, sizeof buf, "+0x%zx", static_cast<std::size_t>(static_cast<char*>(pc) - static_cast<char*>(info.dli_saddr)));
    } else {
      std::snprintf(buf, sizeof buf, "+0x%zx", static_cast<std::size_t>(static_cast<char*>(pc) - static_cast<char*>(info.dli_fbase)));
    }
    return s + buf + " in " + info.dli_fname;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%p", pc);
  return buf;
}

}  // namespace

std::string short_function_name(const char* pretty) {
  if (!pretty || !*pretty) return "<unknown>";
  std::string s(pretty);
  // Lambdas and other unusual spellings: drop the return type only.
  std::size_t close = s.rfind(')');
  if (close == std::string::npos) return s;
  if (s.find('>', close) != std::string::npos) {
    int depth = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c == '<' || c == '(') ++depth;
      if (c == '>' || c == ')') --depth;
      if (c == ' ' && depth == 0) return s.substr(i + 1);
    }
    return s;
  }
  // Find the '(' matching the last ')': the parameter list.
  int depth = 0;
  std::size_t open = std::string::npos;
  for (std::size_t i = close + 1; i-- > 0;) {
    if (s[i] == ')') ++depth;
    if (s[i] == '(' && --depth == 0) {
      open = i;
      break;
    }
  }
  if (open == std::string::npos || open == 0) return s;
  // Walk back over the (possibly templated, qualified) name.
  std::size_t end = open;
  depth = 0;
  std::size_t i = open;
  while (i > 0) {
    char c = s[i - 1];
    if (c == '>' || c == ')') ++depth;
    else if (c == '<' || c == '(') --depth;
    else if (c == ' ' && depth == 0) {
      // "operator co_await" style names contain spaces after "operator".
      break;
    }
    --i;
  }
  return s.substr(i, end - i);
}

std::string call_site(const std::source_location& def, void* ramp_pc, void* return_address) {
  if (ramp_pc) {
    // If the ramp was inlined into its caller, the inline chain at ramp_pc continues past the
    // coroutine's own frame: the next entry is the call site.
    auto c = chain(static_cast<char*>(ramp_pc) - 1);
    for (std::size_t i = 0; i + 1 < c.size(); ++i)
      if (static_cast<unsigned>(c[i].line) == def.line() && same_file(c[i].file, def.file_name()))
        return c[i + 1].file + ":" + std::to_string(c[i + 1].line);
  }
  if (return_address) {
    auto c = chain(static_cast<char*>(return_address) - 1);
    if (!c.empty()) return c.front().file + ":" + std::to_string(c.front().line);
    return "<unknown> (" + dladdr_name(static_cast<char*>(return_address) - 1) + "; build with -g for file:line)";
  }
  return "<unknown>";
}

std::string describe_exception(std::exception_ptr e) {
  if (!e) return {};
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return demangle(typeid(ex).name()) + "(\"" + ex.what() + "\")";
  } catch (...) {
    const std::type_info* t = abi::__cxa_current_exception_type();
    return t ? demangle(t->name()) + " (not a std::exception)" : "<unknown exception>";
  }
}

std::string describe_pc(void* pc) {
  auto c = chain(static_cast<char*>(pc) - 1);
  if (!c.empty()) {
    std::string s;
    for (std::size_t i = 0; i < c.size(); ++i) {
      if (i) s += "\n      inlined into ";
      s += demangle(c[i].function.c_str()) + " at " + c[i].file + ":" + std::to_string(c[i].line);
    }
    return s;
  }
  return dladdr_name(static_cast<char*>(pc) - 1);
}

}  // namespace coroguard::detail
