// Physical units: a recursive-descent parser over the grammar in units.hpp, a table of named units
// and SI prefixes, and the affine conversion between two parsed units.
#include "units.hpp"

#include <cmath>
#include <cstddef>
#include <numbers>
#include <stdexcept>
#include <utility>

namespace dtop::units {
namespace {

// Seven SI base exponents plus a private eighth one for dB, so that a level in dB never converts to
// a plain ratio, yet Unit (which has no room for it) still reports dB as dimensionless.
constexpr std::size_t kBaseDims = 7;
constexpr std::size_t kDecibel = 7;
using Dims = std::array<int, 8>;

constexpr Dims dims(int m, int kg, int s, int A = 0, int K = 0, int mol = 0, int cd = 0, int dB = 0) {
    return {m, kg, s, A, K, mol, cd, dB};
}

// A parsed unit while it is being built; ints rather than int8_t so intermediate sums cannot wrap.
struct Quantity {
    double scale = 1.0;
    double offset = 0.0;
    Dims dim{};
};

struct Named {
    std::string_view name;
    double scale;
    Dims dim;
    bool prefixable;
    double offset = 0.0;
};

constexpr double kDegree = std::numbers::pi / 180.0;
constexpr double kFahrenheit = 5.0 / 9.0;

// Whole names are matched before prefix+name, so the table needs no guard against e.g. "cd" being
// read as centi-day; it only has to say which units accept a prefix at all.
constexpr Named kUnits[] = {
    {"m", 1.0, dims(1, 0, 0), true},
    {"g", 1e-3, dims(0, 1, 0), true},
    {"s", 1.0, dims(0, 0, 1), true},
    {"A", 1.0, dims(0, 0, 0, 1), true},
    {"K", 1.0, dims(0, 0, 0, 0, 1), true},
    {"mol", 1.0, dims(0, 0, 0, 0, 0, 1), true},
    {"cd", 1.0, dims(0, 0, 0, 0, 0, 0, 1), true},
    {"Hz", 1.0, dims(0, 0, -1), true},
    {"N", 1.0, dims(1, 1, -2), true},
    {"Pa", 1.0, dims(-1, 1, -2), true},
    {"J", 1.0, dims(2, 1, -2), true},
    {"W", 1.0, dims(2, 1, -3), true},
    {"C", 1.0, dims(0, 0, 1, 1), true},
    {"V", 1.0, dims(2, 1, -3, -1), true},
    {"Ohm", 1.0, dims(2, 1, -3, -2), true},
    {"ohm", 1.0, dims(2, 1, -3, -2), true},
    {"\xCE\xA9", 1.0, dims(2, 1, -3, -2), true},      // Ω, Greek capital omega
    {"\xE2\x84\xA6", 1.0, dims(2, 1, -3, -2), true},  // Ω, ohm sign
    {"S", 1.0, dims(-2, -1, 3, 2), true},
    {"F", 1.0, dims(-2, -1, 4, 2), true},
    {"H", 1.0, dims(2, 1, -2, -2), true},
    {"T", 1.0, dims(0, 1, -2, -1), true},
    {"Wb", 1.0, dims(2, 1, -2, -1), true},
    {"rad", 1.0, dims(0, 0, 0), true},
    {"sr", 1.0, dims(0, 0, 0), true},
    {"deg", kDegree, dims(0, 0, 0), false},
    {"\xC2\xB0", kDegree, dims(0, 0, 0), false},  // °
    {"min", 60.0, dims(0, 0, 1), false},
    {"h", 3600.0, dims(0, 0, 1), false},
    {"d", 86400.0, dims(0, 0, 1), false},
    {"L", 1e-3, dims(3, 0, 0), true},
    {"l", 1e-3, dims(3, 0, 0), true},
    {"Ah", 3600.0, dims(0, 0, 1, 1), true},
    {"Wh", 3600.0, dims(2, 1, -2), true},
    {"bar", 1e5, dims(-1, 1, -2), true},
    {"degC", 1.0, dims(0, 0, 0, 0, 1), false, 273.15},
    {"\xC2\xB0" "C", 1.0, dims(0, 0, 0, 0, 1), false, 273.15},
    {"degF", kFahrenheit, dims(0, 0, 0, 0, 1), false, 273.15 - 32.0 * kFahrenheit},
    {"\xC2\xB0" "F", kFahrenheit, dims(0, 0, 0, 0, 1), false, 273.15 - 32.0 * kFahrenheit},
    {"%", 0.01, dims(0, 0, 0), false},
    {"dB", 1.0, dims(0, 0, 0, 0, 0, 0, 0, 1), false},
};

struct Prefix {
    std::string_view symbol;
    double factor;
};

// "da" comes first so that the longest prefix is tried before "d".
constexpr Prefix kPrefixes[] = {
    {"da", 1e1},  {"y", 1e-24}, {"z", 1e-21}, {"a", 1e-18}, {"f", 1e-15}, {"p", 1e-12},
    {"n", 1e-9},  {"u", 1e-6},  {"\xC2\xB5", 1e-6},  // µ, micro sign
    {"\xCE\xBC", 1e-6},                             // μ, Greek small mu
    {"m", 1e-3},  {"c", 1e-2},  {"d", 1e-1},  {"h", 1e2},   {"k", 1e3},   {"M", 1e6},
    {"G", 1e9},   {"T", 1e12},  {"P", 1e15},  {"E", 1e18},
};

struct Superscript {
    std::string_view glyph;
    int digit;  // -1 for the minus sign
};

constexpr Superscript kSuperscripts[] = {
    {"\xE2\x81\xB0", 0}, {"\xC2\xB9", 1},      {"\xC2\xB2", 2},      {"\xC2\xB3", 3},
    {"\xE2\x81\xB4", 4}, {"\xE2\x81\xB5", 5},  {"\xE2\x81\xB6", 6},  {"\xE2\x81\xB7", 7},
    {"\xE2\x81\xB8", 8}, {"\xE2\x81\xB9", 9},  {"\xE2\x81\xBB", -1},
};

constexpr std::string_view kMiddleDot = "\xC2\xB7";  // ·
constexpr int kMaxExponent = 99;
constexpr std::string_view kExpectUnit =
    "a unit such as m, kg, s, N, Pa, J, W, V, degC, or one with an SI prefix such as mm or kN";

const Named* find_named(std::string_view name) {
    for (const Named& u : kUnits)
        if (u.name == name) return &u;
    return nullptr;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Length of the UTF-8 sequence a lead byte starts (1 for ASCII and for stray continuation bytes).
std::size_t utf8_length(char c) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0xF0) return 4;
    if (b >= 0xE0) return 3;
    if (b >= 0xC0) return 2;
    return 1;
}

std::string quoted(std::string_view s) {
    std::string q;  // appended piecewise: "\"" + std::string trips GCC 12's false -Wrestrict at -O3
    q.reserve(s.size() + 2);
    q += '"';
    q += s;
    q += '"';
    return q;
}

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    Quantity run() {
        skip_space();
        std::string_view rest = text_.substr(pos_);
        while (!rest.empty() && is_space(rest.back())) rest.remove_suffix(1);
        if (rest.empty() || rest == "-") return {};  // the spellings of "no unit"
        Quantity q = product();
        skip_space();
        if (pos_ < text_.size())
            fail(pos_, "unexpected " + token_at(pos_), "an operator (*, /, ^) or the end of the unit");
        for (std::size_t i = 0; i < kBaseDims; ++i)
            if (q.dim[i] < -127 || q.dim[i] > 127) fail(0, "an exponent out of range", "exponents within +-127");
        if (!std::isfinite(q.scale) || q.scale == 0.0)
            fail(0, "a scale factor out of the range of double", "a unit of reasonable size");
        return q;
    }

private:
    std::string_view text_;
    std::size_t pos_ = 0;

    [[noreturn]] void fail(std::size_t at, const std::string& problem, std::string_view expected) const {
        throw std::invalid_argument("cannot read unit " + quoted(text_) + ": " + problem + " at position " +
                                    std::to_string(at + 1) + "; expected " + std::string(expected));
    }

    std::string token_at(std::size_t at) const {
        if (at >= text_.size()) return "end of text";
        return quoted(text_.substr(at, utf8_length(text_[at])));
    }

    bool at(std::string_view s) const { return text_.substr(pos_).starts_with(s); }
    bool at_digit(std::size_t p) const { return p < text_.size() && is_digit(text_[p]); }

    bool skip_space() {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
        return pos_ != start;
    }

    const Superscript* superscript_here() const {
        for (const Superscript& s : kSuperscripts)
            if (at(s.glyph)) return &s;
        return nullptr;
    }

    // Unit names are letters, '%', and any non-ASCII character except the operator '·' and the
    // superscript exponents, which end a name ("m²", "N·m").
    bool at_name_char() const {
        if (pos_ >= text_.size()) return false;
        const char c = text_[pos_];
        if (is_ascii_letter(c) || c == '%' || c == '_') return true;
        return static_cast<unsigned char>(c) >= 0x80 && !at(kMiddleDot) && superscript_here() == nullptr;
    }

    bool at_factor_start() const { return at_name_char() || at("(") || at_digit(pos_); }

    static void combine(Quantity& q, const Quantity& r, int sign) {
        q.scale = sign > 0 ? q.scale * r.scale : q.scale / r.scale;
        for (std::size_t i = 0; i < q.dim.size(); ++i) q.dim[i] += sign * r.dim[i];
        q.offset = 0.0;  // inside a compound a temperature is a difference
    }

    static void raise(Quantity& q, int n) {
        q.scale = std::pow(q.scale, n);
        for (int& d : q.dim) d *= n;
        if (n != 1) q.offset = 0.0;
    }

    // product := power (('*' | '.' | '·' | '/' | space) power)*
    Quantity product() {
        Quantity q = power();
        bool divided = false;
        for (;;) {
            const std::size_t before = pos_;
            const bool spaced = skip_space();
            int sign = 1;
            if (at("/")) {
                sign = -1;
                ++pos_;
            } else if (at("*") || at(".")) {
                ++pos_;
            } else if (at(kMiddleDot)) {
                pos_ += kMiddleDot.size();
            } else if (spaced && at_factor_start()) {
                // "J/kg K" reads as J*K/kg left to right but is usually meant as J/(kg*K): refuse it.
                if (divided)
                    fail(pos_, "an ambiguous space-separated product after '/'",
                         "explicit grouping such as J/(kg*K) or J/kg/K");
            } else {
                pos_ = before;
                return q;
            }
            combine(q, power(), sign);
            divided = divided || sign < 0;
        }
    }

    // power := factor [('^' | '**') exponent]
    Quantity power() {
        Quantity q = factor();
        const std::size_t before = pos_;
        skip_space();
        if (at("**")) {
            pos_ += 2;
        } else if (at("^")) {
            ++pos_;
        } else {
            pos_ = before;
            return q;
        }
        raise(q, exponent());
        return q;
    }

    // exponent := ['('] ['+' | '-'] digits [')']
    int exponent() {
        skip_space();
        const bool paren = at("(");
        if (paren) {
            ++pos_;
            skip_space();
        }
        const int n = signed_integer();
        if (paren) {
            skip_space();
            if (!at(")")) fail(pos_, "found " + token_at(pos_), "')' to close the exponent");
            ++pos_;
        }
        return n;
    }

    int signed_integer() {
        const std::size_t start = pos_;
        int sign = 1;
        if (at("-") || at("+")) {
            sign = at("-") ? -1 : 1;
            ++pos_;
        }
        if (!at_digit(pos_)) fail(pos_, "found " + token_at(pos_), "an integer exponent");
        int n = 0;
        while (at_digit(pos_)) {
            n = n * 10 + (text_[pos_] - '0');
            if (n > kMaxExponent) fail(start, "an exponent that is too large", "an exponent within +-99");
            ++pos_;
        }
        if (at(".") && at_digit(pos_ + 1)) fail(start, "a fractional exponent", "an integer exponent");
        return sign * n;
    }

    // A bare exponent written right after a name: "m2", "s-1", "m²", "s⁻¹".
    std::optional<int> attached_exponent() {
        if (at_digit(pos_) || ((at("-") || at("+")) && at_digit(pos_ + 1))) return signed_integer();
        const std::size_t start = pos_;
        int sign = 1, n = 0;
        bool any = false;
        while (const Superscript* s = superscript_here()) {
            if (s->digit < 0) {
                if (any || sign < 0) fail(pos_, "a misplaced superscript minus", "superscript digits");
                sign = -1;
            } else {
                n = n * 10 + s->digit;
                any = true;
                if (n > kMaxExponent) fail(start, "an exponent that is too large", "an exponent within +-99");
            }
            pos_ += s->glyph.size();
        }
        if (pos_ == start) return std::nullopt;
        if (!any) fail(pos_, "found " + token_at(pos_), "a superscript digit after the superscript minus");
        return sign * n;
    }

    // factor := name [attached exponent] | '(' product ')' | '1'
    Quantity factor() {
        skip_space();
        const std::size_t start = pos_;
        if (pos_ >= text_.size()) fail(pos_, "the text ends", std::string(kExpectUnit) + ", '(' or '1'");
        if (at("(")) {
            ++pos_;
            Quantity q = product();
            skip_space();
            if (!at(")"))
                fail(pos_, "found " + token_at(pos_),
                     "')' to close the '(' at position " + std::to_string(start + 1));
            ++pos_;
            return q;
        }
        if (at_digit(pos_)) return number();
        if (!at_name_char()) fail(pos_, "unexpected " + token_at(pos_), std::string(kExpectUnit) + ", '(' or '1'");
        while (at_name_char()) pos_ += utf8_length(text_[pos_]);
        Quantity q = lookup(text_.substr(start, pos_ - start), start);
        if (const auto n = attached_exponent()) raise(q, *n);
        return q;
    }

    // Only "1" is accepted: a port's unit is a unit, and "1000 m" would hide a scale in its name.
    Quantity number() {
        const std::size_t start = pos_;
        while (at_digit(pos_)) ++pos_;
        if (at(".") && at_digit(pos_ + 1)) {
            ++pos_;
            while (at_digit(pos_)) ++pos_;
        }
        if ((at("e") || at("E")) &&
            (at_digit(pos_ + 1) || (pos_ + 2 < text_.size() && (text_[pos_ + 1] == '-' || text_[pos_ + 1] == '+') &&
                                    at_digit(pos_ + 2)))) {
            pos_ += 2;
            while (at_digit(pos_)) ++pos_;
        }
        const std::string_view literal = text_.substr(start, pos_ - start);
        if (literal != "1")
            fail(start, "a numeric factor " + quoted(literal),
                 "a unit; numeric factors are not supported, only \"1\" for dimensionless");
        return {};
    }

    Quantity lookup(std::string_view name, std::size_t start) const {
        if (const Named* u = find_named(name)) return {u->scale, u->offset, u->dim};
        for (const Prefix& p : kPrefixes) {
            if (name.size() <= p.symbol.size() || !name.starts_with(p.symbol)) continue;
            const Named* u = find_named(name.substr(p.symbol.size()));
            if (u == nullptr) continue;
            if (!u->prefixable)
                fail(start, "unit " + quoted(name) + " (" + quoted(u->name) + " takes no SI prefix)",
                     kExpectUnit);
            return {p.factor * u->scale, 0.0, u->dim};
        }
        fail(start, "unknown unit " + quoted(name), kExpectUnit);
    }
};

Quantity parse_quantity(std::string_view text) { return Parser(text).run(); }

std::string describe(const Dims& dim) {
    static constexpr std::string_view kSymbols[] = {"m", "kg", "s", "A", "K", "mol", "cd", "dB"};
    std::string out;
    for (std::size_t i = 0; i < dim.size(); ++i) {
        if (dim[i] == 0) continue;
        if (!out.empty()) out += ' ';
        out += kSymbols[i];
        if (dim[i] != 1) {
            out += '^';
            out += std::to_string(dim[i]);
        }
    }
    return out.empty() ? "dimensionless" : out;
}

// Names for the dimensions a port is most likely to carry; several quantities share a dimension,
// so the name is a hint for the reader, never used to decide anything.
std::string_view quantity_name(const Dims& d) {
    struct Entry {
        Dims dim;
        std::string_view name;
    };
    static constexpr Entry kNames[] = {
        {dims(1, 0, 0), "a length"},
        {dims(0, 1, 0), "a mass"},
        {dims(0, 0, 1), "a time"},
        {dims(0, 0, 0, 1), "an electric current"},
        {dims(0, 0, 0, 0, 1), "a temperature"},
        {dims(0, 0, 0, 0, 0, 1), "an amount of substance"},
        {dims(0, 0, 0, 0, 0, 0, 1), "a luminous intensity"},
        {dims(2, 0, 0), "an area"},
        {dims(3, 0, 0), "a volume"},
        {dims(1, 0, -1), "a velocity"},
        {dims(1, 0, -2), "an acceleration"},
        {dims(0, 0, -1), "a frequency or rate"},
        {dims(1, 1, -2), "a force"},
        {dims(-1, 1, -2), "a pressure"},
        {dims(2, 1, -2), "an energy or torque"},
        {dims(2, 1, -3), "a power"},
        {dims(0, 0, 1, 1), "an electric charge"},
        {dims(2, 1, -3, -1), "a voltage"},
        {dims(2, 1, -3, -2), "a resistance"},
        {dims(-2, -1, 3, 2), "a conductance"},
        {dims(-2, -1, 4, 2), "a capacitance"},
        {dims(2, 1, -2, -2), "an inductance"},
        {dims(0, 1, -2, -1), "a magnetic flux density"},
        {dims(2, 1, -2, -1), "a magnetic flux"},
        {dims(-3, 1, 0), "a density"},
        {dims(0, 1, -1), "a mass flow"},
        {dims(3, 0, -1), "a volume flow"},
    };
    for (const Entry& e : kNames)
        if (e.dim == d) return e.name;
    return {};
}

std::string what_it_is(std::string_view text, const Quantity& q) {
    const std::string dim = describe(q.dim);
    if (dim == "dimensionless") return quoted(text) + " is dimensionless";
    if (dim == "dB") return quoted(text) + " is a level in dB";
    const std::string_view name = quantity_name(q.dim);
    if (name.empty()) return quoted(text) + " has dimension " + dim;
    return quoted(text) + " is " + std::string(name) + " (" + dim + ")";
}

}  // namespace

bool Unit::dimensionless() const {
    for (int8_t d : dim)
        if (d != 0) return false;
    return true;
}

bool Conversion::identity() const { return scale == 1.0 && offset == 0.0; }

Unit parse(std::string_view text) {
    const Quantity q = parse_quantity(text);
    Unit u;
    u.scale = q.scale;
    u.offset = q.offset;
    for (std::size_t i = 0; i < kBaseDims; ++i) u.dim[i] = static_cast<int8_t>(q.dim[i]);  // range checked
    return u;
}

std::optional<Conversion> conversion(std::string_view from, std::string_view to) {
    const Quantity f = parse_quantity(from);
    const Quantity t = parse_quantity(to);
    if (f.dim != t.dim) return std::nullopt;
    // SI = f.scale*x + f.offset = t.scale*y + t.offset, solved for y.
    Conversion c;
    c.scale = f.scale / t.scale;
    c.offset = (f.offset - t.offset) / t.scale;
    if (std::abs(c.scale - 1.0) <= 1e-12) c.scale = 1.0;  // "N" vs "kg*m/s^2" differ only by rounding
    return c;
}

std::string describe_dimension(const Unit& u) {
    Dims d{};
    for (std::size_t i = 0; i < kBaseDims; ++i) d[i] = u.dim[i];
    return describe(d);
}

std::string explain_mismatch(std::string_view from, std::string_view to) {
    const Quantity f = parse_quantity(from);
    const Quantity t = parse_quantity(to);
    if (f.dim == t.dim) return quoted(from) + " converts to " + quoted(to);
    std::string out = what_it_is(from, f) + " but " + what_it_is(to, t);
    if ((f.dim[kDecibel] == 0) != (t.dim[kDecibel] == 0))
        out += "; a level in dB is a logarithm and converts only to dB, not to a linear ratio";
    return out;
}

}  // namespace dtop::units
