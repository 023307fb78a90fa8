#pragma once

// A TCP server on plain sockets, for the failures an HTTP library will not produce: a body
// cut short by a FIN or by an RST, a connection closed with no reply, and a server that
// accepts and never answers.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace rfetch::test {

enum class RawMove {
    reply,           // send `bytes` (a whole HTTP response) and keep the connection
    close_mid_body,  // send `bytes` (a head promising more body), then FIN: curl 18
    reset_mid_body,  // send `bytes`, wait until the client has read them, then RST via
                     // SO_LINGER {1, 0}: curl 56
    close_silently,  // read the request, then FIN with no reply: curl 52
    hang,            // read the request and never answer until the server stops
    stream_forever,  // send `bytes`, then `repeat` again and again, `pause` apart, until the
                     // client goes away or the server stops: endless bodies, header floods,
                     // and a drip of one byte at a time
    greet,           // as the connection opens, send `bytes` without reading anything, then
                     // FIN: a server that speaks first, or plain HTTP to a TLS handshake
};

struct RawStep {
    RawStep() = default;
    RawStep(RawMove move_, std::string bytes_, std::string repeat_ = {},
            std::chrono::milliseconds pause_ = std::chrono::milliseconds{0})
        : move(move_), bytes(std::move(bytes_)), repeat(std::move(repeat_)), pause(pause_) {}

    RawMove move = RawMove::reply;
    std::string bytes;
    std::string repeat;
    std::chrono::milliseconds pause{0};
    /// When set, makes `bytes` from the request's head: for answers that depend on it, such
    /// as a Range request's.
    std::function<std::string(const std::string& request_head)> respond;
    /// With `reply`: `repeat` is sent this many times after `bytes`, for bodies too large to
    /// spell out.
    std::size_t repeat_count = 0;
};

/// A whole HTTP/1.1 response with Content-Length, for RawMove::reply.
std::string http_response(int status, const std::string& body);
/// A head that promises `promised` bytes of body followed by only `sent`.
std::string http_head_promising(std::size_t promised, const std::string& sent);

/// A loopback port where nothing listens, for "connection refused". It stays this process's
/// until the process ends or a RawServer is made on it.
int unused_port();

class RawServer {
  public:
    /// Each request takes the next step; the last step repeats. `port` 0 lets the kernel pick
    /// one; another, such as an unused_port() a client has already failed to reach, brings
    /// that port to life.
    explicit RawServer(std::vector<RawStep> script, int port = 0);
    ~RawServer();
    RawServer(const RawServer&) = delete;
    RawServer& operator=(const RawServer&) = delete;

    int port() const { return port_; }
    std::string url(const std::string& path = "/") const;

    std::size_t connection_count() const { return connections_.load(); }
    /// The connections accepted once `expected` have been, or two seconds have passed. A
    /// client may end before this server's thread takes the connection from the backlog.
    std::size_t connections_once(std::size_t expected) const {
        for (int tick = 0; tick < 200 && connections_.load() < expected; ++tick) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return connections_.load();
    }
    std::size_t request_count() const { return requests_.load(); }
    /// When each request's head was fully read, in order.
    std::vector<std::chrono::steady_clock::time_point> request_times() const;
    /// Each request's head as received, request line and fields, in order.
    std::vector<std::string> request_heads() const;

  private:
    void accept_loop();
    void serve(int fd);
    RawStep take_step(const std::string& head);
    bool greets_first() const;
    bool wait_readable(int fd) const;
    void stream(int fd, const RawStep& step) const;

    int listen_fd_ = -1;
    int wake_pipe_[2] = {-1, -1};  // written on stop, so blocked polls return at once
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> connections_{0};
    std::atomic<std::size_t> requests_{0};

    mutable std::mutex mutex_;
    std::vector<RawStep> script_;
    std::size_t next_ = 0;
    std::vector<std::chrono::steady_clock::time_point> times_;
    std::vector<std::string> heads_;
    std::vector<std::thread> workers_;
    std::thread acceptor_;
};

}  // namespace rfetch::test
