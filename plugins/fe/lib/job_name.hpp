// Job names become file and folder names and solver arguments (ABAQUS: job=NAME): keep them to
// letters, digits, '_' and '-', starting with a letter, so no name can leave the job folder, look
// like an option, or be split by a shell someone later puts in between.
#pragma once

#include <string>

namespace dtop::fe {

inline constexpr std::size_t kMaxJobName = 38;  // the shortest limit among ABAQUS releases

// "my job/../x" -> "my_job_x"; "" -> "job"; "1st" -> "job_1st"; longer than kMaxJobName: cut.
std::string sanitise_job_name(const std::string& name);

}  // namespace dtop::fe
