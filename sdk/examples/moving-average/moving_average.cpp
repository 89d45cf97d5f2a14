// moving-average: the mean of the last `window` samples of a signal.
//
// One plugin, two ways to use it:
//  - stepped (co-simulation): wire the stepped input `u`; at every communication step the stepped
//    output `y` is the mean of the last `window` values of u;
//  - batch: wire the input `series`; run() smooths every channel of it into the output `smoothed`.
// The host picks the mode from what the scenario wires (or from `mode: stepped|batch` on the node).
#include <dtop/plugin.hpp>

#include <cstddef>
#include <numeric>
#include <stdexcept>
#include <utility>
#include <vector>

namespace {

// The mean of the last n values pushed (of all of them, until n have been pushed).
class Window {
public:
    explicit Window(std::size_t n = 1) : values_(n, 0.0) {}

    double push(double x) {
        sum_ += x - values_[next_];  // values_ starts at zero, so the first n pushes remove nothing
        values_[next_] = x;
        next_ = (next_ + 1) % values_.size();
        if (count_ < values_.size()) ++count_;
        // Once per lap, sum afresh, so that rounding errors of the running sum never accumulate.
        if (next_ == 0) sum_ = std::accumulate(values_.begin(), values_.end(), 0.0);
        return sum_ / static_cast<double>(count_);
    }

private:
    std::vector<double> values_;
    std::size_t next_ = 0, count_ = 0;
    double sum_ = 0.0;
};

}  // namespace

struct MovingAverage : dtop::Node {
    // A parameter is a plain member; its initial value is the default that `dtop describe` shows.
    int window = 10;

    // Stepped ports: one double each, exchanged at every communication step.
    dtop::StepIn<double> u;
    dtop::StepOut<double> y;

    // Batch ports: whole values, handed over once before run() and read once after it.
    dtop::In<dtop::Series> series;
    dtop::Out<dtop::Series> smoothed;

    static void describe(dtop::Spec<MovingAverage>& s) {
        s.name("moving-average")  // what scenarios write after `plugin:`
            .version("1.0.0")
            .summary("Mean of the last `window` samples, step by step or over a whole series")
            .doc("Stepped: y is the mean of the last `window` values of u (of all of them until there "
                 "are `window`). Batch: every channel of `series` is smoothed the same way, sample by "
                 "sample; the abscissa, names and units are kept.");
        s.param("window", &MovingAverage::window).min(1).doc("number of samples averaged");
        // "*": any unit is accepted and passed through unconverted. Both inputs are optional because
        // each mode wires only one of them.
        s.input("u", &MovingAverage::u).unit("*").optional().doc("signal to smooth (stepped mode)");
        s.output("y", &MovingAverage::y).unit("*").doc("mean of the last `window` values of u");
        s.input("series", &MovingAverage::series).unit("*").optional().doc("series to smooth (batch mode)");
        s.output("smoothed", &MovingAverage::smoothed).unit("*").doc("every channel of `series`, smoothed");
    }

    // Called once all parameters are set. The host already enforces min(1); checking here too shows
    // how to point the user at a parameter for rules the declaration cannot express.
    void configure() override {
        if (window < 1) throw dtop::ParamError("window", "must be at least 1, got " + std::to_string(window));
    }

    // Stepped mode. connect(): the input's source is known; the output takes its unit (both ports
    // accept any unit, so without this the output's unit would read "*").
    void connect() override { y.set_unit(u.unit()); }
    void init(double /*t_start*/, double /*step*/, double /*t_stop*/) override {
        average_ = Window(static_cast<std::size_t>(window));
        log("averaging over " + std::to_string(window) + " samples");
    }
    void step(double /*t*/, double /*step*/) override { y = average_.push(u); }

    // Batch mode.
    void run() override {
        if (!series.is_connected()) throw std::runtime_error("connect the input `series` to run as batch");
        dtop::Series out = *series;  // same abscissa, channel names and units
        for (Eigen::Index c = 0; c < out.channels(); ++c) {
            Window average(static_cast<std::size_t>(window));
            for (Eigen::Index i = 0; i < out.size(); ++i) out.y(i, c) = average.push(out.y(i, c));
        }
        smoothed = std::move(out);
    }

private:
    Window average_;
};

DTOP_PLUGIN(MovingAverage)
