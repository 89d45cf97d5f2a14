// plot: a sink that draws its input series into a PNG picture, rendered headless by gnuplot
// (pngcairo): lines, measured points, an uncertainty band, log axes, or a Nyquist plot with the
// critical point -1. Up to four series overlaid (inputs a..d), or stacked in one panel per channel.
// Bad series are refused with the input named; a missing gnuplot is reported when the node is
// configured (`dtop validate` says so), not when the picture is due.
#include "compose.hpp"
#include "gnuplot_script.hpp"
#include "render.hpp"

#include <dtop_support/gnuplot.hpp>

#include <dtop/plugin.hpp>

#include <nlohmann/json.hpp>

#include <cmath>

using namespace dtop::plot;

struct Plot : dtop::Node {
    std::string kind = "line", overlay = "line";
    std::string file = "plot";
    std::string title, legend, channels, x_label, y_label;
    bool x_log = false, y_log = false, panels = false;
    double x_min = -HUGE_VAL, x_max = HUGE_VAL;
    std::vector<double> x_range, y_range;
    std::string lower, upper, re = "re", im = "im";
    int64_t width = 1000, height = 600;
    double time_limit = 30;

    dtop::In<dtop::Series> a, b, c, d;
    dtop::Out<dtop::Json> picture;

    static void describe(dtop::Spec<Plot>& s) {
        s.name("plot").version("1.0.0").summary("Series into a PNG picture (gnuplot): lines, points, bands, log axes, Nyquist");
        s.doc("Draws input a, and inputs b, c, d over it, into <results>/<node>/<file>.png, with gnuplot (pngcairo, "
              "headless). The script, with the data in it, is kept beside the picture as <file>.gp: `gnuplot <file>.gp` "
              "draws it again. Axis labels carry the series' units (a series in dB is labelled dB). kind: line; scatter "
              "(measured points); band (input a's channels `lower` and `upper` filled between, its other channels as "
              "lines; a bound may also be a channel of another input on input a's abscissa, written b.name); nyquist "
              "(channel `im` over channel `re` of every input, equal scales, the mirror image for negative frequencies "
              "dashed, the critical point -1 marked). A stepped output wired into an input is recorded by dtop first. "
              "Refused, with the input named: a series without channels or samples, mismatched lengths, NaN or "
              "infinite values among the samples drawn, non-positive values on a log axis.");
        s.param("kind", &Plot::kind).choices("line|scatter|band|nyquist").doc("how input a is drawn (nyquist: the whole picture)");
        s.param("overlay", &Plot::overlay).choices("line|scatter").doc("how inputs b, c, d are drawn");
        s.param("file", &Plot::file).doc("picture name: <file>.png in the node's results folder (letters, digits, - _ .)");
        s.param("title", &Plot::title).doc("title above the picture");
        s.param("legend", &Plot::legend).doc("names of inputs a, b, c, d in the legend, comma-separated (\"measured, simulated\")");
        s.param("channels", &Plot::channels).doc("channels to draw, comma-separated (default: every channel)");
        s.param("x_label", &Plot::x_label).doc("abscissa label (default: the series' abscissa name); the unit is added");
        s.param("y_label", &Plot::y_label).doc("ordinate label (default: the channel's name if there is one); the unit is added");
        s.param("x_log", &Plot::x_log).doc("logarithmic abscissa");
        s.param("y_log", &Plot::y_log).doc("logarithmic ordinate (values in dB are already logarithmic: leave it off)");
        s.param("panels", &Plot::panels).doc("one panel per channel, stacked, the inputs overlaid in each");
        s.param("x_min", &Plot::x_min).doc("draw only samples whose abscissa is at least this (in the series' unit)");
        s.param("x_max", &Plot::x_max).doc("... and at most this (a time window keeps a long recording readable)");
        s.param("x_range", &Plot::x_range).doc("[low, high] of the horizontal axis (default: automatic)");
        s.param("y_range", &Plot::y_range).doc("[low, high] of the vertical axis (default: automatic)");
        s.param("lower", &Plot::lower).doc("band: the lower bound's channel (of input a, or b.name of input b)");
        s.param("upper", &Plot::upper).doc("band: the upper bound's channel (of input a, or b.name of input b)");
        s.param("re", &Plot::re).doc("nyquist: the channel holding the real part");
        s.param("im", &Plot::im).doc("nyquist: the channel holding the imaginary part");
        s.param("width", &Plot::width).range(200, 8000).doc("picture width in pixels");
        s.param("height", &Plot::height).range(150, 8000).doc("picture height in pixels");
        s.param("time_limit", &Plot::time_limit).unit("s").positive().doc("gnuplot is ended after this");
        s.input("a", &Plot::a).unit("*").doc("a series: x and one or more channels");
        for (auto [name, member] : {std::pair{"b", &Plot::b}, {"c", &Plot::c}, {"d", &Plot::d}})
            s.input(name, member).unit("*").optional().doc("a series drawn over input a (same abscissa unit)");
        s.output("picture", &Plot::picture).doc("the picture: file (relative to the results), size, traces, points drawn");
    }

    std::filesystem::path gnuplot;
    Request request;

    bool connected(const std::string& port) const {
        return port == "a" ? a.is_connected() : port == "b" ? b.is_connected() : port == "c" ? c.is_connected() : d.is_connected();
    }

    static void check_range(const char* param, const std::vector<double>& range, bool log) {
        if (range.empty()) return;
        if (range.size() != 2 || !(range[0] < range[1])) throw dtop::ParamError(param, "expected [low, high] with low < high");
        if (log && range[0] <= 0) throw dtop::ParamError(param, "a logarithmic axis needs a positive range");
    }

    void configure() override {
        if (file.size() > 4 && file.compare(file.size() - 4, 4, ".png") == 0) file.resize(file.size() - 4);
        if (file.empty() || file[0] == '.' || file.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") !=
                                                  std::string::npos)
            throw dtop::ParamError("file", "expected a plain name such as energy (letters, digits, - _ .), not '" + file + "'");
        if (!(x_min < x_max)) throw dtop::ParamError("x_max", "must be above x_min");
        const bool nyquist = kind == "nyquist";
        check_range("x_range", x_range, x_log && !nyquist);
        check_range("y_range", y_range, y_log && !nyquist);
        if (nyquist && (x_log || y_log)) throw dtop::ParamError(x_log ? "x_log" : "y_log", "a Nyquist plot has linear axes");
        if (panels && (nyquist || kind == "band")) throw dtop::ParamError("panels", "panels are for kinds line and scatter");
        if (kind == "band") {
            for (auto [param, value] : {std::pair{"lower", &lower}, {"upper", &upper}}) {
                if (value->empty()) throw dtop::ParamError(param, "kind band needs the channels of both bounds (lower and upper)");
                const std::string port = split_reference(*value).first;
                if (!connected(port)) throw dtop::ParamError(param, "input '" + port + "' is not connected");
            }
        }
        if (split_list(legend).size() > 4) throw dtop::ParamError("legend", "at most four names: one for each input a, b, c, d");
        // Where gnuplot is, once per node: `dtop validate` reports a missing one before anything runs.
        const auto found = dtop::support::find_gnuplot();
        if (!found) throw std::runtime_error(dtop::support::kGnuplotMissing);
        gnuplot = *found;
        request = Request{kind, overlay, title, x_label, y_label, split_list(legend), split_list(channels), x_log, y_log, panels,
                          x_min, x_max, x_range, y_range, lower, upper, re, im, static_cast<int>(width), static_cast<int>(height)};
    }

    void run() override {
        std::vector<Input> inputs;
        for (auto [name, port] : {std::pair{"a", &a}, {"b", &b}, {"c", &c}, {"d", &d}})
            if (port->is_connected()) inputs.push_back({name, &port->get()});
        const Figure figure = compose(request, inputs);
        const auto dir = output_dir();
        const Rendered r = render(gnuplot, dir, file, gnuplot_script(figure, file + ".png"), time_limit,
                                  PngSize{static_cast<std::uint32_t>(width), static_cast<std::uint32_t>(height)});
        for (const auto& m : r.messages) warn("gnuplot: " + m);
        std::size_t points = 0;
        for (const auto& t : figure.traces) points += static_cast<std::size_t>(t.x.size());
        const std::string folder = dir.filename().string();
        picture = dtop::Json{nlohmann::json{{"file", folder + "/" + r.png.filename().string()},
                                            {"script", folder + "/" + r.script.filename().string()},
                                            {"width", r.size.width},
                                            {"height", r.size.height},
                                            {"bytes", r.bytes},
                                            {"traces", figure.traces.size()},
                                            {"points", points},
                                            {"seconds", r.seconds}}
                                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
        log("drew " + folder + "/" + r.png.filename().string() + " (" + std::to_string(figure.traces.size()) + " traces, " +
            std::to_string(points) + " points)");
    }
};

DTOP_PLUGIN(Plot)
