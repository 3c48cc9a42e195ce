# lit configuration for coroguard. Run through the build tree's
# lit.site.cfg.py (scripts/test.sh does), never directly from the sources.
import os
import lit.formats

config.name = "coroguard"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs", "tools"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.coroguard_obj_root, "test", "lit")

llvm_bin = config.llvm_bindir
config.environment["PATH"] = os.pathsep.join([llvm_bin, config.environment.get("PATH", os.environ.get("PATH", ""))])
# Keep user configuration (XDG dirs, HOME .clang-tidy) out of the tests.
config.environment["HOME"] = os.path.join(config.test_exec_root, "home")
config.environment["XDG_CONFIG_HOME"] = os.path.join(config.test_exec_root, "xdg")

tools = os.path.join(config.test_source_root, "tools")
clang_tidy = os.path.join(llvm_bin, "clang-tidy")
check = (f"{config.python} {os.path.join(tools, 'check_coroguard.py')}"
         f" --coroguard={config.coroguard_bin} --clang-tidy={clang_tidy}"
         f" --plugin={config.tidy_plugin}")

config.substitutions.append(("%check_coroguard", check))
config.substitutions.append(("%coroguard_clangd", config.clangd_bin))
config.substitutions.append(("%coroguard", config.coroguard_bin))
config.substitutions.append(("%clang_tidy", clang_tidy))
config.substitutions.append(("%tidy_plugin", config.tidy_plugin))
config.substitutions.append(("%compiler_plugin", config.compiler_plugin))
config.substitutions.append(("%clangxx", os.path.join(llvm_bin, "clang++")))
config.substitutions.append(("%python", config.python))
# The LLVM this build uses (major) and a version string of the other one.
config.substitutions.append(("%llvm_version_major", config.llvm_version_major))
config.substitutions.append(("%other_llvm_version", config.other_llvm_version))
config.substitutions.append(("%tools", tools))
config.substitutions.append(("%src_root", config.coroguard_src_root))
config.substitutions.append(("%obj_root", config.coroguard_obj_root))

if os.path.exists(config.clangd_bin):
    config.available_features.add("clangd")
config.available_features.add("llvm-" + config.llvm_version_major)
# This build also built the runtime (the package test installs it).
if config.runtime_built.upper() in ("ON", "1", "TRUE", "YES"):
    config.available_features.add("runtime")
# Debian's packaging tools (the .deb test).
import shutil
if all(shutil.which(t) for t in ("dpkg", "dpkg-deb", "dpkg-shlibdeps")):
    config.available_features.add("dpkg")
# The other supported LLVM's clang, when installed: the plugins' version
# guards are then also tried in a real foreign host.
other_clangxx = "/usr/lib/llvm-%s/bin/clang++" % config.other_llvm_version.split(".")[0]
if os.path.exists(other_clangxx):
    config.available_features.add("other-clang")
    config.substitutions.append(("%other_clangxx", other_clangxx))
    config.substitutions.append(("%other_clang_tidy", os.path.join(os.path.dirname(other_clangxx), "clang-tidy")))
