#!/usr/bin/env python3
"""Writes a C++20 project of N translation units for bench/summaries/run.py: the
cost of coroguard's whole-program analysis (cross-TU function summaries,
issue 19) on a program big enough for the summary phase and the cache to show.

    generate.py [--tus N] [--out DIR] [--seed S] [--runtime-include DIR]
                [--compiler CXX] [--flags FLAGS]

Every translation unit src/tu_NNNN.cpp includes gen/common.hpp (<vector>,
<string>, <thread>, <future>, <chrono> and the bundled runtime's
<coroguard/coroguard.hpp>, so its parse costs what a real one does) and the
headers of the groups it calls into (include/gen/gNNN.hpp: the declarations of
20 consecutive units each). It defines
  - 3-5 ordinary functions (vector and string work), some calling ordinary
    functions of other units through the headers;
  - a link of a call chain: the units are shuffled into chains of 2-5 units,
    u_a_link -> u_b_link -> u_c_link, each in another file; about one chain
    end in 7 blocks (std::this_thread::sleep_for or ::poll with a timeout),
    the others compute. Only a whole-program analysis sees that the first
    link of a blocking chain blocks;
  - 1-3 coroutines (coroguard::task<int>): co_await coroguard::sleep, calls of
    its own functions and of its chain link (one of the coroutines), and
    co_await of coroutines defined in other units;
  - in 6% of the units (at least 2) a worker `void u_i_worker(coroguard::event_loop &,
    int)` posting to the loop (call_soon_threadsafe; in a quarter of them the
    unsafe call_soon), which another unit hands to std::thread; some units
    also hand an ordinary function of another unit to std::thread or
    std::async.
Unit 0 has main(). Every function a header declares is defined in exactly one
unit, so the program links (CMakeLists.txt, against the runtime's CMake
project next to the include directory).

Output (--out, default /tmp/coroguard-summaries-bench/gen-N): src/, include/,
CMakeLists.txt and compile_commands.json (absolute paths; "directory" is
OUT/build, each entry compiles to OUT/build/obj/tu_NNNN.o). The same --tus
and --seed always give the same files (the compiler path aside, which is
looked up on this machine). Flags (--flags): "-std=c++20 -O2" by default, a
Release build without debug information: its objects are the smallest of the
usual configurations, so the summaries-to-objects size ratio is the least
flattering one.
"""

import argparse
import json
import os
import random
import shutil
import sys

GROUP = 20  # units per shared header


def parse_args(argv):
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tus", type=int, default=2000, help="translation units (default 2000)")
    p.add_argument("--out", help="output directory (default "
                   "/tmp/coroguard-summaries-bench/gen-N)")
    p.add_argument("--seed", type=int, default=19, help="random seed (default 19)")
    p.add_argument("--runtime-include", default=os.path.join(root, "runtime", "include"),
                   help="the bundled runtime's include directory (default: this checkout's)")
    p.add_argument("--compiler", default=shutil.which("clang++-22") or "clang++",
                   help="the compiler written into compile_commands.json")
    p.add_argument("--flags", default="-std=c++20 -O2",
                   help='compile flags besides the include directories (default "-std=c++20 -O2")')
    a = p.parse_args(argv)
    if a.tus < 2:
        p.error("--tus must be at least 2")
    a.out = os.path.abspath(a.out or f"/tmp/coroguard-summaries-bench/gen-{a.tus}")
    a.runtime_include = os.path.abspath(a.runtime_include)
    if not os.path.isfile(os.path.join(a.runtime_include, "coroguard", "coroguard.hpp")):
        p.error(f"{a.runtime_include}/coroguard/coroguard.hpp not found (--runtime-include)")
    return a


class Unit:
    def __init__(self, i):
        self.i = i
        self.nf = 0            # ordinary functions u{i}_f0..
        self.nc = 0            # coroutines u{i}_co0..
        self.link_next = None  # the next unit of its chain, or None at the end
        self.link_blocks = None  # at a chain end: None, "sleep" or "poll"
        self.worker = None     # None, "safe" or "unsafe"
        self.spawns = []       # (kind, unit): "worker" / "thread" / "async"
        self.calls = {}        # f index -> [(unit, f index)] cross-unit ordinary calls
        self.awaits = {}       # co index -> [unit] cross-unit coroutines awaited
        self.co_link = 0       # which coroutine calls the link


def plan(n, rng):
    def other(i):  # a unit other than i
        j = rng.randrange(n - 1)
        return j + (j >= i)

    units = [Unit(i) for i in range(n)]
    for u in units:
        u.nf = rng.randint(3, 5)
        u.nc = rng.randint(1, 3)
        u.co_link = rng.randrange(u.nc)
    # Chains of 2-5 units, each link in another file.
    order = list(range(n))
    rng.shuffle(order)
    pos = 0
    while pos < n:
        length = min(rng.randint(2, 5), n - pos)
        chain = order[pos:pos + length]
        pos += length
        for a, b in zip(chain, chain[1:]):
            units[a].link_next = b
        if rng.random() < 1 / 7:
            units[chain[-1]].link_blocks = rng.choice(("sleep", "poll"))
    # Cross-unit ordinary calls and awaits (to any other unit: the call graph
    # has cycles across files, as real programs do; no function calls itself
    # through them at run time because each call is guarded by a depth).
    for u in units:
        for k in range(u.nf):
            if rng.random() < 0.35:
                u.calls[k] = [(other(u.i), rng.randrange(3)) for _ in range(rng.randint(1, 2))]
        for k in range(u.nc):
            if rng.random() < 0.5:
                u.awaits[k] = [other(u.i)]
    # Workers handed to threads in other units.
    workers = rng.sample(range(n), max(2, n * 6 // 100))
    for w, i in enumerate(workers):
        units[i].worker = "unsafe" if w < max(1, len(workers) // 4) else "safe"
        units[other(i)].spawns.append(("worker", i))
    for u in units:
        r = rng.random()
        if r < 0.04:
            u.spawns.append(("thread", other(u.i)))
        elif r < 0.08:
            u.spawns.append(("async", other(u.i)))
    return units


def group_of(i):
    return i // GROUP


def declarations(u):
    p = f"u{u.i:04d}_"
    out = [f"int {p}f{k}(int x, int depth);" for k in range(u.nf)]
    out.append(f"int {p}link(int x);")
    out += [f"coroguard::task<int> {p}co{k}(int x);" for k in range(u.nc)]
    if u.worker:
        out.append(f"void {p}worker(coroguard::event_loop &loop, int x);")
    if u.spawns:
        out.append(f"void {p}spawn(coroguard::event_loop &loop);")
    return out


def unit_source(u, units, n):
    p = f"u{u.i:04d}_"
    needs = {group_of(u.i)}
    for targets in u.calls.values():
        needs.update(group_of(j) for j, _ in targets)
    for targets in u.awaits.values():
        needs.update(group_of(j) for j in targets)
    if u.link_next is not None:
        needs.add(group_of(u.link_next))
    for _, j in u.spawns:
        needs.add(group_of(j))
    out = [f"// Generated by bench/summaries/generate.py: unit {u.i} of {n}. Do not edit.",
           '#include "gen/common.hpp"']
    out += [f'#include "gen/g{g:03d}.hpp"' for g in sorted(needs)]
    if u.link_blocks == "poll":
        out.append("#include <poll.h>")
    out += ["", "using namespace std::chrono_literals;", "", "namespace gen {", ""]

    # Ordinary functions.
    for k in range(u.nf):
        body = [f"int {p}f{k}(int x, int depth) {{"]
        if k % 3 == 0:
            body += ["  std::vector<int> v;",
                     f"  for (int j = 0; j < x % {7 + k}; ++j)",
                     "    v.push_back(j * x);",
                     "  int sum = 0;",
                     "  for (int e : v)",
                     "    sum += e;"]
        elif k % 3 == 1:
            body += [f'  std::string s = "{p}f{k}:" + std::to_string(x);',
                     "  int sum = static_cast<int>(s.size());",
                     "  for (char c : s)",
                     "    sum += c == '1';"]
        else:
            body += [f"  int sum = x * {u.i % 13 + 3} + {k};"]
        if k > 0:
            body.append(f"  sum += {p}f{k - 1}(x + 1, depth);")
        if not u.calls.get(k):
            body.append("  (void)depth;")
        for j, fk in u.calls.get(k, []):
            fk = min(fk, units[j].nf - 1)
            body.append(f"  if (depth > 0)")
            body.append(f"    sum += u{j:04d}_f{fk}(x, depth - 1);")
        body += ["  return sum;", "}", ""]
        out += body

    # The chain link.
    out.append(f"int {p}link(int x) {{")
    out.append(f"  int r = {p}f0(x, 1);")
    if u.link_next is not None:
        out.append(f"  r += u{u.link_next:04d}_link(x + 1);")
    elif u.link_blocks == "sleep":
        out.append("  std::this_thread::sleep_for(std::chrono::milliseconds(x + 1));")
    elif u.link_blocks == "poll":
        out.append("  pollfd pfd{x, POLLIN, 0};")
        out.append("  r += ::poll(&pfd, 1, 100);")
    else:
        out.append("  std::vector<std::string> names(static_cast<std::size_t>(x % 5 + 1), \"n\");")
        out.append("  for (auto &s : names)")
        out.append("    r += static_cast<int>(s.size());")
    out += ["  return r;", "}", ""]

    # Coroutines.
    for k in range(u.nc):
        out.append(f"coroguard::task<int> {p}co{k}(int x) {{")
        out.append(f"  co_await coroguard::sleep({k + 1}ms);")
        out.append(f"  int a = {p}f{min(k, u.nf - 1)}(x, 2);")
        if k == u.co_link:
            out.append(f"  a += {p}link(a);")
        if k > 0:
            out.append(f"  a += co_await {p}co{k - 1}(a);")
        for j in u.awaits.get(k, []):
            out.append(f"  if (x > {k + 2})")
            out.append(f"    a += co_await u{j:04d}_co0(x - 1);")
        out += ["  co_return a;", "}", ""]

    # A worker run on another thread (handed to std::thread in another unit).
    if u.worker:
        post = "call_soon" if u.worker == "unsafe" else "call_soon_threadsafe"
        out += [f"void {p}worker(coroguard::event_loop &loop, int x) {{",
                f"  int r = {p}f0(x, 1);",
                f"  loop.{post}([r] {{ (void){p}f1(r, 0); }});",
                "}", ""]

    # Hand-offs of functions of other units.
    if u.spawns:
        out.append(f"void {p}spawn(coroguard::event_loop &loop) {{")
        for n_, (kind, j) in enumerate(u.spawns):
            if kind == "worker":
                out.append(f"  std::thread t{n_}(u{j:04d}_worker, std::ref(loop), {n_ + 1});")
                out.append(f"  t{n_}.join();")
            elif kind == "thread":
                out.append(f"  std::thread t{n_}(u{j:04d}_f0, {n_ + 2}, 1);")
                out.append(f"  t{n_}.join();")
            else:
                out.append(f"  std::future<int> f{n_} = std::async(std::launch::async, "
                           f"u{j:04d}_f1, {n_ + 3}, 1);")
                out.append(f"  (void)f{n_}.get();")
        out.append("  (void)loop;")
        out += ["}", ""]

    out += ["}  // namespace gen", ""]
    if u.i == 0:
        out += ["int main() {",
                "  (void)coroguard::run(gen::u0000_co0(3));",
                "  return 0;",
                "}", ""]
    return "\n".join(out)


COMMON = """// Generated by bench/summaries/generate.py. Do not edit.
#pragma once
#include <coroguard/coroguard.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return  # unchanged: keep the timestamp (a build stays up to date)
    except OSError:
        pass
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main(argv):
    a = parse_args(argv)
    rng = random.Random(a.seed)
    units = plan(a.tus, rng)
    out = a.out
    write(os.path.join(out, "include", "gen", "common.hpp"), COMMON)
    ngroups = group_of(a.tus - 1) + 1
    for g in range(ngroups):
        decls = []
        for u in units[g * GROUP:(g + 1) * GROUP]:
            decls += declarations(u)
        write(os.path.join(out, "include", "gen", f"g{g:03d}.hpp"),
              "// Generated by bench/summaries/generate.py. Do not edit.\n#pragma once\n"
              '#include "gen/common.hpp"\n\nnamespace gen {\n' + "\n".join(decls) +
              "\n}  // namespace gen\n")
    for u in units:
        write(os.path.join(out, "src", f"tu_{u.i:04d}.cpp"), unit_source(u, units, a.tus))
    # Stale units of a bigger earlier run in the same directory.
    for name in os.listdir(os.path.join(out, "src")):
        if name.startswith("tu_") and name.endswith(".cpp") and int(name[3:7]) >= a.tus:
            os.remove(os.path.join(out, "src", name))

    build = os.path.join(out, "build")
    flags = a.flags.split() + [f"-I{a.runtime_include}", f"-I{os.path.join(out, 'include')}"]
    db = []
    for u in units:
        src = os.path.join(out, "src", f"tu_{u.i:04d}.cpp")
        obj = os.path.join(build, "obj", f"tu_{u.i:04d}.o")
        db.append({"directory": build, "file": src,
                   "arguments": [a.compiler] + flags + ["-c", src, "-o", obj]})
    os.makedirs(build, exist_ok=True)
    write(os.path.join(out, "compile_commands.json"), json.dumps(db, indent=1) + "\n")
    runtime_dir = os.path.dirname(a.runtime_include)
    write(os.path.join(out, "CMakeLists.txt"), f"""# Generated by bench/summaries/generate.py. Do not edit.
# cmake -S {out} -B {out}/cmake-build -G Ninja -DCMAKE_CXX_COMPILER=clang++-22
cmake_minimum_required(VERSION 3.20)
project(coroguard_summaries_bench LANGUAGES CXX)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
if(NOT TARGET coroguard::runtime)
  set(COROGUARD_RUNTIME_INSTALL OFF CACHE BOOL "" FORCE)
  add_subdirectory({runtime_dir} "${{CMAKE_BINARY_DIR}}/coroguard-runtime")
endif()
file(GLOB units CONFIGURE_DEPENDS src/tu_*.cpp)
add_executable(summaries_bench ${{units}})
target_include_directories(summaries_bench PRIVATE include)
target_link_libraries(summaries_bench PRIVATE coroguard::runtime)
""")
    chains_blocking = sum(1 for u in units if u.link_blocks)
    workers = sum(1 for u in units if u.worker)
    unsafe = sum(1 for u in units if u.worker == "unsafe")
    print(f"generate.py: {a.tus} units in {out} (seed {a.seed}): {ngroups} shared headers, "
          f"{sum(u.nf for u in units)} functions, {sum(u.nc for u in units)} coroutines, "
          f"{chains_blocking} blocking chain ends, {workers} thread workers "
          f"({unsafe} calling call_soon)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
