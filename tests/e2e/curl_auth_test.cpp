// curl's auth flags: which credentials the server saw, on which request and at which host.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "process.h"
#include "scripted_server.h"

using namespace rfetch::test;

namespace {

using Values = std::vector<std::string>;

const ScriptedReply kBasicChallenge{
    401, {{"WWW-Authenticate", "Basic realm=\"r\""}}, "who are you"};

}  // namespace

TEST_CASE("location trusted (--location-trusted) sends -u to the host a redirect leads to",
          "[curl][auth]") {
    ScriptedServer elsewhere({{200, {}, "arrived"}});
    ScriptedServer first({{302, {{"Location", elsewhere.url("/b")}}, ""}});

    const ProcessResult trusted = run_rfetch({"-u", "u:p", "--location-trusted", first.url("/a"),
                                              "-H", "Cookie: c=1", "--retries", "0"});

    INFO(trusted.err);
    REQUIRE(trusted.exit_code == 0);
    CHECK(trusted.out == "arrived");
    REQUIRE(elsewhere.request_count() == 1);
    CHECK(elsewhere.requests().at(0).header_values("Authorization") == Values{"Basic dTpw"});
    CHECK(elsewhere.requests().at(0).header_values("Cookie") == Values{"c=1"});

    // -L alone keeps them for the first host.
    const ProcessResult location =
        run_rfetch({"-u", "u:p", "-L", first.url("/a"), "-H", "Cookie: c=1", "--retries", "0"});
    REQUIRE(location.exit_code == 0);
    REQUIRE(elsewhere.request_count() == 2);
    CHECK(elsewhere.requests().at(1).header_values("Authorization").empty());
    CHECK(elsewhere.requests().at(1).header_values("Cookie").empty());
}

TEST_CASE("location trusted (--location-trusted) holds for the redirects rfetch follows itself",
          "[curl][auth]") {
    ScriptedServer elsewhere({{200, {}, "stored"}});
    ScriptedServer first({{307, {{"Location", elsewhere.url("/b")}}, ""}});

    // libcurl would send a PUT's body nowhere after a redirect, so rfetch follows this one.
    const ProcessResult run =
        run_rfetch({"-u", "u:p", "--location-trusted", "-X", "PUT", "-d", "body", first.url("/a"),
                    "-H", "Cookie: c=2", "--retries", "0"});

    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    REQUIRE(elsewhere.request_count() == 1);
    const SeenRequest request = elsewhere.requests().at(0);
    CHECK(request.method == "PUT");
    CHECK(request.body == "body");
    CHECK(request.header_values("Authorization") == Values{"Basic dTpw"});
    CHECK(request.header_values("Cookie") == Values{"c=2"});
}

TEST_CASE(
    "negotiate (--negotiate) sends no Basic for -u :, and a challenge it cannot meet ends "
    "with the 401",
    "[curl][auth]") {
    ScriptedServer open({{200, {}, "open"}});

    const ProcessResult plain = run_rfetch({"-u", ":", open.url("/"), "--retries", "0"});
    REQUIRE(plain.exit_code == 0);
    CHECK(open.requests().at(0).header_values("Authorization") == Values{"Basic Og=="});

    const ProcessResult negotiate =
        run_rfetch({"-u", ":", "--negotiate", open.url("/"), "--retries", "0"});
    REQUIRE(negotiate.exit_code == 0);
    CHECK(negotiate.out == "open");
    CHECK(open.requests().at(1).header_values("Authorization").empty());

    // No Kerberos ticket on this machine: libcurl has no token to send.
    ScriptedServer guarded({{401, {{"WWW-Authenticate", "Negotiate"}}, "no ticket"}});
    const ProcessResult refused =
        run_rfetch({"-u", ":", "--negotiate", guarded.url("/"), "--retries", "0"});
    CHECK(refused.exit_code == 22);
    CHECK(refused.out.empty());
    CHECK(guarded.request_count() == 1);
}

TEST_CASE("no basic (--no-basic) takes Basic out of --anyauth, and alone changes nothing",
          "[curl][auth]") {
    ScriptedServer anyauth({kBasicChallenge, {200, {}, "welcome"}});
    const ProcessResult with_basic =
        run_rfetch({"-u", "u:p", "--anyauth", anyauth.url("/"), "--retries", "0"});
    REQUIRE(with_basic.exit_code == 0);
    CHECK(with_basic.out == "welcome");
    REQUIRE(anyauth.request_count() == 2);
    CHECK(anyauth.requests().at(1).header_values("Authorization") == Values{"Basic dTpw"});

    ScriptedServer no_basic({kBasicChallenge, {200, {}, "welcome"}});
    const ProcessResult without =
        run_rfetch({"-u", "u:p", "--anyauth", "--no-basic", no_basic.url("/"), "--retries", "0"});
    CHECK(without.exit_code == 22);
    REQUIRE(no_basic.request_count() == 1);
    CHECK(no_basic.requests().at(0).header_values("Authorization").empty());

    // As in curl, where it leaves no scheme and so libcurl's default, Basic.
    ScriptedServer alone({{200, {}, "ok"}});
    const ProcessResult basic_stays =
        run_rfetch({"-u", "u:p", "--basic", "--no-basic", alone.url("/"), "--retries", "0"});
    REQUIRE(basic_stays.exit_code == 0);
    CHECK(alone.requests().at(0).header_values("Authorization") == Values{"Basic dTpw"});
}
