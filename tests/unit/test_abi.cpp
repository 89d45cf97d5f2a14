// The plugin boundary: loading, the handshake, and what a bad plugin gets told.
#include "plugin_library.hpp"
#include "process.hpp"
#include "registry.hpp"

#include <dtop/plugin.hpp>

#include <boost/dll/shared_library.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace dtop;

namespace {
std::string load_error(const std::string& file) {
    try {
        PluginLibrary::load(file);
    } catch (const LoadError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST_CASE("abi: a plugin built for another major version is refused, naming both versions") {
    const std::string msg = load_error(BAD_PLUGIN_DIR "/wrong_abi/test_wrong_abi.so");
    CHECK_THAT(msg, Catch::Contains("test_wrong_abi.so"));
    CHECK_THAT(msg, Catch::Contains("plugin API 99.3"));
    CHECK_THAT(msg, Catch::Contains("this dtop speaks plugin API 1.1"));
}

TEST_CASE("abi: a library without the entry symbol is refused as not a dtop plugin") {
    const std::string msg = load_error(BAD_PLUGIN_DIR "/no_entry/test_no_entry.so");
    CHECK_THAT(msg, Catch::Contains("test_no_entry.so"));
    CHECK_THAT(msg, Catch::Contains("does not export the entry symbol 'dtop_plugin_entry'"));
}

TEST_CASE("abi: a file that is not a library gets the loader's reason") {
    const std::string msg = load_error(SOURCE_DIR "/README.md");
    CHECK_THAT(msg, Catch::Contains("README.md: cannot be loaded"));
}

TEST_CASE("abi: a plugin of a later minor version with larger structs loads and is read by stride") {
    auto lib = PluginLibrary::load(BAD_PLUGIN_DIR "/future_minor/test_future_minor.so");
    const PluginDesc& d = lib->desc();
    CHECK(d.name == "test-future-minor");
    CHECK(d.api_minor == 7);
    REQUIRE(d.params.size() == 2);
    CHECK(d.params[0].name == "gain");
    CHECK(d.params[0].max == 100.0);
    CHECK(d.params[1].name == "offset");  // read at the plugin's stride, not sizeof(dtop_param_desc)
    CHECK(d.params[1].min == -1e9);
    REQUIRE(d.ports.size() == 1);
    CHECK(d.ports[0].name == "result");
    Instance inst(lib, nullptr);
    inst.set_param(0, Value::real(3.0));
    inst.set_param(1, Value::real(0.5));
    inst.configure();
    inst.run();
    CHECK(inst.get_output(0).data[0] == 30.5);
}

TEST_CASE("abi: handshake refuses a struct smaller than major 1 requires") {
    auto lib = PluginLibrary::load(TEST_PLUGIN_DIR "/test_passthrough.so");
    dtop_plugin_api api = lib->api();
    CHECK(check_handshake(&api).empty());
    api.param_desc_size = 8;
    CHECK_THAT(check_handshake(&api), Catch::Contains("dtop_param_desc is 8 bytes"));
    api = lib->api();
    api.value_align = 1;
    CHECK_THAT(check_handshake(&api), Catch::Contains("alignment"));
    CHECK_THAT(check_handshake(nullptr), Catch::Contains("returned no API table"));
}

TEST_CASE("abi: an exception thrown in a plugin comes back as its message, not as an exception across the boundary") {
    auto lib = PluginLibrary::load(TEST_PLUGIN_DIR "/test_thrower.so");
    Instance inst(lib, nullptr);
    inst.set_param(0, Value::string("run"));
    inst.configure();
    try {
        inst.run();
        FAIL("run should have failed");
    } catch (const PluginError& e) {
        CHECK(std::string(e.what()) == "boom: sensor exploded");
        CHECK(e.param.empty());
    }
}

TEST_CASE("abi: a ParamError names its parameter") {
    auto lib = PluginLibrary::load(TEST_PLUGIN_DIR "/test_thrower.so");
    Instance inst(lib, nullptr);
    inst.set_param(0, Value::string("param"));
    try {
        inst.configure();
        FAIL("configure should have failed");
    } catch (const PluginError& e) {
        CHECK(e.param == "x");
    }
}

TEST_CASE("abi: a value of the wrong kind for a parameter is an error message, not a crash") {
    auto lib = PluginLibrary::load(TEST_PLUGIN_DIR "/test_passthrough.so");
    Instance inst(lib, nullptr);
    try {
        inst.set_param(0, Value::string("three"));
        FAIL("should have failed");
    } catch (const PluginError& e) {
        CHECK_THAT(e.what(), Catch::Contains("expected a value of kind real, got string"));
        CHECK(e.param == "c");
    }
}

TEST_CASE("abi: the library stays loaded while an instance lives") {
    std::unique_ptr<Instance> inst;
    {
        auto lib = PluginLibrary::load(TEST_PLUGIN_DIR "/test_passthrough.so");
        inst = std::make_unique<Instance>(lib, nullptr);
    }  // the last PluginLibrary handle outside the instance is gone
    inst->set_param(0, Value::real(1.5, "m"));
    inst->configure();
    CHECK(inst->desc().name == "test-pass");
}

TEST_CASE("abi: the C++ layer reports defaults, units and ranges in the descriptors") {
    auto lib = PluginLibrary::load(TEST_PLUGIN_DIR "/test_metres.so");
    const auto* count = lib->desc().param("count");
    REQUIRE(count);
    CHECK(count->kind == DTOP_KIND_INT);
    CHECK(count->default_value == std::optional<std::string>("3"));
    CHECK(count->min == 1);
    CHECK(count->max == 10);
    const auto* length = lib->desc().port("length");
    REQUIRE(length);
    CHECK(length->unit == "m");
    CHECK(length->is_input());
    CHECK(!length->is_optional());
}

TEST_CASE("registry: manifests describe plugins without loading them, and a stale one is noticed") {
    Registry reg({TEST_PLUGIN_DIR});
    const PluginEntry* e = reg.find("test-metres");
    REQUIRE(e);
    CHECK(e->described_by == "manifest");
    CHECK(reg.failures().empty());
}

TEST_CASE("registry: a library changed after its manifest is described from the library itself") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(TEST_OUTPUT_DIR) / "stale";
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy_file(TEST_PLUGIN_DIR "/test_metres.so", dir / "test_metres.so");
    fs::copy_file(TEST_PLUGIN_DIR "/test_metres.dtop.json", dir / "test_metres.dtop.json");
    {
        Registry same_content({dir});  // copied: another mtime, same bytes -> the hash says fresh
        REQUIRE(same_content.find("test-metres"));
        CHECK(same_content.find("test-metres")->described_by == "manifest");
    }
    std::ofstream(dir / "test_metres.so", std::ios::app | std::ios::binary) << '\0';  // new bytes, still loadable
    Registry changed({dir});
    REQUIRE(changed.find("test-metres"));
    CHECK(changed.find("test-metres")->described_by == "library");
    CHECK_THAT(changed.find("test-metres")->note, Catch::Contains("stale"));
}

TEST_CASE("registry: every failing library is listed with its reason") {
    Registry reg({BAD_PLUGIN_DIR "/wrong_abi", BAD_PLUGIN_DIR "/no_entry"});
    CHECK(reg.plugins().empty());
    REQUIRE(reg.failures().size() == 2);
    CHECK_THAT(reg.found_summary(), Catch::Contains("no plugins found"));
    CHECK_THAT(reg.found_summary(), Catch::Contains("plugin API 99.3"));
}

// ---------------------------------------------------------------------------------------------
// Plugin API 1.1: statuses, the two-way handshake, the clock, and what the host checks itself.

namespace {

// A plugin library opened directly, to call its entry function as hosts of other versions would.
struct RawPlugin {
    boost::dll::shared_library lib;
    dtop_entry_fn* entry = nullptr;
    explicit RawPlugin(const std::string& file)
        : lib(boost::dll::fs::path(file), boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local),
          entry(&lib.get<dtop_entry_fn>(DTOP_ENTRY_SYMBOL)) {}
};

dtop_value string_value(const char* text) {
    dtop_value v{};
    v.struct_size = sizeof v;
    v.kind = DTOP_KIND_STRING;
    v.text = text;
    return v;
}

std::size_t param_index(const PluginDesc& d, const std::string& name) {
    const int i = d.param_index(name);
    REQUIRE(i >= 0);
    return static_cast<std::size_t>(i);
}

}  // namespace

TEST_CASE("abi: a plugin built with the frozen 1.0 SDK header still loads and runs, batch and stepped") {
    auto lib = PluginLibrary::load(BAD_PLUGIN_DIR "/old_minor/test_old_minor.so");
    CHECK(lib->desc().api_minor == 0);
    CHECK(lib->api().struct_size < sizeof(dtop_plugin_api));  // no `refusal`: the host must not read it
    {
        Instance batch(lib, nullptr);
        batch.set_param(0, Value::real(3.0));
        batch.set_clock(0, 0.1, 1);  // a 1.1 host's larger dtop_host: the 1.0 plugin ignores the tail
        batch.configure();
        batch.run();
        CHECK(batch.get_output(1).data[0] == 30.0);
    }
    Instance stepped(lib, nullptr);
    stepped.set_param(0, Value::real(3.0));
    stepped.configure();
    CHECK(stepped.get_output(2).names.at(1) == "y");
    CHECK(stepped.init(0, 0.1, 1) == DTOP_OK);
    double in = 2.0, out = 0.0;
    CHECK(stepped.step(0, 0.1, &in, &out) == DTOP_OK);
    CHECK(out == 6.0);
    stepped.finish(false);
    CHECK(stepped.get_output(3).data[0] == 1.0);
    try {
        stepped.set_param(0, Value::string("x"));
        FAIL("a string for a real parameter should fail");
    } catch (const PluginError& e) {
        CHECK(std::string(e.what()) == "gain must be a real number");
        CHECK(e.param == "gain");
    }
}

TEST_CASE("abi: a plugin that needs a later minor refuses this host, and the host shows the plugin's reason") {
    const std::string msg = load_error(BAD_PLUGIN_DIR "/needs_newer_host/test_needs_newer_host.so");
    CHECK_THAT(msg, Catch::Contains("refused: the plugin (plugin API 1.9) says: it needs a dtop of plugin API 1.9 "
                                    "or later for its frobnicator; this dtop speaks 1.1"));
}

TEST_CASE("abi: the C++ glue checks the host's version: another major, or a minor older than it needs, is refused") {
    RawPlugin needs(TEST_PLUGIN_DIR "/test_needs_clock.so");
    const dtop_plugin_api* other_major = needs.entry(2, 0);
    REQUIRE(other_major);
    REQUIRE(other_major->refusal);
    CHECK_THAT(other_major->refusal, Catch::Contains("built for plugin API 1.1 and cannot serve a dtop of plugin API 2.0"));
    CHECK(needs.entry(1, 0) == nullptr);  // a 1.0 host cannot read a refusal: it can only get NULL
    const dtop_plugin_api* same = needs.entry(1, 1);
    REQUIRE(same);
    CHECK(same->refusal == nullptr);
    CHECK(same->create != nullptr);
    // A plugin that needs nothing of 1.1 serves a 1.0 host.
    RawPlugin plain(TEST_PLUGIN_DIR "/test_clocked.so");
    const dtop_plugin_api* for_1_0 = plain.entry(1, 0);
    REQUIRE(for_1_0);
    CHECK(for_1_0->refusal == nullptr);
    plain.entry(DTOP_API_VERSION_MAJOR, DTOP_API_VERSION_MINOR);
}

namespace {
struct HandshakeProbe : dtop::Node {
    static void describe(dtop::Spec<HandshakeProbe>& s) { s.name("probe"); }
    void run() override {}
};
}  // namespace

TEST_CASE("abi: the glue's refusal of an older minor names both versions and what to do") {
    const std::string why = dtop::detail::Glue<HandshakeProbe>::host_problem(1, 0, 1);
    CHECK(why == "the plugin needs a dtop of plugin API 1.1 or later, this dtop speaks plugin API 1.0: update dtop");
    CHECK(dtop::detail::Glue<HandshakeProbe>::host_problem(1, 1, 1).empty());
    CHECK(dtop::detail::Glue<HandshakeProbe>::host_problem(1, 7, 0).empty());
}

TEST_CASE("abi: the text of an exception thrown by describe() reaches the load error, doctor and manifest") {
    const std::string file = BAD_PLUGIN_DIR "/describe_throws/test_describe_throws.so";
    const std::string text = "its describe() failed: the table of modes modes.csv is missing beside the library";
    CHECK_THAT(load_error(file), Catch::Contains(text));
    auto doctor = test::run_dtop({"doctor", file});
    CHECK(doctor.code == 1);
    CHECK_THAT(doctor.out, Catch::Contains(text));
    const std::string out = test::temp_dir("describe_throws") + "/m.json";
    auto manifest = test::run_dtop({"manifest", file, "-o", out});
    CHECK(manifest.code == 1);
    CHECK_THAT(manifest.err, Catch::Contains(text));
    CHECK(!std::filesystem::exists(out));
}

TEST_CASE("abi: a unit string dtop cannot read fails loading, dtop manifest (the plugin's build) and doctor") {
    const std::string file = BAD_PLUGIN_DIR "/bad_unit/test_bad_unit.so";
    const std::string text = "plugin 'test-bad-unit': parameter 'length' has the unit 'metres', which dtop cannot read";
    CHECK_THAT(load_error(file), Catch::Contains(text));
    auto manifest = test::run_dtop({"manifest", file, "-o", test::temp_dir("bad_unit") + "/m.json"});
    CHECK(manifest.code == 1);
    CHECK_THAT(manifest.err, Catch::Contains(text));
    auto doctor = test::run_dtop({"doctor", file});
    CHECK(doctor.code == 1);
    CHECK_THAT(doctor.out, Catch::Contains(text));
    PluginDesc d;
    d.ports.push_back(PortDesc{"any", DTOP_KIND_REAL, 0, "*", 1, ""});
    d.params.push_back(ParamDesc{"p", DTOP_KIND_REAL, 0, std::nullopt, "*", 0, 0, {}, ""});
    CHECK(description_problems(d) == "parameter 'p' has the unit '*', which dtop cannot read: '*' (any unit) is only for ports");
}

TEST_CASE("abi: get_output checks its index: out of range or an input port is an error, not a crash") {
    auto lib = PluginLibrary::load(TEST_PLUGIN_DIR "/test_passthrough.so");
    Instance inst(lib, nullptr);
    inst.configure();
    CHECK_THROWS_WITH(inst.get_output(99), Catch::Contains("has no output port number 99 (it has 3 ports)"));
    CHECK_THROWS_WITH(inst.get_output(0), Catch::Contains("has no output port number 0"));  // `u` is an input
    // The plugin's own check, for hosts that do not check first.
    const dtop_plugin_api& api = lib->api();
    dtop_host host{};
    host.struct_size = sizeof host;
    dtop_instance* raw = api.create(&host);
    REQUIRE(raw);
    dtop_value out{};
    out.struct_size = sizeof out;
    CHECK(api.get_output(raw, 99, &out) == DTOP_ERROR);
    CHECK(std::string(api.last_error(raw)) == "no port number 99 (the plugin has 3)");
    CHECK(api.get_output(raw, 0, &out) == DTOP_ERROR);
    CHECK(std::string(api.last_error(raw)) == "port 'u' is an input");
    api.destroy(raw);
}

TEST_CASE("abi: a ParamError naming no declared parameter is reported as the plugin's bug, at the node") {
    auto lib = PluginLibrary::load(TEST_PLUGIN_DIR "/test_clocked.so");
    Instance inst(lib, nullptr);
    inst.set_param(param_index(lib->desc(), "fail"), Value::string("undeclared-param"));
    try {
        inst.configure();
        FAIL("configure should have failed");
    } catch (const PluginError& e) {
        CHECK(e.param.empty());
        CHECK_THAT(e.what(), Catch::StartsWith("this parameter is wrong (bug in the plugin: its ParamError names "
                                               "'no_such_param', which is not one of its parameters: frequency, fail)"));
    }
}

TEST_CASE("abi: the host reports an error naming an undeclared parameter as the plugin's bug, at the node") {
    auto lib = PluginLibrary::load(BAD_PLUGIN_DIR "/future_minor/test_future_minor.so");
    Instance inst(lib, nullptr);
    try {
        inst.set_param(0, Value::string("x"));
        FAIL("a string for a real parameter should fail");
    } catch (const PluginError& e) {
        CHECK(e.param.empty());
        CHECK(std::string(e.what()) == "expected a real (bug in plugin 'test-future-minor': the error names 'gain_v2', "
                                       "which is not one of its parameters)");
    }
}

TEST_CASE("abi: DTOP_FATAL leaves the instance only to be destroyed, and a 1.0 host gets DTOP_ERROR instead") {
    auto lib = PluginLibrary::load(TEST_PLUGIN_DIR "/test_clocked.so");
    const std::size_t fail = param_index(lib->desc(), "fail");
    {
        Instance inst(lib, nullptr);
        inst.set_param(fail, Value::string("fatal-configure"));
        try {
            inst.configure();
            FAIL("configure should have failed");
        } catch (const PluginError& e) {
            CHECK(e.fatal);
            CHECK(std::string(e.what()) == "the solver process died");
        }
        CHECK(inst.broken());
    }
    {
        Instance inst(lib, nullptr);
        inst.set_param(fail, Value::string("fatal-step"));
        inst.configure();
        inst.get_output(1);
        CHECK(inst.init(0, 0.01, 1) == DTOP_OK);
        double in = 0, out = 0;
        CHECK(inst.step(0, 0.01, &in, &out) == DTOP_FATAL);
        CHECK(inst.broken());
        CHECK(std::string(inst.error("step").what()) == "the solver process died");
        inst.finish(true);  // not passed on: finish never follows DTOP_FATAL
        CHECK_THROWS_WITH(inst.get_output(2), Catch::Contains("the plugin did not produce this output"));
    }
    // The same plugin, asked by a 1.0 host (which would take DTOP_FATAL for success), answers DTOP_ERROR.
    RawPlugin raw(TEST_PLUGIN_DIR "/test_clocked.so");
    for (uint16_t minor : {0, 1}) {
        const dtop_plugin_api* api = raw.entry(1, minor);
        REQUIRE(api);
        dtop_host host{};
        host.struct_size = sizeof host;
        dtop_instance* i = api->create(&host);
        const dtop_value v = string_value("fatal-configure");
        CHECK(api->set_param(i, static_cast<uint32_t>(fail), &v) == DTOP_OK);
        CHECK(api->configure(i) == (minor == 0 ? DTOP_ERROR : DTOP_FATAL));
        api->destroy(i);
    }
}

TEST_CASE("abi: configure sees the clock a stepped node will run with, and a check against it names the parameter") {
    auto lib = PluginLibrary::load(TEST_PLUGIN_DIR "/test_clocked.so");
    const std::size_t frequency = param_index(lib->desc(), "frequency");
    {
        Instance inst(lib, nullptr);
        inst.set_param(frequency, Value::real(5.0, "Hz"));
        inst.set_clock(0, 0.1, 1);
        try {
            inst.configure();
            FAIL("a 0.1 s step for 5 Hz should be refused in configure");
        } catch (const PluginError& e) {
            CHECK(e.param == "frequency");
            CHECK_THAT(e.what(), Catch::Contains("needs a step of at most 0.020000 s; the clock's step is 0.100000 s"));
        }
    }
    {
        Instance inst(lib, nullptr);
        inst.set_param(frequency, Value::real(5.0, "Hz"));
        inst.set_clock(0, 0.01, 1);
        inst.configure();
        inst.get_output(1);
        CHECK(inst.init(0, 0.01, 1) == DTOP_OK);
        inst.finish(false);
        CHECK(inst.get_output(2).data[0] == 0.01);
    }
    Instance batch(lib, nullptr);  // no clock: nothing to check against
    batch.set_param(frequency, Value::real(5.0, "Hz"));
    batch.configure();
    batch.run();
    CHECK(std::isnan(batch.get_output(2).data[0]));
}

TEST_CASE("abi: validate reports a clock check of a plugin at the parameter's file:line:column") {
    const std::string dir = test::temp_dir("clock_check");
    test::write_file(dir + "/osc.yaml",
                     "clock: {start: 0, stop: 1, step: 0.1}\n"
                     "nodes:\n"
                     "  osc:\n"
                     "    plugin: test-clocked\n"
                     "    params: {frequency: 5 Hz}\n"
                     "    record: true\n");
    auto r = test::run_dtop({"validate", dir + "/osc.yaml"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("osc.yaml:5:25: error: node 'osc', parameter 'frequency': a natural frequency of "
                                      "5.000000 Hz needs a step of at most 0.020000 s"));
    auto fine = test::run_dtop({"validate", dir + "/osc.yaml", "--set", "osc.frequency=0.5 Hz"});
    INFO(fine.err);
    CHECK(fine.code == 0);
}

namespace {
// Detection of members a plugin can reach: access checking is part of substitution, so a private
// member is "not there" for these traits.
template <class P, class = void>
struct can_set_value : std::false_type {};
template <class P>
struct can_set_value<P, std::void_t<decltype(std::declval<P&>().set(std::declval<const dtop_value&>()))>> : std::true_type {};
template <class P, class = void>
struct can_touch_channel_name : std::false_type {};
template <class P>
struct can_touch_channel_name<P, std::void_t<decltype(std::declval<P&>().name_)>> : std::true_type {};
template <class P, class = void>
struct can_touch_connected : std::false_type {};
template <class P>
struct can_touch_connected<P, std::void_t<decltype(std::declval<P&>().connected_)>> : std::true_type {};
template <class S, class = void>
struct can_finalize : std::false_type {};
template <class S>
struct can_finalize<S, std::void_t<decltype(std::declval<S&>().finalize(0u))>> : std::true_type {};
}  // namespace

TEST_CASE("sdk: what the glue calls on ports and specs is private to it, what plugins use is public") {
    STATIC_REQUIRE_FALSE(can_set_value<dtop::In<double>>::value);
    STATIC_REQUIRE_FALSE(can_set_value<dtop::StepIn<Eigen::VectorXd>>::value);
    STATIC_REQUIRE_FALSE(can_touch_channel_name<dtop::StepOut<double>>::value);
    STATIC_REQUIRE_FALSE(can_touch_connected<dtop::In<double>>::value);
    STATIC_REQUIRE_FALSE(can_finalize<dtop::Spec<HandshakeProbe>>::value);
    dtop::StepOut<double> y;
    y.set_unit("m");
    CHECK(y.unit() == "m");
    dtop::In<double> in;
    CHECK(!in.is_connected());
}
