// curl's -w variables %{num_connects} and %{redirect_url}, and %{stderr} / %{stdout}, which
// pick the stream the rest of the format goes to. Learnt from curl's
// docs/cmdline-opts/write-out.md.

#include <catch2/catch.hpp>

#include "process.h"
#include "scripted_server.h"

using namespace rfetch::test;

TEST_CASE("write-out %{stderr} and %{stdout} send the text after them to that stream",
          "[curl][write-out]") {
    ScriptedServer server({{200, {}, "body"}});

    const ProcessResult run =
        run_rfetch({"-s", "-w", "[out1]%{stderr}[err %{http_code}]%{stdout}[out2]", server.url()});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "body[out1][out2]");
    CHECK(run.err == "[err 200]");
}

TEST_CASE("write-out %{num_connects} counts the connections the final exchange opened",
          "[curl][write-out]") {
    ScriptedServer server({{200, {}, "body"}});

    const ProcessResult run =
        run_rfetch({"-s", "-o", "/dev/null", "-w", "%{num_connects}", server.url()});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "1");
}

TEST_CASE("write-out %{redirect_url} names where an unfollowed redirect points",
          "[curl][write-out]") {
    ScriptedServer server({{302, {{"Location", "/elsewhere?x=1"}}, ""}});
    ScriptedServer followed({{302, {{"Location", "/there"}}, ""}, {200, {}, "here"}});

    const ProcessResult run = run_rfetch({"-s", "-w", "%{redirect_url}", server.url("/from")});
    const ProcessResult after =
        run_rfetch({"-s", "-L", "-w", "[%{redirect_url}]", followed.url("/from")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == server.url("/elsewhere?x=1"));
    REQUIRE(after.exit_code == 0);
    CHECK(after.out == "here[]");
}
