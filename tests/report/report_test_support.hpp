// Helpers of the plot and report tests: reading a PNG's header, a run's manifest, and the data a
// report page carries.
#pragma once

#include "process.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace dtop::test {

struct Png {
    std::uint32_t width = 0, height = 0;
    std::size_t bytes = 0;
};

// The size in a PNG's IHDR chunk, if the file is a PNG (signature first); read here independently
// of the plugin's own check.
inline std::optional<Png> png_info(const std::string& file) {
    const std::string b = read_file(file);
    if (b.size() < 24 || b.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 || b.compare(12, 4, "IHDR") != 0) return std::nullopt;
    auto be32 = [&](std::size_t at) {
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 4; ++k) v = v << 8 | static_cast<unsigned char>(b[at + k]);
        return v;
    };
    return Png{be32(16), be32(20), b.size()};
}

inline nlohmann::json manifest_of(const std::string& dir) { return nlohmann::json::parse(read_file(dir + "/manifest.json")); }

// The JSON the report page lays out (its <script id="dtop-data"> element).
inline nlohmann::json report_data(const std::string& html) {
    const std::string open = "<script type=\"application/json\" id=\"dtop-data\">";
    const auto start = html.find(open);
    if (start == std::string::npos) return nullptr;
    const auto end = html.find("</script>", start);
    return nlohmann::json::parse(html.substr(start + open.size(), end - start - open.size()));
}

}  // namespace dtop::test
