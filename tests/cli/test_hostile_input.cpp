// Hostile input (issue 15): bad files on the plugin path, plugin code where nothing should load,
// concurrent runs into one folder, --overwrite of what is not a run, a full disk, special files as
// data or as output. Every test uses a temporary folder only.
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace dtop::test;
namespace fs = std::filesystem;

extern char** environ;

namespace {

const std::string kScenario = "nodes:\n  a: {plugin: test-mm}\n";

// The first `bytes` bytes of a real plugin library: a copy cut short.
void write_truncated_gain(const std::string& dir) {
    std::ifstream in(BUILTIN_PLUGIN_DIR "/gain.so", std::ios::binary);
    std::string head(20000, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    REQUIRE(in.gcount() == 20000);
    write_file(dir + "/gain.so", head);
}

// dtop with the test plugins and `extra` on its path (extra first).
ProcessResult dtop_with_path(const std::string& extra, std::vector<std::string> args) {
    if (!extra.empty()) args.insert(args.begin(), {"--plugin-path", extra});
    args.insert(args.begin(), {DTOP_EXE, "--plugin-path", TEST_PLUGIN_DIR});
    return run_process(args, "", {"DTOP_PLUGIN_PATH="});
}

}  // namespace

TEST_CASE("hostile: a truncated plugin library on the path is skipped with a warning naming it, never a crash") {
    const std::string dir = temp_dir("hostile_truncated");
    write_truncated_gain(dir + "/t");
    write_file(dir + "/s.yaml", kScenario);
    const std::string bad = dir + "/t/gain.so";

    auto validate = dtop_with_path(dir + "/t", {"validate", "--static", dir + "/s.yaml"});
    INFO(validate.err);
    CHECK(validate.code == 0);
    CHECK_THAT(validate.err, Catch::Contains("warning: skipped " + bad) && Catch::Contains("truncated"));

    // The same through DTOP_PLUGIN_PATH.
    auto env = run_process({DTOP_EXE, "--plugin-path", TEST_PLUGIN_DIR, "validate", dir + "/s.yaml"}, "",
                      {"DTOP_PLUGIN_PATH=" + dir + "/t"});
    INFO(env.err);
    CHECK(env.code == 0);
    CHECK_THAT(env.err, Catch::Contains(bad) && Catch::Contains("truncated"));

    auto plugins = dtop_with_path(dir + "/t", {"plugins"});
    CHECK(plugins.code == 1);  // a library failed: said, with the reason; not a signal
    CHECK_THAT(plugins.err, Catch::Contains(bad) && Catch::Contains("truncated"));
    CHECK_THAT(plugins.out, Catch::Contains("test-mm"));

    auto run = dtop_with_path(dir + "/t", {"run", dir + "/s.yaml", "--out", dir + "/out"});
    INFO(run.err);
    CHECK(run.code == 0);
    CHECK_THAT(run.err, Catch::Contains(bad));

    auto manifest = dtop_with_path("", {"manifest", bad, "-o", dir + "/m.json"});
    CHECK(manifest.code == 1);
    CHECK_THAT(manifest.err, Catch::Contains(bad) && Catch::Contains("truncated or damaged"));
    CHECK_FALSE(fs::exists(dir + "/m.json"));
}

TEST_CASE("hostile: a library without a manifest never runs code in dtop's process for validate, run or plugins") {
    // Its constructor raises SIGSEGV: loaded into dtop, it would take the command down.
    const std::string dir = temp_dir("hostile_constructor");
    const std::string crash_dir = BAD_PLUGIN_DIR "/constructor_crash";
    write_file(dir + "/s.yaml", kScenario);
    auto validate = dtop_with_path(crash_dir, {"validate", "--static", dir + "/s.yaml"});
    INFO(validate.err);
    CHECK(validate.code == 0);
    CHECK_THAT(validate.err, Catch::Contains("test_constructor_crash.so") && Catch::Contains("SIGSEGV"));
    auto run = dtop_with_path(crash_dir, {"run", dir + "/s.yaml", "--out", dir + "/out"});
    INFO(run.err);
    CHECK(run.code == 0);
    auto plugins = dtop_with_path(crash_dir, {"plugins"});
    CHECK(plugins.code == 1);
    CHECK_THAT(plugins.err, Catch::Contains("crashed while being described"));
    CHECK_THAT(plugins.out, Catch::Contains("test-mm"));
    // doctor explains it instead of dying with it.
    auto doctor = run_dtop({"doctor", crash_dir + "/test_constructor_crash.so"});
    CHECK(doctor.code == 1);
    CHECK_THAT(doctor.out, Catch::Contains("FAIL") && Catch::Contains("killed by SIGSEGV"));
}

TEST_CASE("hostile: a plugin path that is not a directory is named in a warning") {
    const std::string dir = temp_dir("hostile_plugin_path");
    write_file(dir + "/s.yaml", kScenario);
    auto r = dtop_with_path(dir + "/no-such-folder", {"validate", "--static", dir + "/s.yaml"});
    CHECK(r.code == 0);
    CHECK_THAT(r.err, Catch::Contains("warning: plugin path " + dir + "/no-such-folder is not a directory"));
}

TEST_CASE("hostile: concurrent runs into one --out: exactly one writes there, the others are refused") {
    const std::string dir = temp_dir("hostile_concurrent");
    write_file(dir + "/s.yaml", kScenario);
    constexpr int kRuns = 12;
    for (int attempt = 0; attempt < 3; ++attempt) {
        const std::string out = dir + "/out" + std::to_string(attempt);
        std::vector<pid_t> pids;
        for (int i = 0; i < kRuns; ++i) {
            const std::string log = dir + "/run" + std::to_string(attempt) + "_" + std::to_string(i) + ".err";
            std::vector<std::string> args{DTOP_EXE, "--plugin-path", TEST_PLUGIN_DIR, "run", dir + "/s.yaml",
                                          "--out", out, "--set", "a.length=" + std::to_string(100 + i)};
            std::vector<char*> cargs;
            for (auto& a : args) cargs.push_back(a.data());
            cargs.push_back(nullptr);
            posix_spawn_file_actions_t actions;
            posix_spawn_file_actions_init(&actions);
            posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
            posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            pid_t pid = 0;
            REQUIRE(posix_spawn(&pid, cargs[0], &actions, nullptr, cargs.data(), environ) == 0);
            posix_spawn_file_actions_destroy(&actions);
            pids.push_back(pid);
        }
        int ok = 0;
        for (int i = 0; i < kRuns; ++i) {
            int status = 0;
            waitpid(pids[i], &status, 0);
            REQUIRE(WIFEXITED(status));
            const std::string err = read_file(dir + "/run" + std::to_string(attempt) + "_" + std::to_string(i) + ".err");
            INFO(err);
            if (WEXITSTATUS(status) == 0) {
                ++ok;
            } else {
                CHECK(WEXITSTATUS(status) == 1);
                CHECK_THAT(err, Catch::Contains("in use by another dtop run") || Catch::Contains("already exists and is not empty"));
            }
        }
        CHECK(ok == 1);
        // The results are one run's: the manifest's parameter is the one in the output file.
        const auto m = nlohmann::json::parse(read_file(out + "/manifest.json"));
        const auto length = m["nodes"]["a"]["params"]["length"]["value"].get<double>();
        CHECK(nlohmann::json::parse(read_file(out + "/a.out.json"))["value"].get<double>() == length);
    }
}

TEST_CASE("hostile: --overwrite replaces only a valid run's listed files, and refuses anything else") {
    const std::string dir = temp_dir("hostile_overwrite");
    write_file(dir + "/s.yaml", kScenario);
    // A folder with a file that is merely named manifest.json.
    write_file(dir + "/fake/manifest.json", "hello\n");
    write_file(dir + "/fake/thesis.tex", "years of work");
    auto fake = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/fake", "--overwrite"});
    CHECK(fake.code == 1);
    CHECK_THAT(fake.err, Catch::Contains("not an earlier dtop results directory"));
    CHECK(read_file(dir + "/fake/thesis.tex") == "years of work");
    CHECK(read_file(dir + "/fake/manifest.json") == "hello\n");

    // A real run, then a file of the user's beside its results: refused, nothing removed.
    REQUIRE(run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"}).code == 0);
    write_file(dir + "/out/my-notes.txt", "mine");
    auto mixed = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out", "--overwrite"});
    CHECK(mixed.code == 1);
    CHECK_THAT(mixed.err, Catch::Contains("my-notes.txt") && Catch::Contains("does not list"));
    CHECK(read_file(dir + "/out/my-notes.txt") == "mine");
    CHECK(fs::exists(dir + "/out/a.out.json"));

    // Without it, the earlier run is replaced (its own files, its node folder and a stale temporary).
    fs::remove(dir + "/out/my-notes.txt");
    write_file(dir + "/out/.a.out.json.tmp99999", "half");
    auto again = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out", "--overwrite", "--set", "a.length=7"});
    INFO(again.err);
    CHECK(again.code == 0);
    CHECK_FALSE(fs::exists(dir + "/out/.a.out.json.tmp99999"));
    CHECK(nlohmann::json::parse(read_file(dir + "/out/a.out.json"))["value"] == 7.0);

    // A manifest that names a file outside the folder is not a dtop manifest.
    write_file(dir + "/escape/manifest.json",
               R"({"dtop_version": "1", "status": "ok", "nodes": {"a": {"outputs": {"x": "../victim.txt"}}}})");
    write_file(dir + "/victim.txt", "keep");
    CHECK(run_dtop({"run", dir + "/s.yaml", "--out", dir + "/escape", "--overwrite"}).code == 1);
    CHECK(read_file(dir + "/victim.txt") == "keep");
}

TEST_CASE("hostile: --out '' is refused, not replaced by the default folder") {
    const std::string dir = temp_dir("hostile_out_empty");
    write_file(dir + "/s.yaml", kScenario);
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", ""}, dir);
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("--out is empty"));
    CHECK_FALSE(fs::exists(dir + "/results"));
}

TEST_CASE("hostile: an unwritable working directory is reported as such, not as a missing file") {
    const std::string dir = temp_dir("hostile_cwd");
    write_file(dir + "/s.yaml", kScenario);
    std::string cwd = dir + "/ro";
    fs::create_directories(cwd);
    fs::permissions(cwd, fs::perms::owner_read | fs::perms::owner_exec);
    if (::geteuid() == 0) cwd = "/sys";  // root writes anywhere but on a read-only file system
    auto r = run_dtop({"run", dir + "/s.yaml"}, cwd);
    fs::permissions(dir + "/ro", fs::perms::owner_all);
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("the working directory is not writable; pass --out DIR"));
    CHECK_THAT(r.err, !Catch::Contains("No such file or directory"));
}

TEST_CASE("hostile: a full disk while a batch output is written fails the node, cleans up and finishes the manifest") {
    // Anywhere: a file size limit (RLIMIT_FSIZE, SIGXFSZ ignored) makes write() fail with EFBIG past
    // 200 KiB, as a full file system would with ENOSPC: the big output fails, the small manifest fits.
    const std::string dir = temp_dir("hostile_disk_full");
    write_file(dir + "/s.yaml", "nodes:\n  g: {plugin: signal-generator, params: {duration: 100, sample_step: 0.0001}}\n");
    const std::string cmd = std::string("ulimit -f 400; trap '' XFSZ; exec \"$0\" \"$@\"");
    auto r = run_process({"sh", "-c", cmd, DTOP_EXE, "--plugin-path", BUILTIN_PLUGIN_DIR, "run", dir + "/s.yaml",
                          "--out", dir + "/out"},
                         "", {"DTOP_PLUGIN_PATH="});
    INFO(r.err);
    CHECK(r.code == 2);
    const auto m = nlohmann::json::parse(read_file(dir + "/out/manifest.json"));
    CHECK(m["status"] == "failed");
    CHECK(m["nodes"]["g"]["status"] == "failed");
    CHECK_THAT(m["nodes"]["g"]["error"].get<std::string>(), Catch::Contains("File too large"));
    for (const auto& e : fs::directory_iterator(dir + "/out")) {
        INFO(e.path());
        CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
    }

    // A really full file system where the test may mount one (root): a 2 MiB tmpfs, ENOSPC.
    const std::string small = dir + "/tmpfs";
    fs::create_directories(small);
    if (::geteuid() != 0 || run_process({"mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", small}).code != 0) return;
    auto full = run_process({DTOP_EXE, "--plugin-path", BUILTIN_PLUGIN_DIR, "run", dir + "/s.yaml", "--out", small + "/out"},
                            "", {"DTOP_PLUGIN_PATH="});
    const std::string manifest_text = read_file(small + "/out/manifest.json");
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(small + "/out")) left.push_back(e.path().filename().string());
    run_process({"umount", small});
    INFO(full.err);
    CHECK(full.code == 2);
    const auto fm = nlohmann::json::parse(manifest_text);
    CHECK(fm["status"] == "failed");
    CHECK_THAT(fm["nodes"]["g"]["error"].get<std::string>(), Catch::Contains("No space left on device"));
    for (const auto& name : left) {
        INFO(name);
        CHECK(name.find(".tmp") == std::string::npos);
    }
}

TEST_CASE("hostile: a FIFO or a directory as a data file is refused with the reason, never a hang") {
    const std::string dir = temp_dir("hostile_fifo");
    REQUIRE(::mkfifo((dir + "/data.csv").c_str(), 0644) == 0);
    fs::create_directories(dir + "/folder.csv");
    const std::pair<const char*, const char*> cases[] = {
        {"data.csv", "it is a FIFO (named pipe), not a regular file"},
        {"folder.csv", "it is a directory, not a file"},
    };
    for (const auto& [file, why] : cases) {
        write_file(dir + "/s.yaml", std::string("nodes:\n  r: {plugin: replay, params: {file: ") + file + "}}\n");
        for (const char* command : {"validate", "run"}) {
            // `timeout`: before the fix dtop blocked forever opening the FIFO.
            std::vector<std::string> args{"timeout", "30", DTOP_EXE, "--plugin-path", BUILTIN_PLUGIN_DIR, command, dir + "/s.yaml"};
            if (std::string(command) == "run") args.insert(args.end(), {"--out", dir + "/out-" + file});
            auto r = run_process(args, "", {"DTOP_PLUGIN_PATH="});
            INFO(command << " " << file << ": " << r.err);
            CHECK(r.code == 1);
            CHECK_THAT(r.err, Catch::Contains(why));
        }
    }
}

TEST_CASE("hostile: manifest -o never replaces a FIFO or a symbolic link") {
    const std::string dir = temp_dir("hostile_manifest_out");
    const std::string lib = TEST_PLUGIN_DIR "/test_millimetres.so";
    REQUIRE(::mkfifo((dir + "/pipe").c_str(), 0644) == 0);
    auto fifo = run_dtop({"manifest", lib, "-o", dir + "/pipe"});
    CHECK(fifo.code == 1);
    CHECK_THAT(fifo.err, Catch::Contains("refusing to replace") && Catch::Contains("a FIFO"));
    CHECK(fs::is_fifo(fs::symlink_status(dir + "/pipe")));

    write_file(dir + "/target.json", "precious");
    fs::create_symlink(dir + "/target.json", dir + "/link.json");
    auto link = run_dtop({"manifest", lib, "-o", dir + "/link.json"});
    CHECK(link.code == 1);
    CHECK_THAT(link.err, Catch::Contains("a symbolic link"));
    CHECK(fs::is_symlink(fs::symlink_status(dir + "/link.json")));
    CHECK(read_file(dir + "/target.json") == "precious");

    // A regular file is replaced as before.
    write_file(dir + "/plain.json", "old");
    CHECK(run_dtop({"manifest", lib, "-o", dir + "/plain.json"}).code == 0);
    CHECK(nlohmann::json::parse(read_file(dir + "/plain.json"))["plugin"]["name"] == "test-mm");
}

TEST_CASE("hostile: report on a manifest with a wrong value type names the field") {
    const std::string dir = temp_dir("hostile_report_types");
    write_file(dir + "/s.yaml", kScenario);
    REQUIRE(run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"}).code == 0);
    auto m = nlohmann::json::parse(read_file(dir + "/out/manifest.json"));
    m["nodes"]["a"]["status"] = 5;
    write_file(dir + "/out/manifest.json", m.dump());
    auto r = run_dtop({"report", dir + "/out"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("field 'nodes.a.status' should be text, it is number"));
    CHECK_THAT(r.err, !Catch::Contains("json.exception"));
}
