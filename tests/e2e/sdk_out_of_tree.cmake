# End-to-end test of the SDK as a plugin author meets it, run with `cmake -P`:
#  1. install dtop (host, SDK, built-in plugins) to a temporary prefix;
#  2. build sdk/examples/moving-average out of tree against that prefix only;
#  3. run it in the installed dtop, without rebuilding the host;
#  4. move the installed tree elsewhere: dtop must still find its plugins and SDK relative to itself;
#  5. generate a project with `dtop new-plugin`, build it, and run its sample scenario;
#  6. the same with `dtop new-plugin --stepped`, checking the filter's output and its clock check;
#  7. a plugin whose unit string dtop cannot read fails its build with that message, every time.
# Inputs: BUILD_DIR (the project's build tree), SOURCE_DIR, WORK_DIR (scratch).
cmake_minimum_required(VERSION 3.25)

function(run)
  cmake_parse_arguments(ARG "" "EXPECT_IN;WORKING_DIRECTORY" "COMMAND" ${ARGN})
  execute_process(COMMAND ${ARG_COMMAND} WORKING_DIRECTORY "${ARG_WORKING_DIRECTORY}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARG_COMMAND}\n--- stdout\n${out}\n--- stderr\n${err}")
  endif()
  if(ARG_EXPECT_IN AND NOT out MATCHES "${ARG_EXPECT_IN}")
    message(FATAL_ERROR "'${ARG_EXPECT_IN}' not in the output of ${ARG_COMMAND}:\n${out}\n${err}")
  endif()
  message(STATUS "ok: ${ARG_COMMAND}")
endfunction()

# Runs a command that must fail, with EXPECT_IN in its output (stdout and stderr together).
function(run_fails)
  cmake_parse_arguments(ARG "" "EXPECT_IN;WORKING_DIRECTORY" "COMMAND" ${ARGN})
  execute_process(COMMAND ${ARG_COMMAND} WORKING_DIRECTORY "${ARG_WORKING_DIRECTORY}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(rc EQUAL 0)
    message(FATAL_ERROR "succeeded but should have failed: ${ARG_COMMAND}\n${out}")
  endif()
  string(FIND "${out}" "${ARG_EXPECT_IN}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "'${ARG_EXPECT_IN}' not in the output of ${ARG_COMMAND}:\n${out}")
  endif()
  message(STATUS "ok (failed as it should): ${ARG_COMMAND}")
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

# 1. install
run(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}")
foreach(f bin/dtop include/dtop/dtop_abi.h include/dtop/plugin.hpp lib/cmake/dtop/dtopConfig.cmake)
  if(NOT EXISTS "${prefix}/${f}")
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
run(COMMAND "${prefix}/bin/dtop" plugins EXPECT_IN "signal-generator")

# 2. build the example against the installed SDK only (a fresh CMake, no access to the build tree)
set(example "${WORK_DIR}/moving-average")
file(COPY "${SOURCE_DIR}/sdk/examples/moving-average/" DESTINATION "${example}")
run(COMMAND "${CMAKE_COMMAND}" -S "${example}" -B "${example}/build" -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(COMMAND "${CMAKE_COMMAND}" --build "${example}/build")
if(NOT EXISTS "${example}/build/moving_average.dtop.json")
  message(FATAL_ERROR "the example's manifest was not written by the installed dtop")
endif()

# 3. run it in the installed dtop
run(COMMAND "${prefix}/bin/dtop" --plugin-path "${example}/build" describe moving-average EXPECT_IN "window")
file(WRITE "${WORK_DIR}/smooth.yaml" [=[
clock: {start: 0, stop: 1, step: 0.01}
nodes:
  source: {plugin: signal-generator, params: {shape: step, amplitude: 2, unit: N}}
  smooth: {plugin: moving-average, params: {window: 4}, inputs: {u: source.y}, record: true}
]=])
run(COMMAND "${prefix}/bin/dtop" --plugin-path "${example}/build" run "${WORK_DIR}/smooth.yaml" --out "${WORK_DIR}/out" -q)
# A step of 2 N from t = 0: the mean of the samples so far is 2 from the first sample on; the unit
# passes through from the source.
file(STRINGS "${WORK_DIR}/out/smooth.y.csv" rows)
list(GET rows 0 header)
list(GET rows 1 first)
list(GET rows 4 fourth)
if(NOT header MATCHES "^t \\(s\\),y \\(N\\)$" OR NOT first STREQUAL "0,2" OR NOT fourth STREQUAL "0.03,2")
  message(FATAL_ERROR "unexpected moving average: ${header} / ${first} / ${fourth}")
endif()

# 4. a moved installation still finds its plugins and its SDK
file(RENAME "${prefix}" "${WORK_DIR}/moved")
set(prefix "${WORK_DIR}/moved")
run(COMMAND "${prefix}/bin/dtop" plugins EXPECT_IN "statistics")

# 5. dtop new-plugin makes a project that builds and runs
run(COMMAND "${prefix}/bin/dtop" new-plugin my-scale "${WORK_DIR}/my-scale")
run(COMMAND "${CMAKE_COMMAND}" -S "${WORK_DIR}/my-scale" -B "${WORK_DIR}/my-scale/build" -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(COMMAND "${CMAKE_COMMAND}" --build "${WORK_DIR}/my-scale/build")
run(COMMAND "${prefix}/bin/dtop" --plugin-path "${WORK_DIR}/my-scale/build" run scenario.yaml --out "${WORK_DIR}/my-scale-out" -q
    WORKING_DIRECTORY "${WORK_DIR}/my-scale")
if(NOT EXISTS "${WORK_DIR}/my-scale-out/manifest.json")
  message(FATAL_ERROR "the generated plugin's scenario wrote no manifest")
endif()

# 6. dtop new-plugin --stepped makes a stepped project that builds and runs
set(filter "${WORK_DIR}/my-filter")
run(COMMAND "${prefix}/bin/dtop" new-plugin my-filter "${filter}" --stepped EXPECT_IN "stepped plugin project")
run(COMMAND "${CMAKE_COMMAND}" -S "${filter}" -B "${filter}/build" -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(COMMAND "${CMAKE_COMMAND}" --build "${filter}/build")
run(COMMAND "${prefix}/bin/dtop" --plugin-path "${filter}/build" describe my-filter EXPECT_IN "stepped")
run(COMMAND "${prefix}/bin/dtop" --plugin-path "${filter}/build" run scenario.yaml --out "${WORK_DIR}/my-filter-out" -q
    WORKING_DIRECTORY "${filter}")
# A unit step through tau y' = u - y, tau = 0.1 s, step 0.01 s: y_k = 1 - exp(-0.1 k), so 1 - 1/e at t = 0.1 s.
file(STRINGS "${WORK_DIR}/my-filter-out/filter.y.csv" rows)
list(GET rows 0 header)
list(GET rows 1 first)
list(GET rows 11 tenth)
if(NOT header STREQUAL "t (s),y (m)" OR NOT first STREQUAL "0,0" OR NOT tenth MATCHES "^0\\.1,0\\.632120558")
  message(FATAL_ERROR "unexpected low-pass output: ${header} / ${first} / ${tenth}")
endif()
# Its clock check runs in configure(): validate names the parameter.
run_fails(COMMAND "${prefix}/bin/dtop" --plugin-path "${filter}/build" validate scenario.yaml
          --set "filter.time_constant=0.001 s" WORKING_DIRECTORY "${filter}"
          EXPECT_IN "parameter 'time_constant': is 0.001000 s, shorter than the clock's step of 0.010000 s")

# 7. a unit string dtop cannot read fails the plugin's build with the message, on a rebuild too
set(bad "${WORK_DIR}/bad-unit")
file(WRITE "${bad}/CMakeLists.txt" [=[
cmake_minimum_required(VERSION 3.20)
project(bad_unit LANGUAGES CXX)
find_package(dtop 1 REQUIRED)
dtop_add_plugin(bad_unit SOURCES bad_unit.cpp)
]=])
file(COPY "${SOURCE_DIR}/tests/plugins/bad_unit.cpp" DESTINATION "${bad}")
run(COMMAND "${CMAKE_COMMAND}" -S "${bad}" -B "${bad}/build" -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
foreach(attempt 1 2)
  run_fails(COMMAND "${CMAKE_COMMAND}" --build "${bad}/build"
            EXPECT_IN "parameter 'length' has the unit 'metres', which dtop cannot read")
endforeach()
message(STATUS "e2e: all steps passed")
