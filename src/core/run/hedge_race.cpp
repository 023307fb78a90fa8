#include "core/run/hedge_race.h"

#include <algorithm>
#include <utility>

namespace rfetch {

// One request's body, held until the race says whose body goes out. Questions about the body
// are the run's sink's to answer: they depend on the response, not on which request carried it.
class HedgeRace::HeldBody final : public BodySink {
  public:
    explicit HeldBody(BodySink& sink) : sink_(sink) {}

    bool wants_body(const Response& head) override { return sink_.wants_body(head); }
    std::optional<Failure> on_body(const Response& head, std::string_view bytes) override {
        if (!head_) {
            head_ = head;
        }
        bytes_.append(bytes);
        return std::nullopt;
    }
    bool reader_gone() const override { return sink_.reader_gone(); }
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
    BodySink& sink_;
    std::optional<Response> head_;
    std::string bytes_;
};

HedgeRace::HedgeRace(BodySink& sink, HedgePolicy policy, TimePoint started)
    : sink_(sink), policy_(policy), started_(started) {}

HedgeRace::~HedgeRace() = default;

int HedgeRace::add_request() {
    requests_.push_back(std::make_unique<HeldBody>(sink_));
    return static_cast<int>(requests_.size()) - 1;
}

BodySink& HedgeRace::body(int request) {
    return *requests_.at(static_cast<std::size_t>(request));
}

std::optional<TimePoint> HedgeRace::next_hedge_due() const {
    if (decided_ || requests_.empty()) {
        return std::nullopt;
    }
    return rfetch::next_hedge_due(policy_, started_, hedges_sent());
}

RaceEnd HedgeRace::end_request(int request, bool good) {
    requests_.at(static_cast<std::size_t>(request))->running = false;
    const auto others =
        std::ranges::count_if(requests_, [](const auto& held) { return held->running; });
    const RaceEnd end = judge_race_end(good, static_cast<int>(others));
    decided_ = end != RaceEnd::set_aside;
    return end;
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
