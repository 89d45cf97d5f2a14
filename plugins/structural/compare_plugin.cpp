// vibration-compare: strategies side by side. Takes the `result` of up to eight structural nodes
// (shear-frame's bare structure, tmd, dvf, lqg) and makes one table and one CSV of all spectra.
#include "plugin_common.hpp"

#include <cmath>

using namespace dtop::structural;

struct ComparePlugin : dtop::Node {
    dtop::In<dtop::Json> a, b, c, d, e, f, g, h;
    dtop::Out<dtop::Json> table;
    dtop::Out<dtop::Series> spectra;

    static void describe(dtop::Spec<ComparePlugin>& s) {
        s.name("vibration-compare").version("1.0.0").summary("Vibration-control strategies side by side: one table, one spectra CSV");
        s.doc("Wire the `result` output of shear-frame (the bare structure), tmd, dvf and lqg nodes to inputs a..h. "
              "The table has one row per strategy, in input order: integrated kinetic energy, RT against the bare "
              "structure, control effort, stability and gain margin where they apply. Unstable strategies appear "
              "as unstable, without numbers. All results must share one frequency grid.");
        s.input("a", &ComparePlugin::a).doc("a strategy's result (JSON)");
        for (auto [name, member] : {std::pair{"b", &ComparePlugin::b}, {"c", &ComparePlugin::c}, {"d", &ComparePlugin::d},
                                    {"e", &ComparePlugin::e}, {"f", &ComparePlugin::f}, {"g", &ComparePlugin::g},
                                    {"h", &ComparePlugin::h}})
            s.input(name, member).optional().doc("another strategy's result (JSON)");
        s.output("table", &ComparePlugin::table).doc("one record per strategy (printed as a table by --print)");
        s.output("spectra", &ComparePlugin::spectra).unit("dB").doc("f (Hz) -> kinetic energy (dB), one channel per stable strategy");
    }

    void run() override {
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();  // keeps the columns in this order
        dtop::Series sp;
        sp.x_name = "f";
        sp.x_unit = "Hz";
        for (const auto* input : {&a, &b, &c, &d, &e, &f, &g, &h}) {
            if (!input->is_connected()) continue;
            const auto r = nlohmann::json::parse((*input)->text);
            if (!r.contains("strategy") || !r.contains("stable"))
                throw std::runtime_error("an input is not a structural result (no 'strategy'): wire a `result` output");
            const bool stable = r.at("stable").get<bool>();
            nlohmann::ordered_json row{{"strategy", r.at("strategy")},
                               {"floor", r.value("floor", nlohmann::json(nullptr))},
                               {"stable", stable ? "yes" : "UNSTABLE"},
                               {"integrated_ke", r.at("integrated_ke")},
                               {"rt_db", r.at("rt_db")},
                               {"effort", r.value("effort", nlohmann::json(nullptr))},
                               {"gain_margin", r.value("gain_margin", nlohmann::json(nullptr))}};
            rows.push_back(std::move(row));
            if (!stable || !r.contains("f_hz")) continue;
            const auto fx = r.at("f_hz").get<std::vector<double>>();
            const auto db = r.at("energy_db").get<std::vector<double>>();
            const Eigen::Map<const Eigen::VectorXd> x(fx.data(), static_cast<Eigen::Index>(fx.size()));
            if (sp.x.size() == 0) sp.x = x;
            else if (sp.x.size() != x.size() || !sp.x.isApprox(x))
                throw std::runtime_error("strategy '" + r.at("strategy").get<std::string>() + "' uses another frequency grid");
            sp.add(r.at("strategy").get<std::string>(), "dB", Eigen::Map<const Eigen::VectorXd>(db.data(), x.size()));
        }
        table = dtop::Json{rows.dump()};
        spectra = sp;
    }
};

DTOP_PLUGIN(ComparePlugin)
