#include "socks_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <stdexcept>

#include "socket_io.h"

namespace rfetch::test {
namespace {

constexpr int kPollMillis = 50;

// A NUL-terminated string of SOCKS4: the user id, or SOCKS4a's host name.
bool read_until_nul(int fd, std::string& text) {
    for (char c = 0; receive_exactly(fd, &c, 1);) {
        if (c == '\0') {
            return true;
        }
        text.push_back(c);
    }
    return false;
}

// The tests' destinations are this machine's: a name is looked up as the proxy would.
int connect_to(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) {
        return -1;
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const bool connected = fd >= 0 && ::connect(fd, found->ai_addr, found->ai_addrlen) == 0;
    ::freeaddrinfo(found);
    if (!connected && fd >= 0) {
        ::close(fd);
    }
    return connected ? fd : -1;
}

std::string dotted(const unsigned char* address) {
    char text[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, address, text, sizeof text);
    return text;
}

}  // namespace

SocksServer::SocksServer() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listen_fd_ < 0 ||
        ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listen_fd_, 16) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        throw std::runtime_error("the SOCKS server could not listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
}

SocksServer::~SocksServer() {
    stopping_ = true;
    acceptor_.join();
    for (std::thread& worker : workers_) {
        worker.join();
    }
    ::close(listen_fd_);
}

std::vector<SocksRequest> SocksServer::requests() const {
    const std::lock_guard lock(mutex_);
    return requests_;
}

void SocksServer::accept_loop() {
    while (!stopping_) {
        pollfd listening{listen_fd_, POLLIN, 0};
        if (::poll(&listening, 1, kPollMillis) <= 0) {
            continue;
        }
        const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client >= 0) {
            workers_.emplace_back([this, client] { serve(client); });
        }
    }
}

void SocksServer::serve(int client) {
    const int destination = open_tunnel(client);
    if (destination >= 0) {
        relay(client, destination);
        ::close(destination);
    }
    ::close(client);
}

int SocksServer::open_tunnel(int client) {
    unsigned char version = 0;
    if (!receive_exactly(client, &version, 1)) {
        return -1;
    }
    SocksRequest request;
    request.version = version;
    if (version == 4) {
        // VN CD DSTPORT DSTIP USERID NUL, and for 4a (DSTIP 0.0.0.x) HOST NUL.
        std::array<unsigned char, 7> fixed{};
        std::string user;
        if (!receive_exactly(client, fixed.data(), fixed.size()) || fixed[0] != 1 ||
            !read_until_nul(client, user)) {
            return -1;
        }
        request.port = fixed[1] << 8 | fixed[2];
        request.host = dotted(&fixed[3]);
        if (fixed[3] == 0 && fixed[4] == 0 && fixed[5] == 0 && fixed[6] != 0) {
            request.host.clear();
            if (!read_until_nul(client, request.host)) {
                return -1;
            }
        }
    } else if (version == 5) {
        // The greeting: methods offered; "no authentication" is the one taken.
        unsigned char count = 0;
        std::array<unsigned char, 255> methods{};
        const std::array<unsigned char, 2> chosen{5, 0};
        if (!receive_exactly(client, &count, 1) ||
            !receive_exactly(client, methods.data(), count) ||
            !send_all(client, chosen.data(), chosen.size())) {
            return -1;
        }
        // VER CMD RSV ATYP, then an IPv4 address or a length-prefixed name, then the port.
        std::array<unsigned char, 4> head{};
        if (!receive_exactly(client, head.data(), head.size()) || head[1] != 1) {
            return -1;
        }
        if (head[3] == 1) {
            std::array<unsigned char, 4> address{};
            if (!receive_exactly(client, address.data(), address.size())) {
                return -1;
            }
            request.host = dotted(address.data());
        } else if (head[3] == 3) {
            unsigned char length = 0;
            request.host.resize(255);
            if (!receive_exactly(client, &length, 1) ||
                !receive_exactly(client, request.host.data(), length)) {
                return -1;
            }
            request.host.resize(length);
        } else {
            return -1;
        }
        std::array<unsigned char, 2> port{};
        if (!receive_exactly(client, port.data(), port.size())) {
            return -1;
        }
        request.port = port[0] << 8 | port[1];
    } else {
        return -1;
    }
    {
        const std::lock_guard lock(mutex_);
        requests_.push_back(request);
    }
    const int destination = connect_to(request.host, request.port);
    bool answered = false;
    if (version == 4) {
        const std::array<unsigned char, 8> reply{
            0, static_cast<unsigned char>(destination >= 0 ? 0x5A : 0x5B), 0, 0, 0, 0, 0, 0};
        answered = send_all(client, reply.data(), reply.size());
    } else {
        const std::array<unsigned char, 10> reply{
            5, static_cast<unsigned char>(destination >= 0 ? 0 : 5), 0, 1, 127, 0, 0, 1, 0, 0};
        answered = send_all(client, reply.data(), reply.size());
    }
    if (!answered && destination >= 0) {
        ::close(destination);
        return -1;
    }
    return destination;
}

void SocksServer::relay(int client, int destination) const {
    std::array<pollfd, 2> ends{pollfd{client, POLLIN, 0}, pollfd{destination, POLLIN, 0}};
    std::array<char, 16384> buffer{};
    while (!stopping_) {
        if (::poll(ends.data(), ends.size(), kPollMillis) <= 0) {
            continue;
        }
        for (std::size_t from = 0; from < ends.size(); ++from) {
            if ((ends[from].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
                continue;
            }
            const ssize_t n = ::recv(ends[from].fd, buffer.data(), buffer.size(), 0);
            if (n <= 0 ||
                !send_all(ends[1 - from].fd, buffer.data(), static_cast<std::size_t>(n))) {
                return;
            }
        }
    }
}

}  // namespace rfetch::test
