// recorder: writes stepped signals to CSV, one row per communication point, with units in the header
// (`t (s),dotx1 (m/s),...`) and every number in its shortest exact form, so replay reads back exactly
// what was recorded. Written to a temporary file and renamed at the end; when the run fails or is
// cancelled, what was recorded up to then is kept as <name>.partial.csv.
#include <dtop/plugin.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <string_view>

struct Recorder : dtop::Node {
    std::string file_name = "recording.csv";
    dtop::StepIn<Eigen::VectorXd> a, b, c, d, e, f, g, h;
    dtop::Out<dtop::Json> summary;

    static void describe(dtop::Spec<Recorder>& s) {
        s.name("recorder").version("1.0.0").summary("Records stepped signals to CSV (units in the header), exactly");
        s.doc("Wire up to eight stepped outputs to inputs a..h; each row holds the time and every channel, in input "
              "order. Channel names come from the sources (prefixed with the input's letter when two clash). The file "
              "is written in the node's folder of the run's results, through a temporary file renamed at the end: "
              "if the run fails or is cancelled, the rows recorded until then are kept as <name>.partial.csv.");
        s.param("file_name", &Recorder::file_name).doc("name of the CSV file in the node's results folder");
        for (auto [name, member] : {std::pair{"a", &Recorder::a}, {"b", &Recorder::b}, {"c", &Recorder::c}, {"d", &Recorder::d},
                                    {"e", &Recorder::e}, {"f", &Recorder::f}, {"g", &Recorder::g}, {"h", &Recorder::h}})
            s.input(name, member).unit("*").optional().doc("signals to record");
        s.output("summary", &Recorder::summary).doc("file written, rows, channels");
    }

    std::FILE* out = nullptr;
    std::filesystem::path tmp, final_path;
    std::string buffer;
    long rows = 0;
    std::vector<const dtop::StepIn<Eigen::VectorXd>*> inputs;

    void configure() override {
        // Checked here, at validate, what the file system would refuse only at run time: the name and
        // its temporary ".<name>.partial" must fit in a directory entry (NAME_MAX, 255 bytes).
        if (file_name.empty() || file_name.find('/') != std::string::npos || file_name[0] == '.' ||
            file_name.find('\0') != std::string::npos)
            throw dtop::ParamError("file_name", "expected a plain file name such as recording.csv");
        if (file_name.size() + std::string_view(".").size() + std::string_view(".partial").size() > 255)
            throw dtop::ParamError("file_name", "the name has " + std::to_string(file_name.size()) +
                                                    " bytes; at most 246 fit a file name with its temporary suffix");
    }

    static void number(std::string& s, double x) {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, x);
        s.append(buf, r.ptr);
    }

    void init(double, double, double) override {
        inputs.clear();
        std::vector<std::string> names, units;
        const char letters[] = "abcdefgh";
        int k = 0;
        for (const auto* in : {&a, &b, &c, &d, &e, &f, &g, &h}) {
            if (in->is_connected()) {
                inputs.push_back(in);
                for (std::size_t i = 0; i < in->names().size(); ++i) {
                    std::string n = in->names()[i];
                    if (std::find(names.begin(), names.end(), n) != names.end()) n = std::string(1, letters[k]) + ":" + n;
                    names.push_back(n);
                    units.push_back(in->units()[i]);
                }
            }
            ++k;
        }
        if (inputs.empty()) throw std::runtime_error("nothing to record: wire at least one input (a..h)");
        final_path = output_dir() / file_name;
        tmp = output_dir() / ("." + file_name + ".partial");
        out = std::fopen(tmp.c_str(), "wb");
        if (!out) throw std::runtime_error("cannot write " + tmp.string());
        buffer = "t (s)";
        for (std::size_t i = 0; i < names.size(); ++i)
            buffer += "," + names[i] + (units[i].empty() || units[i] == "*" ? "" : " (" + units[i] + ")");
        buffer += '\n';
        rows = 0;
    }

    void step(double t, double) override {
        number(buffer, t);
        for (const auto* in : inputs)
            for (Eigen::Index i = 0; i < in->size(); ++i) {
                buffer += ',';
                number(buffer, (*in)[i]);
            }
        buffer += '\n';
        ++rows;
        if (buffer.size() > (1u << 20)) flush();
    }

    void flush() {
        if (std::fwrite(buffer.data(), 1, buffer.size(), out) != buffer.size())
            throw std::runtime_error("write failed for " + tmp.string() + " (disk full?)");
        buffer.clear();
    }

    void finish() override {
        if (!out) return;
        bool written = true;
        try {
            flush();
        } catch (const std::exception&) {
            written = false;
        }
        written = std::fflush(out) == 0 && written;
        std::fclose(out);
        out = nullptr;
        std::error_code ec;
        if (!written) {  // a full disk: what is there is not to be trusted
            std::filesystem::remove(tmp, ec);
            throw std::runtime_error("write failed for " + tmp.string() + " (disk full?): the recording was discarded");
        }
        if (aborted()) {  // the rows up to the failing step, marked partial (name and manifest)
            const auto partial = final_path.parent_path() / (final_path.stem().string() + ".partial" + final_path.extension().string());
            std::filesystem::rename(tmp, partial, ec);
            warn("the run did not complete: the " + std::to_string(rows) + " rows recorded are kept in " + partial.filename().string());
            return;
        }
        std::filesystem::rename(tmp, final_path, ec);
        if (ec) throw std::runtime_error("cannot rename " + tmp.string() + " to " + final_path.string() + ": " + ec.message());
        summary = dtop::Json{nlohmann::json{{"file", final_path.filename().string()}, {"rows", rows}}.dump()};
    }
};

DTOP_PLUGIN(Recorder)
