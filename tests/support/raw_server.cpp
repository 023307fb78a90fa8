#include "raw_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <map>
#include <mutex>
#include <stdexcept>

#include "socket_io.h"

namespace rfetch::test {
namespace {

std::size_t content_length(const std::string& head) {
    std::string lower(head);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto at = lower.find("\r\ncontent-length:");
    if (at == std::string::npos) {
        return 0;
    }
    return std::stoul(lower.substr(at + 17));
}

// Waits until the peer's kernel has acknowledged every byte sent, then a little longer for
// the client to read them, so a reset that follows lands after the client has them all.
// Bounded, in case the client stopped reading.
void wait_until_delivered(int fd) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    int unacknowledged = 0;
    while (::ioctl(fd, SIOCOUTQ, &unacknowledged) == 0 && unacknowledged > 0 &&
           std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

// The ports unused_port() handed out, each held by a socket bound to it that never listens,
// until the process ends or a RawServer brings the port to life.
std::mutex held_ports_mutex;
std::map<int, int> held_ports;  // port -> the socket that holds it

void release_held_port(int port) {
    std::lock_guard lock(held_ports_mutex);
    if (const auto held = held_ports.find(port); held != held_ports.end()) {
        ::close(held->second);
        held_ports.erase(held);
    }
}

}  // namespace

std::string http_response(int status, const std::string& body) {
    return "HTTP/1.1 " + std::to_string(status) +
           " Scripted\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nContent-Type: text/plain\r\n\r\n" + body;
}

std::string http_head_promising(std::size_t promised, const std::string& sent) {
    return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(promised) +
           "\r\nContent-Type: text/plain\r\n\r\n" + sent;
}

int unused_port() {
    // Bind to port 0 and keep the socket, never listening: a connection there is refused, and
    // no other test process can take the port meanwhile, neither a server binding port 0 nor a
    // client's own end of a connection (the kernel passes over a bound port for both). A port
    // only closed again could be a concurrent test's server by the time a client tries it.
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        throw std::runtime_error("cannot find an unused port");
    }
    const int port = ntohs(address.sin_port);
    std::lock_guard lock(held_ports_mutex);
    held_ports[port] = fd;
    return port;
}

RawServer::RawServer(std::vector<RawStep> script, int port) : script_(std::move(script)) {
    if (script_.empty()) {
        throw std::invalid_argument("a raw server needs at least one step");
    }
    release_held_port(port);
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));  // 0: the kernel picks one
    socklen_t length = sizeof address;
    if (listen_fd_ < 0 ||
        ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listen_fd_, 16) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
        ::pipe2(wake_pipe_, O_CLOEXEC) != 0) {
        throw std::runtime_error("the raw server could not listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
}

RawServer::~RawServer() {
    stopping_ = true;
    const char byte = 0;
    [[maybe_unused]] const ssize_t ignored = ::write(wake_pipe_[1], &byte, 1);
    acceptor_.join();
    for (std::thread& worker : workers_) {
        worker.join();
    }
    ::close(listen_fd_);
    ::close(wake_pipe_[0]);
    ::close(wake_pipe_[1]);
}

std::string RawServer::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<std::chrono::steady_clock::time_point> RawServer::request_times() const {
    std::lock_guard lock(mutex_);
    return times_;
}

std::vector<std::string> RawServer::request_heads() const {
    std::lock_guard lock(mutex_);
    return heads_;
}

void RawServer::stream(int fd, const RawStep& step) const {
    if (!send_all(fd, step.bytes)) {
        return;
    }
    pollfd wake{wake_pipe_[0], POLLIN, 0};
    while (!stopping_ && send_all(fd, step.repeat)) {
        if (step.pause.count() > 0 && ::poll(&wake, 1, static_cast<int>(step.pause.count())) > 0) {
            return;  // the server is stopping
        }
    }
}

bool RawServer::wait_readable(int fd) const {
    pollfd fds[2] = {{fd, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    while (!stopping_) {
        const int ready = ::poll(fds, 2, -1);
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        return ready > 0 && (fds[0].revents != 0) && !stopping_;
    }
    return false;
}

void RawServer::accept_loop() {
    while (wait_readable(listen_fd_)) {
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            continue;
        }
        ++connections_;
        // Workers only end when the server stops or the client closes; a hang must not block
        // the next connection, so each gets its own thread.
        workers_.emplace_back([this, fd] { serve(fd); });
    }
}

RawStep RawServer::take_step(const std::string& head) {
    RawStep step;
    {
        std::lock_guard lock(mutex_);
        times_.push_back(std::chrono::steady_clock::now());
        heads_.push_back(head);
        step = script_[std::min(next_, script_.size() - 1)];
        ++next_;
    }
    if (step.respond) {
        step.bytes = step.respond(head);
    }
    return step;
}

bool RawServer::greets_first() const {
    std::lock_guard lock(mutex_);
    return script_[std::min(next_, script_.size() - 1)].move == RawMove::greet;
}

void RawServer::serve(int fd) {
    if (greets_first()) {
        ++requests_;
        send_all(fd, take_step("").bytes);
        ::close(fd);
        return;
    }
    std::string buffer;
    bool open = true;
    while (open) {
        // Read one request: the head, then as much body as Content-Length says.
        std::size_t head_end = std::string::npos;
        while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos ||
               buffer.size() < head_end + 4 + content_length(buffer.substr(0, head_end + 2))) {
            if (!wait_readable(fd)) {
                ::close(fd);
                return;
            }
            char chunk[4096];
            const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0) {
                ::close(fd);
                return;
            }
            buffer.append(chunk, static_cast<std::size_t>(n));
        }
        const std::string head = buffer.substr(0, head_end + 4);
        buffer.erase(0, head_end + 4 + content_length(buffer.substr(0, head_end + 2)));
        ++requests_;
        const RawStep step = take_step(head);
        switch (step.move) {
            case RawMove::reply:
                if (send_all(fd, step.bytes)) {
                    for (std::size_t i = 0; i < step.repeat_count && send_all(fd, step.repeat);
                         ++i) {
                    }
                }
                break;
            case RawMove::close_mid_body:
                send_all(fd, step.bytes);
                open = false;
                break;
            case RawMove::reset_mid_body: {
                send_all(fd, step.bytes);
                wait_until_delivered(fd);
                // A zero linger turns close() into an RST, the way a crashed peer looks.
                const linger abort_on_close{1, 0};
                ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
                open = false;
                break;
            }
            case RawMove::stream_forever:
                stream(fd, step);
                open = false;
                break;
            case RawMove::close_silently:
            case RawMove::greet:  // the step after a greeting's: the request goes unanswered
                open = false;
                break;
            case RawMove::hang:
                while (wait_readable(fd)) {
                    char sink[4096];
                    if (::recv(fd, sink, sizeof sink, 0) <= 0) {
                        break;
                    }
                }
                open = false;
                break;
        }
    }
    ::close(fd);
}

}  // namespace rfetch::test
