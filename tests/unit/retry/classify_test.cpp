#include "core/retry/classify.h"

#include <catch2/catch.hpp>

#include "unit/fakes.h"

using rfetch::classify;
using rfetch::FailureKind;
using rfetch::MethodSafety;
using rfetch::Outcome;
using rfetch::RetrySet;
using rfetch::Setting;
using rfetch::Verdict;
using rfetch::testing::failure;
using rfetch::testing::status;

namespace {

struct Row {
    int status;
    const char* method;
    bool key;
    Verdict::Kind expected;
};

}  // namespace

TEST_CASE("status x method x idempotency key", "[classify]") {
    using K = Verdict::Kind;
    const Row rows[] = {
        {200, "GET", false, K::success},    {204, "POST", false, K::success},
        {304, "GET", false, K::success},    {503, "GET", false, K::retryable},
        {503, "PUT", false, K::retryable},  {503, "DELETE", false, K::retryable},
        {503, "HEAD", false, K::retryable}, {503, "POST", false, K::final},
        {503, "PATCH", false, K::final},    {503, "POST", true, K::retryable},
        {503, "PATCH", true, K::retryable}, {429, "GET", false, K::retryable},
        {408, "GET", false, K::retryable},  {404, "GET", false, K::final},
        {400, "POST", true, K::final},      {501, "GET", false, K::final},
        {409, "GET", false, K::final},      {409, "POST", true, K::retryable},
        {503, "get", false, K::final},
    };
    for (const Row& row : rows) {
        INFO(row.status << " " << row.method << " key=" << row.key);
        const Verdict verdict =
            classify(status(row.status), RetrySet::defaults(), MethodSafety{row.method, row.key});
        CHECK(verdict.kind == row.expected);
    }
}

TEST_CASE("a final status below 400 is success, at or above is an http error", "[classify]") {
    CHECK(classify(status(404), RetrySet::defaults(), {"GET"}).outcome == Outcome::http_error);
    CHECK(classify(status(200), RetrySet::defaults(), {"GET"}).outcome == Outcome::success);
}

TEST_CASE("POST is retried after failures that cannot have sent it", "[classify]") {
    const RetrySet set = RetrySet::defaults();
    CHECK(classify(failure(FailureKind::dns, 6, false), set, {"POST"}).kind ==
          Verdict::Kind::retryable);
    CHECK(classify(failure(FailureKind::connect, 7, false), set, {"POST"}).kind ==
          Verdict::Kind::retryable);
    // After a redirect the first host may have acted on the POST before the next connect
    // failed: the transport says it was sent, and that decides.
    CHECK(classify(failure(FailureKind::connect, 7, true), set, {"POST"}).kind ==
          Verdict::Kind::final);
    CHECK(classify(failure(FailureKind::timeout, 28, false), set, {"POST"}).kind ==
          Verdict::Kind::retryable);
    CHECK(classify(failure(FailureKind::timeout, 28, true), set, {"POST"}).kind ==
          Verdict::Kind::final);
    CHECK(classify(failure(FailureKind::reset), set, {"POST"}).kind == Verdict::Kind::final);
    CHECK(classify(failure(FailureKind::reset), set, {"POST", false, true}).kind ==
          Verdict::Kind::retryable);
}

TEST_CASE("declining an unsafe retry points to the setting that allows it", "[classify]") {
    const Verdict verdict = classify(status(503), RetrySet::defaults(), {"POST"});
    CHECK(verdict.outcome == Outcome::not_retryable);
    CHECK(verdict.setting == Setting::unsafe_retry);
    CHECK_THAT(verdict.reason, Catch::Contains("POST may have reached the server"));
}

TEST_CASE("a body over the size limit points to that limit", "[classify]") {
    const Verdict verdict =
        classify(failure(FailureKind::too_large, 63), RetrySet::defaults(), {"GET"});
    CHECK(verdict.kind == Verdict::Kind::final);
    CHECK(verdict.setting == Setting::max_filesize);
    CHECK(classify(failure(FailureKind::tls, 60), RetrySet::defaults(), {"GET"}).setting ==
          Setting::none);
}

TEST_CASE("failure kinds outside the set end the run", "[classify]") {
    const Verdict tls = classify(failure(FailureKind::tls, 60), RetrySet::defaults(), {"GET"});
    CHECK(tls.kind == Verdict::Kind::final);
    CHECK(tls.outcome == Outcome::not_retryable);
    CHECK(classify(failure(FailureKind::aborted, 42), RetrySet::defaults(), {"GET"}).outcome ==
          Outcome::interrupted);
}

TEST_CASE("a TLS setup failure ends the run whatever the retry set holds", "[classify]") {
    RetrySet every_kind;
    for (const auto kind : {FailureKind::tls, FailureKind::tls_setup, FailureKind::other}) {
        every_kind.add_kind(kind);
    }
    const Verdict setup = classify(failure(FailureKind::tls_setup, 58, false), every_kind, {"GET"});
    CHECK(setup.kind == Verdict::Kind::final);
    CHECK(setup.outcome == Outcome::not_retryable);
    CHECK(setup.reason == "TLS setup failed, which no retry mends");
    CHECK(classify(failure(FailureKind::tls, 35, false), every_kind, {"GET"}).kind ==
          Verdict::Kind::retryable);
}

TEST_CASE("a body broken after a good status is judged as the failure", "[classify]") {
    auto result = status(200);
    result.failure = rfetch::Failure{FailureKind::partial, 18, "short"};
    CHECK(classify(result, RetrySet::defaults(), {"GET"}).kind == Verdict::Kind::retryable);
}

TEST_CASE("an internal error is final whatever the retry set and the method", "[classify]") {
    RetrySet everything = RetrySet::defaults();
    everything.add_kind(FailureKind::internal);
    const Verdict verdict =
        classify(failure(FailureKind::internal, 43, false), everything, {"GET", true, true});
    CHECK(verdict.kind == Verdict::Kind::final);
    CHECK(verdict.outcome == Outcome::not_retryable);
    CHECK_THAT(verdict.reason, Catch::StartsWith("internal error"));
}
