// A plugin whose parameter check needs the clock: an oscillator of natural frequency `frequency` is
// resolved only with a step of at most a tenth of its period. With plugin API 1.1 dtop hands the clock
// to configure(), so the check names the parameter and `dtop validate` points at where it is set.
// `fail` makes it fail in the ways the tests need (fatal errors, a ParamError naming no parameter).
#include <dtop/plugin.hpp>

#include <limits>
#include <string>

struct Clocked : dtop::Node {
    double frequency = 1.0;
    std::string fail = "never";
    dtop::StepIn<double> u;
    dtop::StepOut<double> y;
    dtop::Out<double> configured_step;  // the clock step configure() saw; NaN without a clock
    double seen = std::numeric_limits<double>::quiet_NaN();

    static void describe(dtop::Spec<Clocked>& s) {
        s.name("test-clocked").version("0.0.1").summary("checks its step against a natural frequency (tests)");
        s.param("frequency", &Clocked::frequency).unit("Hz").positive().doc("natural frequency to resolve");
        s.param("fail", &Clocked::fail)
            .choices("never|fatal-configure|fatal-step|undeclared-param")
            .doc("how to fail");
        s.input("u", &Clocked::u).optional().doc("passed through");
        s.output("y", &Clocked::y).doc("u");
        s.output("configured_step", &Clocked::configured_step).unit("s").doc("the step configure() saw");
    }
    void configure() override {
        if (const auto c = clock()) {
            seen = c->step;
            if (c->step > 0.1 / frequency)
                throw dtop::ParamError("frequency", "a natural frequency of " + std::to_string(frequency) +
                                                        " Hz needs a step of at most " + std::to_string(0.1 / frequency) +
                                                        " s; the clock's step is " + std::to_string(c->step) + " s");
        }
        if (fail == "fatal-configure") throw dtop::FatalError("the solver process died");
        if (fail == "undeclared-param") throw dtop::ParamError("no_such_param", "this parameter is wrong");
    }
    void run() override { configured_step = seen; }
    void step(double, double) override {
        if (fail == "fatal-step") throw dtop::FatalError("the solver process died");
        y = u;
    }
    void finish() override { configured_step = seen; }
};
DTOP_PLUGIN(Clocked)
