#include "core/delivery.h"

#include <utility>

#include "core/engine.h"

namespace rfetch {
namespace {

// libcurl's CURLE_RANGE_ERROR, which curl itself exits with when it cannot resume.
constexpr int kRangeError = 33;
// libcurl's CURLE_WRITE_ERROR.
constexpr int kWriteError = 23;

Failure write_failure(const WriteStatus& status) {
    return {FailureKind::write, kWriteError, status.describe()};
}

}  // namespace

std::string_view to_string(OutputState state) {
    switch (state) {
        case OutputState::none:
            return "none";
        case OutputState::incomplete:
            return "incomplete";
        case OutputState::complete:
            return "complete";
    }
    return "none";
}

std::vector<Header> Delivery::resume_headers() const {
    const auto* validator = std::get_if<ResumeValidator>(&resume_);
    if (!committed_ || validator == nullptr) {
        return {};
    }
    return range_headers(written_, *validator);
}

std::optional<std::uint64_t> Delivery::resume_offset() const {
    if (!committed_ || !std::holds_alternative<ResumeValidator>(resume_)) {
        return std::nullopt;
    }
    return written_;
}

void Delivery::begin_attempt() {
    mode_ = Mode::holding;
    started_ = false;
    held_.clear();
    received_ = 0;
}

std::optional<Failure> Delivery::on_body(const Response& head, std::string_view bytes) {
    received_ += bytes.size();
    if (!started_) {
        started_ = true;
        std::optional<Failure> stop;
        mode_ = first_mode(head, stop);
        if (stop) {
            return stop;
        }
    }
    switch (mode_) {
        case Mode::holding:
            if (held_.size() + bytes.size() <= policy_.buffer_limit) {
                held_.append(bytes);
                return std::nullopt;
            }
            if (policy_.may_stream && may_stream(head)) {
                if (auto failure = commit(head)) {
                    return failure;
                }
                return stream(bytes);
            }
            // Too long to hold and never to be written: let it pass, and free the memory.
            mode_ = Mode::dropping;
            std::string().swap(held_);
            return std::nullopt;
        case Mode::streaming:
            return stream(bytes);
        case Mode::dropping:
            return std::nullopt;
    }
    return std::nullopt;
}

Delivery::Mode Delivery::first_mode(const Response& head, std::optional<Failure>& stop) {
    if (!committed_) {
        return Mode::holding;
    }
    if (continues_at(head, written_)) {
        resumed_ = true;
        return Mode::streaming;
    }
    if (!ends_run_(head)) {
        // A 503 between a break and its resumption: the decider retries it like any other.
        return Mode::holding;
    }
    if (output_.can_rewind()) {
        // No reader has seen the partial body, so the whole one can simply replace it.
        if (const WriteStatus rewound = output_.rewind(); !rewound.ok()) {
            stop = write_failure(rewound);
            return Mode::dropping;
        }
        committed_ = false;
        written_ = 0;
        resumed_ = false;
        return Mode::holding;
    }
    stop = Failure{FailureKind::unresumable, kRangeError,
                   "asked for the body from byte " + std::to_string(written_) + " on, got status " +
                       std::to_string(head.status) + " and not the rest; " +
                       std::to_string(written_) + " bytes were already written"};
    return Mode::dropping;
}

std::optional<Failure> Delivery::commit(const Response& head) {
    committed_ = true;
    committed_head_ = head;
    resume_ = policy_.may_resume ? resumability(head)
                                 : Resumability(std::string("only a GET can be resumed"));
    mode_ = Mode::streaming;
    if (policy_.include_head) {
        if (const WriteStatus status = write(head.raw_head); !status.ok()) {
            return write_failure(status);
        }
    }
    const std::string held = std::exchange(held_, {});
    return stream(held);
}

WriteStatus Delivery::write(std::string_view bytes) {
    WriteStatus status = output_.write(bytes);
    reader_gone_ = reader_gone_ || status.kind == WriteStatus::Kind::reader_gone;
    return status;
}

WriteStatus Delivery::write_body(std::string_view bytes) {
    WriteStatus status = write(bytes);
    // Bytes a reader already has count, even when the rest could not follow them.
    written_ += status.ok() ? bytes.size() : status.partial;
    return status;
}

std::optional<Failure> Delivery::stream(std::string_view bytes) {
    if (const WriteStatus status = write_body(bytes); !status.ok()) {
        return write_failure(status);
    }
    return std::nullopt;
}

bool Delivery::wants_body(const Response& head) {
    // Once bytes are out, what follows them is first_mode's to judge.
    return committed_ || policy_.shows_error_body || !status_decides(head);
}

void Delivery::end_attempt(AttemptResult& result) {
    if (!result.response) {
        return;
    }
    result.response->body_size = received_;
    // A broken body is never shown to anyone, not even to a --result reader.
    if (!result.failure && mode_ == Mode::holding) {
        result.response->body = std::exchange(held_, {});
    }
    // A final error's body that broke or stalled is no reason to ask again: the status stands.
    if (result.failure && !committed_ && status_decides(*result.response)) {
        switch (result.failure->kind) {
            case FailureKind::timeout:
            case FailureKind::reset:
            case FailureKind::partial:
                result.failure.reset();
                break;
            default:
                break;
        }
    }
}

bool Delivery::status_decides(const Response& head) const {
    return policy_.judged_by_status && !policy_.deliver_errors && head.status >= 400 &&
           ends_run_(head);
}

std::optional<std::string> Delivery::why_stuck() const {
    const auto* why_not = std::get_if<std::string>(&resume_);
    // A file nobody has seen yet can always start over.
    if (!committed_ || why_not == nullptr || output_.can_rewind()) {
        return std::nullopt;
    }
    return std::to_string(written_) +
           " bytes were already written and cannot be resumed: " + *why_not;
}

bool Delivery::may_stream(const Response& head) const {
    return ends_run_(head) && (head.status < 400 || policy_.deliver_errors);
}

bool Delivery::run_delivers(const RunResult& run) const {
    if (!run.final_response || run.final_failure) {
        return false;
    }
    switch (run.outcome) {
        case Outcome::success:
            // Even a 404, when polling waited for one.
            return true;
        case Outcome::deadline:
        case Outcome::interrupted:
        case Outcome::write_error:
        case Outcome::incomplete:
            return false;
        default:
            return policy_.deliver_errors;
    }
}

WriteStatus Delivery::write_held(const Response& final_response) {
    if (policy_.include_head) {
        if (WriteStatus status = write(final_response.raw_head); !status.ok()) {
            return status;
        }
    }
    if (WriteStatus status = write_body(final_response.body); !status.ok()) {
        return status;
    }
    return output_.finish();
}

void Delivery::finish(RunResult& run) {
    finish_output(run);
    run.reader_gone = reader_gone_;
}

void Delivery::finish_output(RunResult& run) {
    const auto give_back = [&] {
        output_.abandon();
        run.bytes_written = output_.can_rewind() ? 0 : written_;
        run.output = run.bytes_written > 0 ? OutputState::incomplete : OutputState::none;
    };
    const auto fail_write = [&](const WriteStatus& status) {
        run.outcome = Outcome::write_error;
        run.reason = status.describe();
        give_back();
    };
    if (!policy_.write_body || !run_delivers(run)) {
        give_back();
        return;
    }
    if (mode_ != Mode::streaming && committed_ && output_.can_rewind()) {
        // Part of an earlier body went to a file no one has seen: the final body replaces it.
        if (const WriteStatus rewound = output_.rewind(); !rewound.ok()) {
            fail_write(rewound);
            return;
        }
        committed_ = false;
        written_ = 0;
    }
    if (mode_ != Mode::streaming && (committed_ || mode_ == Mode::dropping)) {
        run.outcome = Outcome::incomplete;
        run.reason = committed_ ? run.reason + "; " + std::to_string(written_) +
                                      " bytes of an earlier response were already written"
                                : "the final body was larger than --buffer and was not kept";
        give_back();
        return;
    }
    const WriteStatus status =
        mode_ == Mode::streaming ? output_.finish() : write_held(*run.final_response);
    if (!status.ok()) {
        fail_write(status);
        return;
    }
    if (resumed_) {
        report_whole_response(*run.final_response);
    }
    run.bytes_written = written_;
    run.output = OutputState::complete;
}

void Delivery::report_whole_response(Response& final_response) const {
    // The 206 only carried the rest: -w, -D and --result describe the response whose body
    // the reader got, with the last attempt's timings.
    final_response.status = committed_head_.status;
    final_response.http_version = committed_head_.http_version;
    final_response.headers = committed_head_.headers;
    final_response.raw_head = committed_head_.raw_head;
    final_response.body_size = written_;
}

}  // namespace rfetch
