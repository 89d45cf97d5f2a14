#include "frf_file.hpp"

#include <dtop_support/fields.hpp>
#include <dtop_support/line_reader.hpp>

#include <cmath>
#include <vector>

namespace dtop::identification {

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
    const auto v = dtop::support::parse_number(std::string_view(b, static_cast<std::size_t>(e - b)));
    if (!v) return false;
    out = *v;
    return true;
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
    const double scale = unit_factor(o.quantity, o.unit);
    dtop::support::LineReader lines(file);
    std::vector<double> freq;
    std::vector<std::complex<double>> values;
    long outputs = -1;
    const long per_output = o.format == ComplexFormat::pairs ? 2 : 1;
    const std::string what = o.format == ComplexFormat::pairs ? "pairs of real and imaginary parts" : "complex values";
    std::string_view line;
    while (lines.next(line)) {
        const long n = lines.line();
        if (n <= o.header_lines || line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        const std::vector<dtop::support::Field> fields = dtop::support::split_fields(line, o.separator);
        const auto count = (static_cast<long>(fields.size()) - 1) / per_output;
        if (fields.size() < 2 || (static_cast<long>(fields.size()) - 1) % per_output != 0)
            throw FrfFileError(file, n, 1, "expected the frequency and " + what + " separated by '" + std::string(1, o.separator) + "', found " +
                                               std::to_string(fields.size()) + " field(s)");
        if (outputs < 0) outputs = count;
        if (count != outputs)
            throw FrfFileError(file, n, 1, "expected " + std::to_string(outputs) + " outputs as on the first data line, found " + std::to_string(count));
        auto text = [](const dtop::support::Field& f) { return std::pair<const char*, const char*>(f.text.data(), f.text.data() + f.text.size()); };
        std::complex<double> fz;
        auto [fb, fe] = text(fields[0]);
        if (!parse_complex(fb, fe, fz) || fz.imag() != 0 || !std::isfinite(fz.real()))
            throw FrfFileError(file, n, fields[0].column, "expected a real frequency in Hz, found '" + std::string(fields[0].text) + "'");
        if (!freq.empty() && !(fz.real() > freq.back()))
            throw FrfFileError(file, n, fields[0].column,
                               "frequencies must increase (" + std::to_string(fz.real()) + " Hz after " + std::to_string(freq.back()) + ")");
        freq.push_back(fz.real());
        for (long c = 0; c < count; ++c) {
            const std::size_t i = 1 + static_cast<std::size_t>(c * per_output);
            std::complex<double> v;
            auto [b, e] = text(fields[i]);
            bool ok;
            if (o.format == ComplexFormat::pairs) {
                double re = 0, im = 0;
                auto [b2, e2] = text(fields[i + 1]);
                ok = parse_double(b, e, re);
                if (ok && (!parse_double(b2, e2, im) || !std::isfinite(im)))
                    throw FrfFileError(file, n, fields[i + 1].column, "expected the imaginary part as a number, found '" + std::string(fields[i + 1].text) + "'");
                v = {re, im};
            } else {
                ok = parse_complex(b, e, v);
            }
            if (!ok || !std::isfinite(v.real()) || !std::isfinite(v.imag()))
                throw FrfFileError(file, n, fields[i].column,
                                   std::string("expected ") + (o.format == ComplexFormat::pairs ? "a real part as a number" : "a complex number such as -0.05+0.02j") +
                                       ", found '" + std::string(fields[i].text) + "'");
            values.push_back(v * scale);
        }
    }
    if (freq.size() < 2) throw FrfFileError(file, lines.line(), 0, "fewer than two frequency lines");
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
