#include "sys/redis_state_store.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <algorithm>
#include <random>
#include <thread>

#include "sys/resolve_host.h"

namespace rfetch {
namespace {

constexpr const char* kKeyPrefix = "rfetch:state:";
// State that no run has touched for a day is of no use to the next one.
constexpr std::chrono::milliseconds kTtl = std::chrono::hours(24);
// How many times an update starts again when another run changed the value in between: 50
// runs that all take a place in a ramp at once write the same key together. Between rounds a
// run steps aside for a random moment, longer each time, so that they do not collide again.
constexpr int kRounds = 64;
constexpr auto kMostStepAside = std::chrono::microseconds(4'000);
// After a lost connection, how long until the next try: a run must not spend its time on a
// Redis that is down.
constexpr auto kReconnectPause = std::chrono::seconds(1);

// The value (or false) and Redis's clock, read at one moment.
constexpr const char* kReadScript = R"lua(
local value = redis.call('GET', KEYS[1])
local now = redis.call('TIME')
return {value, now[1], now[2]}
)lua";

// Writes ARGV[2] with a TTL of ARGV[3] ms only when the value is still ARGV[1] ('' for none).
constexpr const char* kCompareAndSetScript = R"lua(
local value = redis.call('GET', KEYS[1])
if (value or '') ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
)lua";

constexpr const char* kScripts[] = {kReadScript, kCompareAndSetScript};
constexpr int kRead = 0;
constexpr int kCompareAndSet = 1;

timeval to_timeval(Duration d) {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
    return timeval{static_cast<time_t>(micros / 1'000'000),
                   static_cast<suseconds_t>(micros % 1'000'000)};
}

struct OpenedContext {
    redisContext* context = nullptr;
    std::string problem;
};

// hiredis's own lookup of a name has no time limit: the name is resolved here, and the lookup
// and the connections share the time connecting may take. Each address is tried in turn.
OpenedContext open_context(const StateUrl& url, Duration limit) {
    const auto connect_by = std::chrono::steady_clock::now() + limit;
    const auto time_left = [connect_by] {
        return to_timeval(std::max(
            Duration(1),
            std::chrono::duration_cast<Duration>(connect_by - std::chrono::steady_clock::now())));
    };
    std::vector<std::string> addresses;
    if (url.kind == StateUrl::Kind::tcp) {
        ResolvedHost resolved = resolve_host(url.host, limit);
        if (resolved.addresses.empty()) {
            return {nullptr, resolved.problem};
        }
        addresses = std::move(resolved.addresses);
    } else {
        addresses.push_back(url.socket_path);
    }
    std::string problem;
    for (const std::string& address : addresses) {
        redisContext* context =
            url.kind == StateUrl::Kind::unix_socket
                ? redisConnectUnixWithTimeout(address.c_str(), time_left())
                : redisConnectWithTimeout(address.c_str(), url.port, time_left());
        if (context != nullptr && context->err == 0) {
            return {context, {}};
        }
        problem = context != nullptr ? context->errstr : "out of memory";
        redisFree(context);
        if (std::chrono::steady_clock::now() >= connect_by) {
            break;
        }
    }
    return {nullptr, problem};
}

void step_aside(int round) {
    static std::minstd_rand random(std::random_device{}());
    const auto most = std::min<std::int64_t>(kMostStepAside.count(), 250 * (round + 1));
    std::uniform_int_distribution<std::int64_t> pick(0, most);
    std::this_thread::sleep_for(std::chrono::microseconds(pick(random)));
}

std::string key_for(const std::string& origin) {
    return kKeyPrefix + origin;
}

bool is_error(const redisReply* reply) {
    return reply != nullptr && reply->type == REDIS_REPLY_ERROR;
}

std::string error_text(const redisReply* reply) {
    return std::string(reply->str, reply->len);
}

std::optional<long long> as_number(const redisReply* reply) {
    if (reply->type == REDIS_REPLY_INTEGER) {
        return reply->integer;
    }
    if (reply->type == REDIS_REPLY_STRING) {
        try {
            return std::stoll(std::string(reply->str, reply->len));
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

// A SCAN reply as Redis sends it: the next cursor, then the keys, every one a string. Anything
// else (a proxy, a server that is not Redis) is no page, rather than a pointer read blind.
bool is_scan_page(const redisReply* page) {
    if (page == nullptr || page->type != REDIS_REPLY_ARRAY || page->elements != 2 ||
        page->element[0]->type != REDIS_REPLY_STRING ||
        page->element[1]->type != REDIS_REPLY_ARRAY) {
        return false;
    }
    const redisReply* keys = page->element[1];
    return std::all_of(keys->element, keys->element + keys->elements,
                       [](const redisReply* key) { return key->type == REDIS_REPLY_STRING; });
}

}  // namespace

void RedisStateStore::ReplyDeleter::operator()(redisReply* reply) const {
    freeReplyObject(reply);
}

RedisStateStore::RedisStateStore(StateUrl url, Duration command_timeout, LogChannel warnings)
    : url_(std::move(url)), command_timeout_(command_timeout), warnings_(std::move(warnings)) {}

RedisStateStore::~RedisStateStore() {
    if (context_ != nullptr) {
        redisFree(context_);
    }
}

void RedisStateStore::warn_once(const std::string& key, const std::string& message) {
    if (warned_.insert(key).second) {
        log_warning(warnings_, message);
    }
}

void RedisStateStore::lose_connection(const std::string& what) {
    warn_once("unreachable", "the state store " + url_.describe() + " " + what +
                                 "; runs will not share state until it answers again");
    if (context_ != nullptr) {
        redisFree(context_);
        context_ = nullptr;
    }
    script_shas_.clear();
    next_connect_ = std::chrono::steady_clock::now() + kReconnectPause;
}

bool RedisStateStore::connected() {
    if (context_ != nullptr) {
        return true;
    }
    if (refused_ || std::chrono::steady_clock::now() < next_connect_) {
        return false;
    }
    OpenedContext opened = open_context(url_, command_timeout_ * 2);
    if (opened.context == nullptr) {
        lose_connection("cannot be reached: " + opened.problem);
        return false;
    }
    context_ = opened.context;
    redisSetTimeout(context_, to_timeval(command_timeout_));
    if (!url_.password.empty()) {
        std::vector<std::string> auth{"AUTH"};
        if (!url_.user.empty()) {
            auth.push_back(url_.user);
        }
        auth.push_back(url_.password);
        const Reply reply = command(auth);
        if (!reply) {
            return false;
        }
        if (is_error(reply.get())) {
            // Redis's own words name neither the user nor the password.
            refused_ = true;
            lose_connection("refused the password (" + error_text(reply.get()) + ")");
            return false;
        }
    }
    if (url_.db != 0) {
        const Reply reply = command({"SELECT", std::to_string(url_.db)});
        if (!reply) {
            return false;
        }
        if (is_error(reply.get())) {
            refused_ = true;
            lose_connection("refused database " + std::to_string(url_.db) + " (" +
                            error_text(reply.get()) + ")");
            return false;
        }
    }
    for (const char* script : kScripts) {
        const Reply reply = command({"SCRIPT", "LOAD", script});
        if (!reply) {
            return false;
        }
        if (reply->type != REDIS_REPLY_STRING) {
            refused_ = true;
            lose_connection("refused to load rfetch's scripts (" +
                            (is_error(reply.get()) ? error_text(reply.get()) : "no SHA") + ")");
            return false;
        }
        script_shas_.emplace_back(reply->str, reply->len);
    }
    return true;
}

RedisStateStore::Reply RedisStateStore::command(const std::vector<std::string>& arguments) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const std::string& argument : arguments) {
        argv.push_back(argument.data());
        lengths.push_back(argument.size());
    }
    Reply reply(static_cast<redisReply*>(
        redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data())));
    if (!reply) {
        lose_connection(std::string("stopped answering: ") + context_->errstr);
    }
    return reply;
}

RedisStateStore::Reply RedisStateStore::run_script(int which,
                                                   const std::vector<std::string>& arguments) {
    std::vector<std::string> call{"EVALSHA", script_shas_.at(static_cast<std::size_t>(which)), "1"};
    call.insert(call.end(), arguments.begin(), arguments.end());
    Reply reply = command(call);
    if (reply && is_error(reply.get()) && error_text(reply.get()).starts_with("NOSCRIPT")) {
        // Redis restarted or its scripts were flushed: EVAL sends the script and caches it.
        call[0] = "EVAL";
        call[1] = kScripts[which];
        reply = command(call);
    }
    return reply;
}

void RedisStateStore::update(const std::string& origin, const Change& change) {
    const std::string key = key_for(origin);
    shared_ = false;
    for (int round = 0; round < kRounds; ++round) {
        if (!connected()) {
            break;
        }
        const Reply read = run_script(kRead, {key});
        if (!read) {
            break;
        }
        if (is_error(read.get()) || read->type != REDIS_REPLY_ARRAY || read->elements != 3) {
            warn_once("read " + key,
                      "the state store " + url_.describe() + " cannot give the state of " + origin +
                          " (" +
                          (is_error(read.get()) ? error_text(read.get()) : "an unexpected reply") +
                          "); this run goes on without shared state");
            break;
        }
        const redisReply* value = read->element[0];
        const auto seconds = as_number(read->element[1]);
        const auto micros = as_number(read->element[2]);
        if (!seconds || !micros) {
            break;
        }
        const WallTime now{std::chrono::seconds(*seconds) + std::chrono::microseconds(*micros)};
        const std::string before =
            value->type == REDIS_REPLY_STRING ? std::string(value->str, value->len) : "";
        OriginState state;
        if (!before.empty()) {
            const auto stored = parse_origin_state(before);
            if (stored && stored->origin == origin) {
                state = stored->state;
            } else {
                warn_once("corrupt " + key,
                          "the state store's key " + key + " is corrupt; treating it as empty");
            }
        }
        change(state, now);
        const std::string after = serialize_origin_state(origin, state);
        if (after == before) {
            shared_ = true;
            return;
        }
        const Reply set =
            run_script(kCompareAndSet, {key, before, after, std::to_string(kTtl.count())});
        if (!set) {
            return;  // reported; the change stays this run's own
        }
        if (is_error(set.get())) {
            warn_once("write " + key, "the state store " + url_.describe() +
                                          " cannot keep the state of " + origin + " (" +
                                          error_text(set.get()) +
                                          "); this run goes on without shared state");
            return;
        }
        if (as_number(set.get()) == 1) {
            shared_ = true;
            return;
        }
        // Another run changed the value since it was read: read it again.
        if (round + 1 == kRounds) {
            warn_once("contention", "the state store " + url_.describe() +
                                        " was changed by other runs " + std::to_string(kRounds) +
                                        " times in a row; this update goes without shared state");
        }
        step_aside(round);
    }
    // No store to share with: the change applies to empty state, and is thrown away.
    OriginState empty;
    change(empty, std::chrono::system_clock::now());
}

std::map<std::string, OriginState> RedisStateStore::list() {
    std::map<std::string, OriginState> origins;
    std::string cursor = "0";
    do {
        if (!connected()) {
            return origins;
        }
        const Reply page =
            command({"SCAN", cursor, "MATCH", std::string(kKeyPrefix) + "*", "COUNT", "100"});
        if (!is_scan_page(page.get())) {
            return origins;
        }
        cursor.assign(page->element[0]->str, page->element[0]->len);
        const redisReply* keys = page->element[1];
        for (std::size_t i = 0; i < keys->elements; ++i) {
            const std::string key(keys->element[i]->str, keys->element[i]->len);
            const Reply value = command({"GET", key});
            if (!value) {
                return origins;
            }
            if (value->type != REDIS_REPLY_STRING) {
                continue;  // expired since, or not rfetch's
            }
            if (const auto stored = parse_origin_state(std::string(value->str, value->len))) {
                origins[stored->origin] = stored->state;
            } else {
                warn_once("corrupt " + key,
                          "the state store's key " + key + " is corrupt; treating it as empty");
            }
        }
    } while (cursor != "0");
    return origins;
}

bool RedisStateStore::reset(const std::optional<std::string>& origin) {
    if (!connected()) {
        return false;
    }
    std::vector<std::string> keys;
    if (origin) {
        keys.push_back(key_for(*origin));
    } else {
        std::string cursor = "0";
        do {
            const Reply page =
                command({"SCAN", cursor, "MATCH", std::string(kKeyPrefix) + "*", "COUNT", "100"});
            if (!is_scan_page(page.get())) {
                return false;
            }
            cursor.assign(page->element[0]->str, page->element[0]->len);
            for (std::size_t i = 0; i < page->element[1]->elements; ++i) {
                keys.emplace_back(page->element[1]->element[i]->str,
                                  page->element[1]->element[i]->len);
            }
        } while (cursor != "0" && connected());
    }
    for (const std::string& key : keys) {
        const Reply deleted = command({"DEL", key});
        if (!deleted || is_error(deleted.get())) {
            return false;
        }
    }
    return true;
}

}  // namespace rfetch
