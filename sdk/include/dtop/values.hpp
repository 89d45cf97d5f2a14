// dtop C++ plugin layer: the value types a plugin reads and writes, and their conversion to and from
// the plain-data dtop_value of the C ABI. Header-only; compiled into the plugin, never into the host.
#pragma once

#include <dtop/dtop_abi.h>

#include <Eigen/Core>

#include <cmath>
#include <complex>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace dtop {

namespace detail {
// Position of `name` in `names`, or -1.
inline Eigen::Index index_of(const std::vector<std::string>& names, const std::string& name) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<Eigen::Index>(i);
    return -1;
}
}  // namespace detail

// An error a plugin throws about one of its parameters; the host points the user at that parameter
// in the scenario file. `param` must be the name of a parameter declared in describe(): any other name
// is reported as a bug of the plugin.
struct ParamError : std::runtime_error {
    ParamError(std::string name, const std::string& message)
        : std::runtime_error(message), param(std::move(name)) {}
    std::string param;
};

// An error after which the plugin object cannot be used any more (a solver process it owns died, its
// state is inconsistent): the host destroys it without calling finish() (DTOP_FATAL). For anything
// else throw an ordinary exception: the host then still calls finish() after a failed step.
struct FatalError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A file path parameter. The host hands it over already resolved against the scenario's folder.
struct Path {
    std::string value;
    Path() = default;
    Path(std::string v) : value(std::move(v)) {}  // NOLINT: implicit on purpose
    const std::string& str() const { return value; }
};

// Structured data as JSON text (parse it with the JSON library of your choice).
struct Json {
    std::string text = "{}";
};

// Named numeric columns with units, all of one length.
struct Table {
    std::vector<std::string> names;
    std::vector<std::string> units;
    Eigen::MatrixXd data;  // rows x columns

    Eigen::Index rows() const { return data.rows(); }
    Eigen::Index cols() const { return data.cols(); }
    // Index of a column by name, or -1.
    Eigen::Index find(const std::string& name) const { return detail::index_of(names, name); }
    // A column by name; throws if absent.
    auto column(const std::string& name) const {
        const Eigen::Index i = find(name);
        if (i < 0) throw std::runtime_error("table has no column '" + name + "'");
        return data.col(i);
    }
    // Appends a column; the first column added sets the number of rows.
    void add(std::string name, std::string unit, const Eigen::VectorXd& values) {
        if (cols() > 0 && values.size() != rows())
            throw std::runtime_error("column '" + name + "' has " + std::to_string(values.size()) +
                                     " rows, the table has " + std::to_string(rows()));
        data.conservativeResize(values.size(), cols() + 1);
        data.col(cols() - 1) = values;
        names.push_back(std::move(name));
        units.push_back(std::move(unit));
    }
};

// Samples over an abscissa x (time, frequency, cycle...), one or more named channels with units.
struct Series {
    std::string x_name = "t";
    std::string x_unit = "s";
    Eigen::VectorXd x;
    std::vector<std::string> names;  // one per channel
    std::vector<std::string> units;  // one per channel
    Eigen::MatrixXd y;               // samples x channels

    Eigen::Index size() const { return x.size(); }
    Eigen::Index channels() const { return y.cols(); }
    Eigen::Index find(const std::string& name) const { return detail::index_of(names, name); }
    auto channel(const std::string& name) const {
        const Eigen::Index i = find(name);
        if (i < 0) throw std::runtime_error("series has no channel '" + name + "'");
        return y.col(i);
    }
    // Appends a channel sampled on x.
    void add(std::string name, std::string unit, const Eigen::VectorXd& values) {
        if (values.size() != x.size())
            throw std::runtime_error("channel '" + name + "' has " + std::to_string(values.size()) +
                                     " samples, the abscissa has " + std::to_string(x.size()));
        y.conservativeResize(x.size(), y.cols() + 1);
        y.col(y.cols() - 1) = values;
        names.push_back(std::move(name));
        units.push_back(std::move(unit));
    }
};

namespace detail {

// Storage that keeps the pointers of an outgoing dtop_value alive until the next call.
struct Scratch {
    std::vector<double> numbers;
    std::vector<std::string> strings;
    std::vector<const char*> names;
    std::vector<const char*> units;
    std::string text;
    std::string unit;
    void clear() {
        numbers.clear();
        strings.clear();
        names.clear();
        units.clear();
        text.clear();
        unit.clear();
    }
};

inline dtop_value blank(dtop_kind kind) {
    dtop_value v{};
    v.struct_size = sizeof(dtop_value);
    v.kind = kind;
    return v;
}

inline void expect_kind(const dtop_value& v, uint32_t kind) {
    if (v.kind != kind)
        throw std::runtime_error(std::string("expected a value of kind ") + dtop_kind_name(kind) +
                                 ", got " + dtop_kind_name(v.kind));
}

inline std::string text_of(const dtop_value& v) { return v.text ? std::string(v.text) : std::string(); }

// Column names/units of a SERIES or TABLE value as the producer sent them.
inline void read_labels(const dtop_value& v, std::vector<std::string>& names,
                        std::vector<std::string>& units) {
    names.resize(v.cols);
    units.resize(v.cols);
    for (uint64_t c = 0; c < v.cols; ++c) {
        names[c] = v.names && v.names[c] ? v.names[c] : "";
        units[c] = v.units && v.units[c] ? v.units[c] : "";
    }
}

inline void write_labels(Scratch& s, dtop_value& v) {
    s.names.clear();
    s.units.clear();
    for (std::size_t i = 0; i < s.strings.size(); i += 2) {
        s.names.push_back(s.strings[i].c_str());
        s.units.push_back(s.strings[i + 1].c_str());
    }
    v.names = s.names.data();
    v.units = s.units.data();
}

}  // namespace detail

// Conversion of one C++ type to and from dtop_value. Specialised for every supported type.
template <class T>
struct ValueTraits;

template <>
struct ValueTraits<double> {
    static constexpr dtop_kind kind = DTOP_KIND_REAL;
    static double from(const dtop_value& v) {
        detail::expect_kind(v, kind);
        return v.data[0];
    }
    static dtop_value to(const double& x, detail::Scratch& s) {
        s.numbers.assign(1, x);
        auto v = detail::blank(kind);
        v.rows = v.cols = 1;
        v.data = s.numbers.data();
        return v;
    }
};

template <>
struct ValueTraits<int64_t> {
    static constexpr dtop_kind kind = DTOP_KIND_INT;
    static int64_t from(const dtop_value& v) {
        detail::expect_kind(v, kind);
        return static_cast<int64_t>(std::llround(v.data[0]));
    }
    static dtop_value to(const int64_t& x, detail::Scratch& s) {
        s.numbers.assign(1, static_cast<double>(x));
        auto v = detail::blank(kind);
        v.rows = v.cols = 1;
        v.data = s.numbers.data();
        return v;
    }
};

template <>
struct ValueTraits<int> {
    static constexpr dtop_kind kind = DTOP_KIND_INT;
    static int from(const dtop_value& v) { return static_cast<int>(ValueTraits<int64_t>::from(v)); }
    static dtop_value to(const int& x, detail::Scratch& s) { return ValueTraits<int64_t>::to(x, s); }
};

template <>
struct ValueTraits<bool> {
    static constexpr dtop_kind kind = DTOP_KIND_BOOL;
    static bool from(const dtop_value& v) {
        detail::expect_kind(v, kind);
        return v.data[0] != 0.0;
    }
    static dtop_value to(const bool& x, detail::Scratch& s) {
        s.numbers.assign(1, x ? 1.0 : 0.0);
        auto v = detail::blank(kind);
        v.rows = v.cols = 1;
        v.data = s.numbers.data();
        return v;
    }
};

template <>
struct ValueTraits<std::string> {
    static constexpr dtop_kind kind = DTOP_KIND_STRING;
    static std::string from(const dtop_value& v) {
        detail::expect_kind(v, kind);
        return detail::text_of(v);
    }
    static dtop_value to(const std::string& x, detail::Scratch& s) {
        s.text = x;
        auto v = detail::blank(kind);
        v.text = s.text.c_str();
        return v;
    }
};

template <>
struct ValueTraits<Path> {
    static constexpr dtop_kind kind = DTOP_KIND_PATH;
    static Path from(const dtop_value& v) {
        detail::expect_kind(v, kind);
        return Path(detail::text_of(v));
    }
    static dtop_value to(const Path& x, detail::Scratch& s) {
        s.text = x.value;
        auto v = detail::blank(kind);
        v.text = s.text.c_str();
        return v;
    }
};

template <>
struct ValueTraits<Json> {
    static constexpr dtop_kind kind = DTOP_KIND_JSON;
    static Json from(const dtop_value& v) {
        detail::expect_kind(v, kind);
        return Json{detail::text_of(v)};
    }
    static dtop_value to(const Json& x, detail::Scratch& s) {
        s.text = x.text;
        auto v = detail::blank(kind);
        v.text = s.text.c_str();
        return v;
    }
};

template <>
struct ValueTraits<Eigen::MatrixXd> {
    static constexpr dtop_kind kind = DTOP_KIND_REAL_ARRAY;
    static Eigen::MatrixXd from(const dtop_value& v) {
        detail::expect_kind(v, kind);
        return Eigen::Map<const Eigen::MatrixXd>(v.data, static_cast<Eigen::Index>(v.rows),
                                                 static_cast<Eigen::Index>(v.cols));
    }
    static dtop_value to(const Eigen::MatrixXd& x, detail::Scratch& s) {
        s.numbers.assign(x.data(), x.data() + x.size());
        auto v = detail::blank(kind);
        v.rows = static_cast<uint64_t>(x.rows());
        v.cols = static_cast<uint64_t>(x.cols());
        v.data = s.numbers.data();
        return v;
    }
};

template <>
struct ValueTraits<Eigen::VectorXd> {
    static constexpr dtop_kind kind = DTOP_KIND_REAL_ARRAY;
    static Eigen::VectorXd from(const dtop_value& v) {
        detail::expect_kind(v, kind);
        return Eigen::Map<const Eigen::VectorXd>(v.data, static_cast<Eigen::Index>(v.rows * v.cols));
    }
    static dtop_value to(const Eigen::VectorXd& x, detail::Scratch& s) {
        return ValueTraits<Eigen::MatrixXd>::to(x, s);
    }
};

template <>
struct ValueTraits<std::vector<double>> {
    static constexpr dtop_kind kind = DTOP_KIND_REAL_ARRAY;
    static std::vector<double> from(const dtop_value& v) {
        detail::expect_kind(v, kind);
        return std::vector<double>(v.data, v.data + v.rows * v.cols);
    }
    static dtop_value to(const std::vector<double>& x, detail::Scratch& s) {
        s.numbers = x;
        auto v = detail::blank(kind);
        v.rows = x.size();
        v.cols = 1;
        v.data = s.numbers.data();
        return v;
    }
};

template <>
struct ValueTraits<Eigen::MatrixXcd> {
    static constexpr dtop_kind kind = DTOP_KIND_COMPLEX_ARRAY;
    static Eigen::MatrixXcd from(const dtop_value& v) {
        detail::expect_kind(v, kind);
        return Eigen::Map<const Eigen::MatrixXcd>(reinterpret_cast<const std::complex<double>*>(v.data),
                                                  static_cast<Eigen::Index>(v.rows),
                                                  static_cast<Eigen::Index>(v.cols));
    }
    static dtop_value to(const Eigen::MatrixXcd& x, detail::Scratch& s) {
        // std::complex<double> is layout-compatible with double[2] (C++ [complex.numbers]/4).
        const auto* d = reinterpret_cast<const double*>(x.data());
        s.numbers.assign(d, d + 2 * x.size());
        auto v = detail::blank(kind);
        v.rows = static_cast<uint64_t>(x.rows());
        v.cols = static_cast<uint64_t>(x.cols());
        v.data = s.numbers.data();
        return v;
    }
};

template <>
struct ValueTraits<Eigen::VectorXcd> {
    static constexpr dtop_kind kind = DTOP_KIND_COMPLEX_ARRAY;
    static Eigen::VectorXcd from(const dtop_value& v) {
        Eigen::MatrixXcd m = ValueTraits<Eigen::MatrixXcd>::from(v);
        return Eigen::Map<Eigen::VectorXcd>(m.data(), m.size());
    }
    static dtop_value to(const Eigen::VectorXcd& x, detail::Scratch& s) {
        return ValueTraits<Eigen::MatrixXcd>::to(x, s);
    }
};

template <>
struct ValueTraits<Table> {
    static constexpr dtop_kind kind = DTOP_KIND_TABLE;
    static Table from(const dtop_value& v) {
        detail::expect_kind(v, kind);
        Table t;
        detail::read_labels(v, t.names, t.units);
        t.data = Eigen::Map<const Eigen::MatrixXd>(v.data, static_cast<Eigen::Index>(v.rows),
                                                   static_cast<Eigen::Index>(v.cols));
        return t;
    }
    static dtop_value to(const Table& t, detail::Scratch& s) {
        if (t.names.size() != static_cast<std::size_t>(t.cols()) || t.units.size() != t.names.size())
            throw std::runtime_error("table has " + std::to_string(t.cols()) + " columns but " +
                                     std::to_string(t.names.size()) + " names and " +
                                     std::to_string(t.units.size()) + " units");
        s.numbers.assign(t.data.data(), t.data.data() + t.data.size());
        s.strings.clear();
        for (std::size_t c = 0; c < t.names.size(); ++c) {
            s.strings.push_back(t.names[c]);
            s.strings.push_back(t.units[c]);
        }
        auto v = detail::blank(kind);
        v.rows = static_cast<uint64_t>(t.rows());
        v.cols = static_cast<uint64_t>(t.cols());
        v.data = s.numbers.data();
        detail::write_labels(s, v);
        return v;
    }
};

template <>
struct ValueTraits<Series> {
    static constexpr dtop_kind kind = DTOP_KIND_SERIES;
    static Series from(const dtop_value& v) {
        detail::expect_kind(v, kind);
        if (v.cols < 1) throw std::runtime_error("a series needs at least its abscissa column");
        Series r;
        std::vector<std::string> names, units;
        detail::read_labels(v, names, units);
        r.x_name = names[0];
        r.x_unit = units[0];
        r.names.assign(names.begin() + 1, names.end());
        r.units.assign(units.begin() + 1, units.end());
        const auto n = static_cast<Eigen::Index>(v.rows);
        r.x = Eigen::Map<const Eigen::VectorXd>(v.data, n);
        r.y = Eigen::Map<const Eigen::MatrixXd>(v.data + v.rows, n, static_cast<Eigen::Index>(v.cols - 1));
        return r;
    }
    static dtop_value to(const Series& x, detail::Scratch& s) {
        if (x.y.rows() != x.x.size() || x.names.size() != static_cast<std::size_t>(x.y.cols()) ||
            x.units.size() != x.names.size())
            throw std::runtime_error("series is inconsistent: " + std::to_string(x.x.size()) +
                                     " abscissa samples, " + std::to_string(x.y.rows()) + "x" +
                                     std::to_string(x.y.cols()) + " values, " +
                                     std::to_string(x.names.size()) + " names, " +
                                     std::to_string(x.units.size()) + " units");
        s.numbers.assign(x.x.data(), x.x.data() + x.x.size());
        s.numbers.insert(s.numbers.end(), x.y.data(), x.y.data() + x.y.size());
        s.strings = {x.x_name, x.x_unit};
        for (std::size_t c = 0; c < x.names.size(); ++c) {
            s.strings.push_back(x.names[c]);
            s.strings.push_back(x.units[c]);
        }
        auto v = detail::blank(kind);
        v.rows = static_cast<uint64_t>(x.x.size());
        v.cols = static_cast<uint64_t>(x.y.cols() + 1);
        v.data = s.numbers.data();
        detail::write_labels(s, v);
        return v;
    }
};

}  // namespace dtop
