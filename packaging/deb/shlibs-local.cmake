# CPack pre-build script (CPACK_PRE_BUILD_SCRIPTS, set in cmake/Packaging.cmake): raises the lower
# bound of the libcurl dependency to the version rfetch needs.
#
# dpkg-shlibdeps takes a library's minimum version from the symbols it uses, which says 7.80 for
# libcurl, but rfetch asks find_package() for 7.85 and relies on its behaviour. A
# debian/shlibs.local entry overrides the library's own symbols and shlibs files
# (dpkg-shlibdeps(1)); CPack runs dpkg-shlibdeps in the staging tree and removes its debian/
# directory afterwards, so the file does not reach the package (tests/packaging checks both).
if(NOT CPACK_GENERATOR STREQUAL "DEB" OR NOT CPACK_DEBIAN_PACKAGE_SHLIBDEPS)
  return()
endif()
find_program(RFETCH_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(NOT RFETCH_DPKG_SHLIBDEPS)
  return()  # CPack then writes no Depends at all, and leaves no debian/ to remove.
endif()

# From Debian 13 the library's package is libcurl4t64; depend on the one installed here.
set(package libcurl4)
execute_process(COMMAND dpkg-query -W -f=\${Status} libcurl4t64
                OUTPUT_VARIABLE status ERROR_QUIET)
if(status MATCHES "install ok installed")
  set(package libcurl4t64)
endif()
file(WRITE "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/debian/shlibs.local"
     "libcurl 4 ${package} (>= ${CPACK_RFETCH_MIN_LIBCURL})\n")
