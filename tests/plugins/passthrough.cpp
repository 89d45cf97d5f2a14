// The smallest stepped plugin: y = u + c. Used to measure the host's per-step overhead and to test
// feedback loops and unit conversion.
#include <dtop/plugin.hpp>

struct Passthrough : dtop::Node {
    double c = 0.0;
    std::string unit = "m";
    dtop::StepIn<double> u;
    dtop::StepOut<double> y;
    dtop::Out<double> last;

    static void describe(dtop::Spec<Passthrough>& s) {
        s.name("test-pass").version("0.0.1").summary("y = u + c every step (tests, benchmarks)");
        s.param("c", &Passthrough::c).unit("m").doc("added to u");
        s.input("u", &Passthrough::u).unit("m").optional().doc("in metres");
        s.output("y", &Passthrough::y).unit("m").doc("u + c");
        s.output("last", &Passthrough::last).unit("m").doc("y at the last step");
    }
    void step(double, double) override { y = u + c; }
    void finish() override { last = y.get(); }
};
DTOP_PLUGIN(Passthrough)
