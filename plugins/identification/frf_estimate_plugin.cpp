// frf-estimate: the FRF from a recorded force and responses (H1, Welch averaging) and its coherence.
#include "frf_estimate.hpp"
#include "frf_series.hpp"

#include <cmath>

using namespace dtop::identification;

struct FrfEstimatePlugin : dtop::Node {
    double segment = 16.384;
    double overlap = 0.5;
    std::string window = "hann";
    std::string response = "velocity";

    dtop::In<dtop::Series> force, responses;
    dtop::Out<dtop::Series> frf, coherence, bode;

    static void describe(dtop::Spec<FrfEstimatePlugin>& s) {
        s.name("frf-estimate").version("1.0.0").summary("FRF (H1, Welch averaging) and coherence from a force and responses");
        s.doc("H1 = G_fy / G_ff from windowed, overlapping segments; the coherence |G_fy|^2 / (G_ff G_yy) tells where the "
              "estimate holds. Both inputs must share their time base (one co-simulation clock or one record). The FRF is "
              "a receptance, mobility or accelerance as the responses are displacements, velocities or accelerations.");
        s.param("segment", &FrfEstimatePlugin::segment).unit("s").positive().doc("segment length (resolution 1/segment)");
        s.param("overlap", &FrfEstimatePlugin::overlap).min(0).max(0.95).doc("overlap of the segments, fraction");
        s.param("window", &FrfEstimatePlugin::window).choices("hann|hamming|rectangular").doc("window on every segment");
        s.param("response", &FrfEstimatePlugin::response).choices("displacement|velocity|acceleration").doc("what the responses are (m, m/s, m/s^2)");
        s.input("force", &FrfEstimatePlugin::force).unit("N").doc("the force (first channel)");
        s.input("responses", &FrfEstimatePlugin::responses).unit("*").doc("the responses, one channel per output");
        s.output("frf", &FrfEstimatePlugin::frf).unit("*").doc("f (Hz) -> '<name> re', '<name> im' in SI units");
        s.output("coherence", &FrfEstimatePlugin::coherence).unit("*").doc("f (Hz) -> coherence per output");
        s.output("bode", &FrfEstimatePlugin::bode).unit("*").doc("f (Hz) -> magnitude (dB) and phase (deg) per output");
    }

    void run() override {
        const dtop::Series& f = *force;
        const dtop::Series& y = *responses;
        if (f.size() != y.size() || f.size() < 16 || !f.x.isApprox(y.x, 1e-9))
            throw std::runtime_error("force (" + std::to_string(f.size()) + " samples) and responses (" + std::to_string(y.size()) +
                                     ") do not share a time base (length or sampling differ)");
        const double dt = (f.x[f.size() - 1] - f.x[0]) / static_cast<double>(f.size() - 1);
        const auto L = static_cast<Eigen::Index>(std::llround(segment / dt));
        if (L > f.size()) throw dtop::ParamError("segment", "longer than the record (" + std::to_string(f.size() * dt) + " s)");
        FrfEstimate e;
        try {
            e = estimate_frf(f.y.col(0), y.y, 1.0 / dt, L, overlap, window_from_name(window));
        } catch (const std::invalid_argument& ex) {
            throw std::runtime_error(std::string("input 'force': ") + ex.what());
        }
        const Quantity q = response == "displacement" ? Quantity::receptance : response == "velocity" ? Quantity::mobility : Quantity::accelerance;
        frf = frf_to_series(e.f_hz, e.H, q, y.names);
        bode = bode_series(e.f_hz, e.H, y.names, "");
        dtop::Series c;
        c.x_name = "f";
        c.x_unit = "Hz";
        c.x = e.f_hz;
        for (Eigen::Index k = 0; k < e.coherence.cols(); ++k) c.add(y.names[static_cast<std::size_t>(k)], "", e.coherence.col(k));
        coherence = c;
        log(std::to_string(e.segments) + " segments of " + std::to_string(L) + " samples");
    }
};

DTOP_PLUGIN(FrfEstimatePlugin)
