#include "transport_fixture.h"

#include <stdexcept>
#include <thread>

namespace rfetch::test {
namespace {

ExchangeSettings settings_for(TransferSettings transfer) {
    return ExchangeSettings{std::move(transfer),
                            [] { return false; },
                            {},
                            nullptr,
                            Duration{120'000},
                            [](Duration d) {
                                std::this_thread::sleep_for(d);
                                return true;
                            }};
}

}  // namespace

Request request_for(const std::string& url, const std::string& method,
                    std::optional<std::string> body) {
    Request request;
    request.url = url;
    request.method = method;
    request.body = std::move(body);
    return request;
}

EitherTransport::EitherTransport(Kind kind, TransferSettings transfer) {
    if (kind == Kind::blocking) {
        blocking_.emplace(settings_for(std::move(transfer)));
    } else {
        multi_.emplace(settings_for(std::move(transfer)), -1);
    }
}

AttemptResult EitherTransport::perform(const Request& request, const AttemptLimits& limits) {
    sink_.body.clear();
    if (blocking_) {
        return blocking_->perform(request, {}, limits, sink_);
    }
    multi_->start(1, request, {}, limits, sink_);
    // Far longer than any test's transfer; only there so a hang fails instead of hanging.
    for (int turn = 0; turn < 300; ++turn) {
        auto ended = multi_->run_for(Duration{100});
        if (!ended.empty()) {
            return std::move(ended.front().result);
        }
    }
    throw std::runtime_error("the multi transport never ended the transfer");
}

std::optional<Failure> EitherTransport::Collect::on_body(const Response&, std::string_view bytes) {
    body.append(bytes);
    return std::nullopt;
}

}  // namespace rfetch::test
