// A plugin that throws where its parameter `fail_in` says: the host must report the message, name
// the node, and keep the results of the nodes that finished. `nan` outputs NaN from t = 0.5 on;
// `sleep_s` makes run() take that long (to see batch nodes overlap).
#include <dtop/plugin.hpp>

#include <chrono>
#include <limits>
#include <thread>

struct Thrower : dtop::Node {
    std::string fail_in = "run";
    double x = 1.0;
    double sleep_s = 0.0;
    dtop::Out<double> value;
    dtop::StepOut<double> y;

    static void describe(dtop::Spec<Thrower>& s) {
        s.name("test-thrower").version("0.0.1").summary("throws std::runtime_error where told (tests)");
        s.param("fail_in", &Thrower::fail_in).choices("never|configure|run|step|init|param|nan").doc("where to throw");
        s.param("x", &Thrower::x).unit("m").doc("echoed to `value`");
        s.param("sleep_s", &Thrower::sleep_s).unit("s").min(0).doc("run() sleeps this long first");
        s.output("value", &Thrower::value).unit("m").doc("x");
        s.output("y", &Thrower::y).unit("m").doc("x every step");
    }
    void configure() override {
        if (fail_in == "configure") throw std::runtime_error("configure exploded");
        if (fail_in == "param") throw dtop::ParamError("x", "x is not acceptable to this plugin");
    }
    void run() override {
        std::this_thread::sleep_for(std::chrono::duration<double>(sleep_s));
        if (fail_in == "run") throw std::runtime_error("boom: sensor exploded");
        value = x;
    }
    void init(double, double, double) override {
        if (fail_in == "init") throw std::runtime_error("init exploded");
    }
    void step(double t, double) override {
        if (fail_in == "step" && t >= 0.5) throw std::runtime_error("step exploded");
        y = fail_in == "nan" && t >= 0.5 ? std::numeric_limits<double>::quiet_NaN() : x;
    }
};
DTOP_PLUGIN(Thrower)
