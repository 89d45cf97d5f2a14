#include <dtop/plugin.hpp>

struct Metres : dtop::Node {
    int64_t count = 3;
    dtop::In<double> length;
    dtop::In<dtop::Series> series;
    dtop::Out<double> echo;
    dtop::Out<dtop::Series> echo_series;
    static void describe(dtop::Spec<Metres>& s) {
        s.name("test-metres").version("0.0.1").summary("takes a length in m (tests)");
        s.param("count", &Metres::count).min(1).max(10).doc("an integer in [1, 10]");
        s.input("length", &Metres::length).unit("m").doc("a length");
        s.input("series", &Metres::series).unit("m").optional().doc("lengths");
        s.output("echo", &Metres::echo).unit("m").doc("the length received");
        s.output("echo_series", &Metres::echo_series).unit("m").doc("the series received");
    }
    void run() override {
        echo = *length;
        if (series.is_connected()) echo_series = *series;
    }
};
DTOP_PLUGIN(Metres)
