#include "core/run/delivery_stage.h"

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>

namespace rfetch {
namespace {

using Stage = DeliveryStage;
using Event = DeliveryEvent;

bool is_any(Stage stage, std::initializer_list<Stage> stages) {
    return std::ranges::find(stages, stage) != stages.end();
}

// The stages in which the output can still be written to, or be taken back.
bool is_open(Stage stage) {
    return !is_any(stage,
                   {Stage::write_failed, Stage::reader_gone, Stage::delivered, Stage::given_back});
}

std::optional<Stage> next(Stage stage, Event event) {
    switch (event) {
        case Event::attempt_begins:
            if (is_any(stage, {Stage::holding, Stage::dropping})) {
                return Stage::holding;
            }
            // An attempt after one that wrote, or after one set aside: what is out stays out.
            if (part_is_out(stage)) {
                return Stage::cut;
            }
            return std::nullopt;
        case Event::continues:
            return stage == Stage::cut ? std::optional(Stage::resuming) : std::nullopt;
        case Event::retried:
            return stage == Stage::cut ? std::optional(Stage::held_aside) : std::nullopt;
        case Event::cannot_continue:
            return stage == Stage::cut ? std::optional(Stage::dropped_aside) : std::nullopt;
        case Event::starts_over:
            // When the next response begins, or when the run ends on one held aside.
            if (is_any(stage, {Stage::cut, Stage::held_aside})) {
                return Stage::holding;
            }
            return stage == Stage::dropped_aside ? std::optional(Stage::dropping) : std::nullopt;
        case Event::outgrows_to_stream:
            return stage == Stage::holding ? std::optional(Stage::streaming) : std::nullopt;
        case Event::outgrows_to_drop:
            if (stage == Stage::holding) {
                return Stage::dropping;
            }
            return stage == Stage::held_aside ? std::optional(Stage::dropped_aside) : std::nullopt;
        case Event::write_refused:
            return is_open(stage) ? std::optional(Stage::write_failed) : std::nullopt;
        case Event::reader_left:
            return is_open(stage) ? std::optional(Stage::reader_gone) : std::nullopt;
        case Event::completed:
            if (is_any(stage, {Stage::holding, Stage::streaming, Stage::resuming})) {
                return Stage::delivered;
            }
            return std::nullopt;
        case Event::gives_back:
            if (is_open(stage)) {
                return Stage::given_back;
            }
            // A refused output is given back too, and stays refused, for the report.
            if (is_any(stage, {Stage::write_failed, Stage::reader_gone})) {
                return stage;
            }
            return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

DeliveryStage after(DeliveryStage stage, DeliveryEvent event) {
    if (const auto following = next(stage, event)) {
        return *following;
    }
    throw std::logic_error("delivery: event " + std::to_string(static_cast<int>(event)) +
                           " cannot happen while " + std::string(to_string(stage)));
}

bool part_is_out(DeliveryStage stage) {
    return is_any(stage, {Stage::streaming, Stage::cut, Stage::resuming, Stage::held_aside,
                          Stage::dropped_aside});
}

std::string_view to_string(DeliveryStage stage) {
    switch (stage) {
        case Stage::holding:
            return "holding";
        case Stage::dropping:
            return "dropping";
        case Stage::streaming:
            return "streaming";
        case Stage::cut:
            return "cut";
        case Stage::resuming:
            return "resuming";
        case Stage::held_aside:
            return "held_aside";
        case Stage::dropped_aside:
            return "dropped_aside";
        case Stage::write_failed:
            return "write_failed";
        case Stage::reader_gone:
            return "reader_gone";
        case Stage::delivered:
            return "delivered";
        case Stage::given_back:
            return "given_back";
    }
    return "unknown";
}

}  // namespace rfetch
