// tmd: evaluate a tuned mass damper, or design one (Den Hartog, or the numerical optimum of stiffness
// and damping that minimises the integrated kinetic energy), physics.md sections 2 and 3.
#include "assembly.hpp"
#include "modal_spectrum.hpp"
#include "plugin_common.hpp"
#include "tmd_design.hpp"

using namespace dtop::structural;

struct TmdPlugin : DeviceNode {
    std::string design = "given";
    int64_t mode = 1;
    double kp_min = 100, kp_max = 1e4, cp_min = 0.1, cp_max = 100;

    dtop::Out<dtop::Json> result;
    dtop::Out<dtop::Series> spectrum;
    dtop::Out<dtop::Table> device_table;

    static void describe(dtop::Spec<TmdPlugin>& s) {
        s.name("tmd").version("1.0.0").summary("Tuned mass damper: evaluate one, or design it (Den Hartog or optimum)");
        s.doc("design: given (kp, cp as set), den-hartog (classical tuning for `mode`), optimum (kp, cp in "
              "[kp_min, kp_max] x [cp_min, cp_max] minimising the integrated kinetic energy, started from Den "
              "Hartog). Reports kp, cp, device frequency and damping ratio, the kinetic-energy spectrum, its "
              "integral and the reduction RT against the bare structure.");
        DeviceNode::declare(s, "floor carrying the TMD (1 = lowest)");
        s.param("design", &TmdPlugin::design).choices("given|den-hartog|optimum").doc("how kp and cp are chosen");
        s.param("mode", &TmdPlugin::mode).min(1).doc("mode the Den Hartog tuning (and the optimum's start) targets");
        s.param("kp_min", &TmdPlugin::kp_min).unit("N/m").positive().doc("optimum: lower bound of kp");
        s.param("kp_max", &TmdPlugin::kp_max).unit("N/m").positive().doc("optimum: upper bound of kp");
        s.param("cp_min", &TmdPlugin::cp_min).unit("N*s/m").positive().doc("optimum: lower bound of cp");
        s.param("cp_max", &TmdPlugin::cp_max).unit("N*s/m").positive().doc("optimum: upper bound of cp");
        s.output("result", &TmdPlugin::result).doc("kp, cp, fp, zeta, integrated KE (bare and with TMD), RT, spectrum");
        s.output("spectrum", &TmdPlugin::spectrum).unit("dB").doc("f (Hz) -> kinetic energy (dB), bare and with the TMD");
        s.output("device_table", &TmdPlugin::device_table).unit("*").doc("one row: kp, cp, fp, zeta, IntKE, RT");
    }
    TmdPlugin() { floor = 3; }

    void configure() override {
        check_common();
        if (kp_max <= kp_min) throw dtop::ParamError("kp_max", "must be above kp_min");
        if (cp_max <= cp_min) throw dtop::ParamError("cp_max", "must be above cp_min");
        if (!structure.is_connected() && design != "given") {
            const ShearFrame f = structure_of(structure, structure_file);
            if (mode > f.floors()) throw dtop::ParamError("mode", "the structure has " + std::to_string(f.floors()) + " modes");
        }
    }

    void run() override {
        const ShearFrame f = frame();
        if (mode > f.floors()) throw dtop::ParamError("mode", "the structure has " + std::to_string(f.floors()) + " modes");
        Device d = device();
        int evaluations = 1;
        if (design == "den-hartog") d = den_hartog(f, d, static_cast<int>(mode));
        if (design == "optimum") {
            const Optimum o = optimise_tmd(f, d, Bounds{kp_min, kp_max, cp_min, cp_max}, grid, static_cast<int>(mode));
            d = o.device;
            evaluations = o.evaluations;
            const double eps = 1e-6;
            if (d.kp <= kp_min * (1 + eps) || d.kp >= kp_max * (1 - eps) || d.cp <= cp_min * (1 + eps) || d.cp >= cp_max * (1 - eps))
                warn("the optimum lies on a bound (kp " + std::to_string(d.kp) + " N/m, cp " + std::to_string(d.cp) +
                     " N s/m): widen kp_min..kp_max or cp_min..cp_max");
        }
        const Eigen::VectorXd hz = grid.hz(), w = 2 * M_PI * hz;
        const Assembled b = bare(f), s = with_device(f, d);
        const Spectrum sb = passive_spectrum(b, hz), st = passive_spectrum(s, hz);

        nlohmann::json r = result_json(label.empty() ? "tmd-" + design : label, st, sb.integrated, true);
        r.update({{"floor", floor}, {"design", design}, {"mb", d.mb}, {"mp", d.mp}, {"kp", d.kp}, {"cp", d.cp},
                  {"fp_hz", d.frequency_hz()}, {"zeta_p", d.damping_ratio()}, {"evaluations", evaluations}});
        result = dtop::Json{r.dump()};
        dtop::Series sp = spectrum_series(sb, "bare");
        sp.add("tmd", "dB", st.energy_db);
        spectrum = sp;
        dtop::Table t;
        t.add("kp", "N/m", Eigen::VectorXd::Constant(1, d.kp));
        t.add("cp", "N*s/m", Eigen::VectorXd::Constant(1, d.cp));
        t.add("fp", "Hz", Eigen::VectorXd::Constant(1, d.frequency_hz()));
        t.add("zeta_p", "", Eigen::VectorXd::Constant(1, d.damping_ratio()));
        t.add("integrated_ke", "J*rad/s", Eigen::VectorXd::Constant(1, st.integrated));
        t.add("rt", "dB", Eigen::VectorXd::Constant(1, reduction_db(st.integrated, sb.integrated)));
        device_table = t;
    }
};

DTOP_PLUGIN(TmdPlugin)
