#include "cli/config_builder.h"

#include <catch2/catch.hpp>
#include <map>
#include <sstream>

#include "cli/read_error.h"
#include "cli/usage_error.h"
#include "config_building.h"

using namespace rfetch;
using rfetch::test::build;
using rfetch::test::usage_error;
using rfetch::test::with_url;

TEST_CASE("the defaults are the documented ones", "[config]") {
    const Config config = build(with_url());
    CHECK(config.policy.retries == 5);
    CHECK(config.policy.backoff.base == Duration{1000});
    CHECK(config.policy.backoff.cap == Duration{30'000});
    CHECK(config.policy.backoff.multiplier == 2.0);
    CHECK(config.policy.backoff.jitter == JitterMode::full);
    CHECK(config.policy.max_retry_after == Duration{120'000});
    CHECK_FALSE(config.limits.deadline);
    CHECK_FALSE(config.limits.attempt_timeout);
    CHECK(config.limits.connect_timeout == Duration{10'000});
    // The default connect limit is a ceiling: it keeps no time free before the deadline.
    CHECK_FALSE(config.policy.connect_timeout);
    CHECK(config.limits.stall_timeout == Duration{30'000});
    CHECK(config.transfer.max_redirects == 10);
    CHECK(config.transfer.user_agent == "rfetch/" RFETCH_VERSION);
    CHECK(config.request.method == "GET");
    CHECK(config.log_format == LogFormat::json);
}

TEST_CASE("a connect timeout the user chose limits the connect and the last retry", "[config]") {
    RawOptions raw = with_url();
    raw.connect_timeout = "2s";
    const Config config = build(raw);
    CHECK(config.limits.connect_timeout == Duration{2000});
    CHECK(config.policy.connect_timeout == Duration{2000});
}

TEST_CASE("the log is text on a terminal, and -s silences it unless --log says otherwise",
          "[config]") {
    RawOptions raw = with_url();
    CHECK(build(raw, {}, true).log_format == LogFormat::text);
    raw.silent = true;
    CHECK(build(raw).log_format == LogFormat::none);
    raw.log = "json";
    CHECK(build(raw, {}, true).log_format == LogFormat::json);
}

TEST_CASE("a terminal shows a progress line, but not with a JSON log", "[config]") {
    RawOptions raw = with_url();
    CHECK(build(raw, {}, true).show_progress);
    raw.log = "json";
    CHECK_FALSE(build(raw, {}, true).show_progress);
}

TEST_CASE("a body implies POST and is read from stdin byte for byte", "[config]") {
    RawOptions raw = with_url();
    raw.body = {{BodyPiece::Kind::data, "@-"}};
    const std::string bytes("line1\r\nline2\n\0end", 17);
    const Config config = build(raw, bytes);
    CHECK(config.request.method == "POST");
    CHECK(config.request.body == bytes);
}

TEST_CASE("a --json body sets both JSON headers unless given", "[config]") {
    RawOptions raw = with_url();
    raw.body = {{BodyPiece::Kind::json, R"({"a":1})"}};
    raw.headers = {"Accept: application/vnd.x+json"};
    const Config config = build(raw);
    CHECK(config.request.body == R"({"a":1})");
    int content_types = 0;
    int accepts = 0;
    for (const Header& h : config.request.headers) {
        content_types += h.name == "Content-Type" && h.value == "application/json";
        accepts += h.name == "Accept";
    }
    CHECK(content_types == 1);
    CHECK(accepts == 1);
}

TEST_CASE("repeated -d pieces join with '&' and --json pieces are appended, as in curl",
          "[config]") {
    using Kind = BodyPiece::Kind;
    const auto body_of = [](std::vector<BodyPiece> pieces, const std::string& stdin_text = {}) {
        RawOptions raw = with_url();
        raw.body = std::move(pieces);
        return build(raw, stdin_text).request.body.value_or("(none)");
    };
    CHECK(body_of({{Kind::data, "a=1"}, {Kind::data, "b=2"}}) == "a=1&b=2");
    CHECK(body_of({{Kind::json, R"({"a":)"}, {Kind::json, "1}"}}) == R"({"a":1})");
    // Mixed, each piece brings its own separator (curl 7.88.1 sends "ab" and "a&b").
    CHECK(body_of({{Kind::data, "a"}, {Kind::json, "b"}}) == "ab");
    CHECK(body_of({{Kind::json, "a"}, {Kind::data, "b"}}) == "a&b");
    CHECK(body_of({{Kind::data, ""}, {Kind::data, "b"}}) == "&b");
    CHECK(body_of({{Kind::data, "a"}, {Kind::data, "@-"}}, "x\ny\n") == "a&x\ny\n");

    RawOptions mixed = with_url();
    mixed.body = {{Kind::data, "a"}, {Kind::json, "b"}};
    const Config config = build(mixed);
    CHECK(config.request.method == "POST");
    CHECK(std::ranges::count_if(config.request.headers, [](const Header& h) {
              return h.name == "Content-Type" && h.value == "application/json";
          }) == 1);
}

TEST_CASE("an idempotency key is one unquoted header and makes the request retryable", "[config]") {
    RawOptions raw = with_url();
    raw.body = {{BodyPiece::Kind::data, "x"}};
    raw.idempotency_key = "auto";
    const Config config = build(raw);
    REQUIRE(config.idempotency_key);
    CHECK(config.idempotency_key->size() == 36);
    CHECK(config.policy.has_idempotency_key);
    // Sent as it is, unquoted, like a key given by hand.
    CHECK(config.request.headers.back().value == *config.idempotency_key);

    RawOptions given = with_url();
    given.idempotency_key = "order-42 retry";
    const Config with_key = build(given);
    CHECK(with_key.request.headers.back().name == "Idempotency-Key");
    CHECK(with_key.request.headers.back().value == "order-42 retry");
    CHECK(with_key.idempotency_key == "order-42 retry");

    // The draft's quoted form is sent when asked for, and logged without its quotes.
    given.idempotency_key = "\"order-42\"";
    const Config quoted = build(given);
    CHECK(quoted.request.headers.back().value == "\"order-42\"");
    CHECK(quoted.idempotency_key == "order-42");

    RawOptions by_hand = with_url();
    by_hand.headers = {"Idempotency-Key: \"mine\""};
    const Config hand_made = build(by_hand);
    CHECK(hand_made.policy.has_idempotency_key);
    CHECK(hand_made.idempotency_key == "mine");
}

TEST_CASE("every bad value is one message naming the flag and what it takes", "[config]") {
    struct Case {
        void (*set)(RawOptions&);
        const char* expected;
    };
    const Case cases[] = {
        {[](RawOptions& r) { r.retries = "-1"; }, "--retries: '-1' is not a whole number from 0"},
        {[](RawOptions& r) { r.retries = "99999999999"; }, "--retries: '99999999999'"},
        {[](RawOptions& r) { r.retries = ""; }, "--retries: ''"},
        {[](RawOptions& r) { r.delay = "5x"; }, "--delay: '5x' is not a duration"},
        {[](RawOptions& r) { r.max_delay = "-1s"; }, "--max-delay: '-1s' is not a duration"},
        {[](RawOptions& r) { r.deadline = "0"; }, "--deadline: '0' must be longer than zero"},
        {[](RawOptions& r) { r.multiplier = "0.5"; }, "--multiplier: '0.5' is not a number from 1"},
        {[](RawOptions& r) { r.multiplier = "nan"; }, "--multiplier: 'nan'"},
        {[](RawOptions& r) { r.jitter = "wobbly"; }, "--jitter: 'wobbly' is not a jitter mode"},
        {[](RawOptions& r) { r.log = "xml"; }, "--log: 'xml' is not a log format"},
        {[](RawOptions& r) { r.retry_on = "503,bogus"; }, "has 'bogus', which is none of"},
        {[](RawOptions& r) { r.seed = "-3"; }, "--seed: '-3'"},
        {[](RawOptions& r) { r.seed = "9007199254740992"; }, "from 0 to 9007199254740991"},
        {[](RawOptions& r) { r.idempotency_key = "a", r.headers = {"Idempotency-Key: b"}; },
         "cannot be used together"},
        {[](RawOptions& r) { r.max_redirs = "x"; }, "--max-redirs: 'x'"},
        {[](RawOptions& r) { r.fail = true, r.fail_with_body = true; },
         "--fail and --fail-with-body cannot be used together"},
        {[](RawOptions& r) { r.headers = {"NoColon"}; }, "--header: 'NoColon' is not a header"},
        {[](RawOptions& r) { r.idempotency_key = "caf\xc3\xa9"; }, "--idempotency-key"},
        {[](RawOptions& r) { r.urls = {}; }, "no URL given"},
        {[](RawOptions& r) { r.urls = {"gopher://x/y"}; }, "use http://, https:// or tcp://"},
        {[](RawOptions& r) { r.urls = {"ftp://x/y"}; }, "only through an HTTP proxy"},
        {[](RawOptions& r) { r.urls = {"file:///etc/passwd"}; }, "use http://, https:// or tcp://"},
        {[](RawOptions& r) { r.user_agent = "x\r\nEvil: 1"; },
         "--user-agent: 'x\\r\\nEvil: 1' is not a header value"},
        {[](RawOptions& r) { r.user_agent = "x\ny"; }, "--user-agent: 'x\\ny'"},
        {[](RawOptions& r) { r.redact_headers = {"Bad Name"}; },
         "--redact-header: 'Bad Name' is not a header name"},
        {[](RawOptions& r) { r.retry_on = "+429,503"; }, "mixes signed and plain items at '503'"},
        {[](RawOptions& r) { r.retry_on = "429,-503"; }, "mixes signed and plain items at '-503'"},
        {[](RawOptions& r) { r.retry_on = "+429,-bogus"; }, "has '-bogus', which is none of"},
        {[](RawOptions& r) {
             r.urls = {"http://h/"}, r.outputs = {OutputChoice(OutputChoice::Kind::remote_name)};
         },
         "--remote-name: 'http://h/' has no file name"},
        {[](RawOptions& r) {
             r.urls = {"http://h/?q=1"},
             r.outputs = {OutputChoice(OutputChoice::Kind::remote_name)};
         },
         "has no file name"},
        {[](RawOptions& r) {
             r.urls = {"http://h?q=a/b"},
             r.outputs = {OutputChoice(OutputChoice::Kind::remote_name)};
         },
         "has no file name"},
        {[](RawOptions& r) {
             r.urls = {"http://h#top/b"},
             r.outputs = {OutputChoice(OutputChoice::Kind::remote_name)};
         },
         "has no file name"},
        {[](RawOptions& r) {
             r.urls = {"http://h/d/?q=1/z"},
             r.outputs = {OutputChoice(OutputChoice::Kind::remote_name)};
         },
         "has no file name"},
        {[](RawOptions& r) { r.cacert = "/nonexistent/ca.pem"; },
         "--cacert: '/nonexistent/ca.pem'"},
        {[](RawOptions& r) { r.max_filesize = "10Q"; }, "--max-filesize: '10Q' is not a size"},
        {[](RawOptions& r) { r.headers = {"Idempotency-Key:"}; }, "has no usable key"},
        {[](RawOptions& r) { r.headers = {"Idempotency-Key: \"\""}; }, "has no usable key"},
        {[](RawOptions& r) { r.max_filesize = ""; }, "--max-filesize: ''"},
        {[](RawOptions& r) { r.urls = {"ftp://u:hunter2@x/"}; }, "'ftp://u:REDACTED@x/'"},
        {[](RawOptions& r) { r.headers = {"Authorization Bearer hunter2"}; },
         "'Authorization REDACTED'"},
        {[](RawOptions& r) { r.headers = {"Cookie: a=hunter2\nX: 1"}; }, "'Cookie: REDACTED'"},
        {[](RawOptions& r) { r.state_url = "redis://:hunter2/x?y#z@h:0"; },
         "--state-url: 'redis://***@h:0'"},
        {[](RawOptions& r) {
             r.form = {{false, "token=hunter2;et"}};
         },
         "--form: 'token=...' has an attribute that is none of"},
        {[](RawOptions& r) {
             r.form = {{false, "=hunter2;type=x"}};
         },
         "--form: '=...' has a ;type= that is not TYPE/SUBTYPE"},
    };
    for (const Case& c : cases) {
        RawOptions raw = with_url();
        c.set(raw);
        const std::string message = usage_error(raw);
        INFO(message);
        CHECK_THAT(message, Catch::Contains(c.expected));
        CHECK(message.find("hunter2") == std::string::npos);
        CHECK(message.find('\n') == std::string::npos);
    }
}

TEST_CASE("a URL the transport's parser refuses is a usage error, redacted", "[config]") {
    RawOptions raw = with_url();
    raw.urls = {"http://u:hunter2@[bad/"};
    std::istringstream in;
    Surroundings surroundings{
        in,
        false,
        process_environment,
        [](const std::string&) -> std::optional<std::string> { return "Bad IPv6 address"; },
        {}};
    try {
        build_config(raw, surroundings);
        FAIL("accepted");
    } catch (const UsageError& error) {
        const std::string message = error.what();
        CHECK_THAT(message, Catch::Contains("Bad IPv6 address"));
        CHECK(message.find("hunter2") == std::string::npos);
    }
}

TEST_CASE("the --max-filesize flag sets the body limit in bytes", "[config]") {
    RawOptions raw = with_url();
    raw.max_filesize = "2M";
    CHECK(build(raw).transfer.max_body_bytes == 2U * 1024 * 1024);
    CHECK_FALSE(build(with_url()).transfer.max_body_bytes);
}

TEST_CASE("an --until flag turns polling on, with no retry limit and a 60s deadline", "[config]") {
    RawOptions raw = with_url();
    CHECK_FALSE(build(raw).policy.polling);

    raw.until_json = {R"(/status == "ready")", "/replicas >= 3"};
    const Config polling = build(raw);
    REQUIRE(polling.policy.polling);
    CHECK(polling.policy.polling->condition.json.size() == 2);
    CHECK_FALSE(polling.policy.polling->condition.statuses);
    CHECK(polling.policy.polling->consecutive == 1);
    CHECK_FALSE(polling.policy.retries);
    CHECK(polling.limits.deadline == Duration{60'000});

    raw.retries = "5";
    raw.deadline = "2m";
    raw.consecutive = "3";
    const Config given = build(raw);
    CHECK(given.policy.retries == 5);
    CHECK(given.limits.deadline == Duration{120'000});
    CHECK(given.policy.polling->consecutive == 3);
}

TEST_CASE("either of --until-status and --until-body turns polling on", "[config]") {
    RawOptions raw = with_url();
    raw.until_status = "2xx";
    CHECK(build(raw).policy.polling->condition.statuses->contains(204));
    raw = with_url();
    raw.until_body = "ok";
    CHECK(build(raw).policy.polling->condition.body->text == "ok");
}

TEST_CASE("an interval (--interval) is a fixed wait that overrides the backoff flags", "[config]") {
    RawOptions raw = with_url();
    raw.interval = "45s";
    raw.delay = "1s";
    raw.jitter = "equal";
    const BackoffPolicy backoff = build(raw).policy.backoff;
    CHECK(backoff.base == Duration{45'000});
    // Above the 30s --max-delay, which would otherwise cut it.
    CHECK(backoff.cap == Duration{45'000});
    CHECK(backoff.multiplier == 1.0);
    CHECK(backoff.jitter == JitterMode::none);
    // Without polling it is only a backoff.
    CHECK_FALSE(build(raw).policy.polling);
}

TEST_CASE("bad polling flags name the flag, the value and what is accepted", "[config]") {
    RawOptions raw = with_url();
    raw.until_json = {"/a == 1", "/status = 1"};
    CHECK(usage_error(raw) ==
          "--until-json: '/status = 1' has the operator '=', which is none of ==, !=, <, <=, >, "
          ">=");
    raw = with_url();
    raw.until_status = "2xx,abc";
    CHECK_THAT(usage_error(raw), Catch::StartsWith("--until-status: '2xx,abc' has 'abc'"));
    raw = with_url();
    raw.until_body = "[";
    CHECK_THAT(usage_error(raw), Catch::StartsWith("--until-body: '[' is not an ECMAScript"));
    raw.until_body = "ok";
    raw.consecutive = "1001";
    CHECK(usage_error(raw) == "--consecutive: '1001' is not a whole number from 1 to 1000");
    raw = with_url();
    raw.consecutive = "2";
    CHECK_THAT(usage_error(raw), Catch::StartsWith("--consecutive: '2' counts polls"));
}

TEST_CASE("the shared limits are off unless asked for, and parse MAX:RATIO and N:COOLDOWN",
          "[config]") {
    RawOptions raw = with_url();
    raw.urls = {"HTTP://Example.test/x"};
    CHECK_FALSE(build(raw).shared.any());

    raw.retry_budget = "10:0.1";
    raw.circuit_breaker = "5:30s";
    raw.state_dir = "/tmp/rfetch-state";
    const Config config = build(raw);
    REQUIRE(config.shared.retry_budget);
    CHECK(config.shared.retry_budget->max_milli == 10'000);
    CHECK(config.shared.retry_budget->ratio_milli == 100);
    REQUIRE(config.shared.circuit_breaker);
    CHECK(config.shared.circuit_breaker->failures == 5);
    CHECK(config.shared.circuit_breaker->cooldown == Duration{30'000});
    CHECK(config.targets.front().origin == "http://example.test:80");
    CHECK(config.state_dir == "/tmp/rfetch-state");
}

TEST_CASE("a bad shared-limit value names the flag, the value and what it takes", "[config]") {
    const auto [budget, breaker] = GENERATE(table<std::string, std::string>({
        {"10", ""},
        {"0:0.1", ""},
        {"1001:1", ""},
        {"10:0", ""},
        {"10:0.0001", ""},
        {"10:11", ""},
        {"10:nan", ""},
        {"10:0.1:2", ""},
        {" 10:0.1", ""},
        {"", "5"},
        {"", "0:30s"},
        {"", "5:0s"},
        {"", "5:soon"},
        {"", ":30s"},
    }));
    RawOptions raw = with_url();
    raw.state_dir = "/tmp/rfetch-state";
    if (!budget.empty()) {
        raw.retry_budget = budget;
    } else {
        raw.circuit_breaker = breaker;
    }
    const std::string message = usage_error(raw);
    INFO(message);
    if (!budget.empty()) {
        CHECK(message.starts_with("--retry-budget: '" + budget + "' is not MAX:RATIO"));
    } else {
        CHECK(message.starts_with("--circuit-breaker: '" + breaker + "' is not N:COOLDOWN"));
    }
}

TEST_CASE("reset-state takes an origin as any URL of it, and no URL to fetch", "[config]") {
    std::istringstream in;
    Surroundings surroundings{in, false, [](const std::string&) { return std::nullopt; }, {}, {}};
    RawOptions raw;
    raw.state_dir = "/tmp/s";
    raw.reset_state = "https://Example.test/a/b";
    const StateCommand command = build_state_command(raw, surroundings);
    CHECK(command.action == StateCommand::Action::reset);
    CHECK(command.origin == "https://example.test:443");

    raw.reset_state = "";
    CHECK_FALSE(build_state_command(raw, surroundings).origin);

    raw.reset_state = "example.test";
    CHECK_THROWS_WITH(build_state_command(raw, surroundings),
                      Catch::StartsWith("--reset-state: 'example.test' is not an origin"));
    raw.reset_state.reset();
    raw.state = true;
    raw.urls = {"http://example.test/"};
    CHECK_THROWS_WITH(build_state_command(raw, surroundings),
                      Catch::StartsWith("--state fetches nothing, so takes no URL"));
}

TEST_CASE("the state directory is --state-dir, else XDG_STATE_HOME, else HOME", "[config]") {
    std::istringstream in;
    const auto from = [&](std::map<std::string, std::string> variables) {
        Surroundings surroundings{
            in,
            false,
            [variables](const std::string& name) -> std::optional<std::string> {
                const auto found = variables.find(name);
                return found == variables.end() ? std::nullopt
                                                : std::optional<std::string>(found->second);
            },
            {},
            {}};
        RawOptions raw;
        raw.state = true;
        return build_state_command(raw, surroundings).state_dir;
    };
    CHECK(from({{"XDG_STATE_HOME", "/x"}, {"HOME", "/h"}}) == "/x/rfetch");
    CHECK(from({{"XDG_STATE_HOME", ""}, {"HOME", "/h"}}) == "/h/.local/state/rfetch");
    CHECK_THROWS_WITH(from({}), Catch::StartsWith("no state directory"));
}

TEST_CASE("many URLs: the command line's first, then --urls, in order", "[config][many]") {
    RawOptions raw = with_url();
    raw.urls.push_back("http://127.0.0.1:1/y");
    raw.urls_file = "-";
    const Config config = build(raw, "# mirrors\n\n  http://127.0.0.1:2/z  \n#http://no/\n");
    std::vector<std::string> urls;
    for (const Target& target : config.targets) {
        urls.push_back(target.url);
        CHECK_FALSE(target.output);
    }
    CHECK(urls == std::vector<std::string>{"http://127.0.0.1:1/x", "http://127.0.0.1:1/y",
                                           "http://127.0.0.1:2/z"});
    CHECK_FALSE(config.parallel);
    CHECK(config.parallel_max == 50);
    CHECK_FALSE(config.show_progress);
}

TEST_CASE("with many URLs, -O names each URL's file, under --output-dir", "[config][many]") {
    RawOptions raw;
    raw.urls = {"http://127.0.0.1:1/a/one.txt", "http://127.0.0.1:1/b/two.txt?v=1"};
    raw.outputs = {OutputChoice(OutputChoice::Kind::remote_name)};
    raw.output_dir = ".";
    raw.parallel = true;
    raw.parallel_max = "8";
    const Config config = build(raw);
    REQUIRE(config.targets.size() == 2);
    CHECK(config.targets[0].output == "./one.txt");
    CHECK(config.targets[1].output == "./two.txt");
    CHECK(config.parallel);
    CHECK(config.parallel_max == 8);
}

TEST_CASE("with many URLs, the Nth -o is the Nth URL's file, as curl binds them",
          "[config][many]") {
    RawOptions raw;
    raw.urls = {"http://127.0.0.1:1/a", "http://127.0.0.1:1/b", "http://127.0.0.1:1/c"};
    raw.outputs = {"first", "second"};
    const Config config = build(raw);
    REQUIRE(config.targets.size() == 3);
    CHECK(config.targets[0].output == "first");
    CHECK(config.targets[1].output == "second");
    CHECK_FALSE(config.targets[2].output);
}

TEST_CASE("an -o is bound to a URL as given, and each URL of its glob fills its #N",
          "[config][many][glob]") {
    RawOptions raw;
    raw.urls = {"http://127.0.0.1:1/{a,b}/[1-2]", "http://127.0.0.1:1/c{x,y}",
                "http://127.0.0.1:1/d"};
    raw.outputs = {"#2-#1-#3", "same"};
    const Config config = build(raw);
    std::vector<std::optional<std::string>> files;
    for (const Target& target : config.targets) {
        files.emplace_back(target.output);
    }
    // A #N with no such glob stays as written; one -o without #N takes each body in turn.
    CHECK(files == std::vector<std::optional<std::string>>{"1-a-#3", "2-a-#3", "1-b-#3", "2-b-#3",
                                                           "same", "same", std::nullopt});
    CHECK(config.warnings.empty());

    RawOptions dash;
    dash.urls = {"http://127.0.0.1:1/{a,b}"};
    dash.outputs = {"-"};
    dash.output_dir = "/tmp";
    for (const Target& target : build(dash).targets) {
        CHECK_FALSE(target.output);
    }
}

TEST_CASE("more -o than URLs is a warning, and the extra ones are not used", "[config][many]") {
    RawOptions raw = with_url();
    raw.urls.push_back("http://127.0.0.1:1/other/x");
    raw.outputs = {"a", "b", "c"};
    const Config config = build(raw);
    REQUIRE(config.targets.size() == 2);
    CHECK(config.targets[1].output == "b");
    CHECK(config.warnings == std::vector<std::string>{
                                 "--output names 3 files for 2 URLs: the last ones are not used"});
}

TEST_CASE("a body piece whose file cannot be read is a read error, where curl sends it empty",
          "[config][body]") {
    const auto [kind, argument,
                message] = GENERATE(table<BodyPiece::Kind, std::string, std::string>({
        {BodyPiece::Kind::data, "@/nonexistent/file", "--data: cannot read '/nonexistent/file'"},
        {BodyPiece::Kind::urlencode, "name@/nonexistent/file",
         "--data-urlencode: cannot read '/nonexistent/file'"},
        {BodyPiece::Kind::json, "@/nonexistent/file", "--json: cannot read '/nonexistent/file'"},
        {BodyPiece::Kind::data, "@/", "--data: cannot read '/': it is a directory"},
        {BodyPiece::Kind::json, "@/", "--json: cannot read '/': it is a directory"},
    }));
    RawOptions raw = with_url();
    raw.body = {{BodyPiece::Kind::data, "a=1"}, {kind, argument}};
    CHECK_THROWS_AS(build(raw), ReadError);
    CHECK_THROWS_WITH(build(raw), Catch::StartsWith(message));
}

TEST_CASE("many URLs refuse what would mix them up", "[config][many]") {
    RawOptions raw = with_url();
    raw.urls.push_back("http://127.0.0.1:1/other/x");
    RawOptions same_name = raw;
    same_name.outputs = {OutputChoice(OutputChoice::Kind::remote_name)};
    CHECK_THAT(usage_error(same_name), Catch::Contains("would be saved to 'x'"));
    // -O's name clashes with an -o name too, in either order and however it is spelt; two -o
    // that name one file are curl's choice to make.
    RawOptions remote_then_given = raw;
    remote_then_given.outputs = {OutputChoice(OutputChoice::Kind::remote_name), "./x"};
    CHECK_THAT(usage_error(remote_then_given), Catch::Contains("would be saved to './x'"));
    RawOptions given_then_remote = raw;
    given_then_remote.outputs = {"x", OutputChoice(OutputChoice::Kind::remote_name)};
    CHECK_THAT(usage_error(given_then_remote), Catch::Contains("would be saved to 'x'"));
    RawOptions given_twice = raw;
    given_twice.outputs = {"x", "x"};
    CHECK(build(given_twice).targets.size() == 2);
    RawOptions none;
    none.urls_file = "-";
    CHECK_THAT(usage_error(none), Catch::Contains("lists no URL"));
    RawOptions negative = raw;
    negative.parallel_max = "-1";
    CHECK(usage_error(negative) == "--parallel-max: '-1' is not a whole number");
}

TEST_CASE("a tcp:// target is tcp://HOST:PORT and makes the run a poll", "[config][tcp]") {
    RawOptions raw;
    raw.urls = {"tcp://db:5432", "TCP://[::1]:80", "tcp://10.0.0.1:65535"};
    const Config config = build(raw);
    REQUIRE(config.policy.polling);
    CHECK_FALSE(config.policy.polling->condition.statuses);
    CHECK(config.limits.deadline == Duration{60'000});
    CHECK(config.policy.backoff.base == Duration{1000});
    // Several targets of a poll are waited for at once.
    CHECK(config.parallel);

    for (const auto& [url, problem] :
         std::map<std::string, std::string>{{"tcp://db", "has no port"},
                                            {"tcp://db:", "has no port from 1 to 65535"},
                                            {"tcp://db:0", "has no port from 1 to 65535"},
                                            {"tcp://db:70000", "has no port from 1 to 65535"},
                                            {"tcp://db:5432/", "has a path"},
                                            {"tcp://db:5432/health", "has a path"},
                                            {"tcp://db:5432?x=1", "has a path"},
                                            {"tcp://:5432", "has no host"},
                                            {"tcp://[::1]", "has no port"}}) {
        RawOptions bad;
        bad.urls = {url};
        CHECK_THAT(usage_error(bad), Catch::StartsWith("URL: '" + url + "' " + problem));
    }
    RawOptions user;
    user.urls = {"tcp://me:hunter2@db:5432"};
    CHECK_THAT(usage_error(user), Catch::Contains("has a user"));
    CHECK_THAT(usage_error(user), !Catch::Contains("hunter2"));
    RawOptions gopher;
    gopher.urls = {"gopher://db:70"};
    CHECK_THAT(usage_error(gopher), Catch::Contains("use http://, https:// or tcp://"));
}

TEST_CASE("several URLs poll at once, and fetch one after another without a condition",
          "[config][many]") {
    RawOptions raw;
    raw.urls = {"http://a/1", "http://b/2"};
    CHECK_FALSE(build(raw).parallel);
    raw.until_status = "200";
    CHECK(build(raw).parallel);
}

TEST_CASE("until down (--until-down) polls, and takes no body condition", "[config][down]") {
    RawOptions raw = with_url();
    raw.until_down = true;
    const Config config = build(raw);
    REQUIRE(config.policy.polling);
    CHECK(config.policy.polling->until_down);
    raw.until_status = "2xx";
    CHECK(build(raw).policy.polling->condition.statuses);

    raw.until_json = {R"(/status == "ready")"};
    CHECK_THAT(usage_error(raw),
               Catch::StartsWith("--until-down cannot be used with --until-json"));
    raw.until_json.clear();
    raw.until_body = "ok";
    CHECK_THAT(usage_error(raw),
               Catch::StartsWith("--until-down cannot be used with --until-body"));
}

TEST_CASE("a stable window (--stable) is a duration and needs a poll", "[config][stable]") {
    RawOptions raw = with_url();
    raw.stable = "2s";
    CHECK_THAT(usage_error(raw), Catch::StartsWith("--stable: '2s' counts polls"));
    raw.until_status = "200";
    CHECK(build(raw).policy.polling->stable == Duration{2000});
    raw.stable = "0";
    CHECK_THAT(usage_error(raw), Catch::StartsWith("--stable: '0' must be longer than zero"));
    raw.stable = "soon";
    CHECK_THAT(usage_error(raw), Catch::StartsWith("--stable: 'soon' is not a duration"));

    RawOptions tcp;
    tcp.urls = {"tcp://db:5432"};
    tcp.stable = "1s";
    CHECK(build(tcp).policy.polling->stable == Duration{1000});
}

TEST_CASE("an adaptive pace (--rate auto) keeps its buckets with the shared state", "[config]") {
    RawOptions raw = with_url();
    raw.rate = "auto";
    raw.state_dir = "/tmp/rfetch-state";
    const Config config = build(raw);
    CHECK(config.adaptive_pace);
    CHECK_FALSE(config.pace_interval);
    CHECK_FALSE(config.shared.any());
    CHECK(config.state_dir == "/tmp/rfetch-state");
    CHECK(config.targets.at(0).origin == "http://127.0.0.1:1");

    raw.rate = "20/s";
    const Config fixed = build(raw);
    CHECK_FALSE(fixed.adaptive_pace);
    CHECK(fixed.pace_interval == Duration{50});
    CHECK(fixed.state_dir.empty());
}
