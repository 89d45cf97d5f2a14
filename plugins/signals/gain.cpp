// gain: y = k u, channel by channel, at every communication step.
#include <dtop/plugin.hpp>

struct Gain : dtop::Node {
    double k = 1.0;
    std::string unit = "";

    dtop::StepIn<Eigen::VectorXd> u;
    dtop::StepOut<Eigen::VectorXd> y;

    static void describe(dtop::Spec<Gain>& s) {
        s.name("gain").version("1.0.0").summary("Multiplies every channel of a signal by k, every step");
        s.param("k", &Gain::k).doc("the gain");
        s.param("unit", &Gain::unit).doc("unit of the output channels (empty: keep the input's units)");
        s.input("u", &Gain::u).unit("*").doc("input signal, any number of channels");
        s.output("y", &Gain::y).unit("*").doc("k u, with the input's channel names");
    }

    // The output has the input's channels, known once the host has connected the input.
    void connect() override {
        std::vector<std::string> units = u.units();
        if (!unit.empty()) units.assign(units.size(), unit);
        y.set_channels(u.names(), units);
    }

    void step(double, double) override { y.value.noalias() = k * u.get(); }
};

DTOP_PLUGIN(Gain)
