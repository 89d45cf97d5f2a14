#include "dtop_support/delimited_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace dtop::support {

namespace {
constexpr std::size_t kBlock = 1 << 20;
constexpr std::size_t kMaxLine = 64 << 20;  // a longer line is not a data row

std::string trim(std::string s) {
    const auto a = s.find_first_not_of(" \t\r\"");
    const auto b = s.find_last_not_of(" \t\r\"");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}
}  // namespace

DelimitedReader::DelimitedReader(const std::filesystem::path& file, char delimiter) : file_(file), delimiter_(delimiter) {
    f_ = std::fopen(file.c_str(), "rb");
    if (!f_) throw DataError(file, 0, 0, "cannot open the file (does it exist? is it readable?)");
    buf_.resize(kBlock);
    const char *b = nullptr, *e = nullptr;
    if (!read_line(b, e)) throw DataError(file, 1, 0, "the file is empty; expected a header row such as \"t (s),x (m)\"");
    std::string header(b, e);
    if (!delimiter_) {
        // The delimiter is whichever of , ; tab the header uses most.
        const char candidates[] = {',', ';', '\t'};
        std::size_t best = 0;
        delimiter_ = ',';
        for (char c : candidates) {
            const auto n = static_cast<std::size_t>(std::count(header.begin(), header.end(), c));
            if (n > best) best = n, delimiter_ = c;
        }
    }
    std::size_t start = 0;
    while (true) {
        const auto stop = header.find(delimiter_, start);
        std::string cell = trim(header.substr(start, stop == std::string::npos ? std::string::npos : stop - start));
        std::string unit;
        // "name (unit)" or "name [unit]"
        for (auto [open, close] : {std::pair{'(', ')'}, std::pair{'[', ']'}}) {
            const auto o = cell.rfind(open);
            if (o != std::string::npos && !cell.empty() && cell.back() == close) {
                unit = trim(cell.substr(o + 1, cell.size() - o - 2));
                cell = trim(cell.substr(0, o));
                break;
            }
        }
        if (cell.empty())
            throw DataError(file, 1, static_cast<long>(start + 1), "empty column name in the header");
        names_.push_back(cell);
        units_.push_back(unit);
        if (stop == std::string::npos) break;
        start = stop + 1;
    }
}

DelimitedReader::~DelimitedReader() {
    if (f_) std::fclose(f_);
}

int DelimitedReader::column(const std::string& name) const {
    for (std::size_t i = 0; i < names_.size(); ++i)
        if (names_[i] == name) return static_cast<int>(i);
    return -1;
}

bool DelimitedReader::read_line(const char*& begin, const char*& end) {
    while (true) {
        const char* nl = static_cast<const char*>(std::memchr(buf_.data() + pos_, '\n', end_ - pos_));
        if (nl || (eof_ && pos_ < end_)) {
            begin = buf_.data() + pos_;
            end = nl ? nl : buf_.data() + end_;
            pos_ = nl ? static_cast<std::size_t>(nl - buf_.data()) + 1 : end_;
            ++line_;
            if (end > begin && end[-1] == '\r') --end;
            return true;
        }
        if (eof_) return false;
        // Keep the partial line, refill the rest of the buffer (grow it only for a very long line).
        std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
        end_ -= pos_;
        pos_ = 0;
        if (end_ == buf_.size()) {
            if (buf_.size() >= kMaxLine) throw DataError(file_, line_ + 1, 0, "a line longer than 64 MiB; expected rows of numbers");
            buf_.resize(buf_.size() * 2);
        }
        const std::size_t got = std::fread(buf_.data() + end_, 1, buf_.size() - end_, f_);
        if (got == 0) {
            if (std::ferror(f_)) throw DataError(file_, line_ + 1, 0, "read error");
            eof_ = true;
        }
        end_ += got;
    }
}

bool DelimitedReader::next(double* row) {
    const std::size_t columns = names_.size();
    const char *b = nullptr, *e = nullptr;
    do {
        if (!read_line(b, e)) return false;
    } while (b == e);  // blank line
    starts_.clear();
    const char* p = b;
    for (std::size_t c = 0; c < columns; ++c) {
        if (!wanted_.empty() && !wanted_[c]) {  // not converted: only step over it
            starts_.push_back(static_cast<long>(p - b) + 1);
            const char* stop = c + 1 < columns ? static_cast<const char*>(std::memchr(p, delimiter_, static_cast<std::size_t>(e - p))) : e;
            if (!stop)
                throw DataError(file_, line_, static_cast<long>(e - b) + 1,
                                "ragged row: " + std::to_string(c + 1) + " fields, expected " + std::to_string(columns) +
                                    " as in the header");
            p = c + 1 < columns ? stop + 1 : stop;
            if (c + 1 == columns && std::memchr(b + starts_.back() - 1, delimiter_, static_cast<std::size_t>(e - (b + starts_.back() - 1))))
                throw DataError(file_, line_, starts_.back(), "ragged row: more fields than the header's " + std::to_string(columns));
            continue;
        }
        while (p < e && (*p == ' ' || *p == '\t') && *p != delimiter_) ++p;
        starts_.push_back(static_cast<long>(p - b) + 1);
        if (p < e && *p == '+') ++p;  // from_chars does not take a leading '+'
        auto [next, ec] = std::from_chars(p, e, row[c]);
        if (ec != std::errc() || next == p || !std::isfinite(row[c])) {  // "nan", "inf" are no data
            const char* stop = std::find(p, e, delimiter_);
            throw DataError(file_, line_, starts_.back(),
                            "'" + std::string(p, stop) + "' in column '" + names_[c] + "' is not a number; expected a number");
        }
        p = next;
        while (p < e && (*p == ' ' || (*p == '\t' && delimiter_ != '\t'))) ++p;
        // After a number: the delimiter (or the end of the line, after the last field). Anything else
        // means the field was not a number ("1.5kg").
        if (p < e && *p != delimiter_) {
            const char* stop = std::find(p, e, delimiter_);
            throw DataError(file_, line_, starts_.back(),
                            "'" + std::string(b + starts_.back() - 1, stop) + "' in column '" + names_[c] +
                                "' is not a number; expected a number");
        }
        if (c + 1 < columns) {
            if (p >= e)
                throw DataError(file_, line_, static_cast<long>(p - b) + 1,
                                "ragged row: " + std::to_string(c + 1) + " fields, expected " + std::to_string(columns) +
                                    " as in the header");
            ++p;  // the delimiter
        }
    }
    if (p != e) {
        const long extra = static_cast<long>(std::count(p, e, delimiter_));
        throw DataError(file_, line_, static_cast<long>(p - b) + 1,
                        "ragged row: " + std::to_string(columns + static_cast<std::size_t>(extra)) + " fields, expected " +
                            std::to_string(columns) + " as in the header");
    }
    return true;
}

}  // namespace dtop::support
