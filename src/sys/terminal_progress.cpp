#include "sys/terminal_progress.h"

#include <algorithm>

#include "core/output/progress_line.h"

namespace rfetch {
namespace {

// Often enough to look alive, seldom enough to cost nothing.
constexpr Duration kRedraw{100};

std::string waiting_line(WaitReason why) {
    switch (why) {
        case WaitReason::quota:
        case WaitReason::pace:
        case WaitReason::token:
            return "waiting for the origin's rate limit";
        case WaitReason::redirect:
            return "waiting to follow a redirect";
        case WaitReason::probe_in_flight:
        case WaitReason::backoff:
        case WaitReason::ramp:
            break;
    }
    return "waiting for the origin to recover";
}

}  // namespace

void TerminalProgress::on_download(std::uint64_t received, std::uint64_t total) {
    const TimePoint at = clock_.now();
    if (received < last_received_ || received == 0) {
        download_started_ = at;  // a new attempt's transfer
    }
    last_received_ = received;
    if (std::max(received, total) <= kProgressThreshold || at < next_draw_) {
        return;
    }
    next_draw_ = at + kRedraw;
    draw(download_line(
        received, total,
        std::chrono::duration_cast<std::chrono::milliseconds>(at - download_started_)));
}

void TerminalProgress::on_attempt(const AttemptRecord& record) {
    clear();
    log_.on_attempt(record);
    why_waiting_ = record.decision.reason;
    last_received_ = 0;
}

void TerminalProgress::on_waiting(WaitReason why) {
    log_.on_waiting(why);
    waiting_for_ = why;
}

void TerminalProgress::on_wait(const WaitRecord& record) {
    clear();
    log_.on_wait(record);
    waiting_for_.reset();
}

void TerminalProgress::on_hedge(const HedgeRecord& record) {
    clear();
    log_.on_hedge(record);
}

bool TerminalProgress::wait_for(Duration d) {
    const TimePoint end = clock_.now() + d;
    for (TimePoint at = clock_.now(); at < end; at = clock_.now()) {
        const auto left = std::chrono::ceil<Duration>(end - at);
        draw(waiting_for_ ? waiting_line(*waiting_for_) : countdown_line(why_waiting_, left));
        if (!clock_.wait_for(std::min(left, kRedraw))) {
            clear();
            return false;
        }
    }
    clear();
    return true;
}

bool TerminalProgress::wait_to_follow(Duration d) {
    waiting_for_ = WaitReason::redirect;
    const bool completed = wait_for(d);
    waiting_for_.reset();
    return completed;
}

void TerminalProgress::clear() {
    if (drawn_) {
        std::fputs("\r\x1b[K", out_);
        std::fflush(out_);
        drawn_ = false;
    }
}

void TerminalProgress::draw(const std::string& line) {
    std::fprintf(out_, "\r\x1b[Krfetch: %s", line.c_str());
    std::fflush(out_);
    drawn_ = true;
}

}  // namespace rfetch
