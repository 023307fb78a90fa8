// tcp:// targets on both transports: a connect-only attempt sends nothing, keeps nothing open,
// and leaves the handle good for the next attempt.

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "raw_server.h"
#include "transport_fixture.h"

using namespace rfetch;
using namespace rfetch::test;

namespace {

std::string tcp_target(int port) {
    return "tcp://127.0.0.1:" + std::to_string(port);
}

// The established TCP connections from this machine to 127.0.0.1:`port`, from /proc/net/tcp:
// the client ends, which a connection kept after its attempt would add to.
int connections_to(int port) {
    std::ifstream table("/proc/net/tcp");
    std::string line;
    std::getline(table, line);  // the heading
    std::ostringstream remote;
    remote << "0100007F:" << std::uppercase << std::hex;
    remote.width(4);
    remote.fill('0');
    remote << port;
    int count = 0;
    while (std::getline(table, line)) {
        std::istringstream fields(line);
        std::string slot, local, peer, state;
        fields >> slot >> local >> peer >> state;
        if (peer == remote.str() && state == "01") {
            ++count;
        }
    }
    return count;
}

}  // namespace

TEST_CASE("a tcp:// attempt connects, sends nothing and keeps no connection open", "[tcp]") {
    RawServer server({RawStep(RawMove::hang, "")});
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi));

    for (int i = 0; i < 5; ++i) {
        const AttemptResult result = transport.perform(request_for(tcp_target(server.port())));
        CHECK(result.connected);
        CHECK_FALSE(result.failure);
        CHECK_FALSE(result.response);
        CHECK_FALSE(result.request_sent);
    }
    // The server accepts in its own thread, a little after the client has connected.
    for (int wait = 0; wait < 200 && server.connection_count() < 5; ++wait) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(server.connection_count() == 5);
    CHECK(server.request_count() == 0);
    // A poll every second for a minute must not hold sixty connections to the service.
    CHECK(connections_to(server.port()) == 0);
}

TEST_CASE("a refused tcp:// attempt fails as connect, and the handle then serves HTTP",
          "[tcp][reuse]") {
    RawServer good({RawStep(RawMove::reply, http_response(200, "good"))});
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi));

    const AttemptResult refused = transport.perform(request_for(tcp_target(unused_port())));
    REQUIRE(refused.failure);
    CHECK(refused.failure->kind == FailureKind::connect);
    CHECK(refused.failure->code == 7);
    CHECK_FALSE(refused.connected);

    const AttemptResult fetched = transport.perform(request_for(good.url()));
    CHECK_FALSE(fetched.failure);
    REQUIRE(fetched.response);
    CHECK(fetched.response->status == 200);
    CHECK(transport.body() == "good");
    CHECK_FALSE(fetched.connected);
}
