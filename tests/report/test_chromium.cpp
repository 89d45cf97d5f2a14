// The run report in a real browser: headless Chromium (Debian's chromium) opens report.html from
// disk, with no network, and dumps the DOM once the page's script has run. The page writes its own
// verdict into #report-status: charts expected and drawn (plotly drew an SVG with every trace),
// pictures expected and loaded, and every page error (window.onerror, console.error, unhandled
// rejections, anything the page's Content-Security-Policy blocked, such as a network request).
// A screenshot of each page is kept in the test output, and a page with planted faults must fail.
#include "report_test_support.hpp"

#include "skip.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>

using namespace dtop::test;
namespace fs = std::filesystem;

namespace {

// $DTOP_CHROMIUM if set (empty if it is not there), else chromium or chromium-browser on the PATH,
// else /usr/bin/chromium; empty if none.
std::string find_chromium() {
    if (const char* env = std::getenv("DTOP_CHROMIUM"); env && *env) return fs::exists(env) ? env : "";
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "";
    for (const char* name : {"chromium", "chromium-browser"}) {
        std::size_t start = 0;
        while (start <= dirs.size()) {
            const std::size_t end = std::min(dirs.find(':', start), dirs.size());
            const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
            if (!dirs.substr(start, end - start).empty() && fs::exists(candidate)) return candidate.string();
            start = end + 1;
        }
    }
    return fs::exists("/usr/bin/chromium") ? "/usr/bin/chromium" : "";
}

// Headless, offline and without any state of its own; at most two minutes.
ProcessResult chromium(const std::string& exe, const std::string& profile, const std::vector<std::string>& action,
                       const std::string& page) {
    std::vector<std::string> argv{"timeout", "120", exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                  "--disable-quic", "--no-first-run", "--disable-background-networking",
                                  "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                                  "--user-data-dir=" + profile, "--virtual-time-budget=15000"};
    argv.insert(argv.end(), action.begin(), action.end());
    argv.push_back("file://" + fs::absolute(page).string());
    return run_process(argv);
}

// The attributes of the element with id="report-status" in a dumped DOM.
std::map<std::string, std::string> status_of(const std::string& dom) {
    std::map<std::string, std::string> attrs;
    const auto at = dom.find("id=\"report-status\"");
    if (at == std::string::npos) return attrs;
    const auto open = dom.rfind('<', at), close = dom.find('>', at);
    const std::string tag = dom.substr(open, close - open);
    for (std::size_t p = tag.find("data-"); p != std::string::npos; p = tag.find("data-", p + 1)) {
        const auto eq = tag.find("=\"", p), end = tag.find('"', eq + 2);
        attrs[tag.substr(p, eq - p)] = tag.substr(eq + 2, end - eq - 2);
        p = end;
    }
    return attrs;
}

struct Verdict {
    std::map<std::string, std::string> status;
    std::string stderr_text;
    // An attribute of #report-status; "(absent)" when the page never wrote it.
    std::string operator[](const std::string& attribute) const {
        const auto it = status.find(attribute);
        return it == status.end() ? "(absent)" : it->second;
    }
};

Verdict open_page(const std::string& exe, const std::string& work, const std::string& page) {
    auto r = chromium(exe, work + "/profile-dom", {"--dump-dom"}, page);
    fs::remove_all(work + "/profile-dom");
    return {status_of(r.out), r.err};
}

}  // namespace

TEST_CASE("report: every chart renders in headless Chromium with no page error, screenshot kept") {
    const std::string exe = find_chromium();
    if (exe.empty()) require_program("chromium", "install Debian's chromium package (sh bootstrap.sh does), or set $DTOP_CHROMIUM");
    const std::string dir = temp_dir("report_chromium");
    // A structural comparison (pictures, Nyquist and spectra charts), a twin on a recorded test
    // (60,001-sample series, decimated), and a failed run.
    write_file(dir + "/failed.yaml", R"(nodes:
  s: {plugin: test-series, params: {samples: 500, channels: "y, z"}}
  picture: {plugin: plot, inputs: {a: s.series}}
  broken: {plugin: test-thrower, params: {fail_in: run}}
)");
    const std::vector<std::pair<std::string, std::string>> runs{{"vibration-compare", SOURCE_DIR "/scenarios/vibration-compare.yaml"},
                                                                {"twin-impulse", SOURCE_DIR "/scenarios/twin-impulse.yaml"},
                                                                {"failed", dir + "/failed.yaml"}};
    for (const auto& [name, scenario] : runs) {
        INFO(name);
        const std::string out = dir + "/" + name;
        auto r = run_dtop({"run", scenario, "--out", out, "--report", "-q"});
        INFO(r.err);
        REQUIRE(r.code == (name == "failed" ? 2 : 0));
        const std::string page = out + "/report.html";
        const std::size_t charts = report_data(read_file(page))["charts"].size();
        const std::size_t images = report_data(read_file(page))["images"].size();
        REQUIRE(charts > 0);
        REQUIRE(images > 0);

        const Verdict v = open_page(exe, dir, page);
        INFO("chromium's stderr:\n" << v.stderr_text);
        REQUIRE(v["data-done"] == "true");
        CHECK(v["data-errors"] == "");
        CHECK(v["data-charts-expected"] == std::to_string(charts));
        CHECK(v["data-charts-rendered"] == std::to_string(charts));
        CHECK(v["data-images-expected"] == std::to_string(images));
        CHECK(v["data-images-loaded"] == std::to_string(images));

        // A screenshot for people, kept in the test output: tests/report/output/report_chromium/<run>.png
        const std::string shot = dir + "/" + name + ".png";
        auto s = chromium(exe, dir + "/profile-shot", {"--window-size=1280,2400", "--screenshot=" + shot}, page);
        fs::remove_all(dir + "/profile-shot");
        INFO(s.err);
        const auto png = png_info(shot);
        REQUIRE(png);
        CHECK(png->width == 1280);
        CHECK(png->height == 2400);
        CHECK(png->bytes > 50'000);  // a page with tables and charts, not a blank one
    }
}

TEST_CASE("report: the browser check fails a page that errs, reaches for the network or loses a picture") {
    const std::string exe = find_chromium();
    if (exe.empty()) require_program("chromium", "install Debian's chromium package (sh bootstrap.sh does), or set $DTOP_CHROMIUM");
    const std::string dir = temp_dir("report_chromium_faults");
    write_file(dir + "/s.yaml", "nodes:\n  s: {plugin: test-series}\n  picture: {plugin: plot, inputs: {a: s.series}}\n");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out", "--report", "-q"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const std::string page = dir + "/out/report.html";
    const Verdict good = open_page(exe, dir, page);
    CHECK(good["data-errors"] == "");
    CHECK(good["data-charts-rendered"] == "1");

    // Planted after the page's own script: a script error, a request to the network, a lost picture.
    std::string html = read_file(page);
    const auto end = html.rfind("</body>");
    html.insert(end, "<script>fetch('https://example.invalid/data.json').catch(function () {});\n"
                     "throw new Error('planted fault');</script>\n");
    write_file(page, html);
    fs::remove(dir + "/out/picture/plot.png");
    const Verdict bad = open_page(exe, dir, page);
    INFO(bad.stderr_text);
    CHECK_THAT(bad["data-errors"], Catch::Contains("planted fault"));
    CHECK_THAT(bad["data-errors"], Catch::Contains("blocked by the page's security policy"));
    CHECK_THAT(bad["data-errors"], Catch::Contains("picture picture/plot.png did not load"));
    CHECK(bad["data-images-loaded"] == "0");
}
