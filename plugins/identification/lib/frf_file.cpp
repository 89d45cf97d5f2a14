#include "frf_file.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <vector>

namespace dtop::identification {

FrfFileError::FrfFileError(const std::filesystem::path& file, long line, long column, const std::string& message)
    : std::runtime_error(file.string() + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message) {}

namespace {

struct UnitEntry {
    Quantity q;
    const char* name;
    double factor;
};

const UnitEntry kUnits[] = {
    {Quantity::receptance, "m/N", 1.0},           {Quantity::receptance, "mm/N", 1e-3},        {Quantity::receptance, "um/N", 1e-6},
    {Quantity::mobility, "(m/s)/N", 1.0},         {Quantity::mobility, "m/s/N", 1.0},          {Quantity::mobility, "(mm/s)/N", 1e-3},
    {Quantity::mobility, "mm/s/N", 1e-3},         {Quantity::accelerance, "(m/s^2)/N", 1.0},   {Quantity::accelerance, "m/s^2/N", 1.0},
    {Quantity::accelerance, "g/N", 9.80665},
};

bool parse_double(const char* b, const char* e, double& out) {
    while (b < e && *b == ' ') ++b;
    while (e > b && e[-1] == ' ') --e;
    if (b < e && *b == '+') ++b;
    const auto r = std::from_chars(b, e, out);
    return r.ec == std::errc() && r.ptr == e;
}

}  // namespace

const char* quantity_name(Quantity q) {
    return q == Quantity::receptance ? "receptance" : q == Quantity::mobility ? "mobility" : "accelerance";
}

const char* si_unit(Quantity q) { return q == Quantity::receptance ? "m/N" : q == Quantity::mobility ? "(m/s)/N" : "(m/s^2)/N"; }

Quantity quantity_from_name(const std::string& name) {
    if (name == "receptance") return Quantity::receptance;
    if (name == "mobility") return Quantity::mobility;
    if (name == "accelerance") return Quantity::accelerance;
    throw std::invalid_argument("the quantity is receptance, mobility or accelerance, not '" + name + "'");
}

double unit_factor(Quantity q, const std::string& unit) {
    std::string accepted;
    for (const UnitEntry& u : kUnits) {
        if (u.q != q) continue;
        if (unit == u.name) return u.factor;
        accepted += (accepted.empty() ? "" : ", ") + std::string(u.name);
    }
    throw std::invalid_argument("'" + unit + "' is not a unit of " + quantity_name(q) + " (accepted: " + accepted + ")");
}

bool parse_complex(const char* b, const char* e, std::complex<double>& out) {
    while (b < e && *b == ' ') ++b;
    while (e > b && (e[-1] == ' ' || e[-1] == '\r')) --e;
    if (e - b >= 2 && *b == '(' && e[-1] == ')') ++b, --e;
    if (b == e) return false;
    if (e[-1] != 'j' && e[-1] != 'J') {
        double re = 0;
        if (!parse_double(b, e, re)) return false;
        out = {re, 0.0};
        return true;
    }
    // The sign that starts the imaginary part: the last + or - not at the start and not an exponent's.
    const char* split = nullptr;
    for (const char* p = e - 2; p > b; --p)
        if ((*p == '+' || *p == '-') && p[-1] != 'e' && p[-1] != 'E') {
            split = p;
            break;
        }
    double re = 0, im = 0;
    if (split == nullptr) {  // "bj"
        if (e - 1 == b) im = 1;
        else if (!parse_double(b, e - 1, im)) return false;
        out = {0.0, im};
        return true;
    }
    if (!parse_double(b, split, re)) return false;
    if (e - 1 == split + 1) im = *split == '-' ? -1 : 1;  // "a+j"
    else if (!parse_double(*split == '+' ? split + 1 : split, e - 1, im)) return false;
    out = {re, im};
    return true;
}

MeasuredFrf read_frf_file(const std::filesystem::path& file, const FrfFileOptions& o) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw FrfFileError(file, 0, 0, "cannot be read");
    const double scale = unit_factor(o.quantity, o.unit);
    std::vector<double> freq;
    std::vector<std::complex<double>> values;
    long outputs = -1, line_no = 0;
    std::string line;
    while (std::getline(in, line)) {
        ++line_no;
        if (line_no <= o.header_lines) continue;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        // fields and their 1-based start columns
        std::vector<std::pair<std::size_t, std::size_t>> fields;
        std::size_t start = 0;
        for (;;) {
            const std::size_t end = line.find(o.separator, start);
            fields.emplace_back(start, end == std::string::npos ? line.size() : end);
            if (end == std::string::npos) break;
            start = end + 1;
        }
        const auto field = [&](std::size_t i) { return std::pair<const char*, const char*>(line.data() + fields[i].first, line.data() + fields[i].second); };
        const long per_output = o.format == ComplexFormat::pairs ? 2 : 1;
        const long count = (static_cast<long>(fields.size()) - 1) / per_output;
        if (fields.size() < 2 || (static_cast<long>(fields.size()) - 1) % per_output != 0)
            throw FrfFileError(file, line_no, 1,
                               "expected the frequency and " + std::string(o.format == ComplexFormat::pairs ? "pairs of real and imaginary parts"
                                                                                                           : "complex values") +
                                   " separated by '" + std::string(1, o.separator) + "', found " + std::to_string(fields.size()) + " field(s)");
        if (outputs < 0) outputs = count;
        if (count != outputs)
            throw FrfFileError(file, line_no, 1, "expected " + std::to_string(outputs) + " outputs as on the first data line, found " + std::to_string(count));
        std::complex<double> fz;
        auto [fb, fe] = field(0);
        if (!parse_complex(fb, fe, fz) || fz.imag() != 0 || !std::isfinite(fz.real()))
            throw FrfFileError(file, line_no, 1, "expected a real frequency in Hz, found '" + std::string(fb, fe) + "'");
        if (!freq.empty() && !(fz.real() > freq.back()))
            throw FrfFileError(file, line_no, 1, "frequencies must increase (" + std::to_string(fz.real()) + " Hz after " + std::to_string(freq.back()) + ")");
        freq.push_back(fz.real());
        for (long c = 0; c < count; ++c) {
            std::complex<double> v;
            const std::size_t i = 1 + static_cast<std::size_t>(c * per_output);
            auto [b, e] = field(i);
            bool ok;
            if (o.format == ComplexFormat::pairs) {
                double re = 0, im = 0;
                auto [b2, e2] = field(i + 1);
                ok = parse_double(b, e, re);
                if (ok && !parse_double(b2, e2, im))
                    throw FrfFileError(file, line_no, static_cast<long>(fields[i + 1].first) + 1,
                                       "expected the imaginary part as a number, found '" + std::string(b2, e2) + "'");
                v = {re, im};
            } else {
                ok = parse_complex(b, e, v);
            }
            if (!ok || !std::isfinite(v.real()) || !std::isfinite(v.imag()))
                throw FrfFileError(file, line_no, static_cast<long>(fields[i].first) + 1,
                                   std::string("expected ") + (o.format == ComplexFormat::pairs ? "a real part as a number" : "a complex number such as -0.05+0.02j") +
                                       ", found '" + std::string(b, e) + "'");
            values.push_back(v * scale);
        }
    }
    if (freq.size() < 2) throw FrfFileError(file, line_no, 0, "fewer than two frequency lines");
    MeasuredFrf out;
    out.quantity = o.quantity;
    out.f_hz = Eigen::Map<const Eigen::VectorXd>(freq.data(), static_cast<Eigen::Index>(freq.size()));
    out.H = Eigen::Map<const Eigen::Matrix<std::complex<double>, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        values.data(), static_cast<Eigen::Index>(freq.size()), outputs);
    return out;
}

Eigen::MatrixXcd convert(const Eigen::VectorXd& f, const Eigen::MatrixXcd& H, Quantity from, Quantity to) {
    const int power = static_cast<int>(to) - static_cast<int>(from);
    Eigen::MatrixXcd out = H;
    for (Eigen::Index k = 0; k < f.size(); ++k) {
        const std::complex<double> jw(0.0, 2 * M_PI * f[k]);
        out.row(k) *= std::pow(jw, power);
    }
    return out;
}

}  // namespace dtop::identification
