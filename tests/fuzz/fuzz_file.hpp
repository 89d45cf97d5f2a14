// For readers that take a path: the fuzzer's bytes written to a file of this process's own in the
// temporary directory, rewritten for each input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

inline std::filesystem::path fuzz_input_file(const uint8_t* data, size_t size, const char* extension) {
    static const std::filesystem::path file = std::filesystem::temp_directory_path() /
        ("dtop-fuzz-" + std::to_string(::getpid()) + extension);
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return file;
}
