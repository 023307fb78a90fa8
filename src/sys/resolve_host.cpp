#include "sys/resolve_host.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace rfetch {
namespace {

// Shared by the caller and the lookup's thread, which may outlive the caller's wait.
struct Lookup {
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    ResolvedHost result;
};

bool is_numeric(const std::string& host) {
    in6_addr any{};
    return inet_pton(AF_INET, host.c_str(), &any) == 1 ||
           inet_pton(AF_INET6, host.c_str(), &any) == 1;
}

std::string address_text(const addrinfo& found) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* address =
        found.ai_family == AF_INET6
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(found.ai_addr)->sin6_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(found.ai_addr)->sin_addr);
    return inet_ntop(found.ai_family, address, text, sizeof text) != nullptr ? text : "";
}

ResolvedHost look_up(const std::string& host) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int error = getaddrinfo(host.c_str(), nullptr, &hints, &found);
    if (error != 0) {
        return {{}, gai_strerror(error)};
    }
    const std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owned(found, freeaddrinfo);
    ResolvedHost resolved;
    for (const int family : {AF_INET, AF_INET6}) {
        for (const addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
            std::string text = entry->ai_family == family ? address_text(*entry) : "";
            if (!text.empty() && std::find(resolved.addresses.begin(), resolved.addresses.end(),
                                           text) == resolved.addresses.end()) {
                resolved.addresses.push_back(std::move(text));
            }
        }
    }
    if (resolved.addresses.empty()) {
        resolved.problem = "its name has no address";
    }
    return resolved;
}

}  // namespace

ResolvedHost resolve_host(const std::string& host, std::chrono::milliseconds limit) {
    if (is_numeric(host)) {
        return {{host}, {}};
    }
    auto lookup = std::make_shared<Lookup>();
    std::thread([lookup, host] {
        ResolvedHost result = look_up(host);
        const std::lock_guard lock(lookup->mutex);
        lookup->result = std::move(result);
        lookup->done = true;
        lookup->finished.notify_one();
    }).detach();
    std::unique_lock lock(lookup->mutex);
    if (!lookup->finished.wait_for(lock, limit, [&lookup] { return lookup->done; })) {
        return {{}, "its name did not resolve within " + std::to_string(limit.count()) + " ms"};
    }
    return lookup->result;
}

}  // namespace rfetch
