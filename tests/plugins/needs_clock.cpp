// A plugin that uses features of plugin API 1.1 and says so (needs_host_minor): it must refuse a
// dtop of API 1.0, and the two-way handshake tests call its entry function with other host versions.
#include <dtop/plugin.hpp>

struct NeedsClock : dtop::Node {
    dtop::Out<double> step_seen;
    static void describe(dtop::Spec<NeedsClock>& s) {
        s.name("test-needs-clock").version("0.0.1").summary("needs a dtop of plugin API 1.1 (tests)").needs_host_minor(1);
        s.output("step_seen", &NeedsClock::step_seen).unit("s").doc("the clock's step, 0 without one");
    }
    void run() override { step_seen = clock() ? clock()->step : 0.0; }
};
DTOP_PLUGIN(NeedsClock)
