#include "cli/curl_protocols.h"

#include <catch2/catch.hpp>

#include "cli/usage_error.h"

using rfetch::read_protocol_list;
using rfetch::UsageError;
using Names = std::vector<std::string>;

namespace {

const Names kPreset{"ftp", "http", "https"};

Names allowed(const std::string& list) {
    return read_protocol_list("--proto", list, kPreset).allowed;
}

}  // namespace

TEST_CASE("a protocol list allows, denies and sets as curl's does", "[curl][proto]") {
    CHECK(allowed("=https") == Names{"https"});
    CHECK(allowed("-ftp") == Names{"http", "https"});
    CHECK(allowed("+dict") == Names{"dict", "ftp", "http", "https"});
    CHECK(allowed("dict") == Names{"dict", "ftp", "http", "https"});
    CHECK(allowed("-all,https,+http") == Names{"http", "https"});
    CHECK(allowed("=http,https") == Names{"http", "https"});
    CHECK(allowed("-all").empty());
    CHECK(allowed("=HTTPS") == Names{"https"});
    CHECK(allowed("=https,-https").empty());
    CHECK(allowed("all").size() > kPreset.size());
    CHECK(allowed(",,=http,") == Names{"http"});
}

TEST_CASE("an unknown protocol is warned about, and =unknown leaves none", "[curl][proto]") {
    const auto plain = read_protocol_list("--proto", "foo", kPreset);
    CHECK(plain.allowed == kPreset);
    CHECK(plain.warnings == Names{"unrecognized protocol 'foo'"});
    CHECK(read_protocol_list("--proto", "=foo", kPreset).allowed.empty());
}

TEST_CASE("a list entry that is modifiers alone or another sign is badly used", "[curl][proto]") {
    CHECK_THROWS_AS(allowed("="), UsageError);
    CHECK_THROWS_AS(allowed("http,+"), UsageError);
    CHECK_THROWS_AS(allowed("*"), UsageError);
    CHECK_THROWS_WITH(allowed("!http"), Catch::Contains("--proto"));
}
