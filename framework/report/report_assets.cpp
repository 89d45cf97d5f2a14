#include "report_assets.hpp"

#include "registry.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace dtop::report {

const char* const kPlotlyVersion = DTOP_PLOTLY_VERSION;

namespace {

std::string read(const fs::path& file, const char* what) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error(std::string(what) + " not found at " + file.string() +
                                 ": the build puts it there (plotly.js " DTOP_PLOTLY_VERSION
                                 " from the npm registry; see README, Dependencies); rebuild or reinstall dtop");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

}  // namespace

fs::path assets_dir() {
    const fs::path root = data_root();
    return root.empty() ? fs::path() : root / "report";
}

Assets load_assets() {
    const fs::path dir = assets_dir();
    if (dir.empty())
        throw std::runtime_error("the report's page template and plotly.js are not installed: no share/dtop beside " +
                                 executable_dir().string() + "; rebuild or reinstall dtop");
    Assets a{read(dir / "report.html", "the report's page template"), read(dir / "plotly.min.js", "plotly.js")};
    // Inside <script>, "</script" would end the element and "<!--" would change how the HTML parser
    // reads what follows. Both can only sit in strings, regular expressions or comments, where these
    // escapes mean the same characters.
    replace_all(a.plotly_js, "</script", "<\\/script");
    replace_all(a.plotly_js, "<!--", "<\\x21--");
    return a;
}

}  // namespace dtop::report
