#pragma once

#include <string_view>

namespace rfetch {

/// Where a run's body stands, as one value: what is in the output, and what becomes of the
/// current attempt's body. It was once seven flags that had to agree, and did not: a resumed
/// download reported a status that was not in its output.
enum class DeliveryStage {
    /// Nothing is out; the attempt's body is held until the run knows whether it is final.
    holding,
    /// Nothing is out; the attempt's body outgrew the buffer and will never be written.
    dropping,
    /// The attempt's body goes out as it arrives.
    streaming,
    /// Part of a body is out and its transfer broke: the next response must carry on with it.
    cut,
    /// A 206 carries on the body that is out, from the byte asked for.
    resuming,
    /// Part of a body is out; the attempt's response, which would be retried, is held aside.
    held_aside,
    /// Part of a body is out; the attempt's response is not kept: too long to hold, or one
    /// that can neither carry on with the body nor replace it.
    dropped_aside,
    /// The output refused a write.
    write_failed,
    /// The output's reader went away.
    reader_gone,
    /// The final body is out, whole.
    delivered,
    /// The run ended without delivering; what could be taken back was.
    given_back,
};

/// What happens to a delivery.
enum class DeliveryEvent {
    /// An attempt begins.
    attempt_begins,
    /// The attempt's first bytes are the rest of the body that is out.
    continues,
    /// They belong to a response that will be retried, not to the body that is out.
    retried,
    /// The output was taken back: the attempt's body starts it over.
    starts_over,
    /// Part is out, a reader may have it, and the response cannot carry on with it.
    cannot_continue,
    /// The held body outgrew the buffer, and its response would end the run.
    outgrows_to_stream,
    /// The held body outgrew the buffer, and will never be written.
    outgrows_to_drop,
    /// A write failed, or the output could not be taken back.
    write_refused,
    /// A write found the reader gone.
    reader_left,
    /// The final body is complete in the output.
    completed,
    /// The run ends without delivering a body.
    gives_back,
};

/// The stage after `event`; throws std::logic_error for an event that cannot happen in
/// `stage`, which would be a bug in Delivery. Every transition is written out here.
DeliveryStage after(DeliveryStage stage, DeliveryEvent event);

/// Whether bytes of a body are in the output, and so decide what the next attempt may be.
bool part_is_out(DeliveryStage stage);

std::string_view to_string(DeliveryStage stage);

}  // namespace rfetch
