// What the FE tests share: fixture files, fresh folders, the frame the rig is.
#pragma once

#include "process.hpp"

#include <dat_text.hpp>

#include <filesystem>
#include <string>

namespace fe_test {

inline std::string fixture(const std::string& name) { return std::string(FE_FIXTURE_DIR) + "/" + name; }
inline std::string fixture_text(const std::string& name) { return dtop::fe::read_text(fixture(name)); }

// A stand-in solver script from the fixtures, executable whatever mode the checkout gave it.
inline std::string script(const std::string& name) {
    namespace fs = std::filesystem;
    fs::permissions(fixture(name), fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add);
    return fixture(name);
}

inline std::filesystem::path fresh_dir(const std::string& name) { return dtop::test::temp_dir("fe_" + name); }

// The lumped three-storey model of physics.md section 1.
inline constexpr double kLumpedHz[3] = {7.1137, 19.9321, 28.8028};

}  // namespace fe_test
