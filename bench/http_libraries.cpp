// http_libraries: the HTTP libraries issue 19 chose among, measured alone. It
// serves one fixed ~2 KB JSON body (a canned /api/search answer) at /api/search
// on loopback with cpp-httplib, libmicrohttpd or Boost.Beast, each in its own
// multi-threaded mode, so that bench/http_load can measure what the library
// costs a request when no search is done (bench/http_libraries.sh).
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <pthread.h>

#ifdef NEWS_BENCH_MICROHTTPD
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#endif
#ifdef NEWS_BENCH_BEAST
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#endif

namespace {

constexpr const char* kJson = "application/json";
const std::string kNotFound = R"({"error": "path: only /api/search is served"})";

struct Settings {
  std::string library = "httplib";
  std::string host = "127.0.0.1";
  int port = 0;
  unsigned threads = 32;
  std::size_t keep_alive_max = 5;  // cpp-httplib's default, which search --serve keeps
  bool tcp_nodelay = false;        // likewise
};

// The shape of a real answer (docs/json-output.md): three hits with snippets
// and highlights, facets, paging. Fixed text, so every library sends the same bytes.
std::string canned_search_answer() {
  nlohmann::json hits = nlohmann::json::array();
  for (int i = 1; i <= 3; ++i) {
    hits.push_back({{"id", "world/00" + std::to_string(i) + "_5f3a9c2e"},
                    {"title", "Ministers meet in Tokyo as talks on the Kuril Islands resume"},
                    {"date", "2024-03-1" + std::to_string(i)},
                    {"score", 12.5 - i},
                    {"path", "corpus/world/00" + std::to_string(i) + "_5f3a9c2e.txt"},
                    {"snippet_text", "Prime Minister Fumio Kishida said on Tuesday that the talks with Moscow "
                                     "over the Kuril Islands would resume next month, after a pause of two years "
                                     "in which sanctions and a dispute over fishing rights kept both sides apart."},
                    {"highlights", {{22, 28}, {76, 81}}},
                    {"similar_count", i - 1},
                    {"entities", {{"person", {"Fumio Kishida"}}, {"place", {"Japan", "Kuril Islands"}}, {"org", {"TASS"}}}}});
  }
  const nlohmann::json facet = {{{"name", "Fumio Kishida"}, {"articles", 41}}, {{"name", "Japan"}, {"articles", 38}}};
  const nlohmann::json answer = {{"query", "Kishida talks"}, {"searched", "Kishida talks"}, {"parsed", "Query((kishida OR talk))"},
                                 {"total", 412}, {"total_exact", false}, {"stories", 3}, {"limit", 10}, {"offset", 0},
                                 {"collapsed", true}, {"corrected", false}, {"suggestion", nullptr}, {"partial", false},
                                 {"missing_shards", nlohmann::json::array()}, {"elapsed_ms", 1.234}, {"hits", hits},
                                 {"facets", {{"person", facet}, {"place", facet}, {"org", nlohmann::json::array()}}}};
  return answer.dump();
}

bool is_search_target(std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  return path == "/api/search";
}

// SIGINT/SIGTERM are blocked in every thread (set before any starts) and
// taken by the main thread here, which then stops the server.
sigset_t blocked_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

void wait_for_stop(const sigset_t& signals) {
  int taken = 0;
  sigwait(&signals, &taken);
}

void announce(const Settings& s, int port, std::size_t body_bytes, const std::string& mode) {
  std::cerr << "http_libraries: serving http://" << s.host << ":" << port << "/api/search with " << s.library << " ("
            << mode << ", body " << body_bytes << " bytes)" << std::endl;
}

// cpp-httplib configured as search --serve configures it (common/serve/http_service.cpp).
int serve_httplib(const Settings& s, const std::string& body, const sigset_t& stop) {
  httplib::Server server;
  server.new_task_queue = [threads = s.threads] { return new httplib::ThreadPool(threads); };
  server.set_keep_alive_timeout(2);
  server.set_keep_alive_max_count(s.keep_alive_max);
  server.set_tcp_nodelay(s.tcp_nodelay);
  server.set_read_timeout(10);
  server.set_write_timeout(10);
  // One handler for every path that picks by path, as search --serve's does.
  server.Get(".*", [&body](const httplib::Request& q, httplib::Response& r) {
    const bool found = is_search_target(q.path);
    r.status = found ? 200 : 404;
    r.set_content(found ? body : kNotFound, kJson);
  });
  const int port = s.port == 0 ? server.bind_to_any_port(s.host) : (server.bind_to_port(s.host, s.port) ? s.port : -1);
  if (port < 0) {
    std::cerr << "http_libraries: cannot listen on " << s.host << ":" << s.port << "\n";
    return 2;
  }
  std::thread listener([&server] { server.listen_after_bind(); });
  announce(s, port, body.size(),
           "thread pool of " + std::to_string(s.threads) + ", keep-alive max " + std::to_string(s.keep_alive_max) +
               (s.tcp_nodelay ? ", TCP_NODELAY" : ""));
  wait_for_stop(stop);
  server.stop();
  listener.join();
  return 0;
}

#ifdef NEWS_BENCH_MICROHTTPD
MHD_Result answer_microhttpd(void* body, MHD_Connection* connection, const char* url, const char*, const char*,
                             const char*, size_t*, void**) {
  const bool found = is_search_target(url);
  const std::string& content = found ? *static_cast<const std::string*>(body) : kNotFound;
  // Copied per request, as the other two copy the body into their response.
  MHD_Response* response = MHD_create_response_from_buffer(content.size(), const_cast<char*>(content.data()),
                                                           MHD_RESPMEM_MUST_COPY);
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, kJson);
  const MHD_Result queued = MHD_queue_response(connection, found ? MHD_HTTP_OK : MHD_HTTP_NOT_FOUND, response);
  MHD_destroy_response(response);
  return queued;
}

// MHD's internal polling threads as a pool of s.threads, each with its own
// epoll (MHD_USE_AUTO picks it on Linux): its documented mode for many connections.
int serve_microhttpd(const Settings& s, std::string body, const sigset_t& stop) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(s.port));
  if (inet_pton(AF_INET, s.host.c_str(), &address.sin_addr) != 1) {
    std::cerr << "http_libraries: --listen: microhttpd takes an IPv4 address here, got \"" << s.host << "\"\n";
    return 2;
  }
  MHD_Daemon* daemon = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, nullptr, nullptr,
                                        &answer_microhttpd, &body, MHD_OPTION_SOCK_ADDR, &address,
                                        MHD_OPTION_THREAD_POOL_SIZE, s.threads, MHD_OPTION_CONNECTION_TIMEOUT, 10u,
                                        MHD_OPTION_END);
  if (daemon == nullptr) {
    std::cerr << "http_libraries: cannot listen on " << s.host << ":" << s.port << "\n";
    return 2;
  }
  const int port = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT)->port;
  announce(s, port, body.size(), "internal polling thread pool of " + std::to_string(s.threads) + ", epoll");
  wait_for_stop(stop);
  MHD_stop_daemon(daemon);
  return 0;
}
#endif

#ifdef NEWS_BENCH_BEAST
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// One keep-alive connection, read and answered asynchronously on its own
// strand, as in Beast's http_server_async example.
class BeastSession : public std::enable_shared_from_this<BeastSession> {
 public:
  BeastSession(tcp::socket socket, const std::string& body) : stream_(std::move(socket)), body_(body) {}
  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

 private:
  void read() {
    request_ = {};
    stream_.expires_after(std::chrono::seconds(10));
    http::async_read(stream_, buffer_, request_,
                     [self = shared_from_this()](beast::error_code failed, std::size_t) { self->answer(failed); });
  }
  void answer(beast::error_code failed) {
    if (failed) return close();  // the client closed, a timeout or a bad request
    const bool found = is_search_target(request_.target());
    response_ = {found ? http::status::ok : http::status::not_found, request_.version()};
    response_.set(http::field::content_type, kJson);
    response_.keep_alive(request_.keep_alive());
    response_.body() = found ? body_ : kNotFound;
    response_.prepare_payload();
    http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code failed, std::size_t) {
      if (failed || !self->response_.keep_alive()) return self->close();
      self->read();
    });
  }
  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  const std::string& body_;
};

void accept_next(tcp::acceptor& acceptor, asio::io_context& io, const std::string& body) {
  acceptor.async_accept(asio::make_strand(io), [&acceptor, &io, &body](beast::error_code failed, tcp::socket socket) {
    if (failed) return;  // the acceptor was closed: shutting down
    std::make_shared<BeastSession>(std::move(socket), body)->start();
    accept_next(acceptor, io, body);
  });
}

// One io_context run by s.threads threads.
int serve_beast(const Settings& s, const std::string& body, const sigset_t& stop) {
  asio::io_context io(static_cast<int>(s.threads));
  beast::error_code failed;
  const auto address = asio::ip::make_address(s.host, failed);
  if (failed) {
    std::cerr << "http_libraries: --listen: not an address: \"" << s.host << "\"\n";
    return 2;
  }
  tcp::acceptor acceptor(io);
  const tcp::endpoint endpoint(address, static_cast<std::uint16_t>(s.port));
  acceptor.open(endpoint.protocol(), failed);
  if (!failed) acceptor.set_option(asio::socket_base::reuse_address(true), failed);
  if (!failed) acceptor.bind(endpoint, failed);
  if (!failed) acceptor.listen(asio::socket_base::max_listen_connections, failed);
  if (failed) {
    std::cerr << "http_libraries: cannot listen on " << s.host << ":" << s.port << ": " << failed.message() << "\n";
    return 2;
  }
  accept_next(acceptor, io, body);
  std::vector<std::thread> runners;
  for (unsigned i = 0; i < s.threads; ++i) runners.emplace_back([&io] { io.run(); });
  announce(s, acceptor.local_endpoint().port(), body.size(), "async, one io_context on " + std::to_string(s.threads) + " threads");
  wait_for_stop(stop);
  io.stop();
  for (auto& t : runners) t.join();
  return 0;
}
#endif

std::vector<std::string> built_libraries() {
  std::vector<std::string> names{"httplib"};
#ifdef NEWS_BENCH_MICROHTTPD
  names.push_back("microhttpd");
#endif
#ifdef NEWS_BENCH_BEAST
  names.push_back("beast");
#endif
  return names;
}

int serve(const Settings& s, const sigset_t& stop) {
  const std::string body = canned_search_answer();
#ifdef NEWS_BENCH_MICROHTTPD
  if (s.library == "microhttpd") return serve_microhttpd(s, body, stop);
#endif
#ifdef NEWS_BENCH_BEAST
  if (s.library == "beast") return serve_beast(s, body, stop);
#endif
  return serve_httplib(s, body, stop);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Serves a fixed ~2 KB JSON body at /api/search with one HTTP library, for bench/http_load "
               "(bench/README.md, HTTP libraries)."};
  Settings s;
  std::string where = "127.0.0.1:0";
  const std::vector<std::string> libraries = built_libraries();
  std::string choices;
  for (const auto& name : libraries) choices += (choices.empty() ? "" : ", ") + name;
  app.add_option("--library", s.library, "which library serves: " + choices + " (those found at build time; default httplib)")
      ->check(CLI::IsMember(libraries));
  app.add_option("--listen", where, "IPv4 loopback HOST:PORT (default 127.0.0.1:0: any free port, printed on stderr)");
  app.add_option("--threads", s.threads, "worker threads (default 32)")->check(CLI::Range(1u, 256u));
  app.add_option("--keep-alive-max", s.keep_alive_max,
                 "httplib only: requests per connection before it closes (default 5, cpp-httplib's and search --serve's)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000'000}));
  app.add_flag("--tcp-nodelay", s.tcp_nodelay,
               "httplib only: send without Nagle's delay (cpp-httplib's default and search --serve's: off)");
  bool list = false;
  app.add_flag("--list", list, "print the libraries this build has, one a line, and exit");
  CLI11_PARSE(app, argc, argv);
  if (list) {
    for (const auto& name : libraries) std::cout << name << "\n";
    return 0;
  }
  const auto colon = where.rfind(':');
  s.host = where.substr(0, colon);
  if (colon == std::string::npos || s.host.rfind("127.", 0) != 0) {
    std::cerr << "http_libraries: --listen: only an IPv4 loopback address (127.x.x.x:PORT), got \"" << where << "\"\n";
    return 2;
  }
  try {
    s.port = std::stoi(where.substr(colon + 1));
  } catch (const std::exception&) {
    std::cerr << "http_libraries: --listen: not a port: \"" << where.substr(colon + 1) << "\"\n";
    return 2;
  }
  return serve(s, blocked_stop_signals());
}
