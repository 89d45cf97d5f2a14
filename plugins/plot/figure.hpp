// One picture as the plot plugin draws it: panels of traces over one abscissa, with axis labels
// (units included) and scales. Built from the inputs by compose(), written out by gnuplot_script().
#pragma once

#include <Eigen/Core>

#include <string>
#include <vector>

namespace dtop::plot {

enum class Style {
    line,     // y over x
    points,   // measured points: markers only
    band,     // the region between y and y2 (an uncertainty band), filled
    nyquist,  // y (imaginary part) over x (real part), with its mirror for negative frequencies dashed
};

struct Trace {
    std::string port;     // the input it comes from, for messages
    std::string title;    // legend entry
    Style style = Style::line;
    std::size_t panel = 0;
    std::size_t colour = 0;  // index into the palette
    Eigen::VectorXd x, y;
    Eigen::VectorXd y2;      // band: the upper bound (y is the lower)
};

struct Axis {
    std::string label;              // with the unit, e.g. "f (Hz)"
    bool log = false;
    std::vector<double> range;      // empty: automatic; else {low, high}
};

struct Panel {
    std::string title;  // empty when there is one panel
    Axis y;
};

struct Figure {
    std::string title;
    Axis x;
    std::vector<Panel> panels{1};
    std::vector<Trace> traces;
    bool nyquist = false;  // equal scales, axes through 0, the critical point -1 marked
    int width = 1000, height = 600;  // pixels
};

}  // namespace dtop::plot
