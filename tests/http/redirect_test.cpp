// Redirects of a custom method, which the transport follows itself: each hop's request is
// what RFC 9110 §15.4 asks for, on the blocking and the multi transport alike.

#include <catch2/catch.hpp>

#include "http/redirect_chain.h"
#include "raw_server.h"
#include "scripted_server.h"
#include "transport_fixture.h"

using namespace rfetch;
using namespace rfetch::test;

TEST_CASE("a PUT keeps its body through a 308, then a 303 makes it a GET", "[redirect]") {
    // The 308 comes late, so the total time shows it counts every hop.
    ScriptedServer server(
        {{308, {{"Location", "/moved"}}, "body of the 308", std::chrono::milliseconds{200}},
         {303, {{"Location", "/see"}}, "body of the 303"},
         {200, {}, "done"}});
    TransferSettings transfer;
    transfer.follow_redirects = true;
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi), transfer);

    const AttemptResult result = transport.perform(request_for(server.url(), "PUT", "payload"));

    CHECK_FALSE(result.failure);
    REQUIRE(result.response);
    CHECK(result.response->status == 200);
    CHECK(result.response->method == "GET");
    CHECK(result.response->effective_url == server.url("/see"));
    CHECK(transport.body() == "done");  // no redirect's body reaches the sink
    CHECK(result.response->timings.total >= std::chrono::milliseconds(200));
    const auto seen = server.requests();
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].method == "PUT");
    CHECK(seen[1].method == "PUT");
    CHECK(seen[1].target == "/moved");
    CHECK(seen[1].body == "payload");
    CHECK(seen[2].method == "GET");
    CHECK(seen[2].body.empty());
}

TEST_CASE("without -L a redirect of a custom method is the answer", "[redirect]") {
    ScriptedServer server({{307, {{"Location", "/moved"}}, "see /moved"}});
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi));

    const AttemptResult result = transport.perform(request_for(server.url(), "DELETE"));

    REQUIRE(result.response);
    CHECK(result.response->status == 307);
    CHECK(result.response->method == "DELETE");
    CHECK(transport.body() == "see /moved");
    CHECK(server.request_count() == 1);
}

TEST_CASE("a request the first server answered with a redirect counts as sent", "[redirect]") {
    // The POST reached the first server, which may have acted on it: a connect failure on the
    // way to the next must not make a repeat look safe.
    RawServer server({{RawMove::reply,
                       "HTTP/1.1 307 Temporary Redirect\r\nLocation: "
                       "http://127.0.0.1:" +
                           std::to_string(unused_port()) + "/\r\nContent-Length: 0\r\n\r\n"}});
    TransferSettings transfer;
    transfer.follow_redirects = true;
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi), transfer);

    const AttemptResult result = transport.perform(request_for(server.url(), "POST"));

    REQUIRE(result.failure);
    CHECK(result.failure->kind == FailureKind::connect);
    CHECK(result.request_sent);
    CHECK(server.request_count() == 1);
}

TEST_CASE("a redirect whose Retry-After asks for a wait is followed after it", "[redirect]") {
    ScriptedServer server({{302, {{"Location", "/later"}, {"Retry-After", "1"}}, "body of the 302"},
                           {200, {}, "done"}});
    TransferSettings transfer;
    transfer.follow_redirects = true;
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi), transfer);

    const AttemptResult result = transport.perform(request_for(server.url()));

    CHECK_FALSE(result.failure);
    REQUIRE(result.response);
    CHECK(result.response->status == 200);
    CHECK(result.response->effective_url == server.url("/later"));
    CHECK(transport.body() == "done");
    REQUIRE(result.redirect_waits.size() == 1);
    CHECK(result.redirect_waits[0].verdict == RedirectWait::Verdict::wait);
    CHECK(result.redirect_waits[0].status == 302);
    CHECK(result.redirect_waits[0].asked == Duration{1000});
    CHECK(result.redirect_waits[0].waited >= Duration{1000});
    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(gap_ms(seen) >= 1000);
}

TEST_CASE("a redirect whose wait reaches the deadline ends the attempt there", "[redirect]") {
    ScriptedServer server(
        {{303, {{"Location", "/later"}, {"Retry-After", "1"}}, "see later"}, {200, {}, "done"}});
    TransferSettings transfer;
    transfer.follow_redirects = true;
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi), transfer);
    AttemptLimits limits;
    limits.total = Duration{500};
    limits.time_left = Duration{500};

    const AttemptResult result = transport.perform(request_for(server.url()), limits);

    CHECK_FALSE(result.failure);
    REQUIRE(result.response);
    CHECK(result.response->status == 303);
    CHECK(transport.body().empty());
    REQUIRE(result.redirect_waits.size() == 1);
    CHECK(result.redirect_waits[0].verdict == RedirectWait::Verdict::past_deadline);
    CHECK(result.redirect_waits[0].waited == Duration{0});
    CHECK(server.request_count() == 1);
}

TEST_CASE("a waiting redirect after one libcurl followed keeps its method and the redirect count",
          "[redirect]") {
    // libcurl follows the 302 itself and makes the POST a GET; the 307 that asks for a wait is
    // followed by rfetch, which must send that GET again, not the POST.
    ScriptedServer server({{302, {{"Location", "/one"}}, ""},
                           {307, {{"Location", "/two"}, {"Retry-After", "1"}}, ""},
                           {200, {}, "done"}});
    TransferSettings transfer;
    transfer.follow_redirects = true;
    const long max_redirects = GENERATE(10L, 1L);
    transfer.max_redirects = max_redirects;
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi), transfer);

    const AttemptResult result = transport.perform(request_for(server.url(), "POST", "form"));

    const auto seen = server.requests();
    if (max_redirects == 1) {
        // One more than allowed, and refused before any wait.
        REQUIRE(result.failure);
        CHECK(result.failure->kind == FailureKind::redirects);
        CHECK(result.redirect_waits.empty());
        CHECK(seen.size() == 2);
        return;
    }
    CHECK_FALSE(result.failure);
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].method == "POST");
    CHECK(seen[1].method == "GET");
    CHECK(seen[2].method == "GET");
    CHECK(seen[2].target == "/two");
    CHECK(seen[2].body.empty());
}

TEST_CASE("a redirect's wait is judged from the Retry-After read as its head arrived",
          "[redirect]") {
    // The exchange reads Retry-After once, as the head arrives: the chain judges that reading,
    // and never reads the field again against a later clock.
    const Request first{"GET", "http://a.test/", {}, std::nullopt};
    TransferSettings transfer;
    transfer.follow_redirects = true;
    AttemptLimits limits;
    limits.time_left = Duration{10'000};
    const RedirectChain chain(first, transfer, limits, Duration{120'000});
    Redirect redirect;
    redirect.status = 302;
    redirect.url = "http://a.test/next";
    redirect.asked_wait = Duration{1500};

    const auto wait = chain.wait_before(redirect);

    REQUIRE(wait);
    CHECK(wait->asked == Duration{1500});
    CHECK(wait->verdict == RedirectWait::Verdict::wait);
    redirect.asked_wait.reset();
    CHECK_FALSE(chain.wait_before(redirect));
}
