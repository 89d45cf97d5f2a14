// What the structural plugins share on the plugin side: where the structure comes from (a data file
// or an upstream node), the frequency grid parameters, and the shape of their results, so that the
// comparison node can read any of them.
#pragma once

#include "shear_frame.hpp"
#include "spectrum.hpp"

#include <dtop/plugin.hpp>

#include <nlohmann/json.hpp>

namespace dtop::structural {

inline const char* kDefaultStructure = "${DTOP_DATA}/structures/southampton-3storey.json";

// The structure: the input if connected, else the file parameter.
inline ShearFrame structure_of(const dtop::In<dtop::Json>& input, const dtop::Path& file) {
    if (input.is_connected()) {
        try {
            return frame_from_json(nlohmann::json::parse(input->text));
        } catch (const std::exception& e) {
            throw std::runtime_error(std::string("the structure input: ") + e.what());
        }
    }
    try {
        return load_frame(file.str());
    } catch (const std::exception& e) {
        throw dtop::ParamError("structure_file", e.what());
    }
}

// Reports a bad grid against the parameter it names ("f_step: ...").
inline FrequencyGrid checked_grid(double start, double stop, double step) {
    FrequencyGrid g{start, stop, step};
    try {
        g.check();
    } catch (const std::invalid_argument& e) {
        const std::string m = e.what();
        throw dtop::ParamError(m.substr(0, m.find(':')), m.substr(m.find(':') + 2));
    }
    return g;
}

// A floor parameter against the structure it applies to.
inline void check_floor(int64_t floor, const ShearFrame& frame) {
    if (floor < 1 || floor > frame.floors())
        throw dtop::ParamError("floor", "floor " + std::to_string(floor) + " is outside the structure (floors 1 to " +
                                            std::to_string(frame.floors()) + ")");
}

// The kinetic-energy spectrum as a series: f (Hz) -> T (dB), one channel per curve.
inline dtop::Series spectrum_series(const Spectrum& s, const std::string& name) {
    dtop::Series out;
    out.x_name = "f";
    out.x_unit = "Hz";
    out.x = s.f_hz;
    out.add(name, "dB", s.energy_db);
    return out;
}

// An open-loop response as a series for a Nyquist plot: f (Hz) -> real and imaginary parts.
inline dtop::Series nyquist_series(const Eigen::VectorXd& f_hz, const Eigen::VectorXcd& L) {
    dtop::Series out;
    out.x_name = "f";
    out.x_unit = "Hz";
    out.x = f_hz;
    out.add("re", "", L.real());
    out.add("im", "", L.imag());
    return out;
}

// The result every strategy reports, read by the comparison node.
inline nlohmann::json result_json(const std::string& strategy, const Spectrum& s, double bare_integrated, bool stable) {
    nlohmann::json j;
    j["strategy"] = strategy;
    j["stable"] = stable;
    if (stable) {
        j["integrated_ke"] = s.integrated;
        j["rt_db"] = reduction_db(s.integrated, bare_integrated);
        j["f_hz"] = std::vector<double>(s.f_hz.data(), s.f_hz.data() + s.f_hz.size());
        j["energy_db"] = std::vector<double>(s.energy_db.data(), s.energy_db.data() + s.energy_db.size());
    } else {
        j["integrated_ke"] = nullptr;  // an unstable loop has no steady-state spectrum
        j["rt_db"] = nullptr;
    }
    j["integrated_ke_bare"] = bare_integrated;
    return j;
}

// Parameters and input every device-based plugin (tmd, dvf, lqg) has: the structure, the device on
// a floor, the frequency grid.
struct DeviceNode : dtop::Node {
    dtop::Path structure_file{kDefaultStructure};
    int64_t floor = 3;
    double mb = 0.5, mp = 1.0, kp = 1670.0, cp = 5.0;
    double f_start = 1, f_stop = 100, f_step = 0.01;
    std::string label;
    dtop::In<dtop::Json> structure;

    FrequencyGrid grid;

    Device device() const { return Device{static_cast<int>(floor), mb, mp, kp, cp}; }

    // configure(): the grid, and the floor against the structure file when no structure is wired.
    void check_common() {
        grid = checked_grid(f_start, f_stop, f_step);
        if (!structure.is_connected()) check_floor(floor, structure_of(structure, structure_file));
    }
    // run(): the structure, with the floor checked against it.
    ShearFrame frame() const {
        ShearFrame f = structure_of(structure, structure_file);
        check_floor(floor, f);
        return f;
    }

    template <class T>
    static void declare(dtop::Spec<T>& s, const char* device_role) {
        s.param("structure_file", static_cast<dtop::Path T::*>(&T::structure_file)).must_exist()
            .doc("structure data file (JSON, see data/structures/), when no structure is wired");
        s.param("floor", static_cast<int64_t T::*>(&T::floor)).min(1).doc(device_role);
        s.param("mb", static_cast<double T::*>(&T::mb)).unit("kg").min(0).doc("device base mass, fixed to the floor");
        s.param("mp", static_cast<double T::*>(&T::mp)).unit("kg").positive().doc("device moving (proof) mass");
        s.param("kp", static_cast<double T::*>(&T::kp)).unit("N/m").positive().doc("device spring stiffness");
        s.param("cp", static_cast<double T::*>(&T::cp)).unit("N*s/m").min(0).doc("device damping");
        s.param("f_start", static_cast<double T::*>(&T::f_start)).unit("Hz").positive().doc("frequency grid start");
        s.param("f_stop", static_cast<double T::*>(&T::f_stop)).unit("Hz").positive().doc("frequency grid end (inclusive)");
        s.param("f_step", static_cast<double T::*>(&T::f_step)).unit("Hz").positive().doc("frequency grid step");
        s.param("label", static_cast<std::string T::*>(&T::label)).doc("name of this strategy in comparisons (default: the plugin's)");
        s.input("structure", static_cast<dtop::In<dtop::Json> T::*>(&T::structure)).optional()
            .doc("the structure (JSON from shear-frame or a model update) instead of structure_file");
    }
};

}  // namespace dtop::structural
