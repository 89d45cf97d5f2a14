// Batch plugins with declared units, to test validation and conversion: `test-mm` outputs a length
// in millimetres and a speed; `test-metres` takes a length in metres.
#include <dtop/plugin.hpp>

#include <fstream>

struct Millimetres : dtop::Node {
    double length = 1500.0;
    dtop::Out<double> out;
    dtop::Out<double> speed;
    dtop::Out<dtop::Series> series;
    static void describe(dtop::Spec<Millimetres>& s) {
        s.name("test-mm").version("0.0.1").summary("a length in mm (tests)");
        s.param("length", &Millimetres::length).unit("mm").range(0, 1e6).doc("the length");
        s.output("out", &Millimetres::out).unit("mm").doc("length");
        s.output("speed", &Millimetres::speed).unit("m/s").doc("a speed");
        s.output("series", &Millimetres::series).unit("mm").doc("length at t = 0, 1");
    }
    void run() override {
        std::ofstream(output_dir() / "note.txt") << "length " << length << " mm\n";  // a file of its own
        out = length;
        speed = 3.0;
        dtop::Series v;
        v.x = Eigen::Vector2d(0, 1);
        v.add("a", "mm", Eigen::Vector2d(length, 2 * length));
        series = v;
    }
};
DTOP_PLUGIN(Millimetres)
