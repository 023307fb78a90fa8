# CPack pre-build script (CPACK_PRE_BUILD_SCRIPTS, set in cmake/Packaging.cmake): runs on the
# package's staging tree after the install rules and before the .deb is made.
#
# Debian Policy §12.1: man pages are installed compressed with "gzip -9n" (-n keeps the name and
# time stamp out of the header, so the package builds reproducibly). cmake --install is left alone
# and installs the plain page, which man(1) reads just as well.
if(NOT CPACK_GENERATOR STREQUAL "DEB")
  return()
endif()

find_program(RFETCH_GZIP gzip REQUIRED)
file(GLOB_RECURSE man_pages LIST_DIRECTORIES false
     "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/share/man/man[1-9]/*.[1-9]")
foreach(page IN LISTS man_pages)
  execute_process(COMMAND "${RFETCH_GZIP}" -9nf "${page}" COMMAND_ERROR_IS_FATAL ANY)
endforeach()
