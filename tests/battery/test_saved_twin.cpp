// Saved twins: the round trip, and a clear refusal of every file that is not one of ours.
#include "common.hpp"
#include "fingerprint.hpp"
#include "process.hpp"
#include "twin.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace dtop::battery;
using namespace dtop::battery::test;
using dtop::test::read_file;
using dtop::test::temp_dir;
using dtop::test::write_file;
namespace fs = std::filesystem;

namespace {

// The message Twin::load throws for `json_path`.
std::string load_error(const std::string& json_path) {
    return error_of([&] { Twin::load(engine(), json_path); });
}

}  // namespace

TEST_CASE("battery: a saved twin loads and predicts the same numbers without training") {
    const Cycles c = cell("B0005");
    const Window w{0, 79};
    TwinSettings s = quick();
    s.calibrate_k = true;
    const Twin twin = Twin::train(engine(), c, w, s);
    const std::string dir = temp_dir("battery_round_trip");
    twin.save(dir + "/twin.json");
    CHECK(fs::exists(dir + "/twin.pt"));
    const Twin loaded = Twin::load(engine(), dir + "/twin.json");
    ForecastSettings f;
    f.future_cycles = 1000;
    const ForecastRows rows = forecast_rows(c, w, f);
    const MemberPredictions a = twin.predict(rows), b = loaded.predict(rows);
    CHECK(a.values == b.values);
    CHECK(a.error_sd == b.error_sd);
    CHECK(loaded.info().physics.k == twin.info().physics.k);
    CHECK(loaded.info().fingerprint == training_fingerprint(c, w));
    CHECK_NOTHROW(check_trained_on(loaded.info(), c));
    CHECK_THROWS_WITH(check_trained_on(loaded.info(), cell("B0006")),
                      Catch::Contains("the twin was trained on other data: cycles 1 to 80 of these data differ"));
    CHECK_THROWS_WITH(check_trained_on(loaded.info(), c.head(50)),
                      Catch::Contains("the twin was trained on cycles 1 to 80, which these data do not hold"));
}

TEST_CASE("battery: a corrupt, foreign or mismatched twin file is refused with the reason") {
    const Cycles c = cell("B0005");
    const std::string dir = temp_dir("battery_bad_twins");
    Twin::train(engine(), c, Window{0, 79}, quick()).save(dir + "/twin.json");
    const std::string json_text = read_file(dir + "/twin.json"), weights = read_file(dir + "/twin.pt");
    auto variant = [&](const std::string& name, const std::string& json, const std::string& pt) {
        write_file(dir + "/" + name + ".json", json);
        write_file(dir + "/" + name + ".pt", pt);
        return dir + "/" + name + ".json";
    };
    auto edited = [&](auto edit) {
        auto j = nlohmann::json::parse(json_text);
        edit(j);
        return j.dump(2);
    };
    auto with_file = [&](const std::string& name) {
        return edited([&](nlohmann::json& j) { j["weights"]["file"] = name + ".pt"; });
    };

    // Foreign: not JSON, or JSON of something else.
    CHECK_THAT(load_error(variant("garbage", "\x89PNG not json", weights)), Catch::Contains("garbage.json is not a saved battery twin"));
    CHECK_THAT(load_error(variant("other", "{\"format\": \"something-else\"}", weights)), Catch::Contains("other.json is not a saved battery twin"));
    CHECK_THAT(load_error(variant("newer", edited([](nlohmann::json& j) { j["format_version"] = 2; }), weights)),
               Catch::Contains("newer.json is a battery twin of format version 2; this dtop reads version 1"));
    // Corrupt: a field missing, the weights changed or not a weights file at all.
    CHECK_THAT(load_error(variant("no_scaling", edited([](nlohmann::json& j) { j.erase("scaling"); }), weights)),
               Catch::Contains("no_scaling.json is corrupt:") && Catch::Contains("scaling"));
    // A scale every feature (or the residual) is divided by: zero or not finite would predict NaN.
    CHECK_THAT(load_error(variant("zero_scale", edited([](nlohmann::json& j) { j["scaling"]["feature_scale"][0] = 0.0; }), weights)),
               Catch::Contains("zero_scale.json is corrupt: scaling.feature_scale[0] must be a positive finite number"));
    CHECK_THAT(load_error(variant("null_scale", edited([](nlohmann::json& j) { j["scaling"]["residual_scale"] = -1.0; }), weights)),
               Catch::Contains("null_scale.json is corrupt: scaling.residual_scale must be a positive finite number"));
    std::string flipped = weights;
    flipped[flipped.size() / 2] ^= 0x55;
    CHECK_THAT(load_error(variant("flipped", with_file("flipped"), flipped)),
               Catch::Contains("flipped.json is corrupt: the weights file") && Catch::Contains("does not match the checksum"));
    CHECK_THAT(load_error(variant("not_torch", edited([&](nlohmann::json& j) {
                                      j["weights"]["file"] = "not_torch.pt";
                                      j["weights"]["sha256"] = sha256_hex("plain text");
                                  }),
                                  "plain text")),
               Catch::Contains("not_torch.json is corrupt:"));
    write_file(dir + "/lost.json", with_file("lost"));
    CHECK_THAT(load_error(dir + "/lost.json"), Catch::Contains("lost.json: its weights file") && Catch::Contains("lost.pt is missing"));
    // Mismatched: weights of another network, the checksum made to agree.
    TwinSettings wide = quick();
    wide.width = 8;
    Twin::train(engine(), c, Window{0, 79}, wide).save(dir + "/wide.json");
    const std::string wide_weights = read_file(dir + "/wide.pt");
    CHECK_THAT(load_error(variant("mismatch", edited([&](nlohmann::json& j) {
                                      j["weights"]["file"] = "mismatch.pt";
                                      j["weights"]["sha256"] = sha256_hex(wide_weights);
                                  }),
                                  wide_weights)),
               Catch::Contains("mismatch.json is corrupt: the weights") && Catch::Contains("do not fit 3 networks of 161 parameters"));
    CHECK_THAT(load_error(dir + "/absent.json"), Catch::Contains("cannot open"));
}
