#include "serve/http_service.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "text/text_util.h"
#include "serve/index_pool.h"
#include "serve/search_api.h"
#include "serve/web_assets.h"

namespace news {

namespace {

constexpr const char* kJson = "application/json";

Parameters parameters_of(const httplib::Request& request) {
  return Parameters(request.params.begin(), request.params.end());
}

void answer_get(IndexPool& pool, const httplib::Request& request, httplib::Response& response) {
  const std::string& path = request.path;  // %-decoded by cpp-httplib
  response.set_header("X-Content-Type-Options", "nosniff");
  // cpp-httplib leaves a GET's body unread, where it would be taken for the
  // next request on the connection: refuse it and close.
  if ((request.has_header("Content-Length") && request.get_header_value("Content-Length") != "0") ||
      request.has_header("Transfer-Encoding")) {
    response.status = 413;
    response.set_header("Connection", "close");
    response.set_content(error_body("body: a GET takes no body"), kJson);
    return;
  }
  if (path.find('\0') != std::string::npos || !is_valid_utf8(path)) {
    response.status = 400;
    response.set_content(error_body("path: contains a NUL byte or is not valid UTF-8 once decoded"), kJson);
    return;
  }
  if (path == "/healthz" || path.starts_with("/api/")) {
    const ApiResponse answer = answer_api(pool, path, parameters_of(request));
    response.status = answer.status;
    response.set_header("Cache-Control", "no-store");
    response.set_content(answer.body, kJson);
    return;
  }
  if (const auto asset = web_asset(path)) {
    response.set_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:");
    response.set_content(std::string(asset->content), std::string(asset->content_type).c_str());
    return;
  }
  response.status = 404;
  response.set_content(error_body("path: nothing is served at " + path + " (see docs/http-api.md)"), kJson);
}

void refuse_method(const httplib::Request& request, httplib::Response& response) {
  response.status = 405;
  response.set_header("Allow", "GET, HEAD");
  response.set_content(error_body("method: " + request.method + " is not served; only GET and HEAD"), kJson);
}

// cpp-httplib's own refusals (413 body too large, 414 URL too long, 400
// malformed) get a JSON body too.
void explain_error(const httplib::Request&, httplib::Response& response) {
  if (!response.body.empty()) return;
  std::string what = "request: refused with HTTP status " + std::to_string(response.status);
  if (response.status == 413) what = "body: larger than " + std::to_string(kMaxBodyBytes) + " bytes (the API takes none)";
  if (response.status == 414) what = "path: the URL is too long";
  response.set_content(error_body(what), kJson);
}

void configure(httplib::Server& server, IndexPool& pool, unsigned threads) {
  // cpp-httplib's default adds SO_REUSEPORT, with which a second server
  // would share a port in use instead of failing to listen.
  server.set_socket_options([](socket_t fd) {
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  });
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // cpp-httplib 0.11 sends the headers and the body in two writes and leaves
  // Nagle on: the body waited for the client's delayed ACK, 40 ms a request
  // (bench/http_libraries.sh).
  server.set_tcp_nodelay(true);
  server.set_payload_max_length(kMaxBodyBytes);
  server.set_keep_alive_timeout(2);  // an idle connection holds a worker; shutdown waits for it
  server.set_read_timeout(10);
  server.set_write_timeout(10);
  server.Get(".*", [&pool](const httplib::Request& q, httplib::Response& r) { answer_get(pool, q, r); });
  server.Post(".*", refuse_method);
  server.Put(".*", refuse_method);
  server.Patch(".*", refuse_method);
  server.Delete(".*", refuse_method);
  server.Options(".*", refuse_method);
  server.set_error_handler(explain_error);
  server.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
    response.status = 500;
    response.set_content(error_body("internal error"), kJson);
  });
}

int bind(httplib::Server& server, const ListenAddress& where) {
  if (where.port == 0) {
    const int port = server.bind_to_any_port(where.host);
    if (port > 0) return port;
  } else if (server.bind_to_port(where.host, where.port)) {
    return where.port;
  }
  throw std::runtime_error("--listen " + where.host + ":" + std::to_string(where.port) +
                           ": cannot listen there (in use, or not an address of this machine)");
}

}  // namespace

int serve(const ServeOptions& options, std::ostream& log) {
  // SIGINT/SIGTERM wait for one thread of ours: blocked here, before any other
  // thread starts, so every worker inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  IndexPool pool(options.index, options.open);
  httplib::Server server;
  configure(server, pool, options.threads);
  const int port = bind(server, options.where);
  log << "search: serving " << server_url(options.where, port) << " from " << options.index.string() << " ("
      << options.threads << " threads); stop with Ctrl-C\n";
  if (!options.where.loopback) {
    log << "search: warning: " << options.where.host << " is not loopback: other machines can read the index\n";
  }
  log.flush();

  std::atomic<bool> listening_done = false;
  std::thread stopper([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    // stop() before listen_after_bind() has started would be lost: repeat it.
    while (!listening_done) {
      server.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  const bool clean = server.listen_after_bind();
  listening_done = true;
  pthread_kill(stopper.native_handle(), SIGTERM);  // wakes the stopper if no signal came
  stopper.join();
  log << "search: stopped\n";
  return clean ? 0 : 2;
}

}  // namespace news
