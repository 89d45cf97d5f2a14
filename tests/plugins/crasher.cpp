// A plugin that takes its host process down where and how its parameters say: a real segfault, an
// abort, a stack overflow, or blocking forever (for signals sent by a test). The supervised
// `dtop run` must finish the manifest (crashed or cancelled) from the parent process.
#include <dtop/plugin.hpp>

#include <cstdint>
#include <cstdlib>
#include <unistd.h>

namespace {

volatile std::uintptr_t g_null_address = 0;  // volatile: the compiler cannot see the null write
volatile int g_never = -1;                    // never reached: keeps the recursion's exit opaque

[[gnu::noinline]] int overflow_stack(int depth) {
    volatile char frame[4096];  // a page per call, kept alive across the call below
    frame[0] = static_cast<char>(depth);
    if (depth == g_never) return 0;
    return overflow_stack(depth + 1) + frame[0];  // not a tail call: the frame must stay
}

void crash(const std::string& how) {
    if (how == "segfault") *reinterpret_cast<volatile int*>(g_null_address) = 1;
    if (how == "abort") std::abort();
    if (how == "stack_overflow") overflow_stack(0);
    if (how == "block")
        for (;;) ::pause();
}

}  // namespace

struct Crasher : dtop::Node {
    std::string how = "segfault";
    std::string when = "run";
    dtop::In<double> after;  // only to order it after another node
    dtop::Out<double> value;

    static void describe(dtop::Spec<Crasher>& s) {
        s.name("test-crasher").version("0.0.1").summary("crashes its host process where and how told (tests)");
        s.param("how", &Crasher::how).choices("segfault|abort|stack_overflow|block|never").doc("what to do");
        s.param("when", &Crasher::when).choices("configure|run").doc("in configure (before the results folder) or in run");
        s.input("after", &Crasher::after).unit("m").optional().doc("ignored: wire it to run after that node");
        s.output("value", &Crasher::value).unit("m").doc("1 when it did not crash");
    }
    void configure() override {
        if (when == "configure") crash(how);
    }
    void run() override {
        if (when == "run") crash(how);
        value = 1.0;
    }
};
DTOP_PLUGIN(Crasher)
