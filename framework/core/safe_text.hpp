// Text that came from outside dtop (a scenario, a data file, a plugin's message or output) on its way
// to a terminal or a JSON file: invalid UTF-8 and control bytes never reach either as they are, and
// a library's exception text never becomes the message.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dtop {

// Offset of the first byte that is not part of valid UTF-8, or nullopt when all of it is.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// The text with invalid UTF-8 and control bytes (other than newline and tab) written as \xNN, so a
// message quoting a binary file cannot garble the terminal.
std::string printable(std::string_view text);

// A JSON document as text; a string holding invalid UTF-8 is written with U+FFFD in place of the bad
// bytes rather than throwing.
std::string json_text(const nlohmann::json& j, int indent = -1);
std::string json_text(const nlohmann::ordered_json& j, int indent = -1);

// A number for a JSON file: JSON has no infinity or NaN, so those are written as the strings "inf",
// "-inf" and "nan" (documented in README, "Results").
nlohmann::json json_number(double x);

}  // namespace dtop
