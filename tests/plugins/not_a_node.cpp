// Must NOT compile: DTOP_PLUGIN of a class that does not derive from dtop::Node. The test checks that
// the compiler's message says what to write (a static_assert of glue.hpp), not a template backtrace.
#include <dtop/plugin.hpp>

struct NotANode {
    double k = 2.0;
    static void describe(dtop::Spec<NotANode>& s) { s.name("not-a-node"); }
    void run() {}
};
DTOP_PLUGIN(NotANode)
