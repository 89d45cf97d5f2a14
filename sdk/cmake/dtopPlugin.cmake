# dtop_add_plugin(<target> SOURCES <file>... [LINK <library>...] [NO_MANIFEST] [NO_INSTALL])
#
# Builds one dtop plugin: a MODULE library `<target>.so` that exports only `dtop_plugin_entry`, then
# writes its manifest `<target>.dtop.json` beside it by running `dtop manifest <library>` (so that
# `dtop plugins`, `describe` and `validate` need not load it), and declares its installation.
#
#   SOURCES  the plugin's source files (one of them uses DTOP_PLUGIN(...))
#   LINK     extra libraries to link, privately (dtop::sdk is always linked)
#   NO_MANIFEST  write no manifest (e.g. a test plugin that is meant to fail dtop's handshake)
#   NO_INSTALL   declare no installation (e.g. test plugins)
#
# Variables read (all optional):
#   DTOP_EXECUTABLE         the dtop that writes manifests out of tree; dtopConfig.cmake sets it to the
#                           installed <prefix>/bin/dtop if that exists. Without one, no manifest is
#                           written and dtop loads the library to describe the plugin.
#   DTOP_PLUGIN_MANIFESTS   set it OFF to never write manifests.
#   DTOP_PLUGIN_OUTPUT_DIR  where the library is built (in-tree: the build tree's lib/dtop/plugins);
#                           unset: the current build directory.
#   DTOP_PLUGIN_INSTALL_DIR where `cmake --install` puts it; default ${CMAKE_INSTALL_LIBDIR}/dtop/plugins,
#                           which dtop searches when the plugin is installed to dtop's own prefix.
#
# In the dtop source tree (global property DTOP_IN_TREE, set by sdk/CMakeLists.txt) the manifest is
# written by the `dtop` target built alongside, and plugins compile with dtop_strict_warnings().
include_guard(GLOBAL)
if(CMAKE_VERSION VERSION_LESS 3.18)
  message(FATAL_ERROR "dtop_add_plugin() needs CMake 3.18 or later (this is ${CMAKE_VERSION})")
endif()
include(GNUInstallDirs)

function(dtop_add_plugin target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "NO_MANIFEST;NO_INSTALL" "" "SOURCES;LINK")
  if(ARG_UNPARSED_ARGUMENTS OR ARG_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR "dtop_add_plugin(${target}): unexpected arguments '${ARG_UNPARSED_ARGUMENTS}'; "
                        "usage: dtop_add_plugin(<target> SOURCES <files...> [LINK <libs...>] [NO_MANIFEST] [NO_INSTALL])")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "dtop_add_plugin(${target}): no SOURCES given")
  endif()
  if(NOT TARGET dtop::sdk)
    message(FATAL_ERROR "dtop_add_plugin(${target}): the target dtop::sdk does not exist; "
                        "call find_package(dtop 1 REQUIRED) first")
  endif()
  get_property(in_tree GLOBAL PROPERTY DTOP_IN_TREE)

  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE dtop::sdk ${ARG_LINK})
  target_compile_features(${target} PRIVATE cxx_std_20)
  set_target_properties(${target} PROPERTIES
    PREFIX ""                       # <target>.so, not lib<target>.so
    CXX_VISIBILITY_PRESET hidden    # nothing but DTOP_PLUGIN's entry symbol is visible...
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(NOT APPLE AND NOT WIN32)
    # ...and the linker makes sure of it: libstdc++ gives its template instantiations default
    # visibility whatever the preset, and would otherwise export them (and mark the library as
    # impossible to unload, for its STB_GNU_UNIQUE symbols).
    set(exports "${CMAKE_CURRENT_BINARY_DIR}/dtop_plugin_exports.map")
    file(CONFIGURE OUTPUT "${exports}" CONTENT "{\n  global: dtop_plugin_entry;\n  local: *;\n};\n")
    target_link_options(${target} PRIVATE "LINKER:--version-script=${exports}")
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${exports}")
  endif()
  if(DEFINED DTOP_PLUGIN_OUTPUT_DIR AND NOT DTOP_PLUGIN_OUTPUT_DIR STREQUAL "")
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${DTOP_PLUGIN_OUTPUT_DIR}")
  endif()
  if(in_tree AND COMMAND dtop_strict_warnings)
    dtop_strict_warnings(${target})
  endif()

  if(DTOP_PLUGIN_INSTALL_DIR)
    set(dest "${DTOP_PLUGIN_INSTALL_DIR}")
  else()
    set(dest "${CMAKE_INSTALL_LIBDIR}/dtop/plugins")
  endif()
  if(in_tree AND NOT IS_ABSOLUTE "${dest}")
    # Installed plugins find the project's shared libraries in lib/ (CMAKE_INSTALL_RPATH is meant for bin/).
    file(RELATIVE_PATH to_libdir "/${dest}" "/${CMAKE_INSTALL_LIBDIR}")
    set_target_properties(${target} PROPERTIES INSTALL_RPATH "$ORIGIN/${to_libdir}")
  endif()

  # --- The manifest: which dtop writes it ---
  set(dtop_exe "")
  set(why "")
  if(ARG_NO_MANIFEST)
    set(why "NO_MANIFEST")
  elseif(DEFINED DTOP_PLUGIN_MANIFESTS AND NOT DTOP_PLUGIN_MANIFESTS)
    set(why "DTOP_PLUGIN_MANIFESTS is off")
  elseif(CMAKE_CROSSCOMPILING)
    set(why "cross-compiling: this machine cannot run dtop")
  elseif(in_tree AND TARGET dtop)
    set(dtop_exe "$<TARGET_FILE:dtop>")
    add_dependencies(${target} dtop)
  elseif(DTOP_EXECUTABLE AND EXISTS "${DTOP_EXECUTABLE}")
    set(dtop_exe "${DTOP_EXECUTABLE}")
  elseif(in_tree)
    set(why "no `dtop` target yet (declare plugins after the host)")
  else()
    set(why "no dtop executable found (install dtop to the prefix you pass in CMAKE_PREFIX_PATH, "
            "or set DTOP_EXECUTABLE)")
  endif()

  set(manifest "$<TARGET_FILE_DIR:${target}>/$<TARGET_FILE_BASE_NAME:${target}>.dtop.json")
  if(dtop_exe)
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND "${dtop_exe}" manifest "$<TARGET_FILE:${target}>"
      COMMENT "Writing the dtop manifest of ${target}"
      VERBATIM)
    set_property(TARGET ${target} APPEND PROPERTY ADDITIONAL_CLEAN_FILES "${manifest}")
  else()
    string(CONCAT why ${why})
    if(NOT ARG_NO_MANIFEST)
      message(STATUS "dtop_add_plugin(${target}): not writing a manifest: ${why}. "
                     "dtop will load the library to describe the plugin.")
    endif()
    # A manifest left by an earlier build would be stale: remove it.
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND "${CMAKE_COMMAND}" -E rm -f "${manifest}"
      VERBATIM)
  endif()

  # --- Installation ---
  if(ARG_NO_INSTALL)
    return()
  endif()
  install(TARGETS ${target} LIBRARY DESTINATION "${dest}")
  if(dtop_exe)
    # The manifest records the library's SHA-256, and installing may change the file (RPATH rewrite,
    # --strip): write it again for the installed copy rather than copying the build tree's.
    if(IS_ABSOLUTE "${dest}")
      set(installed "\$ENV{DESTDIR}${dest}/$<TARGET_FILE_NAME:${target}>")
    else()
      set(installed "\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${dest}/$<TARGET_FILE_NAME:${target}>")
    endif()
    install(CODE "
      message(STATUS \"Writing the dtop manifest of ${installed}\")
      execute_process(COMMAND \"${dtop_exe}\" manifest \"${installed}\" RESULT_VARIABLE dtop_manifest_rc)
      if(NOT dtop_manifest_rc EQUAL 0)
        message(WARNING \"dtop manifest failed for ${installed}; dtop will load the library to describe it\")
      endif()")
  endif()
endfunction()
