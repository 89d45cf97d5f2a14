// The comparison the scenario tests rely on (structural_outputs): it must catch a change above 1e-9
// relative and let rounding near zero pass on the series' scale.
#include "output_digest.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using dtop::test::compare_digests;
using dtop::test::digest_folder;

namespace {

fs::path folder_with(const std::string& name, const std::string& csv) {
    const fs::path dir = fs::temp_directory_path() / ("dtop_digest_" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "node.spectrum.csv") << csv;
    return dir;
}

std::size_t differences(const std::string& expected, const std::string& actual) {
    const auto a = digest_folder(folder_with("a", expected), 1000), b = digest_folder(folder_with("b", actual), 1000);
    return compare_digests(a, b).size();
}

}  // namespace

TEST_CASE("structural: the output comparison catches 1e-8 relative and passes 1e-10 and rounding near zero") {
    const std::string header = "f (Hz),e (dB)\n1,";
    const std::string base = header + "-144.5\n2,1e-20\n3,100\n";
    CHECK(differences(base, base) == 0);
    CHECK(differences(base, header + "-144.5000000145\n2,1e-20\n3,100\n") == 0);  // 1e-10 relative
    CHECK(differences(base, header + "-144.50000145\n2,1e-20\n3,100\n") > 0);     // 1e-8 relative
    CHECK(differences(base, header + "-144.5\n2,1e-13\n3,100\n") == 0);           // < 1e-12 of 144.5
    CHECK(differences(base, header + "-144.5\n2,1e-9\n3,100\n") > 0);             // > 1e-12 of 144.5
    CHECK(differences(base, header + "-144.5\n2,1e-20\n") > 0);                    // a row missing
    CHECK(differences(base, "f (Hz),e (J)\n1,-144.5\n2,1e-20\n3,100\n") > 0);    // another unit
}
