// frf-file: a measured FRF from delimited text (lib/frf_file.hpp): the frequency, then one complex
// value per floor. Outputs the FRF as a series (re/im pairs, SI) for modal-extraction and model-update,
// and its magnitude and phase for plots.
#include "frf_file.hpp"
#include "frf_series.hpp"

using namespace dtop::identification;

struct FrfFilePlugin : dtop::Node {
    dtop::Path file;
    std::string separator = ";";
    std::string format = "python";
    std::string quantity = "accelerance";
    std::string unit = "(m/s^2)/N";
    int64_t header_lines = 0;
    std::string names = "";

    dtop::Out<dtop::Series> frf, bode;

    static void describe(dtop::Spec<FrfFilePlugin>& s) {
        s.name("frf-file").version("1.0.0").summary("Read a measured frequency response function (delimited text, complex values)");
        s.doc("One line per frequency: the frequency (Hz), then one complex value per output, written as Python does "
              "(0.5-0.1j, optionally in parentheses) or as two columns (real, imaginary). The quantity and its unit are "
              "stated here and converted to SI; e.g. the rig's file (physics.md section 9) is accelerance in (m/s^2)/N.");
        s.param("file", &FrfFilePlugin::file).must_exist().doc("the FRF file");
        s.param("separator", &FrfFilePlugin::separator).choices(";|,|tab|space").doc("field separator");
        s.param("format", &FrfFilePlugin::format).choices("python|pairs").doc("complex values: python (a+bj) or pairs of columns");
        s.param("quantity", &FrfFilePlugin::quantity).choices("receptance|mobility|accelerance").doc("what the values are");
        s.param("unit", &FrfFilePlugin::unit).doc("unit of the values: m/N, mm/N, um/N; (m/s)/N, (mm/s)/N; (m/s^2)/N, g/N");
        s.param("header_lines", &FrfFilePlugin::header_lines).min(0).max(1000).doc("lines to skip before the data");
        s.param("names", &FrfFilePlugin::names).doc("output names, comma-separated (default floor1, floor2, ...)");
        s.output("frf", &FrfFilePlugin::frf).unit("*").doc("f (Hz) -> '<name> re', '<name> im' in SI units");
        s.output("bode", &FrfFilePlugin::bode).unit("*").doc("f (Hz) -> magnitude (dB re 1 SI unit) and phase (deg) per output");
    }

    FrfFileOptions options() const {
        FrfFileOptions o;
        o.separator = separator == "tab" ? '\t' : separator == "space" ? ' ' : separator[0];
        o.format = format == "pairs" ? ComplexFormat::pairs : ComplexFormat::python;
        o.quantity = quantity_from_name(quantity);
        o.unit = unit;
        o.header_lines = static_cast<int>(header_lines);
        return o;
    }

    void configure() override {
        try {
            unit_factor(quantity_from_name(quantity), unit);
        } catch (const std::invalid_argument& e) {
            throw dtop::ParamError("unit", e.what());
        }
    }

    void run() override {
        const MeasuredFrf m = read_frf_file(file.str(), options());
        std::vector<std::string> n;
        std::string rest = names;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            std::string item = rest.substr(0, comma);
            item.erase(0, item.find_first_not_of(' '));
            item.erase(item.find_last_not_of(' ') + 1);
            n.push_back(item);
            rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
        }
        if (!n.empty() && static_cast<Eigen::Index>(n.size()) != m.H.cols())
            throw dtop::ParamError("names", std::to_string(n.size()) + " names for " + std::to_string(m.H.cols()) + " outputs in the file");
        for (Eigen::Index c = static_cast<Eigen::Index>(n.size()); c < m.H.cols(); ++c) n.push_back("floor" + std::to_string(c + 1));
        frf = frf_to_series(m.f_hz, m.H, m.quantity, n);
        bode = bode_series(m.f_hz, m.H, n, "");
        log(std::to_string(m.f_hz.size()) + " lines, " + std::to_string(m.H.cols()) + " outputs, " + quantity + " in " + si_unit(m.quantity));
    }
};

DTOP_PLUGIN(FrfFilePlugin)
