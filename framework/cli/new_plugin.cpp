// `dtop new-plugin NAME [DIR] [--stepped]`: writes a small, working, out-of-tree plugin project that
// builds against the installed SDK (find_package(dtop)), as described in sdk/README.md: a batch plugin
// (scales a series), or with --stepped a stepped one (a first-order low-pass filter).
#include "new_plugin.hpp"

#include "cli.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace dtop::cli {

namespace {

// Target names CMake refuses or uses itself (CMP0037): the plugin's file name must not be one.
constexpr std::array<std::string_view, 12> kCMakeReserved = {
    "all",  "clean",     "help",       "install",       "test",       "package", "package_source",
    "depend", "edit_cache", "rebuild_cache", "preinstall", "list_install_components"};

// Why NAME cannot be a plugin name, or "".
std::string name_problem(const std::string& name) {
    if (name.empty()) return "the plugin name is empty";
    if (!(name[0] >= 'a' && name[0] <= 'z')) return "it must start with a lowercase letter";
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return std::string("'") + c + "' is not allowed" + (c == '_' ? " (use '-' between words)" : "");
    return "";
}

// my-plugin -> my_plugin (target, file and project name)
std::string identifier(const std::string& name) {
    std::string s = name;
    std::replace(s.begin(), s.end(), '-', '_');
    return s;
}

// my-plugin -> MyPlugin (the C++ class)
std::string class_name(const std::string& name) {
    std::string s;
    bool upper = true;
    for (char c : name) {
        if (c == '-') {
            upper = true;
            continue;
        }
        s += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        upper = false;
    }
    return s;
}

std::string fill(std::string text, const std::vector<std::pair<std::string, std::string>>& vars) {
    for (const auto& [key, value] : vars)
        for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
            text.replace(at, key.size(), value);
    return text;
}

// The prefix of the running dtop if the SDK is installed there (<prefix>/lib*/cmake/dtop), else "".
fs::path installed_prefix() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    const fs::path prefix = exe.parent_path().parent_path();
    auto has_config = [](const fs::path& libdir) {
        std::error_code e;
        return fs::exists(libdir / "cmake" / "dtop" / "dtopConfig.cmake", e);
    };
    for (const auto& entry : fs::directory_iterator(prefix, ec)) {
        if (!entry.is_directory(ec) || entry.path().filename().string().rfind("lib", 0) != 0) continue;
        if (has_config(entry.path())) return prefix;
        for (const auto& sub : fs::directory_iterator(entry.path(), ec))  // lib/<multiarch>
            if (sub.is_directory(ec) && has_config(sub.path())) return prefix;
    }
    return {};
}

const char* kCMakeLists = R"(# The dtop plugin "@NAME@". Build it against an installed dtop:
#   cmake -S . -B build -DCMAKE_PREFIX_PATH=<dtop's install prefix>
#   cmake --build build
cmake_minimum_required(VERSION 3.20)
project(@IDENT@ VERSION 0.1.0 LANGUAGES CXX)

find_package(dtop 1 REQUIRED)  # the plugin SDK: any SDK of plugin API 1.x

# Builds build/@IDENT@.so and its manifest build/@IDENT@.dtop.json.
# More sources: list them after SOURCES; more libraries: LINK <target>...
dtop_add_plugin(@IDENT@ SOURCES src/@IDENT@.cpp)
)";

const char* kSource = R"(// @NAME@: a dtop batch plugin that multiplies every channel of a series by `factor`.
// The guide to the C++ layer: share/dtop/sdk/README.md in dtop's install prefix.
#include <dtop/plugin.hpp>

#include <utility>

struct @CLASS@ : dtop::Node {
    // A parameter is a plain member; its initial value is the default that `dtop describe` shows.
    double factor = 2.0;

    // Batch ports: the input is handed over before run(), the output read after it.
    dtop::In<dtop::Series> series;
    dtop::Out<dtop::Series> scaled;

    static void describe(dtop::Spec<@CLASS@>& s) {
        s.name("@NAME@").version("0.1.0").summary("Multiplies every channel of a series by a factor");
        s.param("factor", &@CLASS@::factor).range(-1e6, 1e6).doc("the multiplier");
        // "*": any unit is accepted, unconverted; the output keeps the input's units.
        s.input("series", &@CLASS@::series).unit("*").doc("the series to scale");
        s.output("scaled", &@CLASS@::scaled).unit("*").doc("the series times factor");
    }

    // Called once all parameters are set: check them together here. To reject one, throw
    // dtop::ParamError("factor", "why"), and the user is pointed at it in the scenario.
    void configure() override {
        if (factor == 0.0) warn("factor is 0: every sample of 'scaled' will be 0");
    }

    // Batch: compute the outputs from the inputs, once.
    void run() override {
        dtop::Series out = *series;  // same abscissa, channel names and units
        out.y *= factor;
        scaled = std::move(out);
    }
};

DTOP_PLUGIN(@CLASS@)
)";

const char* kSteppedSource = R"(// @NAME@: a dtop stepped plugin, a first-order low-pass filter: tau y' = u - y, with u held over each
// communication step (exact for that: the state gains (1 - exp(-step/tau)) of u - y per step).
// The guide to the C++ layer: share/dtop/sdk/README.md in dtop's install prefix.
#include <dtop/plugin.hpp>

#include <cmath>
#include <string>

struct @CLASS@ : dtop::Node {
    // A parameter is a plain member; its initial value is the default that `dtop describe` shows.
    double time_constant = 0.1;

    // Stepped ports: one double each, exchanged at every communication step.
    dtop::StepIn<double> u;
    dtop::StepOut<double> y;

    double state = 0.0;  // the filter's output, at rest before the first step
    double gain = 0.0;   // the share of u - state the state gains per step

    static void describe(dtop::Spec<@CLASS@>& s) {
        s.name("@NAME@").version("0.1.0").summary("First-order low-pass filter of a stepped signal");
        s.param("time_constant", &@CLASS@::time_constant).unit("s").positive().doc("tau: how slowly y follows u");
        // "*": any unit is accepted, unconverted; y takes u's unit in connect().
        s.input("u", &@CLASS@::u).unit("*").doc("the signal to filter");
        s.output("y", &@CLASS@::y).unit("*").doc("the filtered signal, in u's unit");
    }

    // Called once all parameters are set, before a run and by `dtop validate`. clock() is the clock
    // this node will step with: a check against it throws dtop::ParamError naming the parameter, and
    // dtop points the user at the line of the scenario that sets it.
    void configure() override {
        if (const auto c = clock(); c && c->step > time_constant)
            throw dtop::ParamError("time_constant", "is " + std::to_string(time_constant) +
                                                        " s, shorter than the clock's step of " + std::to_string(c->step) +
                                                        " s, so nothing would be filtered: raise it or shorten the step");
    }

    // The source connected to u is known: y carries its unit.
    void connect() override { y.set_unit(u.unit()); }

    // Before the first step.
    void init(double /*t_start*/, double step, double /*t_stop*/) override {
        state = 0.0;
        gain = 1.0 - std::exp(-step / time_constant);
    }

    // At every communication step t: read u, assign y. No allocation here: it runs at every step.
    void step(double /*t*/, double /*step*/) override {
        y = state;
        state += gain * (u - state);
    }
};

DTOP_PLUGIN(@CLASS@)
)";

const char* kReadme = R"(# @NAME@

A dtop plugin: @WHAT@.

## Build

Needs an installed dtop (its SDK is the CMake package `dtop`), CMake >= 3.20, a C++20 compiler and
Eigen 3.4 (`sudo apt install build-essential cmake libeigen3-dev`).

    cmake -S . -B build -DCMAKE_PREFIX_PATH=<dtop's install prefix, e.g. ~/dtop>
    cmake --build build

This builds `build/@IDENT@.so` and, if dtop is found in that prefix, its manifest
`build/@IDENT@.dtop.json`.

## Use

    dtop describe @NAME@ --plugin-path build       # its parameters and ports
    dtop validate scenario.yaml --plugin-path build
    dtop run scenario.yaml --plugin-path build --out results

Instead of `--plugin-path`, `export DTOP_PLUGIN_PATH=$PWD/build` (colon-separated directories), or
install the plugin into dtop's own prefix, where dtop finds it without either:

    cmake --install build --prefix ~/dtop

If dtop refuses the library, `dtop doctor build/@IDENT@.so` says why.
)";

const char* kSteppedScenario = R"(# A scenario using @NAME@: a unit step filtered with a time constant of 0.1 s, recorded over 1 s.
#   dtop run scenario.yaml --plugin-path build     (the recording: results/.../filter.y.csv)
name: @NAME@-demo
description: A unit step filtered by @NAME@
clock: {start: 0, stop: 1, step: 0.01}
nodes:
  source:
    plugin: signal-generator
    params: {shape: step, amplitude: 1, unit: m}
  filter:
    plugin: @NAME@
    params: {time_constant: 0.1 s}
    inputs: {u: source.y}
    record: true
)";

const char* kScenario = R"(# A scenario using @NAME@: a 2 Hz sine, recorded over one second, scaled by 3.
#   dtop run scenario.yaml --plugin-path build
name: @NAME@-demo
description: A sine scaled by @NAME@
clock: {start: 0, stop: 1, step: 0.01}
nodes:
  source:
    plugin: signal-generator
    params: {shape: sine, frequency: 2 Hz}
  scale:
    plugin: @NAME@
    params: {factor: 3}
    inputs: {series: source.y}
)";

const char* kGitignore = "build/\n";

}  // namespace

int new_plugin(const std::string& name, const fs::path& dir, std::ostream& out, std::ostream& err, bool stepped) {
    if (const std::string why = name_problem(name); !why.empty()) {
        err << "dtop new-plugin: '" << name << "' is not a valid plugin name: " << why
            << ".\nA plugin name is lowercase letters, digits and dashes, starting with a letter "
               "(for example: my-filter).\n";
        return 1;
    }
    const std::string ident = identifier(name), cls = class_name(name);
    if (std::find(kCMakeReserved.begin(), kCMakeReserved.end(), ident) != kCMakeReserved.end()) {
        err << "dtop new-plugin: '" << name << "' would make a CMake target named '" << ident
            << "', which CMake reserves; choose another name.\n";
        return 1;
    }

    std::error_code ec;
    if (fs::exists(dir, ec)) {
        if (!fs::is_directory(dir, ec)) {
            err << "dtop new-plugin: " << dir.string() << " exists and is not a folder.\n";
            return 1;
        }
        if (!fs::is_empty(dir, ec) || ec) {
            err << "dtop new-plugin: " << dir.string()
                << " is not empty; give a new or empty folder: dtop new-plugin " << name << " <dir>\n";
            return 1;
        }
    }

    const std::vector<std::pair<std::string, std::string>> vars = {
        {"@NAME@", name}, {"@IDENT@", ident}, {"@CLASS@", cls},
        {"@WHAT@", stepped ? "a stepped first-order low-pass filter, y follows u with the lag `time_constant`"
                           : "multiplies every channel of a series by `factor`"}};
    const std::vector<std::pair<fs::path, const char*>> files = {
        {"CMakeLists.txt", kCMakeLists},
        {fs::path("src") / (ident + ".cpp"), stepped ? kSteppedSource : kSource},
        {"README.md", kReadme},
        {"scenario.yaml", stepped ? kSteppedScenario : kScenario},
        {".gitignore", kGitignore},
    };
    fs::create_directories(dir / "src", ec);
    if (ec) {
        err << "dtop new-plugin: cannot create " << (dir / "src").string() << ": " << ec.message() << '\n';
        return 1;
    }
    for (const auto& [rel, text] : files) {
        const fs::path path = dir / rel;
        std::ofstream f(path, std::ios::binary);
        f << fill(text, vars);
        f.close();
        if (!f) {
            err << "dtop new-plugin: cannot write " << path.string() << '\n';
            return 1;
        }
    }

    const fs::path prefix = installed_prefix();
    const std::string prefix_text = prefix.empty() ? "<dtop's install prefix>" : prefix.string();
    out << "Created the " << (stepped ? "stepped" : "batch") << " plugin project '" << name << "' in " << dir.string() << ":\n"
        << "  CMakeLists.txt, src/" << ident << ".cpp (class " << cls << "), README.md, scenario.yaml, "
        << ".gitignore\n\n"
        << "Next steps:\n"
        << "  cd " << dir.string() << '\n'
        << "  cmake -S . -B build -DCMAKE_PREFIX_PATH=" << prefix_text << '\n'
        << "  cmake --build build\n"
        << "  dtop describe " << name << " --plugin-path build\n"
        << "  dtop run scenario.yaml --plugin-path build\n";
    return 0;
}

Command add_new_plugin_command(CLI::App& dtop, Options& o) {
    auto* c = dtop.add_subcommand("new-plugin", "create an out-of-tree plugin project for the installed SDK");
    auto words = std::make_shared<std::array<std::string, 2>>();  // outlives this function, as `c` does
    c->add_option("name", (*words)[0], "the plugin's name: lowercase letters, digits and dashes");
    c->add_option("dir", (*words)[1], "the folder to write the project to (default: ./NAME)");
    c->add_flag("--stepped", o.stepped, "a stepped plugin (a first-order low-pass filter) instead of a batch one");
    c->callback([&o, words] {
        for (const auto& w : *words)
            if (!w.empty()) o.args.push_back(w);
    });
    return {c, "new-plugin <name> [dir] [--stepped]", 1, [](const Options& opt) {
                const fs::path dir = opt.args.size() > 1 ? opt.args[1] : opt.args[0];
                return new_plugin(opt.args[0], dir, std::cout, std::cerr, opt.stepped);
            }};
}

}  // namespace dtop::cli
