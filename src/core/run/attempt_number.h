#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/run/engine.h"

namespace rfetch {

/// The attempt's number on the wire, in the shape of the AWS SDKs' amz-sdk-request header:
/// `attempt=2; max=4`, so a server can tell a retry from a first try. `max` is the attempts
/// the retry policy allows; without a limit (polling until the deadline) it is left out.
class AttemptNumberHeader final : public AttemptHeaders {
  public:
    AttemptNumberHeader(std::string name, std::optional<int> retries)
        : name_(std::move(name)), retries_(retries) {}
    std::vector<Header> for_attempt(int attempt) override;

  private:
    std::string name_;
    std::optional<int> retries_;
};

/// Several sources of per-attempt headers as one, in the order given.
class AttemptHeaderList final : public AttemptHeaders {
  public:
    void add(AttemptHeaders& source) { sources_.push_back(&source); }
    bool empty() const { return sources_.empty(); }
    std::vector<Header> for_attempt(int attempt) override;

  private:
    std::vector<AttemptHeaders*> sources_;
};

}  // namespace rfetch
