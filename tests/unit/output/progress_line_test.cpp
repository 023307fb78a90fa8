#include "core/output/progress_line.h"

#include <catch2/catch.hpp>

using namespace rfetch;
using std::chrono::milliseconds;

TEST_CASE("sizes are shown in binary units with one decimal", "[progress]") {
    CHECK(format_bytes(0) == "0 B");
    CHECK(format_bytes(1023) == "1023 B");
    CHECK(format_bytes(1536) == "1.5 KiB");
    CHECK(format_bytes(200ULL * 1024 * 1024) == "200.0 MiB");
    CHECK(format_bytes(3ULL * 1024 * 1024 * 1024) == "3.0 GiB");
}

TEST_CASE("a download of known size shows a bar, its share, the rate and an ETA", "[progress]") {
    const std::uint64_t mib = 1024 * 1024;
    CHECK(download_line(50 * mib, 200 * mib, milliseconds(2000)) ==
          "50.0 MiB / 200.0 MiB [######                  ]  25%  25.0 MiB/s  ETA 6s");
    CHECK(download_line(200 * mib, 200 * mib, milliseconds(4000)) ==
          "200.0 MiB / 200.0 MiB [########################] 100%  50.0 MiB/s");
    CHECK(download_line(mib, 3000 * mib, milliseconds(1000)) ==
          "1.0 MiB / 2.9 GiB [                        ]   0%  1.0 MiB/s  ETA 49m59s");
}

TEST_CASE("a download of unknown size shows bytes and the rate only", "[progress]") {
    CHECK(download_line(2 * 1024 * 1024, 0, milliseconds(1000)) == "2.0 MiB  2.0 MiB/s");
    CHECK(download_line(2 * 1024 * 1024, 0, milliseconds(0)) == "2.0 MiB");
}

TEST_CASE("a countdown says why it waits and how long is left", "[progress]") {
    CHECK(countdown_line("status 503, retry 2 of 5", Duration{3240}) ==
          "status 503, retry 2 of 5, next attempt in 3.2s");
}
