#include "core/base/failure.h"

#include <array>
#include <utility>

namespace rfetch {
namespace {

constexpr std::array<std::pair<FailureKind, std::string_view>, 18> kNames{{
    {FailureKind::dns, "dns"},
    {FailureKind::connect, "connect"},
    {FailureKind::timeout, "timeout"},
    {FailureKind::reset, "reset"},
    {FailureKind::tls, "tls"},
    {FailureKind::tls_setup, "tls_setup"},
    {FailureKind::proxy, "proxy"},
    {FailureKind::empty, "empty"},
    {FailureKind::partial, "partial"},
    {FailureKind::protocol, "protocol"},
    {FailureKind::redirects, "redirects"},
    {FailureKind::bad_url, "bad_url"},
    {FailureKind::too_large, "too_large"},
    {FailureKind::write, "write"},
    {FailureKind::unresumable, "unresumable"},
    {FailureKind::aborted, "aborted"},
    {FailureKind::internal, "internal"},
    {FailureKind::other, "other"},
}};

}  // namespace

std::string_view to_string(FailureKind kind) {
    for (const auto& [candidate, name] : kNames) {
        if (candidate == kind) {
            return name;
        }
    }
    return "other";
}

std::optional<FailureKind> failure_kind_from_string(std::string_view name) {
    for (const auto& [kind, candidate] : kNames) {
        if (candidate == name) {
            return kind;
        }
    }
    return std::nullopt;
}

}  // namespace rfetch
