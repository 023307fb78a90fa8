#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "http/curl_handle.h"

int main(int argc, char** argv) {
    // Once, before any handle, as in rfetch's own main.
    const rfetch::CurlGlobal curl;
    return Catch::Session().run(argc, argv);
}
