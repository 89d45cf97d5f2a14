// identification_table: the accuracy tables of plugins/identification/README.md, as Markdown.
//
//   identification_table [--data DIR]   (DIR holds cristallo/ and cristallo-frf/; default: the repository's data/)
//
// Time records: the structure calibrated from the nominal one on each record, its relative RMS
// residual per floor on the two others (never the one it was fitted to); once with the hold each
// record calls for (`auto`: zero-order for the impulse, whose force is one sample, first-order for
// the others) and once with zero-order hold forced on every record. Measured FRF: LSCF, the circle-fit
// baseline and the updated physical model side by side; the dB error near each resonance.
#include "circle_fit.hpp"
#include "frf_file.hpp"
#include "frf_fit.hpp"
#include "lscf.hpp"
#include "record_file.hpp"
#include "record_fit.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace dtop::identification;

namespace {

void records_table(const std::string& dir, bool zoh_forced) {
    const std::vector<std::string> names{"impulse", "harmonic", "noise"};
    std::vector<Record> rec;
    for (const auto& n : names) rec.push_back(read_record(dir + "/cristallo/data_th_" + n + ".csv"));
    auto hold_of = [&](std::size_t i) { return zoh_forced ? Hold::zero_order : automatic_hold(rec[i].force); };
    std::printf("\n%s\n\n", zoh_forced ? "Zero-order hold forced on every record:" : "Hold per record (auto: impulse zero-order, harmonic and noise first-order):");
    std::printf("| fitted on | predicting | nominal dotx1 / dotx2 / dotx3 | calibrated dotx1 / dotx2 / dotx3 | updated f (Hz) | fit time (s) |\n");
    std::printf("|---|---|---|---|---|---|\n");
    const auto nominal = dtop::structural::southampton();
    for (std::size_t a = 0; a < 3; ++a) {
        RecordFitOptions o;
        o.hold = hold_of(a);
        const auto t0 = std::chrono::steady_clock::now();
        const FitSummary s = fit_to_record(nominal, rec[a], o);
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        for (std::size_t b = 0; b < 3; ++b) {
            if (a == b) continue;
            const Eigen::VectorXd e0 = relative_rms(rec[b].velocity, simulate(nominal, rec[b], hold_of(b)));
            const Eigen::VectorXd e = relative_rms(rec[b].velocity, simulate(s.frame, rec[b], hold_of(b)));
            std::printf("| %s%s | %s | %.3f / %.3f / %.3f | %.2e / %.2e / %.2e | %.4f, %.4f, %.4f | %.2f |\n", names[a].c_str(),
                        s.converged ? "" : " (not converged)", names[b].c_str(), e0[0], e0[1], e0[2], e[0], e[1], e[2], s.frequency_hz[0],
                        s.frequency_hz[1], s.frequency_hz[2], secs);
        }
    }
}

void frf_table(const std::string& dir) {
    const MeasuredFrf m = read_frf_file(dir + "/cristallo-frf/frf_force_floor1.csv", FrfFileOptions{});
    StabilisationOptions so;
    so.f_low = 3;
    so.f_high = 40;
    const ModalFit fit = extract_modes(m.f_hz, m.H, Quantity::accelerance, so, 3);
    std::vector<double> res;
    for (const auto& md : fit.modes) res.push_back(md.frequency_hz);
    const auto nominal = dtop::structural::southampton();
    const FitSummary s = fit_to_frf(nominal, m.f_hz, m.H, Quantity::accelerance, res, FrfFitOptions{});
    const Eigen::MatrixXcd Y = convert(m.f_hz, m.H, Quantity::accelerance, Quantity::mobility);
    const Eigen::MatrixXcd H0 = frequency_response(modal_model(nominal), 1, m.f_hz, Quantity::accelerance);
    const Eigen::MatrixXcd H1 = frequency_response(modal_model(s.frame), 1, m.f_hz, Quantity::accelerance);
    const Eigen::Index n = 3;
    std::printf("\nMeasured FRF (frf_force_floor1.csv, band 3-40 Hz; LSCF orders 2-40; updated: 3 masses, 3 stiffnesses, 3 modal damping ratios):\n\n");
    std::printf("| mode | LSCF f (Hz) | LSCF damping (%%) | circle fit f (Hz) | circle fit damping (%%) | updated model f (Hz) | updated damping (%%) | dB error nominal fl.1/2/3 | dB error updated fl.1/2/3 |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|\n");
    for (Eigen::Index r = 0; r < n; ++r) {
        const IdentifiedMode& md = fit.modes[static_cast<std::size_t>(r)];
        const auto peaks = peak_pick(m.f_hz, Y.col(0).cwiseAbs(), md.frequency_hz - 0.5, md.frequency_hz + 0.5, 1);
        const CircleMode c = circle_fit(m.f_hz, Y.col(0), peaks.at(0));
        const auto lines = lines_near(m.f_hz, {md.frequency_hz}, 0.5);
        const Eigen::VectorXd e0 = db_error(m.H, H0, lines), e1 = db_error(m.H, H1, lines);
        const double xi = s.frame.modal_ratios[r], dxi = s.relative_error[2 * n + r] * xi;
        std::printf("| %ld | %.3f +/- %.3f | %.3f +/- %.3f | %.3f | %.3f +/- %.3f | %.3f | %.3f +/- %.3f | %.1f / %.1f / %.1f | %.2f / %.2f / %.2f |\n",
                    static_cast<long>(r + 1), md.frequency_hz, md.frequency_spread_hz, 100 * md.damping, 100 * md.damping_spread, c.frequency_hz,
                    100 * c.damping, 100 * c.damping_spread, s.frequency_hz[r], 100 * xi, 100 * dxi, e0[0], e0[1], e0[2], e1[0], e1[1], e1[2]);
    }
    const auto all = lines_near(m.f_hz, res, 0.5);
    const Eigen::VectorXd e0 = db_error(m.H, H0, all), e1 = db_error(m.H, H1, all);
    std::printf("\nWithin +/-0.5 Hz of all three resonances: nominal %.1f / %.1f / %.1f dB, updated %.2f / %.2f / %.2f dB RMS (floors 1/2/3). "
                "LSFD fit error %.1f / %.1f / %.1f %%.\n",
                e0[0], e0[1], e0[2], e1[0], e1[1], e1[2], 100 * fit.fit_error[0], 100 * fit.fit_error[1], 100 * fit.fit_error[2]);
    std::printf("\nUpdated parameters (standard error from the Jacobian): ");
    const auto names = parameter_names(n);
    for (Eigen::Index i = 0; i < 3 * n; ++i) {
        const double v = std::exp(s.x[i]);
        std::printf("%s = %.5g +/- %.2g%s", names[static_cast<std::size_t>(i)].c_str(), v, v * s.relative_error[i], i + 1 < 3 * n ? ", " : ".\n");
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir = DTOP_IDENTIFICATION_DATA_DIR;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else {
            std::fprintf(stderr, "usage: identification_table [--data DIR]\n");
            return 2;
        }
    }
    try {
        records_table(dir, false);
        records_table(dir, true);
        frf_table(dir);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "identification_table: %s\n", e.what());
        return 1;
    }
    return 0;
}
