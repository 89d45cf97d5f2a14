// shear-frame: the structure model (physics.md section 1) from a data file, with optional overrides;
// its matrices, modes, and the bare structure's kinetic-energy spectrum (section 3).
#include "assembly.hpp"
#include "modal_spectrum.hpp"
#include "plugin_common.hpp"

using namespace dtop::structural;

struct ShearFramePlugin : dtop::Node {
    dtop::Path structure_file{kDefaultStructure};
    std::vector<double> floor_mass;        // empty: from the file
    std::vector<double> storey_stiffness;  // empty: from the file
    std::string damping = "file";
    double damping_ratio = 0.2;  // %
    double f_start = 1, f_stop = 100, f_step = 0.01;

    dtop::In<dtop::Json> structure_in;
    dtop::Out<dtop::Json> structure;
    dtop::Out<Eigen::MatrixXd> M, K, C;
    dtop::Out<Eigen::VectorXd> frequencies;
    dtop::Out<Eigen::MatrixXd> mode_shapes;
    dtop::Out<dtop::Series> spectrum;
    dtop::Out<dtop::Json> result;

    static void describe(dtop::Spec<ShearFramePlugin>& s) {
        s.name("shear-frame").version("1.0.0").summary("Shear-frame structure: matrices, modes, bare kinetic-energy spectrum");
        s.doc("Floors on massless storeys (physics.md section 1), read from a JSON data file (default: the "
              "Southampton three-storey rig) or from the `source` input, with optional overrides. Any number "
              "of storeys; Rayleigh damping on modes 1 and 2 or modal damping on every mode.");
        s.param("structure_file", &ShearFramePlugin::structure_file).must_exist().doc("structure data file (JSON, see data/structures/)");
        s.param("floor_mass", &ShearFramePlugin::floor_mass).unit("kg").positive().doc("override: mass of each floor (sets the number of storeys)");
        s.param("storey_stiffness", &ShearFramePlugin::storey_stiffness).unit("N/m").positive().doc("override: stiffness of each storey (one value: all storeys)");
        s.param("damping", &ShearFramePlugin::damping).choices("file|rayleigh|modal").doc("damping model; `file` keeps the file's");
        s.param("damping_ratio", &ShearFramePlugin::damping_ratio).unit("%").min(0).doc("damping ratio when `damping` is rayleigh or modal");
        s.param("f_start", &ShearFramePlugin::f_start).unit("Hz").positive().doc("frequency grid start");
        s.param("f_stop", &ShearFramePlugin::f_stop).unit("Hz").positive().doc("frequency grid end (inclusive)");
        s.param("f_step", &ShearFramePlugin::f_step).unit("Hz").positive().doc("frequency grid step");
        s.input("source", &ShearFramePlugin::structure_in).optional().doc("a structure (JSON) instead of the file, e.g. an updated model");
        s.output("structure", &ShearFramePlugin::structure).doc("the structure as used (JSON), for other structural nodes");
        s.output("M", &ShearFramePlugin::M).unit("kg").doc("mass matrix");
        s.output("K", &ShearFramePlugin::K).unit("N/m").doc("stiffness matrix");
        s.output("C", &ShearFramePlugin::C).unit("N*s/m").doc("damping matrix");
        s.output("frequencies", &ShearFramePlugin::frequencies).unit("Hz").doc("undamped natural frequencies, ascending");
        s.output("mode_shapes", &ShearFramePlugin::mode_shapes).doc("mass-normalised mode shapes, one column per mode");
        s.output("spectrum", &ShearFramePlugin::spectrum).unit("dB").doc("kinetic energy of the floors under a unit force at floor 1, f (Hz) -> 20 log10 T");
        s.output("result", &ShearFramePlugin::result).doc("strategy 'bare': integrated kinetic energy and the spectrum (for vibration-compare)");
    }

    FrequencyGrid grid;

    // The structure with this node's overrides applied: masses (and so the number of floors), storey
    // stiffnesses, damping.
    ShearFrame build(ShearFrame f) const {
        if (!floor_mass.empty())
            f.mass = Eigen::Map<const Eigen::VectorXd>(floor_mass.data(), static_cast<Eigen::Index>(floor_mass.size()));
        if (!storey_stiffness.empty()) {
            if (storey_stiffness.size() == 1)
                f.stiffness = Eigen::VectorXd::Constant(f.mass.size(), storey_stiffness[0]);
            else if (static_cast<Eigen::Index>(storey_stiffness.size()) == f.mass.size())
                f.stiffness = Eigen::Map<const Eigen::VectorXd>(storey_stiffness.data(), f.mass.size());
            else
                throw dtop::ParamError("storey_stiffness", std::to_string(storey_stiffness.size()) + " values for " +
                                                               std::to_string(f.mass.size()) + " storeys");
        } else if (f.stiffness.size() != f.mass.size()) {
            // Uniform storeys (e.g. leg geometry in the file) extend to any number of floors.
            const bool uniform = f.stiffness.size() > 0 && (f.stiffness.array() == f.stiffness[0]).all();
            if (!uniform)
                throw dtop::ParamError("storey_stiffness", "give one stiffness per storey for " + std::to_string(f.mass.size()) + " floors");
            f.stiffness = Eigen::VectorXd::Constant(f.mass.size(), f.stiffness[0]);
        }
        if (damping != "file") {
            f.damping = damping == "modal" ? Damping::modal : Damping::rayleigh;
            f.damping_ratio = damping_ratio / 100.0;
        }
        return checked(f);
    }
    static ShearFrame checked(const ShearFrame& f) {
        f.check();
        return f;
    }

    void configure() override {
        grid = checked_grid(f_start, f_stop, f_step);
        if (!structure_in.is_connected()) build(structure_of(structure_in, structure_file));
    }

    void run() override {
        const ShearFrame f = build(structure_of(structure_in, structure_file));
        structure = dtop::Json{to_json(f).dump()};
        M = f.M();
        K = f.K();
        C = f.C();
        const Modes m = modes(f.M(), f.K());
        frequencies = Eigen::VectorXd(m.frequency_hz());
        mode_shapes = m.shapes;
        const Assembled b = bare(f);
        const Eigen::VectorXd hz = grid.hz();
        const Spectrum s = passive_spectrum(b, hz);
        spectrum = spectrum_series(s, "bare");
        nlohmann::json r = result_json("bare", s, s.integrated, true);
        r["natural_frequencies_hz"] = std::vector<double>(m.omega.data(), m.omega.data() + m.omega.size());
        for (auto& x : r["natural_frequencies_hz"]) x = x.get<double>() / (2 * M_PI);
        result = dtop::Json{r.dump()};
        log("natural frequencies: " + nlohmann::json(r["natural_frequencies_hz"]).dump() + " Hz");
    }
};

DTOP_PLUGIN(ShearFramePlugin)
