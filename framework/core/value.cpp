#include "value.hpp"

#include <cstddef>
#include <stdexcept>

namespace dtop {

Value Value::real(double v, std::string unit) {
    Value r;
    r.kind = DTOP_KIND_REAL;
    r.rows = r.cols = 1;
    r.data = {v};
    r.unit = std::move(unit);
    return r;
}

Value Value::integer(int64_t v) {
    Value r = real(static_cast<double>(v));
    r.kind = DTOP_KIND_INT;
    return r;
}

Value Value::boolean(bool v) {
    Value r = real(v ? 1.0 : 0.0);
    r.kind = DTOP_KIND_BOOL;
    return r;
}

Value Value::string(std::string s, dtop_kind kind) {
    Value r;
    r.kind = kind;
    r.text = std::move(s);
    return r;
}

Value Value::array(std::vector<double> v, std::string unit) {
    Value r;
    r.kind = DTOP_KIND_REAL_ARRAY;
    r.rows = v.size();
    r.cols = 1;
    r.data = std::move(v);
    r.unit = std::move(unit);
    return r;
}

// The fields of dtop_value as of ABI 1.0; a producer must send at least these.
static constexpr std::size_t kValueSize10 = offsetof(dtop_value, unit) + sizeof(const char*);

Value Value::copy_from(const dtop_value& v) {
    if (v.struct_size < kValueSize10)
        throw std::runtime_error("value struct is " + std::to_string(v.struct_size) +
                                 " bytes, ABI 1.0 needs at least " + std::to_string(kValueSize10));
    Value r;
    r.kind = static_cast<dtop_kind>(v.kind);
    r.rows = v.rows;
    r.cols = v.cols;
    if (v.unit) r.unit = v.unit;
    auto numbers = [&](uint64_t count) {
        if (count > 0 && !v.data)
            throw std::runtime_error(std::string("a ") + kind_name(v.kind) + " value with " +
                                     std::to_string(count) + " numbers has no data pointer");
        if (count > 0) r.data.assign(v.data, v.data + count);
    };
    switch (v.kind) {
    case DTOP_KIND_REAL:
    case DTOP_KIND_INT:
    case DTOP_KIND_BOOL:
        if (!v.data) throw std::runtime_error("a scalar value without data");
        r.rows = r.cols = 1;
        r.data = {v.data[0]};
        break;
    case DTOP_KIND_STRING:
    case DTOP_KIND_PATH:
    case DTOP_KIND_JSON:
        if (v.text) r.text = v.text;
        break;
    case DTOP_KIND_REAL_ARRAY: numbers(v.rows * v.cols); break;
    case DTOP_KIND_COMPLEX_ARRAY: numbers(2 * v.rows * v.cols); break;
    case DTOP_KIND_SERIES:
    case DTOP_KIND_TABLE:
        if (v.cols > 0 && (!v.names || !v.units))
            throw std::runtime_error(std::string("a ") + kind_name(v.kind) + " without column names or units");
        numbers(v.rows * v.cols);
        for (uint64_t c = 0; c < v.cols; ++c) {
            r.names.emplace_back(v.names[c] ? v.names[c] : "");
            r.units.emplace_back(v.units[c] ? v.units[c] : "");
        }
        break;
    default: throw std::runtime_error("unknown value kind " + std::to_string(v.kind));
    }
    return r;
}

ValueView::ValueView(const Value& v) {
    view_.struct_size = sizeof(dtop_value);
    view_.kind = v.kind;
    view_.rows = v.rows;
    view_.cols = v.cols;
    view_.data = v.data.empty() ? nullptr : v.data.data();
    for (const auto& n : v.names) names_.push_back(n.c_str());
    for (const auto& u : v.units) units_.push_back(u.c_str());
    view_.names = names_.empty() ? nullptr : names_.data();
    view_.units = units_.empty() ? nullptr : units_.data();
    view_.text = v.text.c_str();
    view_.unit = v.unit.c_str();
}

const char* kind_name(uint32_t kind) { return dtop_kind_name(kind); }

}  // namespace dtop
