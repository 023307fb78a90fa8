// Real output from a spread of runs, validated against schema/ with Debian's python3-jsonschema
// (the python3 on PATH may lack it; /usr/bin/python3 has it): stderr against the log's schema,
// --result and -w '%{json}' against theirs.

#include <catch2/catch.hpp>
#include <filesystem>

#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

namespace {

ProcessResult validate(const std::vector<std::string>& files,
                       const std::string& schema = RFETCH_SCHEMA_FILE) {
    std::vector<std::string> args{RFETCH_VALIDATE_LOG_SCRIPT, schema};
    args.insert(args.end(), files.begin(), files.end());
    return run_process("/usr/bin/python3", args);
}

// Runs rfetch and keeps its stderr (or its stdout) in a file for the validator.
void run_and_keep(const TempDir& dir, std::vector<std::string>& files,
                  std::vector<std::string> args, const ProcessOptions& options = {},
                  bool keep_stdout = false) {
    args.insert(args.end(), kFastRetries.begin(), kFastRetries.end());
    const ProcessResult run = run_rfetch(args, options);
    static int runs = 0;
    const std::string file = dir.file("run" + std::to_string(runs++) + ".jsonl");
    write_file(file, keep_stdout ? run.out : run.err);
    files.push_back(file);
}

void run_and_keep(const TempDir& dir, std::vector<std::string>& files,
                  std::vector<std::string> args, const std::string& stdin_bytes) {
    run_and_keep(dir, files, std::move(args), feeding(stdin_bytes));
}

// The runs whose --result and -w '%{json}' are checked: every kind of ending they describe.
std::vector<std::vector<std::string>> report_runs(const ScriptedServer& ok,
                                                  const ScriptedServer& failing,
                                                  const ScriptedServer& binary) {
    const std::string refused = "http://127.0.0.1:" + std::to_string(unused_port()) + "/";
    return {{ok.url("/json")},
            {failing.url(), "--retries", "1"},
            {failing.url(), "--retries", "0", "--no-fail"},
            {binary.url()},
            {refused, "--retries", "0"},
            {ok.url("/json"), "--buffer", "1"}};
}

const std::string kGoodLine =
    R"({"event":"attempt","schema_version":1,"run_id":"0123456789abcdef","attempt":1,"method":"GET","url":"http://127.0.0.1/","status":503,)"
    R"("error":null,"curl_code":null,"message":null,"elapsed_ms":3,"bytes_received":4,)"
    R"("decision":"retry",)"
    R"("reason":"status 503","delay_ms":10,"delay_source":"backoff",)"
    R"("ts":"2024-01-01T00:00:00.123Z"})";

const std::string kGoodSummary =
    R"({"event":"summary","schema_version":1,"run_id":"0123456789abcdef","urls":3,"succeeded":2,"failed":1,"exit_code":22,"elapsed_ms":1014})";

}  // namespace

TEST_CASE("every event of many kinds of run matches the schema", "[schema]") {
    TempDir dir;
    std::vector<std::string> files;
    {
        ScriptedServer server({{503, {}, "a"}, {503, {}, "b"}, {200, {}, "c"}});
        run_and_keep(dir, files, {server.url()});
    }
    {
        ScriptedServer server({{503, {}, "busy"}});
        run_and_keep(dir, files, {server.url(), "--retries", "2", "--no-fail"});
    }
    {
        ScriptedServer server({{404, {}, "no"}});
        run_and_keep(dir, files, {server.url()});
    }
    {
        // A hedge event, and an attempt event that tells how its race ended.
        ScriptedServer server(
            {{200, {}, "stalled", std::chrono::milliseconds{2000}}, {200, {}, "hedged"}});
        run_and_keep(dir, files, {server.url(), "--hedge-after", "50ms"});
    }
    {
        ScriptedServer server({{503, {{"Retry-After", "soon"}}, "x"}, {200, {}, "ok"}});
        run_and_keep(dir, files, {server.url()});
    }
    {
        // An HTTP/0.9 reply (--http0.9): no status line, so no status.
        RawServer server({{RawMove::close_mid_body, "no head\n"}});
        run_and_keep(dir, files, {server.url(), "--http0.9"});
    }
    {
        ScriptedServer server({{429, {{"Retry-After", "99999999"}}, "x"}});
        run_and_keep(dir, files, {server.url()});
    }
    {
        ScriptedServer server({{503, {}, "busy"}});
        run_and_keep(dir, files, {server.url(), "-d", "@-"}, "body");
        run_and_keep(dir, files,
                     {server.url(), "-d", "x", "--idempotency-key", "auto", "--retries", "1"});
        run_and_keep(dir, files, {server.url(), "--deadline", "1s", "--delay", "5s"});
    }
    {
        ScriptedServer server({{503, {}, "busy"}, {200, {}, "ok"}});
        run_and_keep(dir, files,
                     {"http://u:pw@127.0.0.1:" + std::to_string(server.port()) + "/?token=t", "-v",
                      "-H", "Authorization: x"});
    }
    run_and_keep(dir, files,
                 {"http://127.0.0.1:" + std::to_string(unused_port()) + "/", "--retries", "1"});
    {
        ScriptedServer server({{503, {}, "busy"}, {200, {}, "ok"}});
        run_and_keep(dir, files, {"--traceparent", "--request-id", server.url()});
    }
    {
        // A budget that refuses the second retry, then a breaker that refuses the next run.
        ScriptedServer server({{503, {}, "busy"}});
        const std::string state = "--state-dir=" + dir.file("state");
        const std::vector<std::string> shared{server.url(),        state, "--retry-budget", "4:1",
                                              "--circuit-breaker", "1:1m"};
        run_and_keep(dir, files, shared);
        run_and_keep(dir, files, shared);
    }
    {
        RawServer server({{RawMove::close_mid_body, http_head_promising(100, "part")},
                          {RawMove::reset_mid_body, http_head_promising(100, "part")},
                          {RawMove::close_silently, {}},
                          {RawMove::hang, {}}});
        run_and_keep(dir, files, {server.url(), "--timeout", "200ms"});
    }
    {
        ScriptedServer server({{503, {}, "busy"},
                               {200, {}, R"({"status":"pending"})"},
                               {200, {}, R"({"status":"ready"})"}});
        run_and_keep(dir, files,
                     {server.url(), "--until-json", R"(/status == "ready")", "--consecutive", "2",
                      "--deadline", "2s"});
    }
    {
        // Many URLs: every event carries its URL's index, and a summary event comes last.
        ScriptedServer server({{503, {}, "busy"}, {200, {}, "ok"}, {404, {}, "no"}});
        run_and_keep(dir, files, {"-Z", server.url("/a"), server.url("/b")});
        run_and_keep(dir, files, {server.url("/a"), server.url("/b")});
    }
    {
        // Waits before an attempt for the origin's limits: a spent quota, the fixed pace and
        // the adaptive pace each log a wait event.
        ScriptedServer server(
            {{200, {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "1"}}, "spent"},
             {200, {}, "ok"}});
        run_and_keep(dir, files, {server.url("/a"), server.url("/b")});
        run_and_keep(dir, files, {"--rate", "5/s", server.url("/a"), server.url("/b")});
        run_and_keep(dir, files,
                     {"--rate", "auto", "--state-dir", dir.file("paced"), server.url("/a"),
                      server.url("/b")});
    }
    {
        // A redirect's Retry-After: waited out (a wait event with why redirect), then refused
        // past the deadline.
        ScriptedServer server(
            {{302, {{"Location", "/next"}, {"Retry-After", "1"}}, "moved"}, {200, {}, "ok"}});
        run_and_keep(dir, files, {"-L", server.url()});
        ScriptedServer far({{303, {{"Location", "/next"}, {"Retry-After", "9"}}, "moved"}});
        run_and_keep(dir, files, {"-L", "--deadline", "2s", far.url()});
    }
    {
        // With --log json, a warning and the errors that end a run are events too.
        ScriptedServer server({{200, {}, "ok"}});
        const std::string state = dir.file("corrupt-state");
        std::filesystem::create_directories(state);
        write_file(state + "/http_127.0.0.1_" + std::to_string(server.port()) + ".json", "{");
        run_and_keep(
            dir, files,
            {server.url(), "--log", "json", "--state-dir", state, "--retry-budget", "4:1"});
        run_and_keep(dir, files, {"--log", "json", "--bogus", server.url()});
        run_and_keep(dir, files, {"--log", "json", "--retries", "lots", server.url()});
    }
    {
        RawServer proxy({{RawMove::reply, "HTTP/1.1 407 No\r\nContent-Length: 0\r\n\r\n"}});
        run_and_keep(dir, files, {"-x", proxy.url(), "https://origin.invalid/"});
    }
    {
        // An internal error: libcurl refuses a User-Agent longer than 8,000,000 bytes.
        ScriptedServer server({{200, {}, "never fetched"}});
        write_file(dir.file("refused.toml"),
                   "user-agent = \"" + std::string(8'000'001, 'a') + "\"\n");
        run_and_keep(dir, files, {server.url(), "--config", dir.file("refused.toml")});
    }

    const ProcessResult result = validate(files);

    INFO(result.out << result.err);
    CHECK(result.exit_code == 0);
}

TEST_CASE("the schema rejects events that break the log's contract", "[schema]") {
    // Each of these must fail, or the validation above proves nothing.
    const auto [name, line] = GENERATE(table<std::string, std::string>({
        {"an unknown field", R"({"extra":1,)" + kGoodLine.substr(1)},
        {"an unknown delay source",
         [] {
             std::string s = kGoodLine;
             return s.replace(s.find("\"backoff\""), 9, "\"magic\"");
         }()},
        {"a retry without its delay",
         [] {
             std::string s = kGoodLine;
             return s.replace(s.find(R"("delay_ms":10,)"), 14, "");
         }()},
        {"a missing status",
         [] {
             std::string s = kGoodLine;
             return s.replace(s.find(R"("status":503,)"), 13, "");
         }()},
        {"an unknown outcome",
         R"({"event":"result","outcome":"meh","reason":"r","method":"GET","url":"u",)"
         R"("attempts":1,"status":null,"exit_code":7,"elapsed_ms":1,"seed":1})"},
        {"a negative index",
         [] {
             std::string s = kGoodLine;
             return s.replace(s.find(R"("ts")"), 4, R"("index":-1,"ts")");
         }()},
        {"a summary without its exit status",
         [] {
             std::string s = kGoodSummary;
             return s.replace(s.find(R"("exit_code":22,)"), 15, "");
         }()},
        {"a summary with an unknown field", R"({"index":0,)" + kGoodSummary.substr(1)},
        {"an event without its run id",
         [] {
             std::string s = kGoodLine;
             return s.replace(s.find(R"("run_id":"0123456789abcdef",)"), 28, "");
         }()},
        {"an event of another schema version",
         [] {
             std::string s = kGoodSummary;
             return s.replace(s.find(R"("schema_version":1)"), 18, R"("schema_version":2)");
         }()},
        {"an error without its exit status",
         R"({"event":"error","schema_version":1,"run_id":"0123456789abcdef","message":"m"})"},
        {"a warning with a run id that is not 16 hex digits",
         R"({"event":"warning","schema_version":1,"run_id":"xyz","message":"m"})"},
    }));
    TempDir dir;
    write_file(dir.file("bad.jsonl"), line + "\n");

    INFO(name);
    CHECK(validate({dir.file("bad.jsonl")}).exit_code == 1);
}

TEST_CASE("the schema accepts a well-formed event", "[schema]") {
    const auto [name, line] = GENERATE(table<std::string, std::string>({
        {"an attempt", kGoodLine},
        {"an attempt of one of many URLs",
         [] {
             std::string s = kGoodLine;
             return s.replace(s.find(R"("ts")"), 4, R"("index":2,"ts")");
         }()},
        {"a result of a URL that a signal stopped before its turn",
         R"({"event":"result","schema_version":1,"run_id":"0123456789abcdef",)"
         R"("outcome":"interrupted","reason":"r","method":"GET","url":"u",)"
         R"("attempts":0,"status":null,"exit_code":130,"elapsed_ms":0,"seed":1,)"
         R"("output":"none","bytes_written":0,"bytes_received":0,"effective_url":"u",)"
         R"("http_version":null,"ts":"2024-01-01T00:00:01.000Z","index":1})"},
        {"a summary", kGoodSummary},
        {"a warning",
         R"({"event":"warning","schema_version":1,"run_id":"0123456789abcdef","message":"m"})"},
        {"an internal error", R"({"event":"error","schema_version":1,"run_id":"0123456789abcdef",)"
                              R"("message":"internal error: x","exit_code":70})"},
    }));
    TempDir dir;
    write_file(dir.file("good.jsonl"), line + "\n");
    const ProcessResult result = validate({dir.file("good.jsonl")});
    INFO(name << '\n' << result.out << result.err);
    CHECK(result.exit_code == 0);
}

TEST_CASE("the result document (--result) and the JSON write-out match their schemas", "[schema]") {
    ScriptedServer ok({{200, {{"Content-Type", "application/json"}}, R"({"ready":true})"}});
    ScriptedServer failing({{503, {{"Retry-After", "0"}}, "busy"}});
    ScriptedServer binary({{200, {{"Content-Type", "image/png"}}, std::string("\x89PNG\xff", 5)}});
    TempDir dir;
    std::vector<std::string> results;
    std::vector<std::string> write_outs;
    for (std::vector<std::string> args : report_runs(ok, failing, binary)) {
        args.emplace_back("-s");
        std::vector<std::string> with_result = args;
        with_result.emplace_back("--result");
        run_and_keep(dir, results, with_result, {}, true);
        std::vector<std::string> with_json = args;
        with_json.insert(with_json.end(), {"-o", "/dev/null", "-w", "%{json}\\n"});
        run_and_keep(dir, write_outs, with_json, {}, true);
    }
    // An HTTP/0.9 reply (--http0.9) has neither a status line nor a version to show.
    RawServer headless(
        {{RawMove::close_mid_body, "no head\n"}, {RawMove::close_mid_body, "again\n"}});
    run_and_keep(dir, results, {headless.url(), "-s", "--http0.9", "--result"}, {}, true);
    run_and_keep(dir, write_outs,
                 {headless.url(), "-s", "--http0.9", "-o", "/dev/null", "-w", "%{json}\\n"}, {},
                 true);
    // A JSON body too deep to parse is shown as text, and the document says why.
    ScriptedServer deep({{200, {{"Content-Type", "application/json"}}, std::string(600, '[')}});
    run_and_keep(dir, results, {deep.url(), "-s", "--result"}, {}, true);
    REQUIRE_THAT(read_file(results.back()), Catch::Contains(R"("body_fallback":"too_deep")"));

    const ProcessResult result = validate(results, RFETCH_RESULT_SCHEMA_FILE);
    const ProcessResult write_out = validate(write_outs, RFETCH_WRITE_OUT_SCHEMA_FILE);

    INFO(result.out << result.err);
    CHECK(result.exit_code == 0);
    INFO(write_out.out << write_out.err);
    CHECK(write_out.exit_code == 0);
}

TEST_CASE("the report schemas reject what breaks their contract", "[schema]") {
    const auto [schema, line] = GENERATE(table<std::string, std::string>({
        {RFETCH_RESULT_SCHEMA_FILE,
         R"({"url":"u","method":"GET","status":200,"http_version":"1.1","headers":{},)"
         R"("body":null,"body_encoding":"none","attempts":1,"outcome":"success","reason":"r",)"
         R"("exit_code":0,"elapsed_ms":1,"size":0,"timings":null})"},
        {RFETCH_RESULT_SCHEMA_FILE, R"({"url":"u"})"},
        {RFETCH_WRITE_OUT_SCHEMA_FILE, R"({"http_code":"200"})"},
    }));
    TempDir dir;
    write_file(dir.file("bad.json"), line + "\n");

    INFO(line);
    CHECK(validate({dir.file("bad.json")}, schema).exit_code == 1);
}
