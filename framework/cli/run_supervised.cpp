#include "run_supervised.hpp"

#include "run_aftermath.hpp"
#include "safe_text.hpp"
#include "supervisor.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <unistd.h>

namespace fs = std::filesystem;

namespace dtop::cli {

namespace {

constexpr const char* kResultsMessage = "results ";  // the child's one message: "results <path>" (same working directory)

// Someone asked the run to stop (the parent forwarded it, or the engine got it directly).
bool was_cancelled(const ChildEnd& end) {
    return end.cancel_signal != 0 || end.signal == SIGINT || end.signal == SIGTERM || end.signal == SIGHUP;
}

std::string node_list(const std::vector<std::string>& nodes) {
    std::string s;
    for (const auto& n : nodes) s += (s.empty() ? "'" : ", '") + n + "'";
    return s;
}

void tell_user(const Options& o, const AbnormalEnd& how, const std::optional<fs::path>& results,
               const std::vector<std::string>& running) {
    if (o.progress != ProgressMode::jsonl && ::isatty(STDERR_FILENO)) std::fputs("\r\033[K", stderr);  // the child's progress line
    std::string line = how.status == "crashed" ? "dtop: run CRASHED: " : "dtop: run cancelled: ";
    line += "the engine process was " + how.end.describe();
    if (how.end.cancel_signal) line += " after dtop got " + signal_name(how.end.cancel_signal);
    if (!running.empty()) line += " while node" + std::string(running.size() > 1 ? "s " : " ") + node_list(running) + " ran";
    if (results) line += "; results in " + results->string() + " (manifest status " + how.status + ")";
    else line += ", before its results folder was claimed";
    std::cerr << line << '\n';
}

}  // namespace

bool supervision_disabled() {
    const char* v = std::getenv("DTOP_NO_SUPERVISOR");
    return v && std::strcmp(v, "1") == 0;
}

int run_supervised(const Options& o, const RunBody& body) {
    const auto started = std::chrono::steady_clock::now();
    std::optional<fs::path> results;
    SuperviseOptions options;
    options.own_process_group = true;  // Ctrl-C reaches the parent only, which cancels the whole group
    options.on_message = [&results](const std::string& line) {
        if (line.rfind(kResultsMessage, 0) == 0) results = fs::path(line.substr(std::strlen(kResultsMessage)));
    };
    Child child = Child::run_function(
        [&body](int message_fd) {
            return body([message_fd](const fs::path& dir) {
                const std::string line = kResultsMessage + dir.string() + "\n";  // as the engine names it
                if (::write(message_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
                    std::cerr << "dtop: warning: cannot tell the supervisor where the results are\n";
            });
        },
        options);
    const ChildEnd end = child.wait();
    if (!end.signalled) return end.exit_code;  // the engine ended the run itself and wrote its manifest
    const AbnormalEnd how{was_cancelled(end) ? "cancelled" : "crashed", end, child.pid()};
    const std::vector<std::string> running = results ? finish_abnormal_run(*results, how) : std::vector<std::string>{};
    if (o.progress == ProgressMode::jsonl)
        std::cout << nlohmann::json{{"event", "run_end"}, {"status", how.status}, {"results", results.value_or(fs::path()).string()},
                                    {"elapsed_s", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()}}
                             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                  << '\n' << std::flush;
    tell_user(o, how, results, running);
    return how.status == "crashed" ? 3 : 4;
}

}  // namespace dtop::cli
