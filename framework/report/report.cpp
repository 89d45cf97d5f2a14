#include "report.hpp"

#include "report_assets.hpp"
#include "report_model.hpp"
#include "results.hpp"

#include <stdexcept>

namespace fs = std::filesystem;

namespace dtop::report {

namespace {

std::string html_text(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

// JSON inside <script type="application/json">: '<' only ever occurs in strings, where \u003c means
// the same, and then nothing in it can close the element.
std::string script_json(const nlohmann::json& j) {
    const std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '<') out += "\\u003c";
        else out += c;
    }
    return out;
}

// The template with each marker replaced once; inserted text is never searched again.
std::string fill(const std::string& page, const std::vector<std::pair<std::string, std::string>>& values) {
    std::string out;
    std::size_t at = 0;
    for (const auto& [marker, value] : values) {
        const std::size_t found = page.find(marker, at);
        if (found == std::string::npos) throw std::runtime_error("the report's page template has no " + marker + " (or not in order)");
        out.append(page, at, found - at);
        out += value;
        at = found + marker.size();
    }
    out.append(page, at, std::string::npos);
    return out;
}

}  // namespace

fs::path write_report(const fs::path& dir, Registry* registry) {
    const Assets assets = load_assets();
    const nlohmann::json model = gather(dir, registry);
    const std::string page = fill(assets.page_template, {{"@DTOP_TITLE@", html_text(model.value("title", "dtop run"))},
                                                         {"@DTOP_PLOTLY@", assets.plotly_js},
                                                         {"@DTOP_DATA@", script_json(model)}});
    const fs::path file = dir / "report.html";
    write_atomic(file, page);
    return file;
}

}  // namespace dtop::report
