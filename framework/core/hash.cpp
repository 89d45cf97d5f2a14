#include "hash.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <memory>
#include <stdexcept>

namespace dtop {

namespace {

struct Digest {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
    Digest() {
        if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
            throw std::runtime_error("OpenSSL could not start a SHA-256 digest");
    }
    void add(const void* data, std::size_t n) { EVP_DigestUpdate(ctx.get(), data, n); }
    std::string hex() {
        std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
        unsigned int len = 0;
        EVP_DigestFinal_ex(ctx.get(), md.data(), &len);
        static const char* digits = "0123456789abcdef";
        std::string out;
        for (unsigned int i = 0; i < len; ++i) {
            out += digits[md[i] >> 4];
            out += digits[md[i] & 15];
        }
        return out;
    }
};

}  // namespace

std::string sha256_hex(std::string_view data) {
    Digest d;
    d.add(data.data(), data.size());
    return d.hex();
}

std::string sha256_file(const std::filesystem::path& file) {
    std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(file.c_str(), "rb"), &std::fclose);
    if (!f) throw std::runtime_error(file.string() + ": cannot be read for hashing");
    Digest d;
    std::array<char, 1 << 16> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), f.get())) d.add(buf.data(), n);
    if (std::ferror(f.get())) throw std::runtime_error(file.string() + ": read error while hashing");
    return d.hex();
}

}  // namespace dtop
