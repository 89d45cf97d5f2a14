// What every report page is made of besides the run's own data: the page template
// (report_template.html) and plotly.js, bundled from the npm registry when dtop is built. Both live
// in share/dtop/report/ beside the dtop executable, in the build tree as in an installed (and moved)
// tree; nothing is fetched when a report is written.
#pragma once

#include <filesystem>
#include <string>

namespace dtop::report {

struct Assets {
    std::string page_template;  // the HTML template with its @DTOP_...@ markers
    std::string plotly_js;      // plotly.min.js, ready to sit inside a <script> element
};

// share/dtop/report beside the executable (empty if dtop has no share/dtop).
std::filesystem::path assets_dir();

// Throws std::runtime_error naming the missing file and how to get it.
Assets load_assets();

// The plotly.js version bundled (pinned in framework/CMakeLists.txt).
extern const char* const kPlotlyVersion;

}  // namespace dtop::report
