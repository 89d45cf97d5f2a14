// Sets an environment variable for one scope (PATH, to find or not find a program).
#pragma once

#include <cstdlib>
#include <string>

namespace dtop::test {

struct ScopedEnv {
    std::string name, old;
    bool had;
    ScopedEnv(std::string n, const std::string& value) : name(std::move(n)) {
        const char* v = std::getenv(name.c_str());
        had = v != nullptr;
        old = v ? v : "";
        ::setenv(name.c_str(), value.c_str(), 1);
    }
    ~ScopedEnv() { had ? ::setenv(name.c_str(), old.c_str(), 1) : ::unsetenv(name.c_str()); }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;
};

}  // namespace dtop::test
