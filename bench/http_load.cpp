// http_load: a bounded load test of `search --serve` over loopback. N clients
// (threads, one keep-alive connection each) send /api/search requests, one
// query after another from a file, for a fixed time or number of requests,
// and it prints requests/s, latency percentiles and every failure (any status
// but 200, or no answer). Only loopback addresses are accepted: this is for
// measuring our own server, not anyone else's.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

namespace {

using Clock = std::chrono::steady_clock;

struct Settings {
  std::string host = "127.0.0.1";
  int port = 8080;
  unsigned clients = 32;
  double seconds = 30;
  std::uint64_t max_requests = 2'000'000;
  std::string queries_file;
  std::string extra = "limit=10";  // appended to every request's parameters
};

struct ClientTally {
  std::vector<double> latencies_ms;
  std::map<std::string, std::uint64_t> failures;  // "503", "connection: ..." -> how many
};

std::string percent_encoded(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::vector<std::string> request_targets(const Settings& s) {
  std::ifstream in(s.queries_file);
  if (!in) throw std::runtime_error(s.queries_file + ": cannot read the queries");
  std::vector<std::string> targets;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.front() == '#') continue;
    targets.push_back("/api/search?q=" + percent_encoded(line) + (s.extra.empty() ? "" : "&" + s.extra));
  }
  if (targets.empty()) throw std::runtime_error(s.queries_file + ": no queries in it");
  return targets;
}

void run_client(const Settings& s, const std::vector<std::string>& targets, unsigned client, Clock::time_point stop,
                std::atomic<std::uint64_t>& sent, ClientTally& tally) {
  httplib::Client http(s.host, s.port);
  http.set_keep_alive(true);
  http.set_url_encode(false);
  http.set_read_timeout(30);
  for (std::size_t i = client; Clock::now() < stop && sent++ < s.max_requests; i += s.clients) {
    const std::string& target = targets[i % targets.size()];
    const auto started = Clock::now();
    const auto response = http.Get(target.c_str());
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    if (!response) {
      ++tally.failures["connection: " + httplib::to_string(response.error())];
    } else if (response->status != 200) {
      ++tally.failures[std::to_string(response->status) + " " + response->body.substr(0, 120)];
    } else {
      tally.latencies_ms.push_back(ms);
    }
  }
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const std::size_t at = std::min(sorted.size() - 1, static_cast<std::size_t>(p / 100.0 * sorted.size()));
  return sorted[at];
}

nlohmann::json measure(const Settings& s) {
  const std::vector<std::string> targets = request_targets(s);
  std::vector<ClientTally> tallies(s.clients);
  std::atomic<std::uint64_t> sent = 0;
  const auto started = Clock::now();
  const auto stop = started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s.seconds));
  std::vector<std::thread> clients;
  for (unsigned c = 0; c < s.clients; ++c) {
    clients.emplace_back([&, c] { run_client(s, targets, c, stop, sent, tallies[c]); });
  }
  for (auto& t : clients) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();

  std::vector<double> all;
  std::map<std::string, std::uint64_t> failures;
  std::uint64_t failed = 0;
  for (const ClientTally& t : tallies) {
    all.insert(all.end(), t.latencies_ms.begin(), t.latencies_ms.end());
    for (const auto& [what, n] : t.failures) {
      failures[what] += n;
      failed += n;
    }
  }
  std::sort(all.begin(), all.end());
  const auto round2 = [](double v) { return std::round(v * 100) / 100; };
  return {{"clients", s.clients},
          {"seconds", round2(elapsed)},
          {"requests", all.size() + failed},
          {"errors", failed},
          {"failures", failures},
          {"requests_per_second", round2((all.size() + failed) / elapsed)},
          {"p50_ms", round2(percentile(all, 50))},
          {"p90_ms", round2(percentile(all, 90))},
          {"p99_ms", round2(percentile(all, 99))},
          {"max_ms", round2(all.empty() ? 0 : all.back())}};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Bounded loopback load test of search --serve: prints one JSON line of figures (bench/README.md)."};
  Settings s;
  std::string where = "127.0.0.1:8080";
  app.add_option("--server", where, "HOST:PORT of search --serve; loopback only (default 127.0.0.1:8080)");
  app.add_option("--queries", s.queries_file, "one query per line (bench/make_queries' queries.txt)")->required();
  app.add_option("--clients", s.clients, "concurrent clients, one connection each (default 32)")
      ->check(CLI::Range(1u, 256u));
  app.add_option("--seconds", s.seconds, "how long to run (default 30; at most 300)")->check(CLI::Range(0.1, 300.0));
  app.add_option("--max-requests", s.max_requests, "stop after this many requests (default 2,000,000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100'000'000}));
  app.add_option("--params", s.extra, "parameters added to every request (default limit=10)");
  CLI11_PARSE(app, argc, argv);
  const auto colon = where.rfind(':');
  s.host = where.substr(0, colon);
  if (colon == std::string::npos || (s.host != "127.0.0.1" && s.host != "localhost" && s.host != "::1" && s.host != "[::1]")) {
    std::cerr << "http_load: --server: only a loopback address (127.0.0.1, localhost, ::1), got \"" << where << "\"\n";
    return 2;
  }
  if (s.host == "[::1]") s.host = "::1";
  try {
    s.port = std::stoi(where.substr(colon + 1));
    const nlohmann::json figures = measure(s);
    std::cout << figures.dump() << "\n";
    return figures["errors"] == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "http_load: " << e.what() << "\n";
    return 2;
  }
}
