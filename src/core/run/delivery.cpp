#include "core/run/delivery.h"

#include <utility>

#include "core/run/engine.h"

namespace rfetch {
namespace {

// libcurl's CURLE_RANGE_ERROR, which curl itself exits with when it cannot resume.
constexpr int kRangeError = 33;
// libcurl's CURLE_WRITE_ERROR.
constexpr int kWriteError = 23;

// A write that a signal cut short is the signal's doing, not the output's.
Failure write_failure(const WriteStatus& status) {
    const FailureKind kind =
        status.kind == WriteStatus::Kind::interrupted ? FailureKind::aborted : FailureKind::write;
    return {kind, kWriteError, status.describe()};
}

Outcome outcome_of(const WriteStatus& status) {
    return status.kind == WriteStatus::Kind::interrupted ? Outcome::interrupted
                                                         : Outcome::write_error;
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
    if (!part_is_out(stage_) || validator == nullptr) {
        return {};
    }
    return range_headers(written_, *validator);
}

std::uint64_t Delivery::body_offset(const Response& head) const {
    return asked_from_ && continues_at(head, *asked_from_) ? *asked_from_ : 0;
}

std::optional<std::uint64_t> Delivery::resume_offset() const {
    if (!part_is_out(stage_) || !std::holds_alternative<ResumeValidator>(resume_)) {
        return std::nullopt;
    }
    return written_;
}

void Delivery::begin_attempt() {
    asked_from_ = resume_offset();
    advance(DeliveryEvent::attempt_begins);
    held_.clear();
    received_ = 0;
}

std::optional<Failure> Delivery::on_body(const Response& head, std::string_view bytes) {
    if (bytes.empty()) {
        return std::nullopt;
    }
    received_ += bytes.size();
    // Still cut when the first bytes of the attempt arrive: they decide what it is.
    if (stage_ == Stage::cut) {
        if (auto failure = meet(head)) {
            return failure;
        }
    }
    switch (stage_) {
        case Stage::holding:
        case Stage::held_aside:
            return hold(head, bytes);
        case Stage::streaming:
        case Stage::resuming:
            return stream(bytes);
        default:
            // Dropped, or the output refused a write and the transfer is being stopped.
            return std::nullopt;
    }
}

std::optional<Failure> Delivery::meet(const Response& head) {
    if (asked_from_ && continues_at(head, *asked_from_)) {
        advance(DeliveryEvent::continues);
        return std::nullopt;
    }
    if (!ends_run_(head)) {
        // A 503 between a break and its resumption: the decider retries it like any other.
        advance(DeliveryEvent::retried);
        return std::nullopt;
    }
    if (output_.can_rewind()) {
        // No reader has seen the partial body, so the whole one can simply replace it.
        return start_over();
    }
    advance(DeliveryEvent::cannot_continue);
    return Failure{FailureKind::unresumable, kRangeError,
                   "asked for the body from byte " + std::to_string(written_) + " on, got status " +
                       std::to_string(head.status) + " and not the rest; " +
                       std::to_string(written_) + " bytes were already written"};
}

std::optional<Failure> Delivery::hold(const Response& head, std::string_view bytes) {
    if (held_.size() + bytes.size() <= policy_.buffer_limit) {
        held_.append(bytes);
        return std::nullopt;
    }
    if (stage_ == Stage::holding && policy_.may_stream && may_stream(head)) {
        return commit(head, bytes);
    }
    // Too long to hold and never to be written: let it pass, and free the memory.
    advance(DeliveryEvent::outgrows_to_drop);
    std::string().swap(held_);
    return std::nullopt;
}

std::optional<Failure> Delivery::commit(const Response& head, std::string_view bytes) {
    advance(DeliveryEvent::outgrows_to_stream);
    out_head_ = head;
    resume_ = policy_.may_resume ? resumability(head, policy_.parse_date)
                                 : Resumability(std::string("only a GET can be resumed"));
    if (policy_.include_head) {
        if (const WriteStatus status = checked(output_.write(head.raw_head)); !status.ok()) {
            return write_failure(status);
        }
    }
    const std::string held = std::exchange(held_, {});
    if (auto failure = stream(held)) {
        return failure;
    }
    return stream(bytes);
}

std::optional<Failure> Delivery::start_over() {
    if (const WriteStatus rewound = checked(output_.rewind()); !rewound.ok()) {
        return write_failure(rewound);
    }
    advance(DeliveryEvent::starts_over);
    written_ = 0;
    return std::nullopt;
}

WriteStatus Delivery::checked(WriteStatus status) {
    if (!status.ok()) {
        advance(status.kind == WriteStatus::Kind::reader_gone ? DeliveryEvent::reader_left
                                                              : DeliveryEvent::write_refused);
    }
    return status;
}

WriteStatus Delivery::write_body(std::string_view bytes) {
    WriteStatus status = checked(output_.write(bytes));
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
    return part_is_out(stage_) || policy_.shows_error_body || !status_decides(head);
}

void Delivery::end_attempt(AttemptResult& result) {
    if (!result.response) {
        return;
    }
    result.response->body_size = received_;
    // A broken body is never shown to anyone, not even to a --result reader. Still cut: the
    // response came after a break and had no body.
    const bool held =
        stage_ == Stage::holding || stage_ == Stage::held_aside || stage_ == Stage::cut;
    if (!result.failure && held) {
        result.response->body = std::exchange(held_, {});
    }
    // A final error's body that broke or stalled is no reason to ask again: the status stands.
    if (result.failure && !part_is_out(stage_) && status_decides(*result.response)) {
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
    if (!part_is_out(stage_) || why_not == nullptr || output_.can_rewind()) {
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
            // --no-fail delivers an error status's body, never that of a redirect whose wait
            // was refused: it was not read.
            return policy_.deliver_errors &&
                   (run.final_response->status < 300 || run.final_response->status >= 400);
    }
}

bool Delivery::continued(const Response& final_response) const {
    return asked_from_ && continues_at(final_response, *asked_from_);
}

WriteStatus Delivery::write_held(const Response& final_response) {
    if (policy_.include_head) {
        if (WriteStatus status = checked(output_.write(final_response.raw_head)); !status.ok()) {
            return status;
        }
    }
    if (WriteStatus status = write_body(final_response.body); !status.ok()) {
        return status;
    }
    return checked(output_.finish());
}

void Delivery::finish(RunResult& run) {
    // Decided before the output is settled: a 206 that carried on with the body is reported
    // as the response it belongs to, whether or not the run delivers it.
    const bool whole = run.final_response && continued(*run.final_response);
    finish_output(run);
    if (whole) {
        report_whole_response(*run.final_response);
    }
    // The transport may have seen the reader go before any write did.
    run.reader_gone = stage_ == Stage::reader_gone ||
                      (run.outcome == Outcome::write_error && output_.reader_gone());
}

void Delivery::give_back(RunResult& run) {
    output_.abandon();
    advance(DeliveryEvent::gives_back);
    run.bytes_written = output_.can_rewind() ? 0 : written_;
    run.output = run.bytes_written > 0 ? OutputState::incomplete : OutputState::none;
}

void Delivery::finish_output(RunResult& run) {
    const auto fail_write = [&](const WriteStatus& status) {
        run.outcome = outcome_of(status);
        run.reason = status.describe();
        give_back(run);
    };
    if (!policy_.write_body || !run_delivers(run)) {
        give_back(run);
        return;
    }
    const bool set_aside =
        stage_ == Stage::cut || stage_ == Stage::held_aside || stage_ == Stage::dropped_aside;
    if (set_aside && output_.can_rewind()) {
        // Part of an earlier body went to a file no one has seen: the final body replaces it.
        if (const WriteStatus rewound = checked(output_.rewind()); !rewound.ok()) {
            fail_write(rewound);
            return;
        }
        advance(DeliveryEvent::starts_over);
        written_ = 0;
    }
    if (part_is_out(stage_) && stage_ != Stage::streaming && stage_ != Stage::resuming) {
        run.outcome = Outcome::incomplete;
        run.reason +=
            "; " + std::to_string(written_) + " bytes of an earlier response were already written";
        give_back(run);
        return;
    }
    if (stage_ == Stage::dropping) {
        run.outcome = Outcome::incomplete;
        run.reason = "the final body was larger than the buffer and was not kept";
        run.setting = Setting::buffer;
        give_back(run);
        return;
    }
    if (before_finish_) {
        before_finish_(*run.final_response);
    }
    const WriteStatus status =
        stage_ == Stage::holding ? write_held(*run.final_response) : checked(output_.finish());
    if (!status.ok()) {
        fail_write(status);
        return;
    }
    advance(DeliveryEvent::completed);
    run.bytes_written = written_;
    run.output = OutputState::complete;
}

void Delivery::report_whole_response(Response& final_response) const {
    // The 206 only carried the rest: -w, -D, --result and the result event describe the
    // response whose body the reader got, with the last attempt's timings.
    final_response.status = out_head_.status;
    final_response.http_version = out_head_.http_version;
    final_response.headers = out_head_.headers;
    final_response.raw_head = out_head_.raw_head;
    final_response.body_size = written_;
}

}  // namespace rfetch
