// curl's request and connection flags, each one libcurl option or one header away: what the
// server saw, on every attempt, and that the secrets among them never reach stderr.

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <regex>
#include <thread>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;
using std::chrono::milliseconds;

namespace {

std::vector<std::string> values(const SeenRequest& request, const std::string& header) {
    return request.header_values(header);
}

}  // namespace

TEST_CASE("get (-G) sends the -d pieces as the query of a GET", "[curl][request]") {
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult run =
        run_rfetch({"-G", "-d", "a=1", "--data-urlencode", "q=x y", server.url("/s?k=v")});

    REQUIRE(run.exit_code == 0);
    const SeenRequest request = server.requests().at(0);
    CHECK(request.method == "GET");
    CHECK(request.target == "/s?k=v&a=1&q=x%20y");
    CHECK(request.body.empty());
}

TEST_CASE("data-urlencode (--data-urlencode) encodes as curl does, in each of its forms",
          "[curl][request]") {
    ScriptedServer server({{200, {}, "ok"}});
    TempDir dir;
    write_file(dir.file("note"), "a&b=c\n");

    const ProcessResult run = run_rfetch(
        {server.url(), "--data-urlencode", "plain text", "--data-urlencode", "=a+b",
         "--data-urlencode", "name=1/2 ~ok", "--data-urlencode", "file@" + dir.file("note")});

    REQUIRE(run.exit_code == 0);
    const SeenRequest request = server.requests().at(0);
    CHECK(request.method == "POST");
    CHECK(request.body == "plain%20text&a%2Bb&name=1%2F2%20~ok&file=a%26b%3Dc%0A");
}

TEST_CASE("data-binary (--data-binary) and data-raw (--data-raw) join with -d in order",
          "[curl][request]") {
    ScriptedServer server({{200, {}, "ok"}});
    TempDir dir;
    write_file(dir.file("bytes"), "line1\nline2\n");

    const ProcessResult run = run_rfetch({server.url(), "-d", "a=1", "--data-binary",
                                          "@" + dir.file("bytes"), "--data-raw", "@literal"});

    REQUIRE(run.exit_code == 0);
    CHECK(server.requests().at(0).body == "a=1&line1\nline2\n&@literal");
}

TEST_CASE("referer (-e) is sent on every attempt", "[curl][request]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "ok"}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({"-e", "http://from.example/page", server.url()}));

    REQUIRE(run.exit_code == 0);
    for (const SeenRequest& request : server.requests()) {
        CHECK(values(request, "Referer") == std::vector<std::string>{"http://from.example/page"});
    }
    CHECK(server.request_count() == 2);
}

TEST_CASE("referer auto (-e URL followed by its auto suffix) names the page a redirect came from",
          "[curl][request]") {
    ScriptedServer server({{302, {{"Location", "/next"}}, ""}, {200, {}, "ok"}});

    const ProcessResult run = run_rfetch({"-L", "-e", ";auto", server.url("/first")});

    REQUIRE(run.exit_code == 0);
    const std::vector<SeenRequest> requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(values(requests[0], "Referer").empty());
    CHECK(values(requests[1], "Referer") == std::vector<std::string>{server.url("/first")});
}

TEST_CASE("oauth2 bearer (--oauth2-bearer) is sent on every attempt and never shown",
          "[curl][request][redaction]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "ok"}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({"-v", "--oauth2-bearer", "tok3n-s3cret", server.url()}));

    REQUIRE(run.exit_code == 0);
    for (const SeenRequest& request : server.requests()) {
        CHECK(values(request, "Authorization") == std::vector<std::string>{"Bearer tok3n-s3cret"});
    }
    CHECK(run.err.find("tok3n-s3cret") == std::string::npos);
    CHECK(run.err.find("Authorization") != std::string::npos);
}

TEST_CASE("range (-r) asks for those bytes", "[curl][request]") {
    ScriptedServer server({{206, {{"Content-Range", "bytes 0-3/10"}}, "0123"}});

    const ProcessResult run = run_rfetch({"-r", "0-3", server.url()});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "0123");
    CHECK(values(server.requests().at(0), "Range") == std::vector<std::string>{"bytes=0-3"});
}

TEST_CASE("a bad range (-r) is a usage error and sends nothing", "[curl][request][usage]") {
    ScriptedServer server({{200, {}, "never"}});

    const ProcessResult run = run_rfetch({"-r", "bytes=a", server.url()});

    CHECK(run.exit_code == 2);
    CHECK(run.err.find("--range") != std::string::npos);
    CHECK(server.request_count() == 0);
}

TEST_CASE("cookies (-b NAME=VALUE) are sent on every attempt and never shown",
          "[curl][cookies][redaction]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "ok"}});

    const ProcessResult run = run_rfetch(with_fast_retries(
        {"-v", "-b", "session=s3cret; theme=dark", "-b", "lang=en", server.url()}));

    REQUIRE(run.exit_code == 0);
    for (const SeenRequest& request : server.requests()) {
        CHECK(values(request, "Cookie") ==
              std::vector<std::string>{"session=s3cret; theme=dark; lang=en"});
    }
    CHECK(run.err.find("s3cret") == std::string::npos);
}

TEST_CASE("a cookie file (-b FILE) is read once and a cookie set by a failed attempt is kept",
          "[curl][cookies]") {
    ScriptedServer server({{503, {{"Set-Cookie", "step=two; Path=/"}}, "busy"}, {200, {}, "ok"}});
    TempDir dir;
    write_file(dir.file("jar.in"),
               "# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tstep\tone\n"
               "127.0.0.1\tFALSE\t/\tFALSE\t0\tuser\tkim\n");

    const ProcessResult run =
        run_rfetch(with_fast_retries({"-b", dir.file("jar.in"), server.url()}));

    REQUIRE(run.exit_code == 0);
    const std::vector<SeenRequest> requests = server.requests();
    REQUIRE(requests.size() == 2);
    const auto first = values(requests[0], "Cookie");
    const auto second = values(requests[1], "Cookie");
    REQUIRE(first.size() == 1);
    REQUIRE(second.size() == 1);
    CHECK(first[0].find("step=one") != std::string::npos);
    CHECK(first[0].find("user=kim") != std::string::npos);
    CHECK(second[0].find("step=two") != std::string::npos);
    CHECK(second[0].find("user=kim") != std::string::npos);
}

TEST_CASE("the cookie jar (-c) is written once, whole, when the run is over", "[curl][cookies]") {
    ScriptedServer server({{503, {{"Set-Cookie", "a=1; Path=/"}}, "busy"},
                           {200, {{"Set-Cookie", "b=2; Path=/"}}, "ok"}});
    TempDir dir;

    const ProcessResult run = run_rfetch(
        with_fast_retries({"-b", "none", "-c", dir.file("jar"), server.url(), "--log", "none"}));

    REQUIRE(run.exit_code == 0);
    const std::string jar = read_file(dir.file("jar"));
    CHECK(jar.starts_with("# Netscape HTTP Cookie File\n"));
    CHECK(jar.find("\ta\t1\n") != std::string::npos);
    CHECK(jar.find("\tb\t2\n") != std::string::npos);
    // The second attempt sent what the first one was given.
    CHECK(values(server.requests().at(1), "Cookie") == std::vector<std::string>{"a=1"});
    CHECK(dir.entries() == std::vector<std::string>{"jar"});
}

TEST_CASE("digest auth (--digest) answers the server's challenge", "[curl][auth][redaction]") {
    const std::string challenge = R"(Digest realm="r", nonce="n0nce", qop="auth")";
    ScriptedServer server({{401, {{"WWW-Authenticate", challenge}}, "who?"}, {200, {}, "in"}});

    const ProcessResult run =
        run_rfetch({"--digest", "-u", "kim:pa55word", server.url("/d"), "--retries", "0"});

    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "in");
    const std::vector<SeenRequest> requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(values(requests[0], "Authorization").empty());
    const auto answer = values(requests[1], "Authorization");
    REQUIRE(answer.size() == 1);
    CHECK(answer[0].starts_with("Digest username=\"kim\""));
    CHECK(run.err.find("pa55word") == std::string::npos);
}

TEST_CASE("any auth (--anyauth) picks what the server asks for", "[curl][auth]") {
    const std::string challenge = R"(Digest realm="r", nonce="n0nce", qop="auth")";
    ScriptedServer server({{401, {{"WWW-Authenticate", challenge}}, "who?"}, {200, {}, "in"}});

    const ProcessResult run =
        run_rfetch({"--anyauth", "-u", "kim:pw", server.url(), "--retries", "0"});

    REQUIRE(run.exit_code == 0);
    const auto answer = values(server.requests().at(1), "Authorization");
    REQUIRE(answer.size() == 1);
    CHECK(answer[0].starts_with("Digest "));
}

TEST_CASE("basic auth (--basic) sends the credentials at once", "[curl][auth]") {
    ScriptedServer server({{200, {}, "in"}});

    const ProcessResult run = run_rfetch({"--digest", "--basic", "-u", "kim:pw", server.url()});

    REQUIRE(run.exit_code == 0);
    CHECK(values(server.requests().at(0), "Authorization") ==
          std::vector<std::string>{"Basic a2ltOnB3"});
}

TEST_CASE("netrc file (--netrc-file) supplies the host's credentials, never shown",
          "[curl][auth][redaction]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "in"}});
    TempDir dir;
    write_file(dir.file("netrc"), "machine 127.0.0.1 login kim password n3trc-pw\n");

    const ProcessResult run =
        run_rfetch(with_fast_retries({"-v", "--netrc-file", dir.file("netrc"), server.url()}));

    REQUIRE(run.exit_code == 0);
    for (const SeenRequest& request : server.requests()) {
        CHECK(values(request, "Authorization") ==
              std::vector<std::string>{"Basic a2ltOm4zdHJjLXB3"});
    }
    CHECK(run.err.find("n3trc-pw") == std::string::npos);
}

TEST_CASE("netrc (-n) reads ~/.netrc, and netrc-optional (--netrc-optional) too", "[curl][auth]") {
    const std::string flag = GENERATE(as<std::string>{}, "-n", "--netrc-optional");
    ScriptedServer server({{200, {}, "in"}});
    TempDir home;
    write_file(home.file(".netrc"), "machine 127.0.0.1 login kim password pw\n");
    std::filesystem::permissions(home.file(".netrc"), std::filesystem::perms::owner_read |
                                                          std::filesystem::perms::owner_write);
    ProcessOptions options;
    options.environment = {"HOME=" + home.path().string()};

    const ProcessResult run = run_rfetch({flag, server.url()}, options);

    INFO(flag);
    REQUIRE(run.exit_code == 0);
    CHECK(values(server.requests().at(0), "Authorization") ==
          std::vector<std::string>{"Basic a2ltOnB3"});
}

TEST_CASE("proxy user (-U) is sent to the proxy on every attempt, never shown",
          "[curl][auth][redaction]") {
    ScriptedServer proxy({{503, {}, "busy"}, {200, {}, "via proxy"}});

    const ProcessResult run = run_rfetch(with_fast_retries(
        {"-x", proxy.url(), "-U", "pk:pr0xy-pw", "http://origin.invalid/thing", "-v"}));

    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "via proxy");
    REQUIRE(proxy.request_count() == 2);
    for (const SeenRequest& request : proxy.requests()) {
        CHECK(values(request, "Proxy-Authorization") ==
              std::vector<std::string>{"Basic cGs6cHIweHktcHc="});
    }
    CHECK(run.err.find("pr0xy-pw") == std::string::npos);
}

TEST_CASE("noproxy (--noproxy) reaches its hosts directly", "[curl][connection]") {
    ScriptedServer server({{200, {}, "direct"}});

    const ProcessResult run =
        run_rfetch({"-x", "http://127.0.0.1:9", "--noproxy", "127.0.0.1", server.url()});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "direct");
}

TEST_CASE("resolve (--resolve) connects a name to an address without DNS", "[curl][connection]") {
    ScriptedServer server({{200, {}, "resolved"}});
    const std::string port = std::to_string(server.port());

    const ProcessResult run = run_rfetch({"--resolve", "api.invalid:" + port + ":127.0.0.1",
                                          "http://api.invalid:" + port + "/r", "--retries", "0"});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "resolved");
    CHECK(values(server.requests().at(0), "Host") ==
          std::vector<std::string>{"api.invalid:" + port});
}

TEST_CASE("connect to (--connect-to) sends a host's requests to another", "[curl][connection]") {
    ScriptedServer server({{200, {}, "moved"}});
    const std::string port = std::to_string(server.port());

    const ProcessResult run = run_rfetch({"--connect-to", "api.invalid:80:127.0.0.1:" + port,
                                          "http://api.invalid/c", "--retries", "0"});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "moved");
    CHECK(values(server.requests().at(0), "Host") == std::vector<std::string>{"api.invalid"});
}

TEST_CASE("IPv4 (-4) connects, and IPv6 only (-6) cannot reach an IPv4 address",
          "[curl][connection]") {
    ScriptedServer server({{200, {}, "v4"}});

    const ProcessResult v4 = run_rfetch({"-4", server.url()});
    const ProcessResult v6 = run_rfetch({"-6", server.url(), "--retries", "0", "--log", "none"});

    CHECK(v4.exit_code == 0);
    CHECK(v4.out == "v4");
    CHECK(v6.exit_code != 0);
    CHECK(server.request_count() == 1);
}

TEST_CASE("HTTP/2 (--http2) asks for an upgrade over http://, and --http1.1 does not",
          "[curl][connection]") {
    ScriptedServer server({{200, {}, "ok"}});

    REQUIRE(run_rfetch({"--http2", server.url("/two")}).exit_code == 0);
    REQUIRE(run_rfetch({"--http1.1", server.url("/one")}).exit_code == 0);

    const std::vector<SeenRequest> requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(values(requests[0], "Upgrade") == std::vector<std::string>{"h2c"});
    CHECK(values(requests[1], "Upgrade").empty());
}

TEST_CASE("limit rate (--limit-rate) slows the download", "[curl][connection]") {
    // libcurl 7.88 holds a transfer to the rate over periods of a second or more, so only a
    // body that takes a few seconds at the rate shows it: 12 MiB at 4 MiB/s.
    ScriptedServer server({{200, {}, std::string(12 * 1024 * 1024, 'x')}});

    const ProcessResult run = run_rfetch({"--limit-rate", "4m", server.url(), "--log", "none"});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out.size() == 12 * 1024 * 1024);
    // Unlimited, it takes some 50 ms here; how far libcurl holds it back varies from run to run.
    CHECK(run.wall >= milliseconds(500));
}

namespace {

// One HTTP exchange on a Unix socket: reads a request (its head, and a body of Content-Length
// bytes), answers 200 "ok", and keeps what it read, byte for byte.
class UnixSocketServer {
  public:
    explicit UnixSocketServer(std::string path) : path_(std::move(path)) {
        listener_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path_.c_str());
        REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(listener_, 1) == 0);
        thread_ = std::thread([this] { serve(); });
    }
    ~UnixSocketServer() {
        ::shutdown(listener_, SHUT_RDWR);
        ::close(listener_);
        thread_.join();
    }
    UnixSocketServer(const UnixSocketServer&) = delete;
    UnixSocketServer& operator=(const UnixSocketServer&) = delete;

    std::string head() const {
        const std::lock_guard lock(mutex_);
        return head_;
    }

  private:
    static std::size_t content_length(const std::string& head) {
        const auto at = head.find("Content-Length: ");
        return at == std::string::npos ? 0 : std::stoul(head.substr(at + 16));
    }

    void serve() {
        const int connection = ::accept(listener_, nullptr, nullptr);
        if (connection < 0) {
            return;
        }
        std::string head;
        char buffer[1024];
        while (head.find("\r\n\r\n") == std::string::npos ||
               head.size() < head.find("\r\n\r\n") + 4 + content_length(head)) {
            const ssize_t got = ::read(connection, buffer, sizeof buffer);
            if (got <= 0) {
                break;
            }
            head.append(buffer, static_cast<std::size_t>(got));
        }
        {
            const std::lock_guard lock(mutex_);
            head_ = head;
        }
        const std::string reply =
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
        (void)::write(connection, reply.data(), reply.size());
        ::close(connection);
    }

    std::string path_;
    int listener_ = -1;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::string head_;
};

}  // namespace

TEST_CASE("unix socket (--unix-socket) carries the request", "[curl][connection]") {
    TempDir dir;
    UnixSocketServer server(dir.file("s"));

    const ProcessResult run =
        run_rfetch({"--unix-socket", dir.file("s"), "http://sock.invalid/u", "--retries", "0"});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "ok");
    CHECK(server.head().starts_with("GET /u HTTP/1.1\r\n"));
    CHECK(server.head().find("Host: sock.invalid\r\n") != std::string::npos);
}

TEST_CASE("HTTP/1.0 (-0) speaks HTTP/1.0", "[curl][connection]") {
    TempDir dir;
    UnixSocketServer server(dir.file("s"));

    const ProcessResult run = run_rfetch(
        {"-0", "--unix-socket", dir.file("s"), "http://sock.invalid/", "--retries", "0"});

    REQUIRE(run.exit_code == 0);
    CHECK(server.head().starts_with("GET / HTTP/1.0\r\n"));
}

TEST_CASE("a form (-F) is multipart, with files, file contents and types", "[curl][form]") {
    TempDir dir;
    UnixSocketServer server(dir.file("s"));
    write_file(dir.file("photo.png"), "PNGDATA");
    write_file(dir.file("note"), "from a file");

    const ProcessResult run = run_rfetch(
        {"--unix-socket", dir.file("s"), "-F", "name=kim", "-F", "photo=@" + dir.file("photo.png"),
         "-F", "note=<" + dir.file("note"), "-F", "doc=@" + dir.file("note") + ";type=text/x-note",
         "--form-string", "raw=@not-a-file;type=x", "http://sock.invalid/up", "--retries", "0"});

    REQUIRE(run.exit_code == 0);
    const std::string request = server.head();
    CHECK(request.starts_with("POST /up HTTP/1.1\r\n"));
    std::smatch match;
    REQUIRE(std::regex_search(
        request, match,
        std::regex("Content-Type: multipart/form-data; boundary=(-+[0-9a-f]+)\r\n")));
    const std::string boundary = match[1];
    const std::string expected =
        "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nkim\r\n" +
        "--" + boundary +
        "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"photo.png\"\r\n"
        "Content-Type: image/png\r\n\r\nPNGDATA\r\n" +
        "--" + boundary +
        "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nfrom a file\r\n" + "--" +
        boundary +
        "\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"note\"\r\n"
        "Content-Type: text/x-note\r\n\r\nfrom a file\r\n" +
        "--" + boundary +
        "\r\nContent-Disposition: form-data; name=\"raw\"\r\n\r\n@not-a-file;type=x\r\n" + "--" +
        boundary + "--\r\n";
    CHECK(request.substr(request.find("\r\n\r\n") + 4) == expected);
}

TEST_CASE("a form's @A,B part is a multipart/mixed, NAME=( nests one, and headers follow",
          "[curl][form]") {
    TempDir dir;
    UnixSocketServer server(dir.file("s"));
    write_file(dir.file("a.txt"), "A");
    write_file(dir.file("b"), "B");

    const ProcessResult run = run_rfetch(
        {"--unix-socket", dir.file("s"), "-F", "files=@" + dir.file("a.txt") + "," + dir.file("b"),
         "-F", "alt=(;type=multipart/alternative", "-F", "=plain;headers=X-Part: 1", "-F", "=)",
         "--form-escape", "-F", "q\"x=v", "http://sock.invalid/up", "--retries", "0"});

    REQUIRE(run.exit_code == 0);
    const std::string request = server.head();
    std::vector<std::string> boundaries;
    const std::regex boundary_pattern("-{24}[0-9a-f]{16}");
    for (auto it = std::sregex_iterator(request.begin(), request.end(), boundary_pattern);
         it != std::sregex_iterator(); ++it) {
        if (std::ranges::find(boundaries, it->str()) == boundaries.end()) {
            boundaries.push_back(it->str());
        }
    }
    // The body's, the files', the alternative's: each multipart has a boundary of its own.
    REQUIRE(boundaries.size() == 3);
    const std::string& body = boundaries[0];
    const std::string& mixed = boundaries[1];
    const std::string& alternative = boundaries[2];
    CHECK(request.find("Content-Type: multipart/form-data; boundary=" + body + "\r\n") !=
          std::string::npos);
    const std::string expected =
        "--" + body + "\r\nContent-Disposition: form-data; name=\"files\"\r\n" +
        "Content-Type: multipart/mixed; boundary=" + mixed + "\r\n\r\n" + "--" + mixed +
        "\r\nContent-Disposition: attachment; filename=\"a.txt\"\r\n"
        "Content-Type: text/plain\r\n\r\nA\r\n" +
        "--" + mixed + "\r\nContent-Disposition: attachment; filename=\"b\"\r\n" +
        "Content-Type: application/octet-stream\r\n\r\nB\r\n" + "--" + mixed + "--\r\n\r\n" + "--" +
        body + "\r\nContent-Disposition: form-data; name=\"alt\"\r\n" +
        "Content-Type: multipart/alternative; boundary=" + alternative + "\r\n\r\n" + "--" +
        alternative + "\r\nX-Part: 1\r\n\r\nplain\r\n--" + alternative + "--\r\n\r\n" + "--" +
        body + "\r\nContent-Disposition: form-data; name=\"q\\\"x\"\r\n\r\nv\r\n" + "--" + body +
        "--\r\n";
    CHECK(request.substr(request.find("\r\n\r\n") + 4) == expected);
}
