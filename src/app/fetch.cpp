#include "app/fetch.h"

#include "app/run_output.h"
#include "cli/exit_codes.h"
#include "cli/target_request.h"
#include "http/http_date.h"

namespace rfetch {

Fetch::Fetch(const FetchContext& context, std::size_t index)
    : config_(context.config),
      target_(context.config.targets.at(index)),
      dumped_head_(context.dumped_heads != nullptr ? &context.dumped_heads->at(index) : nullptr),
      filename_(target_.output),
      request_(request_for(context.config, target_)),
      // Each URL draws from its own stream, so that --seed reproduces a -Z run whatever order
      // the transfers end in; the first URL's stream is the seed's own.
      random_(seed_for_stream(context.config.seed, index)),
      decider_(context.config.policy, random_, parse_http_date) {
    log_ = make_event_log(context.events, context.clock,
                          {request_.method, request_.url, config_.seed, config_.idempotency_key,
                           config_.request_id, config_.policy.polling.has_value(),
                           context.many ? std::optional<std::size_t>(index) : std::nullopt,
                           config_.policy.polling && config_.policy.polling->until_down});
    // For a person at a terminal, the progress line stands between the run and both the clock
    // and the log.
    Clock* clock = &context.clock;
    AttemptObserver* observer = log_.get();
    if (config_.show_progress && !context.many) {
        progress_.emplace(stderr, *log_, context.clock);
        clock = &*progress_;
        observer = &*progress_;
    }
    if (config_.transfer.verbose) {
        notes_.emplace(context.events.sink, *observer);
        observer = &*notes_;
    }
    hints_.emplace(*observer);
    BodyOutput body = body_output(config_, target_);
    output_ = std::move(body.output);
    BeforeFinish before_finish;
    if (body.named != nullptr || config_.remote_time) {
        before_finish = [this, named = body.named](const Response& final_response) {
            if (named != nullptr) {
                name_after(config_, target_, final_response, *named, filename_);
            }
            // curl's -R: libcurl's file time is the Last-Modified, read as curl_getdate reads it.
            // As curl, a time before 1970 leaves the file's own time.
            const auto modified = final_response.header("Last-Modified");
            if (config_.remote_time && modified) {
                const auto time = parse_http_date(*modified);
                if (time && *time >= WallTime{}) {
                    output_->set_file_time(*time);
                }
            }
        };
    }
    delivery_.emplace(
        *output_, delivery_policy(config_, target_, request_),
        [this](const Response& head) { return decider_.ends_run(request_.method, head); },
        std::move(before_finish));
    guard_ = context.policy.guard_for(config_, index);
    pacer_ = context.policy.pacer_for(target_);
    run_.emplace(request_, *delivery_, *hints_, *clock, decider_, config_.limits, context.deadline,
                 context.policy.attempt_headers(), guard_.get(), pacer_.get());
    if (config_.hedge) {
        HedgePolicy hedge = *config_.hedge;
        hedge.most_held = config_.buffer_limit;
        run_->hedge_with(hedge);
    }
}

int Fetch::finish(int signal) {
    if (progress_) {
        progress_->clear();
    }
    RunResult& result = run_->result();
    result.reason = with_flag_hint(std::move(result.reason), result.setting);
    result.setting = Setting::none;
    const ExitRules rules{config_.no_fail, config_.policy.polling.has_value()};
    const int exit_code = write_reports(config_, target_, request_.method, filename_, result,
                                        exit_code_for(result, rules, signal), dumped_head_);
    log_->on_result(result, exit_code);
    return exit_code;
}

}  // namespace rfetch
