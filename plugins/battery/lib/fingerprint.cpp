#include "fingerprint.hpp"

#include <openssl/evp.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <memory>
#include <stdexcept>

namespace dtop::battery {

std::string training_fingerprint(const Cycles& c, const Window& w) {
    std::string text;
    char buf[32];
    for (std::size_t i = w.first; i <= w.last; ++i) {
        for (double v : {c.cycle[i], c.capacity_ah[i], c.discharge_time_s[i], c.temperature_c[i]}) {
            text.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
            text += ',';
        }
        text += '\n';
    }
    return sha256_hex(text);
}

std::string sha256_hex(const std::string& text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), text.data(), text.size()) != 1 || EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1)
        throw std::runtime_error("SHA-256 failed");
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) out += {hex[digest[i] >> 4], hex[digest[i] & 15]};
    return out;
}

std::string sha256_of_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return sha256_hex(bytes.str());
}

}  // namespace dtop::battery
