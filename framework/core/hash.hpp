// SHA-256 of files and text, for the run manifest (scenario and plugin fingerprints) and for
// checking that a plugin's build-time manifest still describes its library. OpenSSL does the work.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace dtop {

std::string sha256_hex(std::string_view data);
// Throws std::runtime_error naming the file if it cannot be read.
std::string sha256_file(const std::filesystem::path& file);

}  // namespace dtop
