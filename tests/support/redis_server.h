#pragma once

// A real redis-server (Debian's) for the tests of the Redis state store: started on a unix
// socket in a private directory, and on a free TCP port of 127.0.0.1 when asked, with no
// persistence; stopped with the object. A missing redis-server fails the test: it is a test
// dependency (scripts/install-deps.sh), never a reason to skip.

#include <sys/types.h>

#include <string>
#include <vector>

#include "process.h"
#include "test_files.h"

namespace rfetch::test {

struct RedisOptions {
    bool tcp = false;
    /// requirepass, when not empty.
    std::string password;
};

class RedisServer {
  public:
    explicit RedisServer(RedisOptions options = {});
    ~RedisServer();
    RedisServer(const RedisServer&) = delete;
    RedisServer& operator=(const RedisServer&) = delete;

    /// unix:///.../redis.sock
    std::string unix_url() const { return "unix://" + socket_; }
    /// redis://127.0.0.1:PORT (with tcp only).
    std::string tcp_url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
    int port() const { return port_; }

    /// Runs redis-cli against it with `args` and returns its stdout.
    std::string cli(const std::vector<std::string>& args) const;

    /// SIGKILL, as a crash would; start() brings it back on the same socket and port, empty.
    void kill();
    void start();
    /// SIGSTOP and SIGCONT: a Redis that accepts connections and answers nothing.
    void pause();
    void resume();

  private:
    RedisOptions options_;
    TempDir dir_;
    std::string socket_;
    int port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace rfetch::test
