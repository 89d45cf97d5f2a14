// calibration-worth: what calibrating the structure is worth to the engineer. The TMD optimised on the
// nominal structure and the one optimised on the calibrated structure, both evaluated on the calibrated
// one (the reduction lost by designing on the wrong model); DVF's critical gain on each model, and the
// gain margin that a gain chosen on the nominal model really has.
#include "control.hpp"
#include "plugin_common.hpp"
#include "tmd_design.hpp"

#include <nlohmann/json.hpp>

using namespace dtop::structural;

struct CalibrationWorth : DeviceNode {
    int64_t mode = 1;
    double kp_min = 100, kp_max = 1e4, cp_min = 0.1, cp_max = 100;
    double gain_fraction = 0.5;
    double Bl = 10.0, Ze = 8.0;

    dtop::In<dtop::Json> calibrated;
    dtop::Out<dtop::Json> table;

    static void describe(dtop::Spec<CalibrationWorth>& s) {
        s.name("calibration-worth").version("1.0.0").summary("TMD and DVF designed on the nominal vs the calibrated structure, judged on the calibrated one");
        s.doc("The nominal structure is `structure` (or structure_file), the calibrated one `calibrated` (e.g. "
              "model-update.structure). TMD: the optimum kp, cp (as the tmd plugin's design: optimum) on each model, both "
              "evaluated on the calibrated model: RT and the RT lost. DVF (no compensator): the critical gain on each model, "
              "and for the gain gain_fraction x h_crit(nominal), the gain margin it was designed with and the one it has.");
        DeviceNode::declare(s, "floor carrying the device");
        s.param("mode", &CalibrationWorth::mode).min(1).doc("TMD: mode the optimum's start (Den Hartog) targets");
        s.param("kp_min", &CalibrationWorth::kp_min).unit("N/m").positive().doc("TMD optimum: lower bound of kp");
        s.param("kp_max", &CalibrationWorth::kp_max).unit("N/m").positive().doc("TMD optimum: upper bound of kp");
        s.param("cp_min", &CalibrationWorth::cp_min).unit("N*s/m").positive().doc("TMD optimum: lower bound of cp");
        s.param("cp_max", &CalibrationWorth::cp_max).unit("N*s/m").positive().doc("TMD optimum: upper bound of cp");
        s.param("gain_fraction", &CalibrationWorth::gain_fraction).positive().max(1).doc("DVF: the gain chosen as this fraction of the nominal critical gain");
        s.param("Bl", &CalibrationWorth::Bl).unit("N/A").positive().doc("DVF: actuator force factor");
        s.param("Ze", &CalibrationWorth::Ze).unit("Ohm").positive().doc("DVF: coil impedance");
        s.input("calibrated", &CalibrationWorth::calibrated).doc("the calibrated structure (JSON)");
        s.output("table", &CalibrationWorth::table).doc("one record per design: where designed, parameters, RT on the calibrated model, RT lost; DVF gains and margins");
    }

    void configure() override {
        check_common();
        if (kp_max <= kp_min) throw dtop::ParamError("kp_max", "must be above kp_min");
        if (cp_max <= cp_min) throw dtop::ParamError("cp_max", "must be above cp_min");
    }

    void run() override {
        const ShearFrame nominal = frame();
        ShearFrame cal;
        try {
            cal = frame_from_json(nlohmann::json::parse(calibrated->text));
        } catch (const std::exception& e) {
            throw std::runtime_error(std::string("input 'calibrated': ") + e.what());
        }
        check_floor(floor, cal);
        if (mode > cal.floors()) throw dtop::ParamError("mode", "the structure has " + std::to_string(cal.floors()) + " modes");
        const Eigen::VectorXd hz = grid.hz(), w = 2 * M_PI * hz;
        const Bounds bounds{kp_min, kp_max, cp_min, cp_max};
        const Device on_nominal = optimise_tmd(nominal, device(), bounds, grid, static_cast<int>(mode)).device;
        const Device on_calibrated = optimise_tmd(cal, device(), bounds, grid, static_cast<int>(mode)).device;
        const Assembled b = bare(cal);
        const double bare_ke = kinetic_energy(frequency_response(mechanical(b), w), b.floor_mass, hz).integrated;
        auto rt_on_calibrated = [&](const Device& d) { return reduction_db(integrated_energy(cal, d, hz), bare_ke); };
        const double rt_nominal_design = rt_on_calibrated(on_nominal), rt_calibrated_design = rt_on_calibrated(on_calibrated);
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        auto tmd_row = [&](const char* where, const Device& d, double rt) {
            rows.push_back({{"design", std::string("tmd optimised on the ") + where}, {"kp_N_per_m", d.kp}, {"cp_N_s_per_m", d.cp},
                            {"fp_hz", d.frequency_hz()}, {"rt_on_calibrated_db", rt}, {"rt_lost_db", rt_calibrated_design - rt}});
        };
        tmd_row("nominal model", on_nominal, rt_nominal_design);
        tmd_row("calibrated model", on_calibrated, rt_calibrated_design);
        const Actuator act{Bl, Ze};
        const Compensator none{};
        const double hc_nominal = dvf_critical_gain(with_device(nominal, device()), act, none);
        const double hc_cal = dvf_critical_gain(with_device(cal, device()), act, none);
        const double h_design = gain_fraction * hc_nominal;
        rows.push_back({{"design", "dvf gain chosen on the nominal model"}, {"h", h_design}, {"h_crit_nominal", hc_nominal},
                        {"h_crit_calibrated", hc_cal}, {"gain_margin_designed_db", 20 * std::log10(hc_nominal / h_design)},
                        {"gain_margin_on_calibrated_db", 20 * std::log10(hc_cal / h_design)}});
        table = dtop::Json{rows.dump()};
        log("TMD designed on the nominal model loses " + std::to_string(rt_calibrated_design - rt_nominal_design) + " dB of RT on the calibrated model");
    }
};

DTOP_PLUGIN(CalibrationWorth)
