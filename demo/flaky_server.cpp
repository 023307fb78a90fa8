// A deliberately unreliable HTTP server for scripts/demo.sh: GET /flaky answers 503, then 503
// with Retry-After, then 200, and starts over; GET /ready is a service coming up, for polling.
// Prints its port on stdout once it listens.
#include <httplib.h>

#include <atomic>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    httplib::Server server;
    std::atomic<int> calls{0};
    server.Get("/flaky", [&calls](const httplib::Request&, httplib::Response& response) {
        switch (calls++ % 3) {
            case 0:
                response.status = 503;
                response.set_content("<h1>503 Service Unavailable</h1>\n", "text/html");
                break;
            case 1:
                response.status = 503;
                response.set_header("Retry-After", "1");
                response.set_content("<h1>503 Service Unavailable</h1>\n", "text/html");
                break;
            default:
                response.set_content("{\"status\":\"ok\",\"served_on_call\":" +
                                         std::to_string(calls.load()) + "}\n",
                                     "application/json");
        }
    });
    // Starting, routed, initialising, and then ready for good.
    std::atomic<int> ready_calls{0};
    server.Get("/ready", [&ready_calls](const httplib::Request&, httplib::Response& response) {
        switch (ready_calls++) {
            case 0:
                response.status = 503;
                response.set_content("<h1>503 Service Unavailable</h1>\n", "text/html");
                break;
            case 1:
                response.status = 404;
                response.set_content("not here\n", "text/plain");
                break;
            case 2:
                response.set_content("{\"status\":\"pending\",\"replicas\":1}\n",
                                     "application/json");
                break;
            default:
                response.set_content("{\"status\":\"ready\",\"replicas\":3}\n", "application/json");
        }
    });
    server.Get("/missing", [](const httplib::Request&, httplib::Response& response) {
        response.status = 404;
        response.set_content("not here\n", "text/plain");
    });
    const int port = argc > 1 ? std::stoi(argv[1]) : server.bind_to_any_port("127.0.0.1");
    if (argc > 1 && !server.bind_to_port("127.0.0.1", port)) {
        std::cerr << "flaky_server: cannot listen on 127.0.0.1:" << port << '\n';
        return 1;
    }
    std::cout << port << std::endl;
    server.listen_after_bind();
}
