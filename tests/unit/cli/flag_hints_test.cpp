#include "cli/flag_hints.h"

#include <catch2/catch.hpp>

using rfetch::Setting;
using rfetch::with_flag_hint;

TEST_CASE("a reason that points to a setting names its flag", "[flag-hints]") {
    CHECK(with_flag_hint("Retry-After asks for 5m", Setting::max_retry_after) ==
          "Retry-After asks for 5m (raise --max-retry-after to wait that long)");
    CHECK(with_flag_hint("x", Setting::buffer) == "x (raise --buffer to keep it)");
    CHECK(with_flag_hint("x", Setting::max_filesize) == "x (raise --max-filesize to allow it)");
    CHECK(with_flag_hint("x", Setting::unsafe_retry) ==
          "x (use --idempotency-key or --retry-unsafe to allow it)");
}

TEST_CASE("a reason that points to no setting is left as it is", "[flag-hints]") {
    CHECK(with_flag_hint("status 404 is not retryable", Setting::none) ==
          "status 404 is not retryable");
}
