#include "redis_server.h"

#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace rfetch::test {
namespace {

constexpr const char* kServer = "/usr/bin/redis-server";
constexpr const char* kCli = "/usr/bin/redis-cli";

// A port the kernel says is free now; redis-server takes it a moment later.
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot find a free port");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

}  // namespace

RedisServer::RedisServer(RedisOptions options)
    : options_(std::move(options)), socket_(dir_.file("redis.sock")) {
    if (::access(kServer, X_OK) != 0) {
        throw std::runtime_error(std::string(kServer) +
                                 " is missing: run scripts/install-deps.sh (redis-server)");
    }
    if (options_.tcp) {
        port_ = free_port();
    }
    start();
}

RedisServer::~RedisServer() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
    }
}

void RedisServer::start() {
    std::vector<std::string> args{kServer,
                                  "--port",
                                  std::to_string(port_),
                                  "--bind",
                                  "127.0.0.1",
                                  "--unixsocket",
                                  socket_,
                                  "--unixsocketperm",
                                  "700",
                                  "--save",
                                  "",
                                  "--appendonly",
                                  "no",
                                  "--dir",
                                  dir_.path().string(),
                                  "--logfile",
                                  dir_.file("redis.log")};
    if (!options_.password.empty()) {
        args.insert(args.end(), {"--requirepass", options_.password});
    }
    std::vector<char*> argv;
    for (std::string& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    if (::posix_spawn(&pid_, kServer, nullptr, nullptr, argv.data(), environ) != 0) {
        throw std::runtime_error("cannot start redis-server");
    }
    // Ready once it answers on its socket.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (cli({"PING"}).find("PONG") == std::string::npos) {
        if (std::chrono::steady_clock::now() > give_up) {
            throw std::runtime_error("redis-server did not start; see " + dir_.file("redis.log"));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void RedisServer::kill() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
    ::unlink(socket_.c_str());
}

void RedisServer::pause() {
    ::kill(pid_, SIGSTOP);
}

void RedisServer::resume() {
    ::kill(pid_, SIGCONT);
}

std::string RedisServer::cli(const std::vector<std::string>& args) const {
    std::vector<std::string> full{"-s", socket_};
    if (!options_.password.empty()) {
        full.insert(full.end(), {"--no-auth-warning", "-a", options_.password});
    }
    full.insert(full.end(), args.begin(), args.end());
    return run_process(kCli, full).out;
}

}  // namespace rfetch::test
