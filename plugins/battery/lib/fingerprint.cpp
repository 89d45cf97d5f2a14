#include "fingerprint.hpp"

#include <charconv>

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

}  // namespace dtop::battery
