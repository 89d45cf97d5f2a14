#include "dtop_support/regular_file.hpp"

#include "dtop_support/data_error.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dtop::support {

namespace {

std::string open_problem(int err) {
    switch (err) {
    case ENOENT: return "it does not exist";
    case ELOOP: return "it is a loop of symbolic links (or a chain too long to follow)";
    case EACCES: return "permission denied";
    case ENOTDIR: return "it does not exist (a part of its path is not a directory)";
    case ENAMETOOLONG: return "its name is too long for the file system";
    default: return std::strerror(err);
    }
}

std::string type_problem(mode_t mode) {
    if (S_ISREG(mode)) return "";
    if (S_ISDIR(mode)) return "it is a directory, not a file";
    if (S_ISFIFO(mode)) return "it is a FIFO (named pipe), not a regular file";
    if (S_ISCHR(mode)) return "it is a character device, not a regular file";
    if (S_ISBLK(mode)) return "it is a block device, not a regular file";
    if (S_ISSOCK(mode)) return "it is a socket, not a regular file";
    return "it is not a regular file";
}

}  // namespace

std::string regular_file_problem(const std::filesystem::path& file) {
    struct stat st {};
    std::string why;
    if (::stat(file.c_str(), &st) != 0)
        why = open_problem(errno);
    else if (why = type_problem(st.st_mode); why.empty() && ::access(file.c_str(), R_OK) != 0)
        why = open_problem(errno);
    return why.empty() ? why : "cannot open the file: " + why;
}

void require_regular_file(const std::filesystem::path& file) {
    if (const std::string why = regular_file_problem(file); !why.empty()) throw DataError(file, 0, 0, why);
}

std::FILE* open_regular_file(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throw DataError(file, 0, 0, "cannot open the file: " + open_problem(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        throw DataError(file, 0, 0, "cannot open the file: " + open_problem(err));
    }
    if (std::string why = type_problem(st.st_mode); !why.empty()) {
        ::close(fd);
        throw DataError(file, 0, 0, "cannot open the file: " + why);
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    std::FILE* f = ::fdopen(fd, "rb");
    if (!f) {
        const int err = errno;
        ::close(fd);
        throw DataError(file, 0, 0, "cannot open the file: " + open_problem(err));
    }
    return f;
}

}  // namespace dtop::support
