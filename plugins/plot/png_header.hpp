// What a PNG file says it is: its signature and the size in its IHDR chunk. Enough to tell a
// picture from an empty or half-written file without a PNG library.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

namespace dtop::plot {

struct PngSize {
    std::uint32_t width = 0, height = 0;
};

// The size, if the file starts with the PNG signature followed by an IHDR chunk; else nothing.
std::optional<PngSize> read_png_size(const std::filesystem::path& file);

}  // namespace dtop::plot
