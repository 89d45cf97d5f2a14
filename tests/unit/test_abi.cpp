// The plugin boundary: loading, the handshake, and what a bad plugin gets told.
#include "plugin_library.hpp"
#include "registry.hpp"

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
    CHECK_THAT(msg, Catch::Contains("this dtop speaks plugin API 1.0"));
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
