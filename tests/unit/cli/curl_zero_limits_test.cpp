// curl's "no limit" values: 0 for its time, size and rate limits, -1 for --max-redirs. A curl
// command line that turns a limit off keeps it off under rfetch; rfetch's own flags keep
// refusing a zero that would mean nothing.

#include <catch2/catch.hpp>
#include <sstream>

#include "cli/config_builder.h"
#include "cli/usage_error.h"
#include "config_building.h"

using namespace rfetch;
using rfetch::test::build;
using rfetch::test::usage_error;
using rfetch::test::with_url;

TEST_CASE("curl's -m 0 (0.0, 0s) is no limit on an attempt, even beside --timeout",
          "[config][curl]") {
    const std::string zero = GENERATE("0", "0.0", "0s", "0ms");
    INFO(zero);
    RawOptions raw = with_url();
    raw.max_time = zero;
    CHECK_FALSE(build(raw).limits.attempt_timeout);
    raw.timeout = "5s";
    CHECK_FALSE(build(raw).limits.attempt_timeout);

    raw.max_time = "1.5";
    CHECK(build(raw).limits.attempt_timeout == Duration{1500});
}

TEST_CASE("rfetch's own --timeout still refuses 0", "[config][curl]") {
    RawOptions raw = with_url();
    raw.timeout = "0";
    CHECK(usage_error(raw) == "--timeout: '0' must be longer than zero");
}

TEST_CASE("curl's --retry-max-time 0 sets no retry time limit", "[config][curl]") {
    RawOptions raw = with_url();
    raw.retry_max_time = "0";
    CHECK_FALSE(build(raw).policy.retry_window);
    raw.retry_max_time = "10";
    CHECK(build(raw).policy.retry_window == Duration{10'000});
    raw.retry_max_time = "-1";
    CHECK_THAT(usage_error(raw), Catch::Contains("--retry-max-time: '-1' is not a duration"));
}

TEST_CASE(
    "a --connect-timeout of 0 is libcurl's own limit of 300s, as in curl, and reserves nothing "
    "before the deadline",
    "[config][curl]") {
    RawOptions raw = with_url();
    raw.connect_timeout = "0";
    const Config config = build(raw);
    CHECK(config.limits.connect_timeout == Duration{300'000});
    CHECK_FALSE(config.policy.connect_timeout);
}

TEST_CASE(
    "curl's --max-redirs -1 follows any number of redirects, and any count of 0 or more is a "
    "limit",
    "[config][curl]") {
    RawOptions raw = with_url();
    raw.max_redirs = "-1";
    CHECK_FALSE(build(raw).transfer.max_redirects);
    raw.max_redirs = "0";
    CHECK(build(raw).transfer.max_redirects == 0);
    raw.max_redirs = "5000";
    CHECK(build(raw).transfer.max_redirects == 5000);
    raw.max_redirs = "-2";
    CHECK(usage_error(raw) ==
          "--max-redirs: '-2' is not a whole number of redirects, or -1 for no limit");
}

TEST_CASE("curl's --limit-rate 0 sets no rate limit", "[config][curl]") {
    RawOptions raw = with_url();
    raw.limit_rate = "0";
    CHECK_FALSE(build(raw).transfer.max_receive_speed);
    raw.limit_rate = "0k";
    CHECK_FALSE(build(raw).transfer.max_receive_speed);
    raw.limit_rate = "2k";
    CHECK(build(raw).transfer.max_receive_speed == 2048U);
}

TEST_CASE("curl's --max-filesize 0 sets no size limit", "[config][curl]") {
    RawOptions raw = with_url();
    raw.max_filesize = "0";
    CHECK_FALSE(build(raw).transfer.max_body_bytes);
    raw.max_filesize = "1";
    CHECK(build(raw).transfer.max_body_bytes == 1U);
}

TEST_CASE("curl's --retry 0 retries nothing, and --retry-delay 0 keeps the backoff",
          "[config][curl]") {
    RawOptions raw = with_url();
    raw.curl_retry = "0";
    raw.retry_delay = "0";
    const Config config = build(raw);
    CHECK(config.policy.retries == 0);
    CHECK(config.policy.backoff.base == Duration{1000});
    CHECK(config.policy.backoff.jitter == JitterMode::full);
}

TEST_CASE("curl's --rate 0 is refused, as curl refuses it", "[config][curl]") {
    RawOptions raw = with_url();
    raw.rate = GENERATE("0", "0/s");
    CHECK_THAT(usage_error(raw), Catch::Contains("--rate: '" + *raw.rate + "' is not a rate"));
}

TEST_CASE("curl's --parallel-max 0 is the default of 50, and a count past 500 is held at 500",
          "[config][curl]") {
    RawOptions raw = with_url();
    raw.parallel = true;
    raw.parallel_max = "0";
    CHECK(build(raw).parallel_max == 50);
    CHECK(build(raw).warnings.empty());
    raw.parallel_max = GENERATE("501", "99999999999999999999999");
    const Config held = build(raw);
    CHECK(held.parallel_max == 500);
    CHECK(held.warnings ==
          std::vector<std::string>{"--parallel-max: '" + *raw.parallel_max +
                                   "' is held at 500: each URL under way holds a connection"});
}
