#include "elf_check.hpp"

#include <elf.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <vector>

namespace fs = std::filesystem;

namespace dtop {

namespace {

#if defined(__x86_64__)
constexpr std::uint16_t kMachine = EM_X86_64;
#elif defined(__aarch64__)
constexpr std::uint16_t kMachine = EM_AARCH64;
#else
constexpr std::uint16_t kMachine = EM_NONE;  // not checked
#endif

bool ends_within(std::uint64_t offset, std::uint64_t length, std::uint64_t size) {
    return offset <= size && length <= size - offset;
}

std::string truncated(std::uint64_t needed, std::uint64_t size, const std::string& what) {
    return "truncated or damaged: its " + what + " ends at byte " + std::to_string(needed) + " but the file has " +
           std::to_string(size) + " bytes";
}

}  // namespace

std::string elf_library_problem(const fs::path& file) {
    std::error_code ec;
    const auto status = fs::status(file, ec);
    if (ec) return "cannot be read: " + ec.message();
    if (!fs::is_regular_file(status)) return "not a regular file";
    const std::uint64_t size = fs::file_size(file, ec);
    if (ec) return "cannot be read: " + ec.message();
    std::ifstream in(file, std::ios::binary);
    if (!in) return "cannot be opened (permissions?)";
    Elf64_Ehdr eh{};
    if (!in.read(reinterpret_cast<char*>(&eh), sizeof eh))
        return size < 4 ? "not an ELF file (" + std::to_string(size) + " bytes)"
                        : truncated(sizeof eh, size, "ELF header");
    if (std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0) return "not an ELF file";
    if (eh.e_ident[EI_CLASS] != ELFCLASS64) return "not a 64-bit ELF file";
    if (eh.e_type != ET_DYN) return "not an ELF shared library";
    if (kMachine != EM_NONE && eh.e_machine != kMachine)
        return "built for another processor (ELF machine " + std::to_string(eh.e_machine) + ")";
    if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0) return "damaged: no usable program headers";
    const std::uint64_t ph_bytes = std::uint64_t{eh.e_phnum} * eh.e_phentsize;
    if (!ends_within(eh.e_phoff, ph_bytes, size)) return truncated(eh.e_phoff + ph_bytes, size, "program header table");
    if (eh.e_shoff != 0 && !ends_within(eh.e_shoff, std::uint64_t{eh.e_shnum} * eh.e_shentsize, size))
        return truncated(eh.e_shoff + std::uint64_t{eh.e_shnum} * eh.e_shentsize, size, "section header table");
    std::vector<Elf64_Phdr> ph(eh.e_phnum);
    in.seekg(static_cast<std::streamoff>(eh.e_phoff));
    if (!in.read(reinterpret_cast<char*>(ph.data()), static_cast<std::streamsize>(ph_bytes)))
        return "cannot read its program headers";
    for (const auto& p : ph) {
        if (p.p_type != PT_LOAD && p.p_type != PT_DYNAMIC) continue;
        if (!ends_within(p.p_offset, p.p_filesz, size))
            return truncated(p.p_offset + p.p_filesz, size, p.p_type == PT_LOAD ? "loadable segment" : "dynamic section");
    }
    return "";
}

}  // namespace dtop
