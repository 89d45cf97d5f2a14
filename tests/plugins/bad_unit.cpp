// A plugin whose parameter declares a unit dtop cannot read: loading it, `dtop manifest` (and so the
// plugin's build) and `dtop doctor` must refuse it with a message naming the parameter and the unit.
#include <dtop/plugin.hpp>

struct BadUnit : dtop::Node {
    double length = 1.0;
    dtop::Out<double> doubled;
    static void describe(dtop::Spec<BadUnit>& s) {
        s.name("test-bad-unit").version("0.0.1").summary("declares the unit 'metres' (tests)");
        s.param("length", &BadUnit::length).unit("metres").doc("not a unit dtop reads: 'm' is");
        s.output("doubled", &BadUnit::doubled).unit("m").doc("2 length");
    }
    void run() override { doubled = 2 * length; }
};
DTOP_PLUGIN(BadUnit)
