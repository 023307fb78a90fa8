# Install rules, the Debian package and the other distributions' recipes.
#
#   cmake --install build --prefix /tmp/x         # the file tree below, under /tmp/x
#   cpack --config build/CPackConfig.cmake -G DEB # rfetch_<version>_<arch>.deb, under /usr
#   build/packaging/                              # the RPM spec, PKGBUILD and Homebrew formula
#
# Every rule belongs to the "rfetch" component, and CPack packages only that component, so a
# test or demo target that someday gets an install rule of its own cannot slip into the package.
# tests/packaging checks both file lists.

include(GNUInstallDirs)

install(TARGETS rfetch RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT rfetch)
install(FILES man/rfetch.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT rfetch)
# bash-completion loads completions on demand by command name, so the file is named after the
# command, without an extension.
install(FILES completions/rfetch.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME rfetch
        COMPONENT rfetch)
install(FILES completions/_rfetch
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions
        COMPONENT rfetch)
install(FILES completions/rfetch.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d
        COMPONENT rfetch)
# CMAKE_INSTALL_DOCDIR is share/doc/${PROJECT_NAME}, that is share/doc/rfetch.
install(FILES README.md LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT rfetch)

# --- CPack: the Debian package ------------------------------------------------------------------
set(CPACK_PACKAGE_NAME rfetch)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The rfetch authors")
set(CPACK_PACKAGE_CONTACT "rfetch maintainers <maintainers@users.noreply.b-seed-3089ef39.example>")
# Without the article: Debian, Homebrew and Arch all ask for a synopsis that does not start with
# one (lintian's description-synopsis-starts-with-article).
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "HTTP fetcher that retries well")
# Debian wants the lines of the extended description under 80 columns.
set(CPACK_PACKAGE_DESCRIPTION
    "rfetch fetches one URL over HTTP(S) with libcurl and retries the failures
that heal by themselves: exponential backoff with jitter, the server's
Retry-After, a deadline for the whole run, no blind retries of a POST, and
a JSON line on stderr for every attempt.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_RESOURCE_FILE_README ${PROJECT_SOURCE_DIR}/README.md)

# `cpack` and the `package` target make the .deb unless told otherwise with -G.
set(CPACK_GENERATOR DEB)
# `cpack --config CPackSourceConfig.cmake` makes a source tarball from the work tree, less .git and
# build trees; packaging/ uses the git archive one.
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_PACKAGE_FILE_NAME rfetch-${PROJECT_VERSION})
# In a git worktree .git is a file, not a directory.
set(CPACK_SOURCE_IGNORE_FILES "/\\.git(/|$)" "/build[^/]*/" "/\\.cache/" "/compile_commands\\.json$")

# Only the rfetch component goes into the package (fields: build dir, project, component, subdir).
set(CPACK_INSTALL_CMAKE_PROJECTS "${PROJECT_BINARY_DIR};rfetch;rfetch;/")
# A package carries a stripped binary whatever the build type (Debian Policy §10.1).
set(CPACK_STRIP_FILES ON)
# Directories are 0755 whatever the umask of whoever runs cpack.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE
    GROUP_READ GROUP_EXECUTE
    WORLD_READ WORLD_EXECUTE)

set(CPACK_DEBIAN_PACKAGE_NAME rfetch)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# dpkg-shlibdeps (from dpkg-dev) reads the binary's NEEDED entries and the shlibs/symbols files
# of the installed libraries, and writes Depends: libc6, libcurl4 (and libgcc-s1, libstdc++6
# with -DRFETCH_STATIC_LIBSTDCXX=OFF) with the right minimum versions. Without dpkg-shlibdeps
# CPack leaves Depends empty.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# rfetch_<version>_<arch>.deb, the name Debian tools expect.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The find_package(CURL 7.85) of CMakeLists.txt: dpkg-shlibdeps alone would ask for less.
set(CPACK_RFETCH_MIN_LIBCURL 7.85)
set(CPACK_RFETCH_DEB_CHANGELOG ${PROJECT_SOURCE_DIR}/packaging/deb/changelog)
# What cmake --install does not do and a .deb needs, in the package's staging tree only: the man
# page compressed (Debian Policy §12.1), the copyright file and the changelog, and the libcurl bound.
set(CPACK_PRE_BUILD_SCRIPTS
    ${PROJECT_SOURCE_DIR}/packaging/deb/compress-man-pages.cmake
    ${PROJECT_SOURCE_DIR}/packaging/deb/doc-files.cmake
    ${PROJECT_SOURCE_DIR}/packaging/deb/shlibs-local.cmake)

include(CPack)

# --- The other recipes ----------------------------------------------------------------------------
# Written into the build tree with the project's version, so that no recipe states a version of its
# own. Their changelogs, which are history, are checked against it by tests/packaging.
foreach(recipe rfetch.spec arch/PKGBUILD homebrew/rfetch.rb)
  configure_file(${PROJECT_SOURCE_DIR}/packaging/${recipe}.in ${PROJECT_BINARY_DIR}/packaging/${recipe}
                 @ONLY)
endforeach()
