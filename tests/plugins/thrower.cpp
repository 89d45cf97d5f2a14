// A plugin that throws where its parameter `fail_in` says: the host must report the message, name
// the node, and keep the results of the nodes that finished.
#include <dtop/plugin.hpp>

struct Thrower : dtop::Node {
    std::string fail_in = "run";
    double x = 1.0;
    dtop::Out<double> value;
    dtop::StepOut<double> y;

    static void describe(dtop::Spec<Thrower>& s) {
        s.name("test-thrower").version("0.0.1").summary("throws std::runtime_error where told (tests)");
        s.param("fail_in", &Thrower::fail_in).choices("never|configure|run|step|init|param").doc("where to throw");
        s.param("x", &Thrower::x).unit("m").doc("echoed to `value`");
        s.output("value", &Thrower::value).unit("m").doc("x");
        s.output("y", &Thrower::y).unit("m").doc("x every step");
    }
    void configure() override {
        if (fail_in == "configure") throw std::runtime_error("configure exploded");
        if (fail_in == "param") throw dtop::ParamError("x", "x is not acceptable to this plugin");
    }
    void run() override {
        if (fail_in == "run") throw std::runtime_error("boom: sensor exploded");
        value = x;
    }
    void init(double, double, double) override {
        if (fail_in == "init") throw std::runtime_error("init exploded");
    }
    void step(double t, double) override {
        if (fail_in == "step" && t >= 0.5) throw std::runtime_error("step exploded");
        y = x;
    }
};
DTOP_PLUGIN(Thrower)
