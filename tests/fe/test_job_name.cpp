// Job names become folders, file names and solver arguments: nothing may escape the job folder.
#include <job_name.hpp>

#include <catch2/catch.hpp>

using dtop::fe::sanitise_job_name;

TEST_CASE("fe: job names are sanitised to letters, digits, _ and - starting with a letter") {
    CHECK(sanitise_job_name("frame") == "frame");
    CHECK(sanitise_job_name("Frame-2_b") == "Frame-2_b");
    CHECK(sanitise_job_name("my job/../x") == "my_job_x");
    CHECK(sanitise_job_name("../../etc/passwd") == "etc_passwd");
    CHECK(sanitise_job_name("a; rm -rf / #") == "a_rm_-rf");
    CHECK(sanitise_job_name("$(touch pwned)") == "touch_pwned");
    CHECK(sanitise_job_name("job.inp") == "job_inp");
    CHECK(sanitise_job_name("") == "job");
    CHECK(sanitise_job_name("...") == "job");
    CHECK(sanitise_job_name("1st") == "job_1st");
    CHECK(sanitise_job_name("-i") == "job_-i");  // never an option of the solver
    CHECK(sanitise_job_name("r\xC3\xA9sum\xC3\xA9") == "r_sum");
    const std::string longer(60, 'a');
    CHECK(sanitise_job_name(longer) == std::string(dtop::fe::kMaxJobName, 'a'));
    for (const char* n : {"x/y", "..", "a b", "*", "\n"}) {
        const std::string s = sanitise_job_name(n);
        INFO(n << " -> " << s);
        CHECK(s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == std::string::npos);
        CHECK(sanitise_job_name(s) == s);  // idempotent
    }
}
