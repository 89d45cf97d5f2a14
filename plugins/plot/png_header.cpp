#include "png_header.hpp"

#include <array>
#include <cstring>
#include <fstream>

namespace dtop::plot {

std::optional<PngSize> read_png_size(const std::filesystem::path& file) {
    // 8 bytes of signature, then the IHDR chunk: length (4), "IHDR", width (4), height (4), big-endian.
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::array<unsigned char, 24> head{};
    std::ifstream in(file, std::ios::binary);
    if (!in.read(reinterpret_cast<char*>(head.data()), head.size())) return std::nullopt;
    if (std::memcmp(head.data(), signature, 8) != 0 || std::memcmp(head.data() + 12, "IHDR", 4) != 0) return std::nullopt;
    auto be32 = [&](std::size_t at) {
        return std::uint32_t(head[at]) << 24 | std::uint32_t(head[at + 1]) << 16 | std::uint32_t(head[at + 2]) << 8 | head[at + 3];
    };
    return PngSize{be32(16), be32(20)};
}

}  // namespace dtop::plot
