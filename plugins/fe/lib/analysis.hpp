// One adapter run: the deck written into a fresh job folder, the solver run on it, the run judged
// and its .dat read back, the sway modes picked out.
#pragma once

#include "frame_mesh.hpp"
#include "frame_model.hpp"
#include "solver.hpp"
#include "sway.hpp"
#include "verdict.hpp"

#include <dtop_support/process.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace dtop::fe {

struct AnalysisRequest {
    FrameModel model;
    Extraction extraction;
    int sway_modes = 0;              // wanted; 0: one per storey
    SolverCommand solver;
    std::filesystem::path work_dir;  // the job runs in work_dir / <sanitised job>
    std::string job = "frame";
    double time_limit = 60;          // s
    double grace = 2;                // s between SIGTERM and SIGKILL at the limit
    std::string heading = "dtop benchtop frame, natural frequencies";
};

struct Analysis {
    JobFiles files;
    FrameMesh mesh;
    support::ProcessOutcome process;
    Verdict verdict;                  // failed runs are reported here, not thrown
    std::optional<EigenTable> table;
    SwaySelection sway;
    double deck_seconds = 0, solve_seconds = 0, read_seconds = 0;
};

// Throws only for what is not the solver's doing: bad parameters (InvalidParameter), a job folder
// that cannot be written.
Analysis run_analysis(const AnalysisRequest& request);

}  // namespace dtop::fe
