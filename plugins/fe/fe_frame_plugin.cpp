// fe-frame: the benchtop frame as a finite-element model, solved by an external solver. Writes a flat
// ABAQUS keyword deck, runs ABAQUS or CalculiX on it in a job folder of its own, judges the run and
// reads the natural frequencies and floor mode shapes back from the .dat file (physics.md section 8).
#include "analysis.hpp"
#include "shear_frame.hpp"

#include <dtop/plugin.hpp>

#include <nlohmann/json.hpp>

using namespace dtop::fe;

struct FeFramePlugin : dtop::Node {
    std::string solver = "auto";
    std::string executable;
    std::string job = "frame";
    double time_limit = 60;
    int64_t storeys = 3;
    std::vector<double> storey_height{0.1533};
    std::vector<double> floor_mass{5.201};
    double youngs_modulus = 70e9, poisson_ratio = 0.33, density = 2700;
    double leg_width = 25e-3, leg_thickness = 3e-3;
    double leg_spacing_x = 0.35, leg_spacing_y = 0.22;
    int64_t elements_per_leg = 20;
    std::string element = "B31";
    double floor_rigidity = 1000;
    int64_t modes = 10;
    double f_min = 0, f_max = 0;
    int64_t sway_modes = 0;

    dtop::Out<Eigen::VectorXd> frequencies;
    dtop::Out<Eigen::MatrixXd> mode_shapes;
    dtop::Out<Eigen::VectorXd> all_frequencies;
    dtop::Out<dtop::Table> mode_table;
    dtop::Out<dtop::Json> result;

    static void describe(dtop::Spec<FeFramePlugin>& s) {
        s.name("fe-frame").version("1.0.0").summary("Frame natural frequencies from an external FE solver (ABAQUS or CalculiX)");
        s.doc("Writes a flat ABAQUS keyword deck of the benchtop frame (legs as beams with the thin side bending along x, "
              "floors of stiff massless members carrying the floor masses, base clamped, one frequency step), runs "
              "ABAQUS or CalculiX on it in <results>/<node>/<job>/ under a time limit, judges the run (exit code, *ERROR "
              "lines, completion line, eigenvalue table) and reads the eigenvalue table and floor displacements back "
              "from the .dat file. The sway modes along x are picked out by their floor motion. See plugins/fe/README.md.");
        s.param("solver", &FeFramePlugin::solver).choices("auto|abaqus|calculix").doc("auto: ABAQUS if `abaqus` is on the PATH, else CalculiX (`ccx`)");
        s.param("executable", &FeFramePlugin::executable).doc("the solver program (path, or name on the PATH) instead of abaqus / ccx; needs solver abaqus or calculix");
        s.param("job", &FeFramePlugin::job).doc("job name (sanitised: letters, digits, _ and -); the job folder and file names");
        s.param("time_limit", &FeFramePlugin::time_limit).unit("s").positive().doc("the solver's whole process group is ended after this");
        s.param("storeys", &FeFramePlugin::storeys).min(1).max(200).doc("number of storeys");
        s.param("storey_height", &FeFramePlugin::storey_height).unit("m").positive().doc("free leg length of each storey (one value: all)");
        s.param("floor_mass", &FeFramePlugin::floor_mass).unit("kg").positive().doc("mass of each floor (one value: all)");
        s.param("youngs_modulus", &FeFramePlugin::youngs_modulus).unit("Pa").positive().doc("legs' Young's modulus");
        s.param("poisson_ratio", &FeFramePlugin::poisson_ratio).range(-0.99, 0.49).doc("legs' Poisson ratio");
        s.param("density", &FeFramePlugin::density).unit("kg/m^3").positive()
            .doc("legs' density (their own mass; the floors' is floor_mass). CalculiX 2.20 crashes when no beam has mass");
        s.param("leg_width", &FeFramePlugin::leg_width).unit("m").positive().doc("leg section side across the sway direction (y)");
        s.param("leg_thickness", &FeFramePlugin::leg_thickness).unit("m").positive().doc("leg section side along the sway direction (x): the side that bends");
        s.param("leg_spacing_x", &FeFramePlugin::leg_spacing_x).unit("m").positive().doc("distance between leg centres along x");
        s.param("leg_spacing_y", &FeFramePlugin::leg_spacing_y).unit("m").positive().doc("distance between leg centres along y");
        s.param("elements_per_leg", &FeFramePlugin::elements_per_leg).min(1).max(1000).doc("beam elements along each leg");
        s.param("element", &FeFramePlugin::element).choices("B31|B32").doc("leg element: B31 (2-node) or B32 (3-node)");
        s.param("floor_rigidity", &FeFramePlugin::floor_rigidity).min(1).doc("floor members' Young's modulus over the legs'");
        s.param("modes", &FeFramePlugin::modes).min(1).max(1000).doc("eigenmodes the solver extracts (sway and others)");
        s.param("f_min", &FeFramePlugin::f_min).unit("Hz").min(0).doc("lower end of the frequency range (0: none)");
        s.param("f_max", &FeFramePlugin::f_max).unit("Hz").min(0).doc("upper end of the frequency range (0: none)");
        s.param("sway_modes", &FeFramePlugin::sway_modes).min(0).doc("sway modes to report (0: one per storey); fewer found is an error");
        s.output("frequencies", &FeFramePlugin::frequencies).unit("Hz").doc("natural frequencies of the sway modes along x, ascending");
        s.output("mode_shapes", &FeFramePlugin::mode_shapes).doc("floor x translations of the sway modes (floors x modes), largest entry +1");
        s.output("all_frequencies", &FeFramePlugin::all_frequencies).unit("Hz").doc("every extracted mode's frequency");
        s.output("mode_table", &FeFramePlugin::mode_table).unit("*").doc("every extracted mode: number, frequency, sway share, sway (1/0)");
        s.output("result", &FeFramePlugin::result).doc("frequencies, the lumped model's and the deviation, files (deck, .dat, log), timings");
    }

    FrameModel model;
    Extraction extraction;
    SolverCommand command;

    void configure() override {
        try {
            model.storeys = static_cast<int>(storeys);
            model.storey_height = storey_height;
            model.floor_mass = floor_mass;
            model.youngs_modulus = youngs_modulus;
            model.poisson_ratio = poisson_ratio;
            model.density = density;
            model.leg_width = leg_width;
            model.leg_thickness = leg_thickness;
            model.leg_spacing_x = leg_spacing_x;
            model.leg_spacing_y = leg_spacing_y;
            model.elements_per_leg = static_cast<int>(elements_per_leg);
            model.element = beam_type_from_name(element);
            model.floor_rigidity = floor_rigidity;
            model.check();
            extraction = Extraction{static_cast<int>(modes), f_min, f_max};
            extraction.check();
        } catch (const InvalidParameter& e) {
            throw dtop::ParamError(e.param, e.reason);
        }
        const int64_t wanted = sway_modes > 0 ? sway_modes : storeys;
        if (wanted > modes)
            throw dtop::ParamError("sway_modes", std::to_string(wanted) + " sway modes need modes >= " + std::to_string(wanted));
        try {
            command = resolve_solver(solver, executable);
        } catch (const std::exception& e) {
            throw dtop::ParamError(executable.empty() ? "solver" : "executable", e.what());
        }
    }

    // The lumped shear frame of physics.md section 1 with the same legs and masses, for comparison.
    Eigen::VectorXd lumped_hz() const {
        dtop::structural::ShearFrame f;
        f.mass.resize(model.storeys);
        f.stiffness.resize(model.storeys);
        for (int i = 1; i <= model.storeys; ++i) {
            f.mass[i - 1] = model.mass(i);
            f.stiffness[i - 1] = dtop::structural::storey_stiffness(model.youngs_modulus, model.leg_width, model.leg_thickness,
                                                                    model.height(i), 4);
        }
        return dtop::structural::modes(f.M(), f.K()).frequency_hz();
    }

    void run() override {
        AnalysisRequest request;
        request.model = model;
        request.extraction = extraction;
        request.sway_modes = static_cast<int>(sway_modes);
        request.solver = command;
        request.work_dir = output_dir();
        request.job = job;
        request.time_limit = time_limit;
        const Analysis a = run_analysis(request);
        for (const std::string& w : a.verdict.warnings) warn(w);
        if (f_min > 0 && a.table && !a.table->rows.empty() && a.table->rows.front().mode > 1)
            warn("f_min left out modes below " + std::to_string(f_min) + " Hz: the first sway frequency reported may not be the "
                 "frame's first sway mode (see result.sway_mode_numbers) - mind this when matching modes");
        if (!a.verdict.ok()) throw std::runtime_error(a.verdict.message(command.solver));

        const Eigen::VectorXd lumped = lumped_hz();
        std::vector<double> fe(a.sway.hz.data(), a.sway.hz.data() + a.sway.hz.size()), deviation;
        for (std::size_t k = 0; k < fe.size() && k < static_cast<std::size_t>(lumped.size()); ++k)
            deviation.push_back(100 * (fe[k] / lumped[static_cast<Eigen::Index>(k)] - 1));

        frequencies = a.sway.hz;
        mode_shapes = a.sway.shapes;
        const auto n = static_cast<Eigen::Index>(a.sway.modes.size());
        Eigen::VectorXd number(n), hz(n), share(n), sway(n);
        for (Eigen::Index k = 0; k < n; ++k) {
            const ModeClass& c = a.sway.modes[static_cast<std::size_t>(k)];
            number[k] = c.mode;
            hz[k] = c.hz;
            share[k] = c.share;
            sway[k] = c.sway ? 1 : 0;
        }
        all_frequencies = hz;
        dtop::Table t;
        t.add("mode", "", number);
        t.add("frequency", "Hz", hz);
        t.add("sway_share", "", share);
        t.add("sway", "", sway);
        mode_table = t;

        std::vector<int> sway_numbers;
        for (int k : a.sway.selected) sway_numbers.push_back(a.sway.modes[static_cast<std::size_t>(k)].mode);
        nlohmann::json r{{"solver", solver_name(command.solver)},
                         {"executable", command.executable.string()},
                         {"layout", layout_name(a.table->layout)},
                         {"element", beam_type_name(model.element)},
                         {"elements_per_leg", model.elements_per_leg},
                         {"frequencies_hz", fe},
                         {"sway_mode_numbers", sway_numbers},
                         {"lumped_hz", std::vector<double>(lumped.data(), lumped.data() + lumped.size())},
                         {"deviation_from_lumped_percent", deviation},
                         {"job_dir", a.files.dir.string()},
                         {"deck", a.files.deck().string()},
                         {"dat", a.files.dat().string()},
                         {"log", a.files.log().string()},
                         {"seconds", {{"deck", a.deck_seconds}, {"solve", a.solve_seconds}, {"read", a.read_seconds}}},
                         {"warnings", a.verdict.warnings}};
        result = dtop::Json{r.dump()};
        log(std::string(solver_name(command.solver)) + ": sway frequencies " + nlohmann::json(fe).dump() + " Hz (lumped model " +
            nlohmann::json(r["lumped_hz"]).dump() + "), solved in " + std::to_string(a.solve_seconds) + " s");
    }
};

DTOP_PLUGIN(FeFramePlugin)
