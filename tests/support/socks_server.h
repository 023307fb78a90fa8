#pragma once

// A SOCKS proxy for end-to-end tests: SOCKS5 without authentication (RFC 1928) and SOCKS4 and
// 4a, CONNECT only. It records where each client asked to go, as the client named it,
// connects there and relays both ways, so a test sees what the proxy was asked and what the
// server behind it saw.

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rfetch::test {

/// One CONNECT as the client asked for it.
struct SocksRequest {
    int version = 5;  // 4 for SOCKS4 and 4a
    /// A dotted IPv4 address when the client resolved the name itself, else the host name
    /// (SOCKS5's domain name, SOCKS4a's).
    std::string host;
    int port = 0;
};

class SocksServer {
  public:
    SocksServer();
    ~SocksServer();
    SocksServer(const SocksServer&) = delete;
    SocksServer& operator=(const SocksServer&) = delete;

    int port() const { return port_; }
    std::vector<SocksRequest> requests() const;

  private:
    void accept_loop();
    void serve(int client);
    /// Reads the client's CONNECT and answers it; the connection to the destination, or -1.
    int open_tunnel(int client);
    void relay(int client, int destination) const;

    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::vector<SocksRequest> requests_;
    std::vector<std::thread> workers_;
    std::thread acceptor_;
};

}  // namespace rfetch::test
