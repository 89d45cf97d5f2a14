#include "gnuplot_script.hpp"

#include <algorithm>
#include <charconv>

namespace dtop::plot {

namespace {

void number(std::string& s, double x) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    s.append(buf, r.ptr);
}

std::string block(std::size_t k) { return "$d" + std::to_string(k); }

void datablock(std::string& s, std::size_t k, const Trace& t) {
    s += block(k) + " << EOD\n";
    for (Eigen::Index r = 0; r < t.x.size(); ++r) {
        number(s, t.x[r]);
        s += ' ';
        number(s, t.y[r]);
        if (t.style == Style::band) {
            s += ' ';
            number(s, t.y2[r]);
        }
        s += '\n';
    }
    s += "EOD\n";
}

void axis(std::string& s, const char* name, const Axis& a) {
    s += std::string("set ") + name + "label " + gnuplot_quote(a.label) + "\n";
    s += std::string(a.log ? "set" : "unset") + " logscale " + name + "\n";
    if (a.range.size() == 2) {
        s += std::string("set ") + name + "range [";
        number(s, a.range[0]);
        s += ':';
        number(s, a.range[1]);
        s += "]\n";
    } else {
        s += std::string("set ") + name + "range [*:*]\n";
    }
}

// The plot elements of one trace (a Nyquist curve brings its mirror image, dashed, unnamed).
std::string element(std::size_t k, const Trace& t) {
    const std::string colour = std::string(" lc rgb '") + palette(t.colour) + "'";
    const std::string title = " title " + gnuplot_quote(t.title);
    switch (t.style) {
    case Style::line: return block(k) + " using 1:2 with lines lw 1.5" + colour + title;
    case Style::points: return block(k) + " using 1:2 with points pt 7 ps 0.6" + colour + title;
    case Style::band: return block(k) + " using 1:2:3 with filledcurves fs transparent solid 0.25 noborder" + colour + title;
    case Style::nyquist:
        return block(k) + " using 1:2 with lines lw 1.5" + colour + title + ", \\\n     " + block(k) +
               " using 1:(-$2) with lines lw 1 dt 2" + colour + " notitle";
    }
    return {};
}

}  // namespace

const char* palette(std::size_t k) {
    static const char* const colours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"};
    return colours[k % (sizeof colours / sizeof colours[0])];
}

std::string gnuplot_quote(const std::string& text) {
    std::string q = "'";
    for (char c : text) q += c == '\'' ? std::string("''") : c == '\n' || c == '\r' ? std::string(" ") : std::string(1, c);
    return q + "'";
}

std::string gnuplot_script(const Figure& f, const std::string& png_name) {
    std::string s = "# Drawn by dtop's plot plugin: `gnuplot " + png_name.substr(0, png_name.size() - 4) +
                    ".gp` in this folder draws " + png_name + " again.\n";
    s += "set terminal pngcairo noenhanced size " + std::to_string(f.width) + "," + std::to_string(f.height) + " font ',10'\n";
    s += "set output " + gnuplot_quote(png_name) + "\n";
    for (std::size_t k = 0; k < f.traces.size(); ++k) datablock(s, k, f.traces[k]);
    // The legend beside the picture, or under it when long names would squeeze the picture.
    std::size_t longest = 0;
    for (const auto& t : f.traces) longest = std::max(longest, t.title.size());
    s += std::string("set grid\nset lmargin 12\nset key ") + (longest > 24 ? "below height 1\n" : "outside right top\n");
    axis(s, "x", f.x);
    if (f.nyquist) {
        // Equal scales, so the distance to the critical point -1 reads true.
        s += "set size ratio -1\nset xzeroaxis\nset yzeroaxis\n$critical << EOD\n-1 0\nEOD\n";
        // A margin around the curves, so the critical point is never on the frame.
        s += "set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05\n";
    }
    const bool several = f.panels.size() > 1;
    if (several) s += "set multiplot layout " + std::to_string(f.panels.size()) + ",1 title " + gnuplot_quote(f.title) + "\n";
    else s += "set title " + gnuplot_quote(f.title) + "\n";
    for (std::size_t p = 0; p < f.panels.size(); ++p) {
        const Panel& panel = f.panels[p];
        if (several) {
            s += "set title " + gnuplot_quote(panel.title) + "\n";
            // The abscissa's label under the bottom panel only. Every panel keeps its legend: the
            // legends take the same width, so the panels' abscissae line up.
            if (p + 1 < f.panels.size()) s += "unset xlabel\n";
            else s += "set xlabel " + gnuplot_quote(f.x.label) + "\n";
        }
        axis(s, "y", panel.y);
        std::string plot;
        for (std::size_t k = 0; k < f.traces.size(); ++k) {
            if (f.traces[k].panel != p) continue;
            plot += (plot.empty() ? "plot " : ", \\\n     ") + element(k, f.traces[k]);
        }
        if (f.nyquist) plot += ", \\\n     $critical using 1:2 with points pt 1 ps 3 lw 2 lc rgb '#D00000' title '-1 (critical point)'";
        s += plot + "\n";
    }
    if (several) s += "unset multiplot\n";
    return s;
}

}  // namespace dtop::plot
