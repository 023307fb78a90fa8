#include "core/run/hedge_race.h"

#include <algorithm>
#include <utility>

namespace rfetch {

// One request's body, held until the race says whose body goes out. Questions about the body
// are the run's sink's to answer: they depend on the response, not on which request carried it.
class HedgeRace::HeldBody final : public BodySink {
  public:
    HeldBody(HedgeRace& race, int request) : race_(race), sink_(race.sink_), request_(request) {}

    bool wants_body(const Response& head) override {
        race_.answered_ = true;
        return sink_.wants_body(head);
    }
    std::optional<Failure> on_body(const Response& head, std::string_view bytes) override {
        race_.answered_ = true;
        if (race_.elected_ == request_) {
            return sink_.on_body(head, bytes);
        }
        if (race_.elected_) {
            // Another request streams: this one's bytes will never be written, and it is
            // about to be cancelled.
            return std::nullopt;
        }
        if (!head_) {
            head_ = head;
        }
        bytes_.append(bytes);
        if (bytes_.size() <= race_.policy_.most_held) {
            return std::nullopt;
        }
        // Holding more would let a race of N requests hold N bodies: this one streams instead,
        // as an attempt without hedges does once it outgrows --buffer.
        race_.elected_ = request_;
        return replay();
    }
    bool reader_gone() const override { return sink_.reader_gone(); }
    // The origin answered and asked for a wait: a hedge now would only be asked the same.
    void redirect_held(const Response& head) override {
        race_.answered_ = true;
        sink_.redirect_held(head);
    }
    std::uint64_t body_offset(const Response& head) const override {
        return sink_.body_offset(head);
    }

    std::optional<Failure> replay() {
        if (!head_ || bytes_.empty()) {
            return std::nullopt;
        }
        return sink_.on_body(*head_, std::exchange(bytes_, {}));
    }

    bool running = true;

  private:
    HedgeRace& race_;
    BodySink& sink_;
    int request_;
    std::optional<Response> head_;
    std::string bytes_;
};

HedgeRace::HedgeRace(BodySink& sink, HedgePolicy policy, TimePoint started)
    : sink_(sink), policy_(policy), started_(started) {}

HedgeRace::~HedgeRace() = default;

int HedgeRace::add_request() {
    requests_.push_back(std::make_unique<HeldBody>(*this, static_cast<int>(requests_.size())));
    return static_cast<int>(requests_.size()) - 1;
}

BodySink& HedgeRace::body(int request) {
    return *requests_.at(static_cast<std::size_t>(request));
}

std::optional<TimePoint> HedgeRace::next_hedge_due() const {
    if (decided_ || answered_ || elected_ || requests_.empty()) {
        return std::nullopt;
    }
    return rfetch::next_hedge_due(policy_, started_, hedges_sent());
}

RaceEnd HedgeRace::end_request(int request, bool good) {
    requests_.at(static_cast<std::size_t>(request))->running = false;
    if (elected_) {
        if (*elected_ != request) {
            return RaceEnd::set_aside;
        }
        // Its body has been streaming: whatever its end, it is the attempt's.
        decided_ = true;
        return good ? RaceEnd::wins : RaceEnd::last;
    }
    const auto others =
        std::ranges::count_if(requests_, [](const auto& held) { return held->running; });
    const RaceEnd end = judge_race_end(good, static_cast<int>(others));
    decided_ = end != RaceEnd::set_aside;
    return end;
}

std::vector<int> HedgeRace::outrun() {
    if (!elected_) {
        return {};
    }
    std::vector<int> others;
    for (const int request : running()) {
        if (request != *elected_) {
            requests_[static_cast<std::size_t>(request)]->running = false;
            others.push_back(request);
        }
    }
    cancelled_ += static_cast<int>(others.size());
    return others;
}

std::vector<int> HedgeRace::running() const {
    std::vector<int> running;
    for (std::size_t request = 0; request < requests_.size(); ++request) {
        if (requests_[request]->running) {
            running.push_back(static_cast<int>(request));
        }
    }
    return running;
}

AttemptResult HedgeRace::deliver(int request, AttemptResult result) {
    if (auto failure = requests_.at(static_cast<std::size_t>(request))->replay()) {
        if (!result.failure) {
            result.failure = std::move(failure);
        }
    }
    return result;
}

}  // namespace rfetch
