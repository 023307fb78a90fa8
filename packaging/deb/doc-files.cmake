# CPack pre-build script (CPACK_PRE_BUILD_SCRIPTS, set in cmake/Packaging.cmake): adds the two
# files every Debian package carries in /usr/share/doc/<package> (Debian Policy §12.5 and §12.7),
# which `cmake --install` leaves out:
#
# - copyright, in the machine-readable format, written from LICENSE so that the licence text has
#   one source;
# - changelog.gz, packaging/deb/changelog compressed with "gzip -9n". The package's version has no
#   Debian revision, which makes it a native package: its changelog is changelog.gz, not
#   changelog.Debian.gz.
if(NOT CPACK_GENERATOR STREQUAL "DEB")
  return()
endif()

set(doc_dir
    "${CPACK_TEMPORARY_INSTALL_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}/share/doc/${CPACK_DEBIAN_PACKAGE_NAME}")
file(MAKE_DIRECTORY "${doc_dir}")

# LICENSE: a title line, the "Copyright (c) YEAR HOLDER" line, then the permission text.
file(STRINGS "${CPACK_RESOURCE_FILE_LICENSE}" notice REGEX "^Copyright ")
string(REGEX REPLACE "^Copyright (\\([cC]\\) )?" "" notice "${notice}")
file(READ "${CPACK_RESOURCE_FILE_LICENSE}" license)
string(REGEX REPLACE "^.*\nPermission" "Permission" license "${license}")
string(STRIP "${license}" license)
# In a copyright file the licence text is a continuation: each line indented, an empty one as " .".
string(REPLACE "\n\n" "\n.\n" license "${license}")
string(REPLACE "\n" "\n " license "${license}")
if(notice STREQUAL "" OR NOT license MATCHES "^Permission is hereby granted")
  message(FATAL_ERROR "${CPACK_RESOURCE_FILE_LICENSE} is not the MIT licence this script expects")
endif()
file(WRITE "${doc_dir}/copyright"
     "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
     "Upstream-Name: ${CPACK_DEBIAN_PACKAGE_NAME}\n"
     "Upstream-Contact: ${CPACK_PACKAGE_CONTACT}\n"
     "\n"
     "Files: *\n"
     "Copyright: ${notice}\n"
     "License: Expat\n"
     " ${license}\n")

find_program(RFETCH_GZIP gzip REQUIRED)
execute_process(COMMAND "${RFETCH_GZIP}" -9nc "${CPACK_RFETCH_DEB_CHANGELOG}"
                OUTPUT_FILE "${doc_dir}/changelog.gz"
                COMMAND_ERROR_IS_FATAL ANY)
