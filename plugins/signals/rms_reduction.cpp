// rms-reduction: how much a controlled response is below a reference one, per channel (matched by
// name): RMS of each and the reduction 20 log10(RMS_reference / RMS_controlled) in dB.
#include <dtop/plugin.hpp>

#include <nlohmann/json.hpp>

#include <cmath>

struct RmsReduction : dtop::Node {
    double from = 0;
    dtop::In<dtop::Series> reference, controlled;
    dtop::Out<dtop::Json> table;

    static void describe(dtop::Spec<RmsReduction>& s) {
        s.name("rms-reduction").version("1.0.0").summary("RMS of a controlled vs a reference response, and the reduction in dB, per channel");
        s.param("from", &RmsReduction::from).unit("s").doc("ignore samples before this time (a start-up transient)");
        s.input("reference", &RmsReduction::reference).unit("*").doc("e.g. the uncontrolled response");
        s.input("controlled", &RmsReduction::controlled).unit("*").doc("the controlled response, same channel names");
        s.output("table", &RmsReduction::table).doc("one record per channel: RMS reference, RMS controlled, reduction (dB)");
    }

    void run() override {
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        const dtop::Series& a = *reference;
        const dtop::Series& b = *controlled;
        auto rms = [&](const dtop::Series& s, Eigen::Index c) {
            double sum = 0;
            long n = 0;
            for (Eigen::Index i = 0; i < s.size(); ++i)
                if (s.x[i] >= from) sum += s.y(i, c) * s.y(i, c), ++n;
            if (n == 0) throw dtop::ParamError("from", "no samples at or after " + std::to_string(from) + " s");
            return std::sqrt(sum / static_cast<double>(n));
        };
        for (Eigen::Index c = 0; c < a.channels(); ++c) {
            const Eigen::Index k = b.find(a.names[static_cast<std::size_t>(c)]);
            if (k < 0) continue;
            if (a.units[static_cast<std::size_t>(c)] != b.units[static_cast<std::size_t>(k)])
                throw std::runtime_error("channel '" + a.names[static_cast<std::size_t>(c)] + "' is in '" + a.units[static_cast<std::size_t>(c)] +
                                         "' on input 'reference' but in '" + b.units[static_cast<std::size_t>(k)] +
                                         "' on input 'controlled'; give both the same unit");
            const double ra = rms(a, c), rb = rms(b, k);
            rows.push_back({{"channel", a.names[static_cast<std::size_t>(c)]}, {"rms_reference", ra}, {"rms_controlled", rb},
                            {"reduction_db", 20.0 * std::log10(ra / rb)}});
        }
        if (rows.empty()) throw std::runtime_error("no channel name is in both reference and controlled");
        table = dtop::Json{rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
    }
};

DTOP_PLUGIN(RmsReduction)
