// Opening a data file that must be a regular file. A FIFO, a device or a socket given as a data file
// would block a reader forever (or never end); a directory or a symbolic-link loop deserves its own
// message rather than "read error" or "not found".
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>

namespace dtop::support {

// "" when `file` is a readable regular file (a symbolic link to one is fine); otherwise why not:
// "cannot open the file: it does not exist" (or: it is a directory, it is a FIFO (named pipe), not a
// regular file, it is a loop of symbolic links, permission denied...).
std::string regular_file_problem(const std::filesystem::path& file);

// Throws DataError(file, 0, 0, problem) when regular_file_problem says one.
void require_regular_file(const std::filesystem::path& file);

// Opens `file` for reading without ever blocking on a FIFO (O_NONBLOCK, then fstat on the open file:
// no window between the check and the open). Throws DataError with the reason.
std::FILE* open_regular_file(const std::filesystem::path& file);

}  // namespace dtop::support
