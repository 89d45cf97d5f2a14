// A fingerprint of the training cycles, saved with a twin: loading it against other data is refused.
#pragma once

#include "cycles.hpp"
#include "window.hpp"

#include <dtop_support/sha256.hpp>

#include <string>

namespace dtop::battery {

// SHA-256 (hex) of the window's rows, every value as the text std::to_chars gives it (shortest
// round-trip form), so that the same numbers hash the same on any machine.
std::string training_fingerprint(const Cycles& c, const Window& w);

// SHA-256 (hex) of bytes, and of a file's contents: the plugin-support library's.
using support::sha256_hex;
using support::sha256_of_file;

}  // namespace dtop::battery
