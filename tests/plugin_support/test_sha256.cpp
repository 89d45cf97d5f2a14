// SHA-256 against the FIPS 180-2 test vectors, of text and of a file.
#include "process.hpp"

#include <dtop_support/sha256.hpp>

#include <catch2/catch.hpp>

using dtop::support::sha256_hex;
using dtop::support::sha256_of_file;

TEST_CASE("plugin support: SHA-256 gives the standard digests") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    // Bytes, not C strings: an embedded NUL counts.
    CHECK(sha256_hex(std::string_view("a\0b", 3)) != sha256_hex("a"));
}

TEST_CASE("plugin support: SHA-256 of a file is that of its bytes, and a missing file is named") {
    const std::string dir = dtop::test::temp_dir("sha256");
    dtop::test::write_file(dir + "/abc.bin", "abc");
    CHECK(sha256_of_file(dir + "/abc.bin") == sha256_hex("abc"));
    CHECK_THROWS_WITH(sha256_of_file(dir + "/missing.bin"), "cannot read " + dir + "/missing.bin");
}
