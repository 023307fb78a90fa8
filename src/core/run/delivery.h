#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/base/transport.h"
#include "core/output/output.h"
#include "core/output/resume.h"
#include "core/run/delivery_stage.h"

namespace rfetch {

struct RunResult;

/// How the body reaches its reader.
struct DeliveryPolicy {
    /// Held in memory before the first byte goes out; a longer body streams (--buffer).
    std::uint64_t buffer_limit = std::uint64_t{8} * 1024 * 1024;
    /// False with --result, which shows the body inside its document and writes none itself.
    bool write_body = true;
    /// False when every body must be held whole to be judged: --result, and polling, whose
    /// condition reads the body before the run can know it is the final one.
    bool may_stream = true;
    /// -i: the final response's head goes out before its body.
    bool include_head = false;
    /// --no-fail: a final status >= 400 still delivers its body.
    bool deliver_errors = false;
    /// Only a GET can ask for the rest of a body with Range.
    bool may_resume = false;
    /// Reads the dates that tell whether a Last-Modified may go in If-Range; without it only
    /// a strong ETag can.
    HttpDateParser parse_date = nullptr;
    /// False when polling: the condition decides, not the status, and it may read any body.
    bool judged_by_status = true;
    /// --result shows even an error body in its document, so that body is read to its end.
    bool shows_error_body = false;
};

/// Whether a complete response with this head would end the run. Only such a body may start
/// going out before its transfer ends: a 503's body never reaches the reader.
using EndsRun = std::function<bool(const Response& head)>;

/// Told the final response just before the output that holds its body is finished: the
/// response may still name the file (curl's -J).
using BeforeFinish = std::function<void(const Response& final_response)>;

/// What reached the reader by the end of the run.
enum class OutputState { none, incomplete, complete };

std::string_view to_string(OutputState state);

/// The run's body, across attempts: held while it is small, streamed once it is not, and
/// continued with Range after a break, so that every byte written belongs to the final
/// response and is written once.
class Delivery final : public BodySink {
  public:
    Delivery(Output& output, DeliveryPolicy policy, EndsRun ends_run,
             BeforeFinish before_finish = nullptr)
        : output_(output),
          policy_(policy),
          ends_run_(std::move(ends_run)),
          before_finish_(std::move(before_finish)) {}

    /// Range and If-Range when part of a body is out and the next attempt asks for the rest.
    std::vector<Header> resume_headers() const;
    /// The first byte the next attempt asks for, when it resumes.
    std::optional<std::uint64_t> resume_offset() const;

    void begin_attempt();
    bool wants_body(const Response& head) override;
    std::optional<Failure> on_body(const Response& head, std::string_view bytes) override;
    bool reader_gone() const override { return output_.reader_gone(); }
    std::uint64_t body_offset(const Response& head) const override;
    /// Gives the attempt's response the body held for it.
    void end_attempt(AttemptResult& result);

    /// Why no later attempt can finish the output: bytes are out, and the server cannot
    /// send the rest. nullopt while a retry could still deliver a whole body.
    std::optional<std::string> why_stuck() const;

    /// Writes the final body if the run delivers one, or completes the streamed one; takes
    /// back what it can otherwise. Records the output in `run`, and a write that fails in
    /// its outcome.
    void finish(RunResult& run);

  private:
    using Stage = DeliveryStage;

    void advance(DeliveryEvent event) { stage_ = after(stage_, event); }
    /// The first bytes of a response after a break: they carry on with the body that is out,
    /// are set aside, or start the output over.
    std::optional<Failure> meet(const Response& head);
    std::optional<Failure> hold(const Response& head, std::string_view bytes);
    std::optional<Failure> commit(const Response& head, std::string_view bytes);
    std::optional<Failure> stream(std::string_view bytes);
    std::optional<Failure> start_over();
    /// Moves to the stage a failed write or rewind leaves; returns `status` either way.
    WriteStatus checked(WriteStatus status);
    WriteStatus write_body(std::string_view bytes);
    WriteStatus write_held(const Response& final_response);
    /// Whether a complete response with this head would be written out, so its body may
    /// start going out before it has all arrived.
    bool may_stream(const Response& head) const;
    /// Whether a response with this head ends the run as an error whatever its body does
    /// (RFC 9110 §15.5, §15.6: the status is the answer, the body only explains it).
    bool status_decides(const Response& head) const;
    /// Whether the run ends by writing its final response's body.
    bool run_delivers(const RunResult& run) const;
    /// Whether the final response only carried on with the body that is out: a 206 from
    /// the byte its attempt asked for.
    bool continued(const Response& final_response) const;
    void finish_output(RunResult& run);
    void give_back(RunResult& run);
    void report_whole_response(Response& final_response) const;

    Output& output_;
    DeliveryPolicy policy_;
    EndsRun ends_run_;
    BeforeFinish before_finish_;

    Stage stage_ = Stage::holding;
    /// Body bytes in the output.
    std::uint64_t written_ = 0;
    /// The head of the response whose body is in the output, which a 206 only continues.
    Response out_head_;
    /// How to ask for the rest of that body, or why it cannot be asked for.
    Resumability resume_ = std::string("nothing was written");
    /// The byte the current attempt asked for with Range, when it did.
    std::optional<std::uint64_t> asked_from_;
    /// The current attempt's body while it is held, and how much of it arrived.
    std::string held_;
    std::uint64_t received_ = 0;
};

}  // namespace rfetch
