#include "dtop_support/line_reader.hpp"

#include "dtop_support/regular_file.hpp"

#include <cerrno>
#include <cstring>

namespace dtop::support {

namespace {
constexpr std::size_t kBlock = 1 << 20;
constexpr std::size_t kMaxLine = 64 << 20;  // a longer line is not a data row
}  // namespace

LineReader::LineReader(const std::filesystem::path& file) : file_(file) {
    f_ = open_regular_file(file);  // a FIFO or device would block or never end: refused with the reason
    buf_.resize(kBlock);
}

LineReader::~LineReader() {
    if (f_) std::fclose(f_);
}

bool LineReader::next(std::string_view& line) {
    while (true) {
        const char* nl = static_cast<const char*>(std::memchr(buf_.data() + pos_, '\n', end_ - pos_));
        if (nl || (eof_ && pos_ < end_)) {
            const char* begin = buf_.data() + pos_;
            const char* end = nl ? nl : buf_.data() + end_;
            pos_ = nl ? static_cast<std::size_t>(nl - buf_.data()) + 1 : end_;
            ++line_;
            if (end > begin && end[-1] == '\r') --end;
            line = std::string_view(begin, static_cast<std::size_t>(end - begin));
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
            if (std::ferror(f_)) throw DataError(file_, line_ + 1, 0, std::string("read error: ") + std::strerror(errno));
            eof_ = true;
        }
        end_ += got;
    }
}

}  // namespace dtop::support
