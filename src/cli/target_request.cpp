#include "cli/target_request.h"

namespace rfetch {

const std::string& method_for(const Config& config, const Target& target) {
    return target.upload ? target.upload->method : config.request.method;
}

Request request_for(const Config& config, const Target& target) {
    Request request = config.request;
    request.url = target.url;
    request.resume_from = target.resume_from;
    if (target.upload) {
        request.method = target.upload->method;
        request.body = *target.upload->bytes;
        request.headers.insert(request.headers.end(), target.upload->headers.begin(),
                               target.upload->headers.end());
    }
    return request;
}

}  // namespace rfetch
