// The host's own copy of a value that crossed the plugin boundary. Everything a plugin hands out is
// copied into a Value at once, so nothing the host keeps points into a plugin's memory.
#pragma once

#include <dtop/dtop_abi.h>

#include <cstdint>
#include <string>
#include <vector>

namespace dtop {

struct Value {
    dtop_kind kind = DTOP_KIND_REAL;
    uint64_t rows = 0;
    uint64_t cols = 0;
    std::vector<double> data;        // column-major; complex arrays interleave (re, im)
    std::vector<std::string> names;  // series/table column names
    std::vector<std::string> units;  // series/table column units
    std::string text;                // string, path, json
    std::string unit;                // scalar and array unit

    static Value real(double v, std::string unit = "");
    static Value integer(int64_t v);
    static Value boolean(bool v);
    static Value string(std::string s, dtop_kind kind = DTOP_KIND_STRING);
    static Value array(std::vector<double> v, std::string unit = "");

    // Copies a plugin's value; throws std::runtime_error if it is malformed (null data, bad size).
    static Value copy_from(const dtop_value& v);

    bool is_scalar() const {
        return kind == DTOP_KIND_REAL || kind == DTOP_KIND_INT || kind == DTOP_KIND_BOOL;
    }
    bool is_text() const {
        return kind == DTOP_KIND_STRING || kind == DTOP_KIND_PATH || kind == DTOP_KIND_JSON;
    }
    bool is_columns() const { return kind == DTOP_KIND_SERIES || kind == DTOP_KIND_TABLE; }
};

// A dtop_value pointing into a Value, with the char* arrays it needs. Valid while both live.
class ValueView {
public:
    explicit ValueView(const Value& v);
    const dtop_value* get() const { return &view_; }

private:
    dtop_value view_{};
    std::vector<const char*> names_, units_;
};

const char* kind_name(uint32_t kind);

}  // namespace dtop
