// The delivery's stages and the only transitions between them.

#include "core/run/delivery_stage.h"

#include <catch2/catch.hpp>
#include <stdexcept>

using namespace rfetch;
using Stage = DeliveryStage;
using Event = DeliveryEvent;

TEST_CASE("a body held, outgrowing the buffer, streams and is delivered", "[delivery]") {
    Stage stage = after(Stage::holding, Event::outgrows_to_stream);
    CHECK(stage == Stage::streaming);
    CHECK(part_is_out(stage));
    CHECK(after(stage, Event::completed) == Stage::delivered);
}

TEST_CASE("after a break what is out stays out, and the next response decides",
          "[delivery][resume]") {
    for (const Stage was :
         {Stage::streaming, Stage::resuming, Stage::cut, Stage::held_aside, Stage::dropped_aside}) {
        CHECK(after(was, Event::attempt_begins) == Stage::cut);
    }
    CHECK(after(Stage::cut, Event::continues) == Stage::resuming);
    CHECK(after(Stage::cut, Event::retried) == Stage::held_aside);
    CHECK(after(Stage::cut, Event::cannot_continue) == Stage::dropped_aside);
    CHECK(after(Stage::cut, Event::starts_over) == Stage::holding);
    CHECK(after(Stage::held_aside, Event::outgrows_to_drop) == Stage::dropped_aside);
}

TEST_CASE("an attempt with nothing out starts by holding", "[delivery]") {
    CHECK(after(Stage::holding, Event::attempt_begins) == Stage::holding);
    CHECK(after(Stage::dropping, Event::attempt_begins) == Stage::holding);
    CHECK_FALSE(part_is_out(Stage::holding));
    CHECK_FALSE(part_is_out(Stage::dropping));
}

TEST_CASE("a taken-back output starts over, and a dropped final body stays dropped",
          "[delivery][resume]") {
    CHECK(after(Stage::held_aside, Event::starts_over) == Stage::holding);
    CHECK(after(Stage::dropped_aside, Event::starts_over) == Stage::dropping);
}

TEST_CASE("a refused output stays refused when the run gives it back", "[delivery]") {
    const Stage gone = after(Stage::resuming, Event::reader_left);
    CHECK(gone == Stage::reader_gone);
    CHECK(after(gone, Event::gives_back) == Stage::reader_gone);
    const Stage failed = after(Stage::holding, Event::write_refused);
    CHECK(after(failed, Event::gives_back) == Stage::write_failed);
    CHECK(after(Stage::cut, Event::gives_back) == Stage::given_back);
}

TEST_CASE("an event that cannot happen in a stage is a bug, not a guess", "[delivery]") {
    // Only a break can be continued, and only a held body streams.
    CHECK_THROWS_AS(after(Stage::holding, Event::continues), std::logic_error);
    CHECK_THROWS_AS(after(Stage::held_aside, Event::outgrows_to_stream), std::logic_error);
    CHECK_THROWS_AS(after(Stage::delivered, Event::attempt_begins), std::logic_error);
    CHECK_THROWS_AS(after(Stage::given_back, Event::write_refused), std::logic_error);
    CHECK_THROWS_AS(after(Stage::dropping, Event::completed), std::logic_error);
}
