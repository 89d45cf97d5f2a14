// A plugin whose describe() throws: the text of the exception must reach `dtop doctor`, `dtop
// manifest` and so the plugin's build output.
#include <dtop/plugin.hpp>

#include <stdexcept>

struct DescribeThrows : dtop::Node {
    dtop::Out<double> value;
    static void describe(dtop::Spec<DescribeThrows>& s) {
        s.name("test-describe-throws");
        throw std::runtime_error("the table of modes modes.csv is missing beside the library");
    }
    void run() override { value = 1.0; }
};
DTOP_PLUGIN(DescribeThrows)
