// Recorded-data targets: parsing numeric CSV at 300 MB/s or more on one core; 60 s at 1 kHz through
// replay, structure and recorder under 50 ms; replaying a 2 GB file with a peak resident memory under
// 64 MB (opt-in: set DTOP_BENCH_BIG=1, it writes a 2 GB file under the build tree).
#include "dtop_support/delimited_reader.hpp"
#include "engine.hpp"
#include "scenario_check.hpp"

#include <benchmark/benchmark.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <spawn.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

extern char** environ;

namespace fs = std::filesystem;

namespace {

const fs::path kOut = fs::path(BENCH_OUTPUT_DIR) / "twin";

// A numeric CSV like the rig's records (t and four channels, 1 kHz), of about `bytes` bytes; made once.
fs::path generated_csv(const std::string& name, std::uintmax_t bytes) {
    const fs::path file = kOut / name;
    std::error_code ec;
    const fs::path done = file.string() + ".complete";  // written last: a file cut short is made again
    if (fs::exists(done, ec) && fs::exists(file, ec) && fs::file_size(file, ec) >= bytes) return file;
    fs::create_directories(kOut);
    std::FILE* f = std::fopen(file.c_str(), "wb");
    std::string chunk = "t (s),dotx1 (m/s),dotx2 (m/s),dotx3 (m/s),fp (N)\n";
    std::uintmax_t written = 0;
    char buf[32];
    for (long k = 0; written < bytes; ++k) {
        const double t = static_cast<double>(k) / 1000.0;
        auto put = [&](double x) {
            chunk.append(buf, std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 5).ptr);
        };
        chunk.append(buf, std::to_chars(buf, buf + sizeof buf, t).ptr);  // exact: times must increase
        for (int c = 1; c <= 4; ++c) {
            chunk += ',';
            put(1e-4 * c * std::sin(0.013 * static_cast<double>(k) * c));
        }
        chunk += '\n';
        if (chunk.size() > (1u << 20)) {
            std::fwrite(chunk.data(), 1, chunk.size(), f);
            written += chunk.size();
            chunk.clear();
        }
    }
    std::fwrite(chunk.data(), 1, chunk.size(), f);
    std::fclose(f);
    std::ofstream(done) << "ok\n";
    return file;
}

void replay_parse_throughput(benchmark::State& state) {
    const fs::path file = generated_csv("parse-100MB.csv", 100u << 20);
    const auto bytes = fs::file_size(file);
    for (auto _ : state) {
        dtop::support::DelimitedReader r(file);
        double row[5];
        long rows = 0;
        while (r.next(row)) ++rows;
        benchmark::DoNotOptimize(rows);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes));
}
BENCHMARK(replay_parse_throughput)->Unit(benchmark::kMillisecond);

// replay (force) -> structure-sim -> recorder (force and velocities), 60,001 communication points,
// in process as `dtop run` does it (results written), with the built-in plugins.
void twin_60s_at_1kHz(benchmark::State& state) {
    const std::string text = std::string("clock: {start: 0, stop: 60, step: 0.001}\nnodes:\n") +
                             "  force: {plugin: replay, params: {file: " SOURCE_DIR "/data/cristallo/data_th_noise.csv, channels: fp}}\n"
                             "  model: {plugin: structure-sim, inputs: {force: force.y}}\n"
                             "  rec: {plugin: recorder, inputs: {a: force.y, b: model.velocity}}\n";
    dtop::Registry registry(dtop::Registry::search_path({}));
    for (auto _ : state) {
        dtop::Diagnostics d;
        dtop::Plan plan = dtop::check_scenario(dtop::parse_scenario_text(text, kOut / "twin.yaml", d), registry, d);
        if (!d.empty()) state.SkipWithError(d.format().c_str());
        dtop::Reporter quiet(dtop::ProgressMode::none, dtop::Verbosity::quiet);
        dtop::RunOptions options;
        options.out = kOut / "twin-run";
        options.overwrite = true;
        if (dtop::run_plan(plan, registry, quiet, options).exit_code != 0) state.SkipWithError("the run failed");
    }
}
BENCHMARK(twin_60s_at_1kHz)->Unit(benchmark::kMillisecond);

// A 2 GB record streamed through `dtop run` (replay stepped at the file's 1 kHz, every row read):
// the process's peak resident memory, from wait4.
void replay_2gb_peak_rss(benchmark::State& state) {
    const fs::path file = generated_csv("replay-2GB.csv", 2ull << 30);
    // The rows' last time: the clock must reach it so that every row is read.
    std::FILE* f = std::fopen(file.c_str(), "rb");
    std::fseek(f, -200, SEEK_END);
    char tail[256] = {};
    const std::size_t n = std::fread(tail, 1, 200, f);
    std::fclose(f);
    std::string last(tail, n);
    last = last.substr(last.rfind('\n', last.size() - 2) + 1);
    const double t_last = std::stod(last.substr(0, last.find(',')));
    const fs::path scenario = kOut / "big.yaml";
    std::ofstream(scenario) << "clock: {start: 0, stop: " << t_last << ", step: 0.001}\nnodes:\n  r: {plugin: replay, params: {file: "
                            << file.string() << ", channels: dotx1}}\n  g: {plugin: gain, inputs: {u: r.y}}\n";
    long peak_kb = 0;
    for (auto _ : state) {
        std::vector<std::string> args{DTOP_EXE, "run", scenario.string(), "--out", (kOut / "big-run").string(), "--overwrite", "-q"};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_t pid = 0;
        if (posix_spawn(&pid, DTOP_EXE, nullptr, nullptr, argv.data(), environ) != 0) state.SkipWithError("cannot start dtop");
        int status = 0;
        rusage usage{};
        wait4(pid, &status, 0, &usage);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) state.SkipWithError("dtop run failed");
        peak_kb = usage.ru_maxrss;
    }
    state.counters["peak_rss_MB"] = static_cast<double>(peak_kb) / 1024.0;
    state.counters["file_GB"] = static_cast<double>(fs::file_size(file)) / (1u << 30);
}

// Registered only on request: it writes 2 GB.
const bool big = [] {
    const char* e = std::getenv("DTOP_BENCH_BIG");
    if (e && std::string(e) == "1") benchmark::RegisterBenchmark("replay_2gb_peak_rss", replay_2gb_peak_rss)->Iterations(1)->Unit(benchmark::kSecond);
    return true;
}();

}  // namespace
