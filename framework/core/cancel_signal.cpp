#include "cancel_signal.hpp"

#include <csignal>

namespace dtop {

namespace {

std::atomic<bool> cancel_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void on_cancel_signal(int sig) {
    cancel_requested.store(true, std::memory_order_relaxed);
    std::signal(sig, SIG_DFL);  // a second one ends the process
}

}  // namespace

const std::atomic<bool>* cancel_on_signals() {
    struct sigaction sa{};
    sa.sa_handler = on_cancel_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    return &cancel_requested;
}

}  // namespace dtop
