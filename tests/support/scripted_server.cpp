#include "scripted_server.h"

#include <httplib.h>
#include <strings.h>

#include <algorithm>
#include <stdexcept>

namespace rfetch::test {

std::vector<std::string> SeenRequest::header_values(const std::string& name) const {
    std::vector<std::string> values;
    for (const auto& [key, value] : headers) {
        if (strcasecmp(key.c_str(), name.c_str()) == 0) {
            values.push_back(value);
        }
    }
    return values;
}

ScriptedServer::ScriptedServer(std::vector<ScriptedReply> script)
    : server_(std::make_unique<httplib::Server>()), script_(std::move(script)) {
    if (script_.empty()) {
        throw std::invalid_argument("a scripted server needs at least one reply");
    }
    // One handler for every path and method httplib routes (HEAD goes to the GET handler),
    // so the script alone decides. Not the pre-routing hook: it runs before the body is read.
    const httplib::Server::Handler answer = [this](const httplib::Request& req,
                                                   httplib::Response& res) { serve(req, res); };
    server_->Get(".*", answer)
        .Post(".*", answer)
        .Put(".*", answer)
        .Patch(".*", answer)
        .Delete(".*", answer)
        .Options(".*", answer);
    port_ = server_->bind_to_any_port("127.0.0.1");
    if (port_ <= 0) {
        throw std::runtime_error("the scripted server could not bind to 127.0.0.1");
    }
    // The socket already listens after bind, so a client may connect before this thread runs.
    thread_ = std::thread([this] { server_->listen_after_bind(); });
}

void ScriptedServer::serve(const httplib::Request& req, httplib::Response& res) {
    SeenRequest seen{req.method, req.target, {}, req.body, Clock::now()};
    for (const auto& [name, value] : req.headers) {
        seen.headers.emplace_back(name, value);
    }
    const ScriptedReply reply = take_reply(std::move(seen));
    hold(reply.delay);
    res.status = reply.status;
    for (const auto& [name, value] : reply.headers) {
        res.set_header(name, value);
    }
    const auto type = std::find_if(reply.headers.begin(), reply.headers.end(), [](const auto& h) {
        return strcasecmp(h.first.c_str(), "Content-Type") == 0;
    });
    res.set_content(reply.body, type == reply.headers.end() ? "text/plain" : type->second);
}

ScriptedServer::~ScriptedServer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    stopping_cv_.notify_all();
    // cpp-httplib's stop() does nothing until listen has begun, and a test that ends at once
    // can get here first: the thread would then wait in accept() for ever.
    for (int waited = 0; !server_->is_running() && waited < 1000; ++waited) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    server_->stop();
    thread_.join();
}

std::string ScriptedServer::url(const std::string& path_and_query) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path_and_query;
}

std::vector<SeenRequest> ScriptedServer::requests() const {
    std::lock_guard lock(mutex_);
    return seen_;
}

std::size_t ScriptedServer::request_count() const {
    std::lock_guard lock(mutex_);
    return seen_.size();
}

ScriptedReply ScriptedServer::take_reply(SeenRequest seen) {
    std::lock_guard lock(mutex_);
    seen_.push_back(std::move(seen));
    ScriptedReply reply = script_[std::min(next_, script_.size() - 1)];
    ++next_;
    return reply;
}

void ScriptedServer::hold(std::chrono::milliseconds delay) {
    // Waiting on the stop flag rather than sleeping lets the destructor end a long hold at once.
    std::unique_lock lock(mutex_);
    stopping_cv_.wait_for(lock, delay, [this] { return stopping_; });
}

std::vector<std::string> request_lines(const ScriptedServer& server) {
    std::vector<std::string> lines;
    for (const SeenRequest& request : server.requests()) {
        lines.push_back(request.method + " " + request.target + " " + request.body);
    }
    return lines;
}

}  // namespace rfetch::test
