// signal-generator: a sine, step, chirp or constant signal, streamed at every communication step or
// produced as a whole series in batch mode.
#include <dtop/plugin.hpp>

#include <cmath>
#include <numbers>

struct SignalGenerator : dtop::Node {
    std::string shape = "sine";
    double amplitude = 1.0;
    double frequency = 1.0;
    double frequency_end = 10.0;
    double offset = 0.0;
    double start_time = 0.0;
    std::string unit = "";
    double duration = 10.0;
    double sample_step = 0.01;

    dtop::StepOut<Eigen::VectorXd> y;
    dtop::Out<dtop::Series> series;

    static void describe(dtop::Spec<SignalGenerator>& s) {
        s.name("signal-generator").version("1.0.0").summary("Sine, step, chirp or constant signal source");
        s.doc("Stepped: outputs the signal at every communication step. Batch: a series over "
              "[0, duration] sampled every sample_step.");
        s.param("shape", &SignalGenerator::shape).choices("sine|step|chirp|constant").doc("waveform");
        s.param("amplitude", &SignalGenerator::amplitude).doc("peak value (step height), in `unit`");
        s.param("frequency", &SignalGenerator::frequency).unit("Hz").min(0).doc("sine frequency; chirp start frequency");
        s.param("frequency_end", &SignalGenerator::frequency_end).unit("Hz").min(0).doc("chirp frequency at `duration`");
        s.param("offset", &SignalGenerator::offset).doc("added to the signal, in `unit`");
        s.param("start_time", &SignalGenerator::start_time).unit("s").doc("the signal is `offset` before this time");
        s.param("unit", &SignalGenerator::unit).doc("unit of the signal, e.g. N or mm (empty: dimensionless)");
        s.param("duration", &SignalGenerator::duration).unit("s").positive().doc("batch: length of the series; chirp: sweep time");
        s.param("sample_step", &SignalGenerator::sample_step).unit("s").positive().doc("batch: sampling step");
        s.output("y", &SignalGenerator::y).unit("*").doc("the signal, every step (one channel named y, in `unit`)");
        s.output("series", &SignalGenerator::series).unit("*").doc("batch: the signal over [0, duration]");
    }

    void configure() override {
        if (sample_step > duration) throw dtop::ParamError("sample_step", "must not exceed duration");
        // The batch series is held in memory: say so before trying to allocate it.
        constexpr double kMaxSamples = 1e9;
        if (duration / sample_step > kMaxSamples)
            throw dtop::ParamError("duration", "duration / sample_step is more than 1e9 samples; shorten the duration or "
                                               "lengthen sample_step");
        y.set_channels({"y"}, {unit});
    }

    double at(double t) const {
        const double tau = t - start_time;
        if (tau < 0) return offset;
        constexpr double two_pi = 2 * std::numbers::pi;
        if (shape == "sine") return offset + amplitude * std::sin(two_pi * frequency * tau);
        if (shape == "step") return offset + amplitude;
        if (shape == "chirp") {
            const double rate = (frequency_end - frequency) / duration;  // linear sweep
            return offset + amplitude * std::sin(two_pi * (frequency * tau + 0.5 * rate * tau * tau));
        }
        return offset + amplitude;  // constant
    }

    void step(double t, double) override { y.value[0] = at(t); }

    void run() override {
        const auto n = static_cast<Eigen::Index>(std::llround(duration / sample_step)) + 1;
        dtop::Series out;
        out.x = Eigen::VectorXd::LinSpaced(n, 0.0, static_cast<double>(n - 1) * sample_step);
        Eigen::VectorXd v(n);
        for (Eigen::Index i = 0; i < n; ++i) v[i] = at(out.x[i]);
        out.add("y", unit, v);
        series = out;
    }
};

DTOP_PLUGIN(SignalGenerator)
