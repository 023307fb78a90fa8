#include "sys/state_url.h"

#include <catch2/catch.hpp>

using namespace rfetch;

TEST_CASE("a redis URL gives the host, port, database, user and password", "[state-url]") {
    const auto parsed = parse_state_url("redis://ops:p%40ss%3Aword@cache.example:6380/3");
    REQUIRE(parsed.url);
    CHECK(parsed.url->kind == StateUrl::Kind::tcp);
    CHECK(parsed.url->host == "cache.example");
    CHECK(parsed.url->port == 6380);
    CHECK(parsed.url->db == 3);
    CHECK(parsed.url->user == "ops");
    CHECK(parsed.url->password == "p@ss:word");
    // What messages show of it: no user, no password.
    CHECK(parsed.url->describe() == "redis://cache.example:6380/3");
}

TEST_CASE("a password may hold the characters that end an authority", "[state-url]") {
    const auto parsed = parse_state_url("redis://:ab/c?d#e@cache.example:6380/2");
    REQUIRE(parsed.url);
    CHECK(parsed.url->password == "ab/c?d#e");
    CHECK(parsed.url->host == "cache.example");
    CHECK(parsed.url->port == 6380);
    CHECK(parsed.url->db == 2);
}

TEST_CASE("a redis URL's defaults: port 6379, database 0, no password", "[state-url]") {
    const auto parsed = parse_state_url("redis://127.0.0.1");
    REQUIRE(parsed.url);
    CHECK(parsed.url->port == 6379);
    CHECK(parsed.url->db == 0);
    CHECK(parsed.url->password.empty());

    const auto ipv6 = parse_state_url("redis://[::1]:7000");
    REQUIRE(ipv6.url);
    CHECK(ipv6.url->host == "::1");
    CHECK(ipv6.url->describe() == "redis://[::1]:7000");
}

TEST_CASE("a unix URL gives the socket's path and a database", "[state-url]") {
    const auto parsed = parse_state_url("unix:///run/redis/redis.sock?db=2");
    REQUIRE(parsed.url);
    CHECK(parsed.url->kind == StateUrl::Kind::unix_socket);
    CHECK(parsed.url->socket_path == "/run/redis/redis.sock");
    CHECK(parsed.url->db == 2);
}

TEST_CASE("what is not a state URL says why", "[state-url]") {
    CHECK(parse_state_url("http://h/").problem.find("unknown scheme") != std::string::npos);
    CHECK(parse_state_url("redis://h:0").problem.find("port") != std::string::npos);
    CHECK(parse_state_url("redis://h:65536").problem.find("port") != std::string::npos);
    CHECK(parse_state_url("redis://h:").problem.find("port") != std::string::npos);
    CHECK(parse_state_url("redis://:6379").problem.find("host") != std::string::npos);
    CHECK(parse_state_url("redis://u:p@").problem.find("host") != std::string::npos);
    CHECK(parse_state_url("redis://h/x").problem.find("database") != std::string::npos);
    CHECK(parse_state_url("redis://u:%zz@h").problem.find("%-escape") != std::string::npos);
    CHECK(parse_state_url("unix://relative.sock").problem.find("path") != std::string::npos);
    CHECK(parse_state_url("unix:///s.sock?x=1").problem.find("db=N") != std::string::npos);
    CHECK(parse_state_url("rediss://h").problem.find("TLS") != std::string::npos);
}
