#!/usr/bin/env python3
"""Real-code evaluation: run every coro-* check over real coroutine projects.

    run_eval.py --coroguard build/bin/coroguard --work /tmp/coroguard-eval \\
        --project cppcoro=/src/cppcoro --project libcoro=/src/libcoro \\
        --project asio=/src/asio --project drogon=/src/drogon \\
        --project trantor=/src/trantor [--config default,options] [-j 2]

Nothing is fetched: each --project NAME=PATH is a checkout you supply (see
README.md for the commits evaluated). For each project the script writes a
compilation database under --work/<name>/ (reconstructed from the project's
build files: which sources, which include directories and defines, plus the
few generated headers a configure step would write), runs

    coroguard -p <db> -j N --format=json -o <report> -checks='-*,coro-*' [-config=...]

once per configuration, and prints one table per configuration: translation
units, lines, findings per check, translation units that did not compile
(a setup problem, not a tool failure), crashes (a worker that died) and wall
time. The JSON reports stay in --work for triage; `--list` prints every
finding as `file:line | check | message` (the triage format's first two
columns).

Configurations:
  default   the checks with their default options.
  options   the non-default options users turn on:
            coro-unobserved-task.ReportSwallowingDetach=true and
            coro-cross-thread-loop-call.Presets='asio;libuv'.

Exit code: 0 when every project ran and nothing crashed, 1 if a worker
crashed, 2 on a setup problem (a project path that is missing, a translation
unit that did not compile, a coroguard usage error).
"""

import argparse
import glob
import json
import os
import shlex
import subprocess
import sys
import time
from collections import Counter, OrderedDict

CHECKS = (
    "coro-never-awaited",
    "coro-blocking-call",
    "coro-cross-thread-loop-call",
    "coro-unobserved-task",
    "coro-unclosed-async-generator",
    "coro-async-generator-outside-loop",
    "coro-concurrent-generator-use",
)

CONFIGS = OrderedDict([
    ("default", None),
    ("options", "{CheckOptions: {"
                "coro-unobserved-task.ReportSwallowingDetach: true, "
                "coro-cross-thread-loop-call.Presets: 'asio;libuv'}}"),
])

SOURCE_EXT = (".cpp", ".cc", ".cxx")
HEADER_EXT = (".h", ".hpp", ".hh", ".hxx", ".ipp")


def files(root, patterns, exclude=()):
    """Sorted files under root matching the glob patterns, minus exclusions
    (substrings of the path relative to root)."""
    out = set()
    for pat in patterns:
        out.update(glob.glob(os.path.join(root, pat), recursive=True))
    return sorted(f for f in out
                  if os.path.isfile(f)
                  and not any(x in os.path.relpath(f, root) for x in exclude))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# ---------------------------------------------------------------------------
# Recipes: each returns (entries, header_dirs, notes). An entry is
# (source file, [compiler arguments without the file]). header_dirs are the
# project's own header directories (for the line count). notes say what was
# reconstructed or left out, printed under the table.

def recipe_cppcoro(root, work, projects):
    # lib/CMakeLists.txt: the portable sources plus the Linux ones (io_uring
    # free in this fork); test/CMakeLists.txt: every test, doctest in test/.
    inc = os.path.join(root, "include")
    flags = ["-std=c++20", "-I" + inc, "-I" + os.path.join(root, "test"), "-pthread"]
    srcs = files(root, ["lib/*.cpp", "test/*.cpp"], exclude=("win32.cpp",))
    return [(s, flags) for s in srcs], [inc, os.path.join(root, "lib")], [
        "sources: lib/*.cpp except win32.cpp, test/*.cpp (as lib/ and test/CMakeLists.txt on Linux)"]


def recipe_libcoro(root, work, projects):
    # CMakeLists.txt with LIBCORO_FEATURE_NETWORKING and LIBCORO_FEATURE_TLS on
    # (the Linux defaults): they are PUBLIC compile definitions of the library.
    # generate_export_header writes include/coro/export.hpp into the build
    # tree; a static build's version only defines CORO_EXPORT empty. c-ares and
    # OpenSSL come from the system (libc-ares-dev, libssl-dev) instead of the
    # vendored submodule.
    gen = os.path.join(work, "generated")
    write(os.path.join(gen, "coro", "export.hpp"),
          "#pragma once\n#define CORO_EXPORT\n#define CORO_NO_EXPORT\n")
    inc = os.path.join(root, "include")
    flags = ["-std=c++20", "-DLIBCORO_FEATURE_NETWORKING", "-DLIBCORO_FEATURE_TLS",
             "-I" + inc, "-I" + gen, "-I" + os.path.join(root, "test"), "-pthread"]
    srcs = files(root, ["src/**/*.cpp", "test/**/*.cpp", "examples/*.cpp"],
                 exclude=("io_notifier_kqueue.cpp", "test/android", "catch_amalgamated.cpp"))
    return [(s, flags) for s in srcs], [inc, os.path.join(root, "src")], [
        "defines LIBCORO_FEATURE_NETWORKING and LIBCORO_FEATURE_TLS (CMake defaults on Linux); "
        "coro/export.hpp written by the script (generate_export_header's static-build content)",
        "left out: src/detail/io_notifier_kqueue.cpp (macOS), test/android, "
        "test/catch_amalgamated.cpp (Catch2's 12k-line amalgamation, no coroutine)"]


def recipe_asio(root, work, projects):
    # Standalone Asio: its C++20 examples and the unit tests that use
    # coroutines (awaitable, use_awaitable, this_coro, experimental coro,
    # awaitable operators, co_spawn and friends).
    base = os.path.join(root, "asio") if os.path.isdir(os.path.join(root, "asio", "include")) else root
    inc = os.path.join(base, "include")
    flags = ["-std=c++20", "-DASIO_STANDALONE", "-I" + inc,
             "-I" + os.path.join(base, "src", "tests"), "-pthread"]
    examples = files(base, ["src/examples/cpp20/**/*.cpp"])
    tests = [f for f in files(base, ["src/tests/unit/**/*.cpp"])
             if "co_await" in open(f, encoding="utf-8", errors="replace").read()
             or "use_awaitable" in open(f, encoding="utf-8", errors="replace").read()]
    return [(s, flags) for s in examples + tests], [os.path.join(inc, "asio")], [
        "sources: src/examples/cpp20/**/*.cpp and the src/tests/unit/**/*.cpp that contain "
        "`co_await` or `use_awaitable`; -DASIO_STANDALONE"]


def trantor_root(projects, drogon_root):
    t = projects.get("trantor")
    if t:
        return t
    return os.path.join(drogon_root, "trantor")  # the git submodule


def trantor_generated(work):
    gen = os.path.join(work, "generated")
    write(os.path.join(gen, "trantor", "exports.h"),
          "#pragma once\n#define TRANTOR_EXPORT\n#define TRANTOR_NO_EXPORT\n"
          "#define TRANTOR_DEPRECATED __attribute__((__deprecated__))\n")
    return gen


def recipe_trantor(root, work, projects):
    # trantor/CMakeLists.txt on Linux: epoll, OpenSSL as TLS provider, no
    # c-ares (the normal resolver), the tests and unittests (gtest).
    gen = trantor_generated(work)
    flags = ["-std=c++17", "-I" + root, "-I" + gen, "-DUSE_OPENSSL", "-pthread"] + [
        "-I" + os.path.join(root, "trantor", d) for d in ("utils", "net", "net/inner")]
    srcs = files(root, ["trantor/**/*.cc"],
                 exclude=("Windows", "Win.cc", "KQueue", "AresResolver", "Botan",
                          "botan", "wepoll", "IOCP", "SpdLoggerTest", "MTLSServer"))
    return [(s, flags) for s in srcs], [os.path.join(root, "trantor")], [
        "trantor/exports.h written by the script (CMake's generate_export_header, static build); "
        "-DUSE_OPENSSL, epoll poller, normal resolver (no c-ares); -std=c++17 as its CMake",
        "left out: Windows/kqueue/Botan/c-ares sources, tests/SpdLoggerTest.cc (needs spdlog), "
        "tests/MTLSServer.cc (not in tests/CMakeLists.txt; uses an API this trantor lacks)"]


def recipe_drogon(root, work, projects):
    # drogon/CMakeLists.txt in C++20 (coroutines on), no database backends,
    # no Redis client library (hiredis), Brotli off; the headers a configure
    # step generates (drogon/config.h, drogon/version.h, drogon/exports.h,
    # trantor/exports.h) are written by the script.
    troot = trantor_root(projects, root)
    gen = trantor_generated(work)
    write(os.path.join(gen, "drogon", "exports.h"),
          "#pragma once\n#define DROGON_EXPORT\n#define DROGON_NO_EXPORT\n"
          "#define DROGON_DEPRECATED __attribute__((__deprecated__))\n")
    write(os.path.join(gen, "drogon", "config.h"),
          "#pragma once\n#define USE_POSTGRESQL 0\n#define LIBPQ_SUPPORTS_BATCH_MODE 0\n"
          "#define USE_MYSQL 0\n#define USE_SQLITE3 0\n#define HAS_STD_FILESYSTEM_PATH 1\n"
          "#define COMPILATION_FLAGS \"-std=c++20\"\n#define COMPILER_COMMAND \"clang++\"\n"
          "#define COMPILER_ID \"Clang\"\n#define INCLUDING_DIRS \"\"\n")
    write(os.path.join(gen, "drogon", "version.h"),
          "#pragma once\n#define MAJOR 1\n#define MINOR 9\n#define PATCH 0\n"
          "#define DROGON_VERSION \"1.9\"\n#define DROGON_VERSION_SHA1 \"\"\n")
    incs = [troot, os.path.join(root, "lib", "inc"), os.path.join(root, "orm_lib", "inc"),
            os.path.join(root, "nosql_lib", "redis", "inc"), gen]
    flags = ["-std=c++20", "-DUSE_OSSP_UUID=0"] + ["-I" + i for i in incs] + [
        "-I" + os.path.join(root, "lib", "src"), "-isystem", "/usr/include/jsoncpp",
        "-isystem", "/usr/include/uuid", "-pthread"]
    srcs = files(root, ["lib/src/*.cc", "orm_lib/src/*.cc", "lib/tests/unittests/*.cc",
                        "orm_lib/tests/db_test.cc", "nosql_lib/redis/tests/redis_test.cc",
                        "lib/tests/integration_test/server/*.cc",
                        "lib/tests/integration_test/client/*.cc",
                        "examples/**/*.cc"],
                 exclude=("Windows", "BrotliCompress", "YamlConfigAdapter",
                          "redis_cache/filters/TimeFilter.cc",
                          "orm_lib/src/postgresql_impl", "orm_lib/src/mysql_impl",
                          "orm_lib/src/sqlite3_impl", "orm_lib/src/duckdb_impl"))
    flags.append("-I" + os.path.join(root, "lib"))  # unittests include "../lib/src/..."

    def per_file(src):
        rel = os.path.relpath(src, root).split(os.sep)
        if rel[0] == "examples":  # each example is its own project
            return flags + ["-I" + os.path.join(root, "examples", rel[1])]
        return flags

    return [(s, per_file(s)) for s in srcs], [os.path.join(root, d) for d in
                                        ("lib/inc", "orm_lib/inc", "nosql_lib/redis/inc")], [
        "drogon/{config,version,exports}.h and trantor/exports.h written by the script "
        "(no database backend, no Brotli, no yaml-cpp, no hiredis)",
        "sources: lib/src, orm_lib/src (backend-independent), unit tests, db_test, redis_test, "
        "the integration test server and client, examples/**",
        "left out: examples/redis_cache/filters/TimeFilter.cc (does not compile with clang: "
        "co_await in a catch handler, line 54), Windows, Brotli and yaml-cpp sources, "
        "the database backends"]


def recipe_async_simple(root, work, projects):
    # Held out: evaluated once, after the fixes the other projects drove.
    # async_simple is header-only; its CMake builds the unit tests of
    # async_simple/{coro,executors,util,uthread}/test and async_simple/test
    # (GoogleTest) and the demos, whose network demos use standalone Asio
    # (--project asio=... gives its headers; without it they are left out).
    asio = projects.get("asio")
    asio_inc = None
    if asio:
        base = os.path.join(asio, "asio") if os.path.isdir(os.path.join(asio, "asio", "include")) else asio
        asio_inc = os.path.join(base, "include")
    flags = ["-std=c++20", "-I" + root, "-pthread"]
    if asio_inc:
        flags += ["-DASIO_STANDALONE", "-I" + asio_inc]
    srcs = files(root, ["async_simple/**/test/*.cpp", "demo_example/*.cpp"],
                 exclude=("Modules",))
    if not asio_inc:
        srcs = [f for f in srcs
                if "asio" not in open(f, encoding="utf-8", errors="replace").read()]
    return [(s, flags) for s in srcs], [os.path.join(root, "async_simple")], [
        "held out: added after the fixes driven by the other projects, triaged once",
        "sources: async_simple/**/test/*.cpp (GoogleTest from the system) and demo_example/*.cpp "
        "except the C++20-modules demo; the Asio demos need --project asio=..."]


def yaclib_config(root, gen):
    # src/CMakeLists.txt's configure_file(config.hpp.in) with the defaults of
    # a Linux build with YACLIB_FLAGS=CORO (cmake/yaclib_flags.cmake,
    # yaclib_coro.cmake): no sanitizer, no coverage, YACLIB_FAULT off (0),
    # coroutines on with symmetric and final-suspend transfer, futex off
    # (yaclib_flags.cmake pins YACLIB_FUTEX to 0).
    values = {"YACLIB_ASAN": "0", "YACLIB_TSAN": "0", "YACLIB_MEMSAN": "0",
              "YACLIB_UBSAN": "0", "YACLIB_FAULT": "0", "YACLIB_COVERAGE": "0",
              "YACLIB_CORO_NEED": "1", "YACLIB_SYMMETRIC_TRANSFER": "1",
              "YACLIB_FINAL_SUSPEND_TRANSFER": "1", "YACLIB_FUTEX": "0"}
    with open(os.path.join(root, "src", "config.hpp.in"), encoding="utf-8") as f:
        text = f.read()
    for k, v in values.items():
        text = text.replace("${" + k + "}", v)
    write(os.path.join(gen, "yaclib", "config.hpp"), text)


def recipe_yaclib(root, work, projects):
    # YACLib (executor / thread-pool futures with coroutine support), built as
    # with -DYACLIB_FLAGS=CORO -DYACLIB_TEST=ON on Linux: the static library's
    # sources (src/**, the fault-injection runtime only when YACLIB_FAULT is
    # set, which it is not by default), and every test of test/CMakeLists.txt
    # (unit tests, examples, dealloc_order, log; GoogleTest from the system),
    # each with the test's definitions (YACLIB_CI_SLOWDOWN=1; the log test
    # adds YACLIB_LOG_DEBUG and YACLIB_LOG_WARN).
    gen = os.path.join(work, "generated")
    yaclib_config(root, gen)
    inc = os.path.join(root, "include")
    lib_flags = ["-std=c++20", "-I" + inc, "-I" + gen, "-I" + os.path.join(root, "src"),
                 "-pthread"]
    test_flags = lib_flags + ["-I" + os.path.join(root, "test"), "-DYACLIB_CI_SLOWDOWN=1"]
    srcs = files(root, ["src/**/*.cpp"],
                 exclude=("fault/fiber", "fault/random_device.cpp", "fault/atomic.cpp",
                          "fault/condition_variable.cpp"))
    tests = files(root, ["test/**/*.cpp"], exclude=("unit/fault",))

    def per_test(src):
        if os.path.relpath(src, root) == os.path.join("test", "unit", "log.cpp"):
            return test_flags + ["-DYACLIB_LOG_DEBUG", "-DYACLIB_LOG_WARN"]
        return test_flags

    return [(s, lib_flags) for s in srcs] + [(t, per_test(t)) for t in tests], \
        [inc, os.path.join(root, "src"), os.path.join(root, "test")], [
        "held out: added after the executor-model work, triaged once (executor / thread-pool "
        "library, no event loop)",
        "yaclib/config.hpp written by the script from src/config.hpp.in (YACLIB_FLAGS=CORO: "
        "coroutines on, symmetric transfer, no fault injection, no sanitizer, futex off)",
        "sources: src/** (the library; fault/fiber, random_device, atomic and "
        "condition_variable only exist with YACLIB_FAULT), test/** (every unit test and example "
        "of test/CMakeLists.txt with YACLIB_CORO, dealloc_order, log; GoogleTest from the system)",
        "left out: test/unit/fault (built only with YACLIB_FAULT=FIBER)"]


def qt6_flags():
    """Compiler flags for Qt6 Core and Network (qt6-base-dev), or None."""
    try:
        out = subprocess.run(["pkg-config", "--cflags", "Qt6Core", "Qt6Network"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    # CMake gives imported targets' include directories as -isystem: so here.
    flags = []
    for f in shlex.split(out.stdout.decode()):
        flags += ["-isystem", f[2:]] if f.startswith("-I") else [f]
    return flags + ["-fPIC"]


def recipe_corral(root, work, projects):
    # corral (hudson-trading/corral): header-only structured concurrency over
    # an event loop the user brings (Boost.Asio, Qt, a test loop). Its CMake
    # builds the basic tests (Catch2 v2, Debian's catch2 package), the Asio
    # test with OpenSSL (Boost >= 1.77: Debian's libboost1.81-dev), the Asio
    # examples and, when Qt6 is found, the Qt example (no moc needed: no
    # Q_OBJECT in it).
    flags = ["-std=c++20", "-I" + root, "-pthread"]
    tests = files(root, ["test/*.cc"])
    examples = files(root, ["examples/asio_*.cc"])
    entries = [(t, flags + (["-DCORRAL_HAVE_OPENSSL"] if t.endswith("asio_test.cc") else []))
               for t in tests] + [(e, flags) for e in examples]
    notes = ["held out: added after the executor-model work, triaged once (event-loop library)",
             "sources: test/*.cc (the basic tests of CMakeLists.txt, the Asio test with "
             "CORRAL_HAVE_OPENSSL, and test/degenerate_thread_pool_test.cc, which compiles but "
             "is not in CMakeLists.txt), examples/asio_*.cc; Catch2 v2 (catch2) and Boost 1.81 "
             "(libboost1.81-dev) from the system"]
    qt = qt6_flags()
    qt_example = os.path.join(root, "examples", "qt_echo_server.cc")
    if qt and os.path.exists(qt_example):
        entries.append((qt_example, flags + qt))
        notes.append("examples/qt_echo_server.cc with Qt6 Core and Network from pkg-config "
                     "(qt6-base-dev)")
    else:
        notes.append("left out: examples/qt_echo_server.cc (Qt6 not found by pkg-config; "
                     "install qt6-base-dev)")
    return entries, [os.path.join(root, "corral"), os.path.join(root, "test")], notes


def recipe_concurrencpp(root, work, projects):
    # concurrencpp (David-Haim/concurrencpp): executors (thread pool, worker
    # thread, manual, thread-per-task, background), lazy/eager results,
    # timers and async locks, with coroutines. CMakeLists.txt builds the
    # library (source/**, static: CRCPP_API empty, PUBLIC include/,
    # cxx_std_20 with CXX_EXTENSIONS off for clang); test/CMakeLists.txt the
    # test infrastructure (its own assertions/tester, no GoogleTest) and one
    # executable per test with PRIVATE test/include, plus the ThreadSanitizer
    # programs of test/source/thread_sanitizer when ENABLE_THREAD_SANITIZER is
    # on (concurrencppInjectTSAN.cmake adds -fsanitize=thread as a PUBLIC
    # option of the library); example/*/ and sandbox/ are one executable
    # each. Nothing is generated.
    inc = os.path.join(root, "include")
    flags = ["-std=c++20", "-I" + inc, "-pthread"]
    test_flags = flags + ["-I" + os.path.join(root, "test", "include")]
    tsan_flags = test_flags + ["-fsanitize=thread"]
    lib = files(root, ["source/**/*.cpp"])
    tests = files(root, ["test/source/**/*.cpp"])
    programs = files(root, ["example/*/source/*.cpp", "sandbox/*.cpp"])

    def per_test(src):
        if "thread_sanitizer" in os.path.relpath(src, root):
            return tsan_flags
        return test_flags

    return [(s, flags) for s in lib] + [(t, per_test(t)) for t in tests] + \
        [(e, flags) for e in programs], \
        [inc, os.path.join(root, "source"), os.path.join(root, "test", "include")], [
        "held out: added after the executor-model work, triaged once (executor library with "
        "pools, a worker thread, a manual executor and executors made for blocking; no event loop)",
        "sources: source/** (the library), test/source/** (the test infrastructure, every test of "
        "test/CMakeLists.txt, and the thread_sanitizer programs it builds with "
        "ENABLE_THREAD_SANITIZER, with -fsanitize=thread), example/*/source/main.cpp, "
        "sandbox/main.cpp; -std=c++20 -Iinclude (+ -Itest/include); nothing generated, "
        "nothing left out"]


def recipe_netcan_asyncio(root, work, projects):
    # netcan/asyncio: a Python-asyncio-like event loop for C++20 coroutines
    # (one EventLoop per thread, epoll on Linux, Task<T>, schedule_task,
    # gather, wait_for, sleep, open_connection / start_server streams).
    # CMakeLists.txt builds the library (src/event_loop.cpp, PUBLIC include/,
    # PUBLIC -fPIC, fmt::fmt from find_package: Debian's libfmt-dev) with
    # CMAKE_CXX_STANDARD 20 and CXX_EXTENSIONS off; with BUILD_TESTING,
    # test/st's three programs (linked to asyncio only), test/ut's asyncio_ut
    # and test/pt's sched_test, which link Catch2WithMain (and nanobench)
    # from the third_party/ git submodules (absent from a plain clone; Catch2
    # v3 would also need the catch_user_config.hpp its CMake generates).
    # Nothing is generated.
    inc = os.path.join(root, "include")
    flags = ["-std=c++20", "-I" + inc, "-fPIC"]
    srcs = files(root, ["src/*.cpp", "test/st/*.cpp"])
    notes = ["sources: src/event_loop.cpp (the library) and test/st/*.cpp (hello_world, "
             "echo_client, echo_server), -std=c++20 -Iinclude -fPIC; fmt from the system "
             "(libfmt-dev); nothing generated"]
    return [(s, flags) for s in srcs], [os.path.join(inc, "asyncio")], notes + [
        "left out: test/ut/{task,result,selector}_test.cpp and test/pt/sched_test.cpp: they "
        "include Catch2 v3 headers (catch2/catch_test_macros.hpp) from the third_party/Catch2 "
        "git submodule (sched_test also nanobench.h from third_party/nanobench), both missing "
        "from the checkout; Debian's catch2 is v2 (catch2/catch.hpp only)"]


def recipe_kelcoro(root, work, projects):
    # kelcoro (kelbon/kelcoro): header-only C++20 coroutines (task, async_task,
    # job, generator, channel, events, gate, a thread pool with strands).
    # CMakeLists.txt: an INTERFACE library (include/, CXX_STANDARD 20,
    # CXX_EXTENSIONS OFF); with KELCORO_ENABLE_TESTING (off by default, on in
    # its CI and CMakePresets' dev presets) tests/CMakeLists.txt builds one
    # executable per part: test_{coroutines,generator,thread_pool,
    # stack_resource,gate}.cpp, linked to kelcorolib only (no test framework,
    # no Threads). Nothing is generated. clang 22 (22.1.8 here) crashes in
    # Sema on every coroutine whose promise takes operator new/delete from a
    # base through using-declarations (dd::resourced_promise: the *_r / pmr
    # aliases, a with_resource parameter, thread_pool::schedule's internal
    # coroutine), and each test but test_gate.cpp has one:
    # llvm/llvm-project#164088, fixed by llvm/llvm-project#179141, not in this
    # clang. coroguard links the same libclang-cpp and crashes the same way.
    inc = os.path.join(root, "include")
    flags = ["-std=c++20", "-I" + inc]
    srcs = [os.path.join(root, "tests", "test_gate.cpp")]
    crash = ("coroutines", "generator", "thread_pool", "stack_resource")
    return [(s, flags) for s in srcs], [os.path.join(inc, "kelcoro")], [
        "sources: tests/test_gate.cpp (KELCORO_ENABLE_TESTING's gate test), -std=c++20 "
        "-Iinclude; header-only, nothing generated",
        "left out: " + ", ".join("tests/test_%s.cpp" % p for p in crash) + ": clang 22 "
        "(libclang-cpp 22.1.8, which coroguard links) segfaults in "
        "FunctionDecl::isTypeAwareOperatorNewOrDelete on coroutines whose promise brings "
        "operator new/delete in with using-declarations (dd::resourced_promise), "
        "llvm/llvm-project#164088, fixed upstream by #179141; -fcoro-aligned-allocation "
        "does not avoid it"]


def recipe_yalantinglibs(root, work, projects):
    # yalantinglibs (alibaba/yalantinglibs), its coroutine parts: coro_io,
    # coro_rpc and coro_http (headers in include/ylt/, on the bundled
    # standalone Asio and async_simple of include/ylt/thirdparty and cinatra
    # of include/ylt/standalone). The top-level CMakeLists.txt, in C++20
    # (ENABLE_CPP_20 on with clang >= 13): include/, include/ylt/thirdparty,
    # include/ylt/standalone and src/include (doctest) for every target,
    # YLT_ENABLE_DL (config.cmake's default), SSL, NTLS, ibverbs, CUDA,
    # io_uring and NetworkDirect off (their defaults). cmake/subdir.cmake adds
    # src/<part>/{examples,tests} (BUILD_EXAMPLES and BUILD_UNIT_TESTS on);
    # the targets' sources and definitions are those of their CMakeLists.txt:
    # coro_rpc_test with UNIT_TEST_INJECT and STRUCT_PACK_ENABLE_UNPORTABLE_TYPE
    # (rpc_api.cpp, also linked into the three coro_rpc_regist_test_N, is one
    # entry), coro_http_test with INJECT_FOR_HTTP_{CLIENT,SEVER}_TEST and
    # CINATRA_ENABLE_GZIP (zlib found: zlib1g-dev), CMAKE_INCLUDE_CURRENT_DIR
    # where set. Nothing is generated.
    inc = os.path.join(root, "include")
    base = ["-std=c++20", "-I" + inc, "-I" + os.path.join(inc, "ylt", "thirdparty"),
            "-I" + os.path.join(inc, "ylt", "standalone"),
            "-I" + os.path.join(root, "src", "include"), "-DYLT_ENABLE_DL", "-pthread"]
    src = os.path.join(root, "src")

    def at(part, names):
        return [os.path.join(src, part, n) for n in names]

    rpc_tests_dir = os.path.join(src, "coro_rpc", "tests")
    http_tests_dir = os.path.join(src, "coro_http", "tests")
    targets = [
        (at("coro_io/tests", ["test_io_context_pool.cpp", "test_corofile.cpp",
                              "test_load_balancer.cpp", "test_client_pool.cpp",
                              "test_rate_limiter.cpp", "test_coro_channel.cpp",
                              "test_cancel.cpp", "main.cpp"]), base),
        (at("coro_io/examples", ["main.cpp"]), base),
        (at("coro_rpc/tests", ["test_acceptor.cpp", "test_coro_rpc_server.cpp",
                               "test_coro_rpc_client.cpp", "test_register_handler.cpp",
                               "test_router.cpp", "test_connection.cpp",
                               "test_function_name.cpp", "test_variadic.cpp",
                               "test_parallel.cpp", "test_client_filter.cpp",
                               "test_abi_compatible.cpp", "rpc_api.cpp", "main.cpp"]),
         base + ["-I" + rpc_tests_dir, "-DUNIT_TEST_INJECT",
                 "-DSTRUCT_PACK_ENABLE_UNPORTABLE_TYPE"]),
        (at("coro_rpc/tests", ["test_register_duplication_%d.cpp" % i for i in (1, 2, 3)]),
         base + ["-I" + rpc_tests_dir]),
        (at("coro_rpc/examples/base_examples", ["load_balancer.cpp", "client_pool.cpp",
                                                "client_pools.cpp", "client.cpp",
                                                "concurrent_clients.cpp", "server.cpp",
                                                "rpc_service.cpp"]), base),
        (at("coro_rpc/examples/file_transfer", ["file_server.cpp", "rpc_service.cpp",
                                                "file_client.cpp"]), base),
        (at("coro_http/tests", ["test_mixed.cpp", "test_coro_http_server.cpp",
                                "test_cinatra.cpp", "test_cinatra_websocket.cpp",
                                "test_http_parse.cpp", "test_http_client_filter.cpp",
                                "test_http_ssl_mutual_auth.cpp", "main.cpp"]),
         base + ["-I" + http_tests_dir, "-DCINATRA_ENABLE_GZIP",
                 "-DINJECT_FOR_HTTP_CLIENT_TEST", "-DINJECT_FOR_HTTP_SEVER_TEST"]),
        (at("coro_http/examples", ["example.cpp", "load_balancer.cpp", "chat_room.cpp"]), base),
    ]
    entries = [(s, flags) for srcs, flags in targets for s in srcs if os.path.isfile(s)]
    missing = [s for srcs, _ in targets for s in srcs if not os.path.isfile(s)]
    notes = ["never used for tuning; sources: src/coro_io/{tests,examples}, "
             "src/coro_rpc/{tests,examples/base_examples,examples/file_transfer}, "
             "src/coro_http/{tests,examples} as their CMakeLists.txt list them with the default "
             "options (C++20, YLT_ENABLE_DL; SSL, NTLS, ibverbs, CUDA, io_uring off); "
             "-Iinclude -Iinclude/ylt/thirdparty (bundled Asio and async_simple) "
             "-Iinclude/ylt/standalone (cinatra, iguana) -Isrc/include (doctest); "
             "nothing generated",
             "left out: the benchmarks, the ibverbs/NetworkDirect/CUDA/NTLS tests and examples "
             "(off by default), the pybind11 and go bindings, the rest_rpc example "
             "(CORO_RPC_USE_OTHER_RPC off), the serialisation libraries (no coroutines)"]
    if missing:
        notes.append("not in this checkout: " + ", ".join(os.path.relpath(m, root) for m in missing))
    return entries, [os.path.join(inc, "ylt", d) for d in ("coro_io", "coro_rpc", "coro_http")] + \
        [os.path.join(inc, "ylt", "standalone", "cinatra")], notes


def recipe_libunifex(root, work, projects):
    # libunifex (facebookexperimental/libunifex): senders/receivers with
    # coroutine interop (task, awaitables), schedulers (static_thread_pool,
    # single_thread_context, new_thread_context, manual_event_loop,
    # timed_single_thread_context), Linux io_uring/epoll contexts.
    # CMakeLists.txt on Linux with coroutines (CXX_STANDARD 20):
    # source/CMakeLists.txt builds the library from source/*.cpp plus
    # source/linux/*.cpp (the Windows sources left out); examples/ one program
    # per file (examples/linux/ on Linux). include/unifex/config.hpp is in the
    # tree (no generated config). The tests (test/, GoogleTest) are left out:
    # the library and its programs are the code users write.
    inc = os.path.join(root, "include")
    flags = ["-std=c++20", "-I" + inc, "-pthread"]
    lib = files(root, ["source/*.cpp", "source/linux/*.cpp"])
    programs = files(root, ["examples/*.cpp", "examples/linux/*.cpp"])
    return [(s, flags) for s in lib + programs], [inc, os.path.join(root, "source")], [
        "never used before issue 19's third session (cross-file callers of a loop call)",
        "sources: source/*.cpp, source/linux/*.cpp (the library on Linux), examples/*.cpp, "
        "examples/linux/*.cpp; -std=c++20 -Iinclude -pthread; nothing generated; "
        "left out: source/win32/, test/ (GoogleTest)"]


RECIPES = OrderedDict([
    ("cppcoro", recipe_cppcoro),
    ("libcoro", recipe_libcoro),
    ("asio", recipe_asio),
    ("drogon", recipe_drogon),
    ("trantor", recipe_trantor),
    ("async_simple", recipe_async_simple),
    ("yaclib", recipe_yaclib),
    ("corral", recipe_corral),
    ("concurrencpp", recipe_concurrencpp),
    ("netcan_asyncio", recipe_netcan_asyncio),
    ("kelcoro", recipe_kelcoro),
    ("yalantinglibs", recipe_yalantinglibs),
    ("libunifex", recipe_libunifex),
])


def count_lines(paths):
    n = 0
    for p in paths:
        with open(p, "rb") as f:
            n += f.read().count(b"\n")
    return n


def header_lines(dirs):
    hs = set()
    for d in dirs:
        for dirpath, _, names in os.walk(d):
            hs.update(os.path.join(dirpath, n) for n in names if n.endswith(HEADER_EXT))
    return len(hs), count_lines(sorted(hs))


def write_db(name, entries, work):
    db_dir = os.path.join(work, name)
    os.makedirs(db_dir, exist_ok=True)
    db = [{"directory": db_dir, "file": src,
           "arguments": ["clang++"] + flags + ["-c", src]} for src, flags in entries]
    with open(os.path.join(db_dir, "compile_commands.json"), "w", encoding="utf-8") as f:
        json.dump(db, f, indent=1)
    return db_dir


def run_coroguard(args, name, db_dir, root, config, coroguard=None, extra=(), tag=None,
                  stderr_out=None):
    """Runs coroguard (args.coroguard unless `coroguard` is given) over db_dir with a
    configuration of CONFIGS, `extra` arguments, into report.<tag or config>.json.
    Returns (report or None, wall seconds, exit code); `stderr_out`, a list, gets the
    run's standard error lines (eval/compare.py reads the summary phase's line)."""
    tag = tag or config
    report = os.path.join(db_dir, f"report.{tag}.json")
    if os.path.exists(report):
        os.remove(report)  # never read a previous run's report
    cmd = [coroguard or args.coroguard, "-p", db_dir, f"-j{args.jobs}", "--format=json",
           "-o", report, "--no-progress", f"--source-root={root}", "-checks=-*,coro-*"]
    if CONFIGS[config]:
        cmd.append("-config=" + CONFIGS[config])
    cmd += list(extra)
    start = time.monotonic()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL)
    wall = time.monotonic() - start
    with open(os.path.join(db_dir, f"command.{tag}.txt"), "w") as f:
        f.write(" ".join(shlex.quote(c) for c in cmd) + "\n")
    if stderr_out is not None:
        stderr_out += proc.stderr.decode("utf-8", "replace").splitlines()
    if proc.returncode not in (0, 1, 2) or not os.path.exists(report):
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        return None, wall, proc.returncode
    with open(report, encoding="utf-8") as f:
        return json.load(f), wall, proc.returncode


def short(check):
    return check.replace("coro-", "")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--coroguard", required=True)
    parser.add_argument("--work", required=True, help="where databases and reports go")
    parser.add_argument("--project", action="append", default=[], metavar="NAME=PATH",
                        help=f"a checkout; NAME is one of {', '.join(RECIPES)}")
    parser.add_argument("--config", default="default,options",
                        help="comma-separated configurations: " + ", ".join(CONFIGS))
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--list", action="store_true", help="print every finding")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    args = parser.parse_args()

    if not os.access(args.coroguard, os.X_OK):
        sys.exit(f"run_eval.py: {args.coroguard} is not an executable")
    args.coroguard = os.path.abspath(args.coroguard)
    projects = OrderedDict()
    for p in args.project:
        name, _, path = p.partition("=")
        if name not in RECIPES or not path:
            sys.exit(f"run_eval.py: --project {p}: expected NAME=PATH, NAME in {list(RECIPES)}")
        if not os.path.isdir(path):
            sys.exit(f"run_eval.py: {path} is not a directory")
        projects[name] = os.path.abspath(path)
    if not projects:
        sys.exit("run_eval.py: no --project given")
    configs = [c for c in args.config.split(",") if c]
    for c in configs:
        if c not in CONFIGS:
            sys.exit(f"run_eval.py: unknown configuration {c}")
    work = os.path.abspath(args.work)

    status = 0
    prepared = OrderedDict()
    notes = []
    for name, root in projects.items():
        entries, hdirs, pnotes = RECIPES[name](root, os.path.join(work, name), projects)
        db_dir = write_db(name, entries, work)
        nh, hl = header_lines(hdirs)
        prepared[name] = (root, db_dir, len(entries), count_lines([e[0] for e in entries]), nh, hl)
        notes += [f"{name}: {n}" for n in pnotes]

    for config in configs:
        rows = []
        failures = []
        for name, (root, db_dir, ntu, tul, nh, hl) in prepared.items():
            report, wall, rc = run_coroguard(args, name, db_dir, root, config)
            if report is None:
                print(f"{name}: coroguard exited {rc} without a report", file=sys.stderr)
                status = max(status, 2)
                continue
            per = Counter(d["check"] for d in report["diagnostics"])
            kinds = Counter(e["kind"] for e in report["errors"])
            failures += [(name, e) for e in report["errors"]]
            crashes = kinds["crash"] + kinds["tool-error"]
            compile_fail = kinds["compile-error"]
            if crashes:
                status = 1 if status == 0 else status
            if compile_fail or kinds["config-error"]:
                status = 2
            rows.append((name, ntu, tul, nh, hl, [per[c] for c in CHECKS],
                         sum(per.values()), compile_fail, crashes, wall))
            if args.list:
                for d in report["diagnostics"]:
                    print(f"{config}\t{name}\t{d['file']}:{d['line']} | {d['check']} | "
                          f"{d['message']}")
        print_table(config, rows, args.markdown)
        for name, e in failures:
            detail = "; ".join(f"{x.get('file')}:{x.get('line')}: {x.get('message')}"
                               for x in e.get("errors", [])[:2]) or \
                " / ".join(e.get("output", [])[:3])
            print(f"  {name}: {e['kind']}: {e.get('file')}: {detail}")
        print()
    for n in notes:
        print("note: " + n)
    return status


def print_table(config, rows, markdown):
    cols = ["project", "TUs", "TU lines", "headers", "header lines"] + \
        [short(c) for c in CHECKS] + ["total", "no compile", "crashes", "wall s"]
    total = ["total", 0, 0, 0, 0, [0] * len(CHECKS), 0, 0, 0, 0.0]
    for r in rows:
        for i in (1, 2, 3, 4, 6, 7, 8, 9):
            total[i] += r[i]
        total[5] = [a + b for a, b in zip(total[5], r[5])]

    def cells(r):
        return [r[0], str(r[1]), str(r[2]), str(r[3]), str(r[4])] + \
            [str(x) for x in r[5]] + [str(r[6]), str(r[7]), str(r[8]), f"{r[9]:.1f}"]

    table = [cells(r) for r in rows] + [cells(total)]
    print(f"configuration: {config}")
    print_rows(cols, table, markdown)


def print_rows(cols, table, markdown):
    """Prints rows of strings under `cols`: as Markdown, or aligned columns
    (the first left-aligned, the others right-aligned)."""
    if markdown:
        print("| " + " | ".join(cols) + " |")
        print("|" + "---|" * len(cols))
        for t in table:
            print("| " + " | ".join(t) + " |")
        return
    widths = [max(len(c), *(len(t[i]) for t in table)) for i, c in enumerate(cols)]
    for t in [cols] + table:
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(t, widths))))


if __name__ == "__main__":
    sys.exit(main())
