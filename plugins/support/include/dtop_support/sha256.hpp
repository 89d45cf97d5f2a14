// SHA-256 (lower-case hex) of bytes and of a file's contents, through OpenSSL's EVP interface: for
// fingerprints a plugin saves and checks later (battery: training data, weights files). The host has
// its own (framework/core/hash.hpp) for the run manifest; plugins do not link the framework.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace dtop::support {

std::string sha256_hex(std::string_view bytes);

// Throws std::runtime_error("cannot read <file>") when the file cannot be opened.
std::string sha256_of_file(const std::filesystem::path& file);

}  // namespace dtop::support
