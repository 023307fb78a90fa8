#pragma once

// An in-process HTTP server that answers from a script, for end-to-end tests of the real
// binary. Each request takes the next scripted reply; the last reply repeats forever, so
// "always 503" is a script of one.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace rfetch::test {

using Clock = std::chrono::steady_clock;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct ScriptedReply {
    int status = 200;
    HeaderList headers;
    std::string body;
    /// Held before the reply is sent; a stop of the server cuts it short.
    std::chrono::milliseconds delay{0};
};

/// What the server saw of one request.
struct SeenRequest {
    std::string method;
    std::string target;  // path and query, as sent
    HeaderList headers;
    std::string body;
    Clock::time_point arrived;

    /// Every value of a header, matched without regard to case, in the order sent.
    std::vector<std::string> header_values(const std::string& name) const;
};

/// The time between the first two requests, in milliseconds: the wait a client chose.
inline long long gap_ms(const std::vector<SeenRequest>& requests) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(requests.at(1).arrived -
                                                                 requests.at(0).arrived)
        .count();
}

class ScriptedServer {
  public:
    explicit ScriptedServer(std::vector<ScriptedReply> script);
    ~ScriptedServer();
    ScriptedServer(const ScriptedServer&) = delete;
    ScriptedServer& operator=(const ScriptedServer&) = delete;

    int port() const { return port_; }
    /// http://127.0.0.1:PORT followed by path_and_query.
    std::string url(const std::string& path_and_query = "/") const;

    std::vector<SeenRequest> requests() const;
    std::size_t request_count() const;

  private:
    void serve(const httplib::Request& req, httplib::Response& res);
    ScriptedReply take_reply(SeenRequest seen);
    void hold(std::chrono::milliseconds delay);

    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    int port_ = 0;

    mutable std::mutex mutex_;
    std::condition_variable stopping_cv_;
    bool stopping_ = false;
    std::vector<ScriptedReply> script_;
    std::size_t next_ = 0;
    std::vector<SeenRequest> seen_;
};

/// Each request the server saw as "METHOD TARGET BODY", in arrival order.
std::vector<std::string> request_lines(const ScriptedServer& server);

}  // namespace rfetch::test
