#include "compose.hpp"

#include "input_check.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace dtop::plot {

namespace {

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string with_unit(const std::string& name, const std::string& unit) {
    if (unit.empty()) return name;
    return name.empty() ? unit : name + " (" + unit + ")";
}

std::string join(const std::vector<std::string>& items) {
    std::string s;
    for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
    return s;
}

void add_unique(std::vector<std::string>& list, const std::string& item) {
    if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

Eigen::VectorXd take(const Eigen::Ref<const Eigen::VectorXd>& v, const std::vector<Eigen::Index>& rows) {
    Eigen::VectorXd out(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t k = 0; k < rows.size(); ++k) out[static_cast<Eigen::Index>(k)] = v[rows[k]];
    return out;
}

// Builds the figure; one object so the pieces share the request, the inputs and their windows.
class Composer {
public:
    Composer(const Request& r, const std::vector<Input>& inputs) : r_(r), in_(inputs) {}

    Figure build() {
        if (in_.empty() || in_.front().port != "a") throw std::runtime_error("input 'a' is not connected");
        for (const auto& i : in_) check_shape(i.port, *i.series);
        check_abscissae();
        for (const auto& i : in_) rows_.push_back(window(i));
        fig_.title = r_.title;
        fig_.width = r_.width;
        fig_.height = r_.height;
        fig_.x.range = r_.x_range;
        fig_.panels[0].y.range = r_.y_range;
        if (r_.kind == "nyquist") nyquist();
        else if (r_.panels) panels();
        else lines();
        check_logs();
        return std::move(fig_);
    }

private:
    const dtop::Series& series(std::size_t i) const { return *in_[i].series; }

    std::string legend(std::size_t i) const {
        const std::size_t k = static_cast<std::size_t>(
            std::find(input_ports().begin(), input_ports().end(), in_[i].port) - input_ports().begin());
        return k < r_.legend.size() ? r_.legend[k] : std::string();
    }

    // A trace's legend entry: the channel, named after its input when there are several.
    std::string title(std::size_t i, const std::string& channel) const {
        const std::string name = legend(i);
        if (in_.size() == 1 && name.empty()) return channel;
        return (name.empty() ? in_[i].port : name) + ": " + channel;
    }

    Style style(std::size_t i) const {
        const std::string& k = i == 0 ? r_.kind : r_.overlay;
        return k == "scatter" ? Style::points : Style::line;
    }

    // One picture, one abscissa unit: a trace in ms over one in s would mislead.
    void check_abscissae() const {
        const auto& a = series(0);
        for (std::size_t i = 1; i < in_.size(); ++i)
            if (series(i).x_unit != a.x_unit)
                throw std::runtime_error("input '" + in_[i].port + "': its abscissa '" + series(i).x_name + "' is in '" +
                                         series(i).x_unit + "', input 'a''s in '" + a.x_unit +
                                         "': one picture has one abscissa unit");
    }

    std::vector<Eigen::Index> window(const Input& in) const {
        const auto& s = *in.series;
        std::vector<Eigen::Index> rows;
        for (Eigen::Index k = 0; k < s.size(); ++k)
            if (s.x[k] >= r_.x_min && s.x[k] <= r_.x_max) rows.push_back(k);
        if (rows.empty())
            throw std::runtime_error("input '" + in.port + "': no sample has " + s.x_name + " between x_min = " + number(r_.x_min) +
                                     " and x_max = " + number(r_.x_max) + " (it runs from " + number(s.x.minCoeff()) + " to " +
                                     number(s.x.maxCoeff()) + (s.x_unit.empty() ? "" : " " + s.x_unit) + ")");
        return rows;
    }

    Eigen::Index channel(std::size_t i, const std::string& name, const char* what) const {
        const Eigen::Index c = series(i).find(name);
        if (c < 0)
            throw std::runtime_error("input '" + in_[i].port + "': no channel '" + name + "'" + what + " (it has: " +
                                     join(series(i).names) + ")");
        return c;
    }

    // The channels of input i to draw: those named in `channels` that it has, else all.
    std::vector<Eigen::Index> selected(std::size_t i, const std::vector<std::string>& skip = {}) const {
        std::vector<Eigen::Index> out;
        const auto& s = series(i);
        for (Eigen::Index c = 0; c < s.channels(); ++c) {
            const std::string& n = s.names[static_cast<std::size_t>(c)];
            const bool wanted = r_.channels.empty() || std::find(r_.channels.begin(), r_.channels.end(), n) != r_.channels.end();
            if (wanted && std::find(skip.begin(), skip.end(), n) == skip.end()) out.push_back(c);
        }
        return out;
    }

    // Every channel named in `channels` is drawn from some input, and every input draws something.
    void check_selection(const std::vector<std::vector<Eigen::Index>>& picked, bool band_only_a) const {
        for (const auto& name : r_.channels) {
            bool found = false;
            for (const auto& i : in_) found = found || i.series->find(name) >= 0;
            if (!found) throw std::runtime_error("no input has the channel '" + name + "' named in channels");
        }
        for (std::size_t i = 0; i < in_.size(); ++i)
            if (picked[i].empty() && !(i == 0 && band_only_a))
                throw std::runtime_error("input '" + in_[i].port + "': none of its channels (" + join(series(i).names) +
                                         ") is among channels: " + join(r_.channels));
    }

    Trace trace(std::size_t i, Eigen::Index c, Style st) {
        const auto& s = series(i);
        check_finite(in_[i].port, s, c, rows_[i]);
        Trace t;
        t.port = in_[i].port;
        t.title = title(i, s.names[static_cast<std::size_t>(c)]);
        t.style = st;
        t.x = take(s.x, rows_[i]);
        t.y = take(s.y.col(c), rows_[i]);
        return t;
    }

    void x_axis() {
        const auto& a = series(0);
        fig_.x.label = with_unit(r_.x_label.empty() ? a.x_name : r_.x_label, a.x_unit);
        fig_.x.log = r_.x_log;
    }

    struct Bound {
        Eigen::VectorXd values;
        std::pair<std::size_t, Eigen::Index> drawn;  // input, channel
    };

    // A band bound: a channel of input a, or of another input on exactly input a's abscissa.
    Bound bound(const std::string& reference, const char* param) const {
        const auto [port, name] = split_reference(reference);
        std::size_t j = in_.size();
        for (std::size_t i = 0; i < in_.size(); ++i)
            if (in_[i].port == port) j = i;
        if (j == in_.size()) throw std::runtime_error(std::string(param) + ": input '" + port + "' is not connected");
        const Eigen::Index c = channel(j, name, " for the band");
        const auto& a = series(0);
        const auto& s = series(j);
        if (j != 0) {
            if (s.size() != a.size())
                throw std::runtime_error("input '" + port + "': mismatched lengths: band bound '" + name + "' has " +
                                         std::to_string(s.size()) + " samples, input 'a' has " + std::to_string(a.size()) +
                                         "; a band needs input a's abscissa");
            for (Eigen::Index k = 0; k < a.size(); ++k)
                if (std::abs(s.x[k] - a.x[k]) > 1e-9 * std::max(1.0, std::abs(a.x[k])))
                    throw std::runtime_error("input '" + port + "': band bound '" + name + "' is not on input a's abscissa: sample " +
                                             std::to_string(k) + " is at " + where(s, k) + ", input a's at " + where(a, k));
        }
        check_finite(port, s, c, rows_[0]);
        return {take(s.y.col(c), rows_[0]), {j, c}};
    }

    std::string units_of(const std::vector<std::pair<std::size_t, Eigen::Index>>& drawn) const {
        std::vector<std::string> units;
        for (const auto& [i, c] : drawn) add_unique(units, series(i).units[static_cast<std::size_t>(c)]);
        units.erase(std::remove(units.begin(), units.end(), std::string()), units.end());
        return join(units);
    }

    void lines() {
        x_axis();
        const bool band = r_.kind == "band";
        std::vector<std::string> bounds;
        for (const auto* ref : {&r_.lower, &r_.upper})
            if (band && split_reference(*ref).first == "a") bounds.push_back(split_reference(*ref).second);
        std::vector<std::vector<Eigen::Index>> picked;
        for (std::size_t i = 0; i < in_.size(); ++i) picked.push_back(selected(i, i == 0 ? bounds : std::vector<std::string>{}));
        check_selection(picked, band);
        std::vector<std::pair<std::size_t, Eigen::Index>> drawn;
        std::size_t colour = 0;
        if (band) {
            const Bound lower = bound(r_.lower, "lower"), upper = bound(r_.upper, "upper");
            Trace t;
            t.port = "a";
            t.style = Style::band;
            t.x = take(series(0).x, rows_[0]);
            t.y = lower.values;
            t.y2 = upper.values;
            const std::string range = split_reference(r_.lower).second + " .. " + split_reference(r_.upper).second;
            t.title = legend(0).empty() ? range : legend(0) + ": " + range;
            t.colour = 0;  // the colour of input a's first line, drawn over it
            if (picked[0].empty()) ++colour;
            fig_.traces.push_back(std::move(t));
            drawn.push_back(lower.drawn);
        }
        for (std::size_t i = 0; i < in_.size(); ++i)
            for (Eigen::Index c : picked[i]) {
                Trace t = trace(i, c, style(i));
                t.colour = colour++;
                fig_.traces.push_back(std::move(t));
                drawn.emplace_back(i, c);
            }
        std::vector<std::string> names;
        for (const auto& [i, c] : drawn) add_unique(names, series(i).names[static_cast<std::size_t>(c)]);
        const std::string quantity = !r_.y_label.empty() ? r_.y_label : names.size() == 1 && !band ? names[0] : "";
        fig_.panels[0].y.label = with_unit(quantity, units_of(drawn));
        fig_.panels[0].y.log = r_.y_log;
    }

    // One panel per channel name (in order of appearance), every input overlaid in its colour.
    void panels() {
        x_axis();
        std::vector<std::vector<Eigen::Index>> picked;
        for (std::size_t i = 0; i < in_.size(); ++i) picked.push_back(selected(i));
        check_selection(picked, false);
        std::vector<std::string> names;
        for (std::size_t i = 0; i < in_.size(); ++i)
            for (Eigen::Index c : picked[i]) add_unique(names, series(i).names[static_cast<std::size_t>(c)]);
        fig_.panels.assign(names.size(), Panel{});
        for (std::size_t p = 0; p < names.size(); ++p) {
            fig_.panels[p].title = names[p];
            fig_.panels[p].y.log = r_.y_log;
            fig_.panels[p].y.range = r_.y_range;
            std::vector<std::pair<std::size_t, Eigen::Index>> drawn;
            for (std::size_t i = 0; i < in_.size(); ++i) {
                const Eigen::Index c = series(i).find(names[p]);
                if (c < 0 || std::find(picked[i].begin(), picked[i].end(), c) == picked[i].end()) continue;
                Trace t = trace(i, c, style(i));
                t.title = legend(i).empty() ? (in_.size() == 1 ? names[p] : in_[i].port) : legend(i);
                t.panel = p;
                t.colour = i;
                fig_.traces.push_back(std::move(t));
                drawn.emplace_back(i, c);
            }
            fig_.panels[p].y.label = with_unit(r_.y_label.empty() ? names[p] : r_.y_label, units_of(drawn));
        }
    }

    // Imaginary over real part of each input, over the window of its abscissa (the frequency).
    void nyquist() {
        fig_.nyquist = true;
        std::vector<std::pair<std::size_t, Eigen::Index>> re_drawn, im_drawn;
        for (std::size_t i = 0; i < in_.size(); ++i) {
            const Eigen::Index re = channel(i, r_.re, " for the real part (set re)");
            const Eigen::Index im = channel(i, r_.im, " for the imaginary part (set im)");
            Trace t = trace(i, re, i == 0 || r_.overlay == "line" ? Style::nyquist : Style::points);
            t.x = t.y;  // real part across...
            t.y = trace(i, im, Style::nyquist).y;  // ...imaginary part up
            t.title = legend(i).empty() ? (in_.size() == 1 ? "L" : in_[i].port) : legend(i);
            t.colour = i;
            fig_.traces.push_back(std::move(t));
            re_drawn.emplace_back(i, re);
            im_drawn.emplace_back(i, im);
        }
        fig_.x.label = with_unit(r_.x_label.empty() ? "Re" : r_.x_label, units_of(re_drawn));
        fig_.panels[0].y.label = with_unit(r_.y_label.empty() ? "Im" : r_.y_label, units_of(im_drawn));
    }

    // Log scales show positive values only: say which value is not, rather than draw a gap.
    void check_logs() const {
        if (fig_.nyquist) return;
        for (const Trace& tr : fig_.traces) {
            const std::string in = "input '" + tr.port + "': ";
            if (fig_.x.log)
                for (Eigen::Index k = 0; k < tr.x.size(); ++k)
                    if (tr.x[k] <= 0)
                        throw std::runtime_error(in + "x_log needs a positive abscissa, but '" + tr.title + "' is drawn at " +
                                                 fig_.x.label + " = " + number(tr.x[k]) + "; set x_min above it");
            if (fig_.panels[tr.panel].y.log)
                for (const auto* v : {&tr.y, &tr.y2})
                    for (Eigen::Index k = 0; k < v->size(); ++k)
                        if ((*v)[k] <= 0)
                            throw std::runtime_error(in + "y_log needs positive values, but '" + tr.title + "' is " + number((*v)[k]) +
                                                     " at " + fig_.x.label + " = " + number(tr.x[k]));
        }
    }

    const Request& r_;
    const std::vector<Input>& in_;
    std::vector<std::vector<Eigen::Index>> rows_;  // each input's samples inside the window
    Figure fig_;
};

}  // namespace

std::pair<std::string, std::string> split_reference(const std::string& text) {
    const auto dot = text.find('.');
    if (dot != std::string::npos) {
        const std::string port = text.substr(0, dot);
        if (std::find(input_ports().begin(), input_ports().end(), port) != input_ports().end()) return {port, text.substr(dot + 1)};
    }
    return {"a", text};
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        std::string item = text.substr(start, end - start);
        const auto first = item.find_first_not_of(" \t");
        const auto last = item.find_last_not_of(" \t");
        if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
        start = end + 1;
    }
    return out;
}

Figure compose(const Request& request, const std::vector<Input>& inputs) { return Composer(request, inputs).build(); }

}  // namespace dtop::plot
