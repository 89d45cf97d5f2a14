// test-series: a batch series made to order for the plot and report tests: any number of samples
// and channels, an abscissa name and unit, and a NaN or an infinity planted at a chosen sample.
// Channels named "lower" and "upper" bracket the others (an uncertainty band).
#include <dtop/plugin.hpp>

#include <cmath>
#include <sstream>

struct SeriesSource : dtop::Node {
    int64_t samples = 100;
    double x_start = 0, x_step = 0.01;
    std::string x_name = "t", x_unit = "s";
    std::string channels = "y";  // comma-separated names; empty: no channel at all
    std::string unit = "m";
    int64_t bad_at = -1;          // sample index of a bad value in the first channel
    std::string bad_value = "nan";

    dtop::Out<dtop::Series> series;

    static void describe(dtop::Spec<SeriesSource>& s) {
        s.name("test-series").version("0.0.1").summary("A series made to order (tests)");
        s.param("samples", &SeriesSource::samples).min(0).doc("number of samples");
        s.param("x_start", &SeriesSource::x_start).doc("first abscissa value");
        s.param("x_step", &SeriesSource::x_step).doc("abscissa step");
        s.param("x_name", &SeriesSource::x_name).doc("abscissa name");
        s.param("x_unit", &SeriesSource::x_unit).doc("abscissa unit");
        s.param("channels", &SeriesSource::channels).doc("channel names, comma-separated");
        s.param("unit", &SeriesSource::unit).doc("unit of every channel");
        s.param("bad_at", &SeriesSource::bad_at).doc("sample of the first channel set to bad_value (-1: none)");
        s.param("bad_value", &SeriesSource::bad_value).choices("nan|inf").doc("what is planted");
        s.output("series", &SeriesSource::series).unit("*").doc("the series");
    }

    void run() override {
        dtop::Series out;
        out.x_name = x_name;
        out.x_unit = x_unit;
        out.x = Eigen::VectorXd::LinSpaced(samples, x_start, x_start + x_step * static_cast<double>(samples - 1));
        if (samples == 1) out.x[0] = x_start;
        out.y.resize(samples, 0);  // consistent even with no channel at all
        const Eigen::VectorXd base = 2.0 + out.x.array().sin();  // positive: log axes work
        std::stringstream list(channels);
        int k = 0;
        for (std::string name; std::getline(list, name, ',');) {
            name.erase(0, name.find_first_not_of(' '));
            name.erase(name.find_last_not_of(' ') + 1);
            if (name.empty()) continue;
            Eigen::VectorXd v = name == "lower" ? Eigen::VectorXd(base.array() - 0.3)
                              : name == "upper" ? Eigen::VectorXd(base.array() + 0.3)
                                                : Eigen::VectorXd(base.array() + 0.1 * k++);
            if (out.names.empty() && bad_at >= 0 && bad_at < samples) v[bad_at] = bad_value == "nan" ? NAN : HUGE_VAL;
            out.add(name, unit, v);
        }
        series = out;
    }
};

DTOP_PLUGIN(SeriesSource)
