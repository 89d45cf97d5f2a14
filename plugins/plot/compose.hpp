// From the plot node's inputs and parameters to one Figure: which channels become which traces, the
// window of the abscissa, the band and Nyquist wiring, the axis labels with their units, and every
// check that makes a picture trustworthy (bad series, log scales over non-positive values, inputs
// that do not share an abscissa). Every error names the input port.
#pragma once

#include "figure.hpp"

#include <dtop/values.hpp>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace dtop::plot {

struct Request {
    std::string kind = "line";       // how input a is drawn: line, scatter, band, nyquist
    std::string overlay = "line";    // how inputs b, c, d are drawn: line, scatter
    std::string title, x_label, y_label;  // labels: quantity names; units are added from the series
    std::vector<std::string> legend;      // names of inputs a, b, c, d in order (may be shorter)
    std::vector<std::string> channels;    // channels drawn; empty: all
    bool x_log = false, y_log = false, panels = false;
    double x_min = -HUGE_VAL, x_max = HUGE_VAL;  // window of the abscissa
    std::vector<double> x_range, y_range;        // axis ranges; empty: automatic
    std::string lower, upper;                    // band bounds: "name" (of input a) or "b.name"
    std::string re = "re", im = "im";            // Nyquist: the channels of the real and imaginary parts
    int width = 1000, height = 600;
};

struct Input {
    std::string port;  // "a" .. "d"
    const dtop::Series* series = nullptr;
};

// The input ports, in order; legend entries and references name them.
inline const std::vector<std::string>& input_ports() {
    static const std::vector<std::string> ports{"a", "b", "c", "d"};
    return ports;
}

// "b.lower" -> {"b", "lower"}; "lower" -> {"a", "lower"} (a channel of input a).
std::pair<std::string, std::string> split_reference(const std::string& text);

// Comma-separated list, each item trimmed; empty items dropped.
std::vector<std::string> split_list(const std::string& text);

Figure compose(const Request& request, const std::vector<Input>& inputs);

}  // namespace dtop::plot
