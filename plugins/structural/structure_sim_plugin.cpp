// structure-sim: the structure in the time domain, a stepped node. A force at floor 1 (from a replayed
// record or any stepped source) drives the bare structure, or the structure with a TMD, DVF or LQG on
// a floor; outputs floor displacements, velocities and accelerations every step. The linear model is
// discretised exactly at the communication step (matrix exponential, input held over the step).
#include "control.hpp"
#include "discrete.hpp"
#include "plugin_common.hpp"

using namespace dtop::structural;

struct StructureSim : DeviceNode {
    std::string control = "none";
    double h = 5.0, Bl = 10.0, Ze = 8.0;
    bool compensator = false;
    double fpe = 6, zpe = 4, fc = 6, zc = 4;
    double q = 200, r = 0.1, Qn = 1, Rn = 1e-12;

    dtop::StepIn<double> force;
    dtop::StepOut<Eigen::VectorXd> displacement, velocity, acceleration;
    dtop::Out<dtop::Json> summary;

    static void describe(dtop::Spec<StructureSim>& s) {
        s.name("structure-sim").version("1.0.0").summary("Time-domain structure (bare, TMD, DVF or LQG) under a force at floor 1");
        s.doc("A stepped node. At every communication point it reads the force at floor 1, outputs the floors' "
              "displacements, velocities and accelerations, and advances the state over the step with the force "
              "held (exact zero-order-hold discretisation by the matrix exponential). `control` adds a device on "
              "`floor`: tmd (passive), dvf (velocity feedback at gain h) or lqg (LQR + Kalman filter), with the "
              "same parameters and models as the tmd, dvf and lqg plugins. An unstable controller is refused.");
        DeviceNode::declare(s, "floor carrying the device (control: tmd, dvf, lqg)");
        s.param("control", &StructureSim::control).choices("none|tmd|dvf|lqg").doc("what acts on the structure besides the force");
        s.param("h", &StructureSim::h).min(0).doc("dvf: control gain");
        s.param("Bl", &StructureSim::Bl).unit("N/A").positive().doc("dvf, lqg: actuator force factor");
        s.param("Ze", &StructureSim::Ze).unit("Ohm").positive().doc("dvf, lqg: coil impedance");
        s.param("compensator", &StructureSim::compensator).doc("dvf: use the compensator");
        s.param("fpe", &StructureSim::fpe).unit("Hz").positive().doc("dvf compensator: estimated device frequency");
        s.param("zpe", &StructureSim::zpe).unit("%").positive().doc("dvf compensator: estimated device damping");
        s.param("fc", &StructureSim::fc).unit("Hz").positive().doc("dvf compensator: compensated frequency");
        s.param("zc", &StructureSim::zc).unit("%").positive().doc("dvf compensator: compensated damping");
        s.param("q", &StructureSim::q).positive().doc("lqg: state weight");
        s.param("r", &StructureSim::r).positive().doc("lqg: control weight");
        s.param("Qn", &StructureSim::Qn).positive().doc("lqg: process noise covariance");
        s.param("Rn", &StructureSim::Rn).positive().doc("lqg: measurement noise covariance");
        s.input("force", &StructureSim::force).unit("N").doc("force at floor 1");
        s.output("displacement", &StructureSim::displacement).unit("m").doc("floor displacements x1..xn");
        s.output("velocity", &StructureSim::velocity).unit("m/s").doc("floor velocities dotx1..dotxn");
        s.output("acceleration", &StructureSim::acceleration).unit("m/s^2").doc("floor accelerations ddotx1..ddotxn");
        s.output("summary", &StructureSim::summary).doc("after the run: the model used (states, control) and RMS velocities");
    }
    StructureSim() { floor = 3; }

    Eigen::Index floors = 0;
    StateSpace model;
    Discrete discrete;
    Eigen::MatrixXd Cd, Cv, Ca;  // outputs from the state
    Eigen::VectorXd Da;          // acceleration per unit force
    Eigen::VectorXd x, next;
    Eigen::VectorXd sum_v2;
    long steps = 0;

    void configure() override {
        check_common();  // grid parameters are unused here but checked alike
        // From a file, the structure is known now: name the channels and refuse an unstable controller
        // at validation. A wired structure is read when the run starts (connect, init).
        if (!structure.is_connected()) {
            const ShearFrame f = structure_of(structure, structure_file);
            set_channels(f.floors());
            build_model(f);
        }
    }

    void set_channels(Eigen::Index n) {
        std::vector<std::string> xs, vs, as;
        for (Eigen::Index i = 1; i <= n; ++i) {
            xs.push_back("x" + std::to_string(i));
            vs.push_back("dotx" + std::to_string(i));
            as.push_back("ddotx" + std::to_string(i));
        }
        displacement.set_channels(xs, {"m"});
        velocity.set_channels(vs, {"m/s"});
        acceleration.set_channels(as, {"m/s^2"});
        floors = n;
    }

    // The structure arrives before connect() when it is wired: channels follow it.
    void connect() override {
        if (structure.is_connected()) set_channels(frame().floors());
    }

    // The state-space model for `control`, refused if unstable; returns the DOFs of q.
    Eigen::Index build_model(const ShearFrame& f) {
        const Actuator act{Bl, Ze};
        Assembled s;
        if (control == "none") {
            s = bare(f);
            model = mechanical(s);
        } else {
            s = with_device(f, device());
            if (control == "tmd") model = mechanical(s);
            if (control == "dvf") model = dvf_closed_loop(s, h, act, Compensator{compensator, fpe, zpe / 100, fc, zc / 100});
            if (control == "lqg") model = design_lqg(s, LqgWeights{q, r, Qn, Rn}, act).closed;
        }
        const double abscissa = stability_abscissa(model.A);
        if (!(abscissa < 0))
            throw dtop::ParamError(control == "dvf" ? "h" : "control",
                                   "the closed loop is unstable (largest real part of its eigenvalues " + std::to_string(abscissa) +
                                       " 1/s): a time simulation would diverge");
        return s.dofs();
    }

    void init(double, double step, double) override {
        const ShearFrame f = frame();
        if (f.floors() != floors) throw std::runtime_error("the structure changed its number of floors after configure");
        // x = [q; q'; controller states]: floors first in q and in q'.
        const Eigen::Index dofs = build_model(f), n = model.A.rows();
        Cd = Eigen::MatrixXd::Zero(floors, n);
        Cd.leftCols(floors).setIdentity();
        Cv = Eigen::MatrixXd::Zero(floors, n);
        Cv.middleCols(dofs, floors).setIdentity();
        Ca = model.A.middleRows(dofs, floors);
        Da = model.B.segment(dofs, floors);
        discrete = zero_order_hold(model.A, model.B, step);
        x = Eigen::VectorXd::Zero(n);
        next.resize(n);
        sum_v2 = Eigen::VectorXd::Zero(floors);
        steps = 0;
    }

    void step(double, double) override {
        const double u = force;
        displacement.value.noalias() = Cd * x;
        velocity.value.noalias() = Cv * x;
        acceleration.value.noalias() = Ca * x;
        acceleration.value += Da * u;
        sum_v2 += velocity.value.cwiseAbs2();
        ++steps;
        next.noalias() = discrete.Phi * x;
        next += discrete.Gamma.col(0) * u;
        x.swap(next);
    }

    void finish() override {
        if (aborted() || steps == 0) return;
        const Eigen::VectorXd rms = (sum_v2 / static_cast<double>(steps)).cwiseSqrt();
        nlohmann::json j{{"control", control}, {"states", model.A.rows()}, {"steps", steps},
                         {"rms_velocity_m_per_s", std::vector<double>(rms.data(), rms.data() + rms.size())}};
        if (control != "none") j["floor"] = floor;
        summary = dtop::Json{j.dump()};
    }
};

DTOP_PLUGIN(StructureSim)
