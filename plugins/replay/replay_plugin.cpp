// replay: recorded data from a delimited text file as a source for any scenario. Batch: the whole
// series (and table). Stepped: samples streamed at the scenario's clock, interpolated when the clock
// and the file's rate differ, with a stated policy at the end of the data. Streaming keeps memory
// bounded whatever the file size.
#include <dtop/plugin.hpp>
#include <dtop_support/delimited_reader.hpp>

#include <charconv>
#include <cmath>
#include <memory>
#include <sstream>

using dtop::support::DataError;
using dtop::support::DelimitedReader;

namespace {

// A time in a message, as short as it can be and still read back to the same double (1e-09, not
// std::to_string's 0.000000).
std::string time_text(double t) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, t);
    return std::string(buf, r.ptr);
}

std::vector<std::string> split_names(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    for (std::string item; std::getline(ss, item, ',');) {
        const auto a = item.find_first_not_of(" \t"), b = item.find_last_not_of(" \t");
        if (a != std::string::npos) out.push_back(item.substr(a, b - a + 1));
    }
    return out;
}

}  // namespace

struct Replay : dtop::Node {
    dtop::Path file;
    std::string channels;  // comma-separated; empty: every column but the time
    std::string time_column;
    std::string delimiter = "auto";
    std::string interpolation = "linear";
    std::string at_end = "stop";

    dtop::StepOut<Eigen::VectorXd> y;
    dtop::Out<dtop::Series> series;
    dtop::Out<dtop::Table> table;

    static void describe(dtop::Spec<Replay>& s) {
        s.name("replay").version("1.0.0").summary("Recorded data from a delimited text file, as a batch series or streamed every step");
        s.doc("Reads comma, semicolon or tab separated numbers under one header row; units come from headers such "
              "as `dotx1 (m/s)` or `dotx1 [m/s]`. The time column (the first, unless `time_column` says otherwise) "
              "must increase strictly, in s (or ms). Batch: outputs `series` and `table`. Stepped: outputs the chosen "
              "channels at every communication point, `hold` (last sample at or before t) or `linear` between "
              "samples; before the first sample, the first sample. After the last sample, `at_end`: stop (the "
              "co-simulation ends there), hold (the last values), error. Files are streamed: memory stays bounded. "
              "Only the time and the chosen channels are read as numbers; every row must still have all the "
              "header's fields.");
        s.param("file", &Replay::file).required().must_exist().doc("the data file");
        s.param("channels", &Replay::channels).doc("comma-separated column names to output (empty: all but the time)");
        s.param("time_column", &Replay::time_column).doc("name of the time column (empty: the first column)");
        s.param("delimiter", &Replay::delimiter).choices("auto|comma|semicolon|tab").doc("field separator (auto: from the header)");
        s.param("interpolation", &Replay::interpolation).choices("hold|linear").doc("stepped: between samples");
        s.param("at_end", &Replay::at_end).choices("stop|hold|error").doc("stepped: after the last sample");
        s.output("y", &Replay::y).unit("*").doc("stepped: the chosen channels, with the file's names and units");
        s.output("series", &Replay::series).unit("*").doc("batch: time -> the chosen channels");
        s.output("table", &Replay::table).unit("*").doc("batch: the time column and the chosen channels");
    }

    std::unique_ptr<DelimitedReader> reader;
    int time_index = 0;
    std::vector<int> selected;
    double time_scale = 1.0;
    // Stepped state: the two samples around the current time.
    std::vector<double> row, prev, cur;
    double t_prev = 0, t_cur = 0;
    bool have_prev = false, have_cur = false, exhausted = false;

    char delimiter_char() const {
        if (delimiter == "comma") return ',';
        if (delimiter == "semicolon") return ';';
        if (delimiter == "tab") return '\t';
        return 0;
    }

    // Opens the file and resolves the columns; errors name the parameter.
    void open() {
        try {
            reader = std::make_unique<DelimitedReader>(file.str(), delimiter_char());
        } catch (const DataError& e) {
            throw dtop::ParamError("file", e.what());
        }
        const auto& names = reader->names();
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
        time_index = time_column.empty() ? 0 : reader->column(time_column);
        if (time_index < 0)
            throw dtop::ParamError("time_column", "no column '" + time_column + "' in the header of " + file.str() + " (it has: " + list + ")");
        const std::string& tu = reader->units()[static_cast<std::size_t>(time_index)];
        if (tu == "s" || tu.empty()) time_scale = 1.0;
        else if (tu == "ms") time_scale = 1e-3;
        else throw dtop::ParamError("time_column", "the time column is in '" + tu + "'; expected s or ms");
        selected.clear();
        const auto wanted = split_names(channels);
        if (wanted.empty()) {
            for (int i = 0; i < static_cast<int>(names.size()); ++i)
                if (i != time_index) selected.push_back(i);
        } else {
            for (const auto& w : wanted) {
                const int i = reader->column(w);
                if (i < 0) throw dtop::ParamError("channels", "no channel '" + w + "' in the header of " + file.str() + " (it has: " + list + ")");
                selected.push_back(i);
            }
        }
        if (selected.empty()) throw dtop::ParamError("channels", "no channel to output besides the time");
        row.assign(names.size(), 0.0);
        // Convert only what is output (and the time): the other columns are stepped over.
        std::vector<bool> convert(names.size(), false);
        convert[static_cast<std::size_t>(time_index)] = true;
        for (int i : selected) convert[static_cast<std::size_t>(i)] = true;
        reader->convert_only(convert);
    }

    // The next row, its time checked to increase strictly.
    bool read(double& t, std::vector<double>& values, double last_t, bool have_last) {
        if (!reader->next(row.data())) return false;
        t = row[static_cast<std::size_t>(time_index)] * time_scale;
        if (have_last && !(t > last_t))
            throw DataError(reader->file(), reader->line(), reader->field_column(static_cast<std::size_t>(time_index)),
                            "time " + time_text(t) + " s does not increase (the row before is at " + time_text(last_t) +
                                " s); expected strictly increasing time");
        values.resize(selected.size());
        for (std::size_t c = 0; c < selected.size(); ++c) values[c] = row[static_cast<std::size_t>(selected[c])];
        return true;
    }

    void configure() override {
        open();
        double t = 0;
        std::vector<double> first;
        try {
            if (!read(t, first, 0, false))
                throw dtop::ParamError("file", file.str() + " has a header but no data rows; expected at least one row of numbers");
        } catch (const DataError& e) {
            throw dtop::ParamError("file", e.what());
        }
        std::vector<std::string> names, units;
        for (int i : selected) {
            names.push_back(reader->names()[static_cast<std::size_t>(i)]);
            units.push_back(reader->units()[static_cast<std::size_t>(i)]);
        }
        y.set_channels(names, units);
        reader.reset();  // opened again where it is used
    }

    void run() override {
        open();
        std::vector<double> times, values, v;
        double t = 0, last = 0;
        bool any = false;
        while (read(t, v, last, any)) {
            times.push_back(t);
            values.insert(values.end(), v.begin(), v.end());
            last = t;
            any = true;
        }
        const auto n = static_cast<Eigen::Index>(times.size()), c = static_cast<Eigen::Index>(selected.size());
        const Eigen::Map<const Eigen::MatrixXd> rows(values.data(), c, n);  // column k = row k of the file
        dtop::Series s;
        s.x_name = reader->names()[static_cast<std::size_t>(time_index)];
        s.x_unit = "s";
        s.x = Eigen::Map<const Eigen::VectorXd>(times.data(), n);
        dtop::Table tb;
        tb.add(s.x_name, "s", s.x);
        for (Eigen::Index k = 0; k < c; ++k) {
            const auto i = static_cast<std::size_t>(selected[static_cast<std::size_t>(k)]);
            s.add(reader->names()[i], reader->units()[i], rows.row(k).transpose());
            tb.add(reader->names()[i], reader->units()[i], rows.row(k).transpose());
        }
        series = s;
        table = tb;
        reader.reset();
    }

    void init(double, double, double) override {
        open();
        have_prev = have_cur = exhausted = false;
        have_cur = read(t_cur, cur, 0, false);
    }

    void step(double t, double dt) override {
        const double eps = 1e-9 * std::max(dt, 1e-12);
        // Move forward until the current sample is after t (or the data ends).
        while (have_cur && t_cur <= t + eps) {
            prev.swap(cur);
            t_prev = t_cur;
            have_prev = true;
            have_cur = read(t_cur, cur, t_prev, true);
        }
        if (!have_prev) {  // before the first sample: the first sample
            for (std::size_t c = 0; c < cur.size(); ++c) y.value[static_cast<Eigen::Index>(c)] = cur[c];
            return;
        }
        if (!have_cur && t > t_prev + eps) {  // past the last sample
            if (at_end == "stop") return end_of_data();
            if (at_end == "error")
                throw std::runtime_error(file.str() + ": the data end at t = " + time_text(t_prev) +
                                         " s, before the scenario's clock (t = " + time_text(t) + " s); set at_end: stop or hold");
        }
        const bool between = have_cur && interpolation == "linear" && t > t_prev + eps;
        const double w = between ? (t - t_prev) / (t_cur - t_prev) : 0.0;
        for (std::size_t c = 0; c < prev.size(); ++c)
            y.value[static_cast<Eigen::Index>(c)] = between ? prev[c] + w * (cur[c] - prev[c]) : prev[c];
    }

    void finish() override { reader.reset(); }
};

DTOP_PLUGIN(Replay)
