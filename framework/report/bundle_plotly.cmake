# Build step (cmake -P): plotly.js for the run report, from the npm registry, checked against the
# pinned SHA-256 and copied to share/dtop/report/. The page inlines it, so reports work offline.
#   -DNPM=<npm>          the npm client (unless SOURCE is given)
#   -DVERSION=<x.y.z>    plotly.js-dist-min version (pinned in framework/CMakeLists.txt)
#   -DSHA256=<hex>       SHA-256 of that version's plotly.min.js
#   -DWORK_DIR=<dir>     where npm installs the package
#   -DOUTPUT=<file>      where plotly.min.js goes
#   -DSOURCE=<file>      optional: a plotly.min.js obtained elsewhere (offline builds), checked the same way
if(SOURCE)
  set(js "${SOURCE}")
else()
  execute_process(
    COMMAND "${NPM}" install --prefix "${WORK_DIR}" --no-audit --no-fund --loglevel=error "plotly.js-dist-min@${VERSION}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "npm could not install plotly.js-dist-min@${VERSION} from the npm registry (exit ${rc}):\n${err}\n"
                        "The run report (dtop report) inlines plotly.js, bundled here at build time. Without access to the "
                        "registry, get the package's plotly.min.js once elsewhere and configure with "
                        "-DDTOP_PLOTLY_JS=/path/to/plotly.min.js (it is checked against the same SHA-256).")
  endif()
  set(js "${WORK_DIR}/node_modules/plotly.js-dist-min/plotly.min.js")
endif()
if(NOT EXISTS "${js}")
  message(FATAL_ERROR "plotly.js: ${js} does not exist")
endif()
file(SHA256 "${js}" got)
if(NOT got STREQUAL SHA256)
  message(FATAL_ERROR "plotly.js: ${js} is not plotly.js-dist-min ${VERSION}: its SHA-256 is ${got}, expected ${SHA256}")
endif()
get_filename_component(dir "${OUTPUT}" DIRECTORY)
file(MAKE_DIRECTORY "${dir}")
file(COPY_FILE "${js}" "${OUTPUT}")
