// Checking a plugin library's ELF headers before the dynamic loader maps it. The loader trusts the
// program headers: a truncated library (a copy cut short, a build interrupted) has segments that end
// beyond the file, and touching those mapped pages kills the process with SIGBUS, before dlopen can
// return an error. Reading the headers first turns that into a message.
#pragma once

#include <filesystem>
#include <string>

namespace dtop {

// "" when `file` is a regular, complete ELF shared library for this machine; otherwise why it is not
// (not a regular file, not ELF, another architecture, a header or segment past the end of the file).
std::string elf_library_problem(const std::filesystem::path& file);

}  // namespace dtop
