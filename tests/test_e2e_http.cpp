// End to end: `search --serve` on a test index, spoken to over loopback: the
// API gives the CLI's JSON, refuses bad input with a 400 naming the
// parameter, never serves a file, follows a rebuild, and stops on a signal.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include <httplib.h>

#include "e2e_support.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// `search --serve` in the background, up and answering /healthz.
class Server {
 public:
  explicit Server(const fs::path& index, std::vector<std::string> extra = {}) {
    for (int attempt = 0; attempt < 5 && pid_ < 0; ++attempt) {
      port_ = e2e::free_port();
      std::vector<std::string> argv{NEWS_SEARCH_BIN, "--index", index.string(), "--serve",
                                    "--listen", "127.0.0.1:" + std::to_string(port_)};
      argv.insert(argv.end(), extra.begin(), extra.end());
      const int pid = e2e::start(argv);
      if (wait_until_up(pid)) pid_ = pid;
    }
    if (pid_ < 0) throw std::runtime_error("search --serve did not come up");
  }
  ~Server() {
    if (pid_ > 0) stop(SIGTERM);
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30);
    c.set_url_encode(false);  // the targets are written encoded, '+' for a space as a form sends it
    return c;
  }
  httplib::Result get(const std::string& target) const { return client().Get(target.c_str()); }
  // Sends the signal and waits; the exit code (128 + signal when killed).
  int stop(int signal) {
    ::kill(pid_, signal);
    const int code = e2e::wait_for(pid_, std::chrono::seconds(20));
    pid_ = -1;
    return code;
  }

 private:
  bool wait_until_up(int pid) {
    for (int i = 0; i < 200; ++i) {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) return false;  // exited: the port was taken meanwhile
      httplib::Client c("127.0.0.1", port_);
      if (auto r = c.Get("/healthz"); r && r->status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ::kill(pid, SIGKILL);
    e2e::wait_for(pid);
    return false;
  }
  int pid_ = -1;
  int port_ = 0;
};

// The request bytes exactly as given (no client tidying the path); the whole answer.
std::string raw_exchange(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return "";
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early on a refused body
    sent += n;
  }
  std::string answer;
  char buffer[4096];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) answer.append(buffer, n);
  ::close(fd);
  return answer;
}

int status_of(const std::string& answer) {
  return answer.size() > 12 && answer.starts_with("HTTP/1.1 ") ? std::stoi(answer.substr(9, 3)) : -1;
}

std::string body_of(const std::string& answer) {
  const auto end = answer.find("\r\n\r\n");
  return end == std::string::npos ? "" : answer.substr(end + 4);
}

std::string get_raw(int port, const std::string& target) {
  return raw_exchange(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
}

// The error a 400/404 carries, checked to be {"error": "..."} alone.
std::string error_of(const httplib::Result& r) {
  REQUIRE(r);
  const json body = json::parse(r->body);
  REQUIRE(body.is_object());
  CHECK(body.size() == 1);
  return body.at("error").get<std::string>();
}

json without_timing(json result) {
  result.erase("elapsed_ms");
  return result;
}

}  // namespace

TEST_CASE("http: /api/search gives the CLI's JSON for the same options") {
  e2e::IndexedCorpus corpus;
  Server server(corpus.index);
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases{
      {"/api/search?q=Japan&limit=2", {"--limit", "2", "Japan"}},
      {"/api/search?q=Japan&offset=1&limit=1&facets=2", {"--offset", "1", "--limit", "1", "--facets", "2", "Japan"}},
      {"/api/search?q=Kishida+Lavrov", {"Kishida Lavrov"}},
      {"/api/search?q=Japan&facet-sample=2", {"--facet-sample", "2", "Japan"}},
      {"/api/search?q=sanctions&person=Fumio+Kishida&sort=date", {"--person", "Fumio Kishida", "--sort", "date", "sanctions"}},
      {"/api/search?q=Japan&count", {"--count", "Japan"}},
      {"/api/search?q=Japan&ids=1", {"--ids", "Japan"}},
      {"/api/search?q=Japan&no-facets&explain&exact-total", {"--no-facets", "--explain", "--exact-total", "Japan"}},
      {"/api/search?place=Japan&since=2000&until=2100-01", {"--place", "Japan", "--since", "2000", "--until", "2100-01"}},
      {"/api/search?q=Japn&no-autocorrect", {"--no-autocorrect", "Japn"}},
      {"/api/search?q=Japan&timeline=month&no-collapse", {"--timeline", "month", "--no-collapse", "Japan"}},
      {"/api/search?like=" + e2e::id("001"), {"--like", e2e::id("001")}},
      {"/api/search?cluster=" + e2e::id("002") + "&timeline=year", {"--cluster", e2e::id("002"), "--timeline", "year"}},
      {"/api/search?related=Fumio+Kishida&q=Japan&limit=3", {"--related", "Fumio Kishida", "--limit", "3", "Japan"}},
      {"/api/search?q=sanctions&expand&bm25-k1=2&bm25-b=0.5", {"--expand", "--bm25-k1", "2", "--bm25-b", "0.5", "sanctions"}},
  };
  for (const auto& [target, flags] : cases) {
    CAPTURE(target);
    const auto r = server.get(target);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "application/json");
    std::vector<std::string> args{"--format", "json", "--quiet"};
    args.insert(args.end(), flags.begin(), flags.end());
    const e2e::Run cli = corpus.search(args);
    CHECK(without_timing(json::parse(r->body)) == without_timing(json::parse(cli.out)));
  }
  // The analyst views' answers are there: the comparisons are not of empty answers.
  CHECK(json::parse(server.get("/api/search?q=Kishida+Lavrov")->body)["facets_over"] == "all_words");
  CHECK(json::parse(server.get("/api/search?q=Japan&facet-sample=2")->body)["facets_estimated"] == true);
  CHECK(json::parse(server.get("/api/search?q=Japan&timeline=month")->body).contains("timeline"));
  CHECK(!json::parse(server.get("/api/search?like=" + e2e::id("001"))->body)["hits"].empty());
  CHECK(json::parse(server.get("/api/search?related=Fumio+Kishida&q=Japan")->body)["entity"]["name"] == "Fumio Kishida");
  // A result with hits was among them: the comparison is not of empty answers.
  CHECK(json::parse(server.get("/api/search?q=Japan&limit=2")->body)["hits"].size() == 2);
}

TEST_CASE("http: article, entities, stats and healthz") {
  e2e::IndexedCorpus corpus;
  Server server(corpus.index);
  const std::string id = e2e::id("001");
  const auto article = server.get("/api/article/" + id);
  REQUIRE(article);
  CHECK(article->status == 200);
  CHECK(json::parse(article->body) == json::parse(corpus.search({"--format", "json", "--show", id}).out));

  const auto people = server.get("/api/entities?type=person&limit=3");
  REQUIRE(people);
  CHECK(people->status == 200);
  CHECK(json::parse(people->body) ==
        json::parse(corpus.search({"--format", "json", "--entities", "--type", "person", "--limit", "3"}).out));
  CHECK(json::parse(people->body).size() == 3);
  const json named = json::parse(server.get("/api/entities?q=kishida")->body);
  REQUIRE(named.size() == 1);
  CHECK(named[0]["name"] == "Fumio Kishida");

  const json stats = json::parse(server.get("/api/stats")->body);
  CHECK(stats["articles"] == json::parse(corpus.search({"--format", "json", "--stats"}).out)["articles"]);
  CHECK(server.get("/healthz")->status == 200);
  const auto head = server.client().Head("/api/stats");
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->body.empty());
}

TEST_CASE("http: ids gives a page of at most 1000 where the CLI lists every match") {
  e2e::TempDir dir;
  const fs::path corpus = dir / "corpus", index = dir / "index";
  e2e::make_corpus(corpus, 1003);
  REQUIRE(e2e::indexer({"--corpus", corpus.string(), "--index", index.string(), "-q"}).exit_code == 0);
  Server server(index);
  const json page = json::parse(server.get("/api/search?q=Japan&ids")->body);
  CHECK(page["total"] == 1003);
  CHECK(page["ids"].size() == 1000);
  CHECK(json::parse(server.get("/api/search?q=Japan&ids&limit=7")->body)["ids"].size() == 7);
  const std::string every = e2e::search({"--index", index.string(), "--ids", "Japan"}).out;
  CHECK(std::count(every.begin(), every.end(), '\n') == 1003);
}

TEST_CASE("http: a bad parameter is a 400 naming it, an unknown id or path a 404") {
  e2e::IndexedCorpus corpus;
  Server server(corpus.index);
  const std::vector<std::pair<std::string, std::string>> bad{
      {"/api/search?q=Japan&limit=0", "limit: "},
      {"/api/search?q=Japan&limit=-5", "limit: "},
      {"/api/search?q=Japan&limit=5000", "limit: at most 1000"},
      {"/api/search?q=Japan&offset=x", "offset: "},
      {"/api/search?q=Japan&facets=1001", "facets: "},
      {"/api/search?q=Japan&sort=random", "sort: "},
      {"/api/search?q=Japan&bm25-b=2", "bm25-b: "},
      {"/api/search?q=Japan&since=last+tuesday", "since: expected YYYY"},
      {"/api/search?q=Japan&until=2020-13", "until: "},
      {"/api/search?q=Japan&count=maybe", "count: a switch"},
      {"/api/search?q=Japan&limit=1&limit=2", "limit: given more than once"},
      {"/api/search?q=Japan&colour=red", "colour: no such parameter"},
      {"/api/search?q=Japan&type=person", "type: no such parameter"},
      {"/api/search?q=%22never+closed", "q: "},
      {"/api/search", "q: no query given"},
      {"/api/search?q=%ff", "q: not valid UTF-8"},
      {"/api/search?q=a%00b", "q: contains a NUL"},
      {"/api/entities?type=ship", "type: "},
      {"/api/stats?verbose=1", "verbose: no such parameter"},
      {"/api/search?q=Japan&timeline=fortnight", "timeline: "},
      {"/api/search?related=ship:Titanic", "related: "},
      {"/api/search?q=Japan&save=mine", "save: no such parameter"},
      {"/api/search?saved", "saved: no such parameter"},
      {"/api/search?new=mine", "new: no such parameter"},
  };
  for (const auto& [target, starts] : bad) {
    CAPTURE(target);
    const auto r = server.get(target);
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(error_of(r).starts_with(starts));
  }
  for (const auto& [target, starts] : std::vector<std::pair<std::string, std::string>>{
           {"/api/search?like=nope", "like: no article"}, {"/api/search?cluster=nope", "cluster: no article"}}) {
    CAPTURE(target);
    const auto r = server.get(target);
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(error_of(r).starts_with(starts));
  }
  const auto unknown = server.get("/api/article/no/such/article");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(error_of(unknown).starts_with("id: no article"));
  CHECK(server.get("/api/nothing")->status == 404);
  CHECK(server.get("/index.htm")->status == 404);
}

TEST_CASE("http: no URL reads a file, and long URLs, NULs, bodies and other methods are refused") {
  e2e::IndexedCorpus corpus;
  Server server(corpus.index);
  const int port = server.port();
  std::vector<std::string> targets{"/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                                   "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/..%2f..%2f..%2fetc%2fpasswd",
                                   "/api/article/..%2f..%2f..%2fetc%2fpasswd", "/api/article/../../etc/passwd",
                                   "//etc/passwd"};
  // A file that does exist, by its absolute path and by its corpus-relative name.
  const fs::path article_file = corpus.corpus / (e2e::id("001") + ".txt");
  REQUIRE(fs::exists(article_file));
  targets.push_back(article_file.string());
  targets.push_back((fs::path("/") / article_file.filename()).string());
  for (const std::string& target : targets) {
    CAPTURE(target);
    const std::string answer = get_raw(port, target);
    CHECK(status_of(answer) == 404);
    CHECK(answer.find("root:") == std::string::npos);
    CHECK(json::parse(body_of(answer)).contains("error"));
  }
  const std::string nul = get_raw(port, "/index.html%00.json");
  CHECK(status_of(nul) == 400);
  CHECK(json::parse(body_of(nul))["error"].get<std::string>().starts_with("path: "));

  // Just under the limit: an answer, not a crash.
  std::string long_path = "/";
  long_path.append(8000, 'a');
  CHECK(status_of(get_raw(port, long_path)) == 404);
  const std::string long_query = get_raw(port, "/api/search?count&q=" + std::string(8000, 'a'));
  CHECK(status_of(long_query) == 400);  // the query's own length limit (docs/reliability.md)
  CHECK(json::parse(body_of(long_query))["error"].get<std::string>().starts_with("q: "));
  const std::string long_url = get_raw(port, "/api/search?q=" + std::string(20000, 'a'));
  CHECK(status_of(long_url) == 414);
  CHECK(json::parse(body_of(long_url))["error"].get<std::string>().starts_with("path: "));

  const std::string ten_mb(10 * 1024 * 1024, 'x');
  for (const std::string& method : std::vector<std::string>{"POST", "GET"}) {
    CAPTURE(method);
    const std::string answer = raw_exchange(port, method + " /api/search?q=Japan HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                  "Content-Length: " + std::to_string(ten_mb.size()) + "\r\n\r\n" + ten_mb);
    CHECK(status_of(answer) == 413);
    CHECK(json::parse(body_of(answer))["error"].get<std::string>().starts_with("body: "));
  }
  const auto deleted = server.client().Delete("/api/search?q=Japan");
  REQUIRE(deleted);
  CHECK(deleted->status == 405);
  CHECK(deleted->get_header_value("Allow") == "GET, HEAD");
  // After all that the server still answers.
  CHECK(server.get("/api/search?q=Japan&count")->status == 200);
}

TEST_CASE("http: the web page is served, with its script and style, from the program itself") {
  e2e::IndexedCorpus corpus;
  Server server(corpus.index);
  const auto page = server.get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type").starts_with("text/html"));
  CHECK(page->get_header_value("Content-Security-Policy").find("default-src 'self'") != std::string::npos);
  CHECK(page->body.find("app.js") != std::string::npos);
  const auto script = server.get("/app.js");
  REQUIRE(script);
  CHECK(script->get_header_value("Content-Type").starts_with("text/javascript"));
  CHECK(script->body.find("/api/search") != std::string::npos);
  CHECK(server.get("/style.css")->status == 200);
}

TEST_CASE("http: a rebuild and an incremental run are picked up without a restart, and no request fails meanwhile") {
  e2e::TempDir dir;
  const fs::path corpus = dir / "corpus", index = dir / "index";
  e2e::make_corpus(corpus, 20);
  REQUIRE(e2e::indexer({"--corpus", corpus.string(), "--index", index.string(), "-q"}).exit_code == 0);
  Server server(index, {"--threads", "4"});
  CHECK(json::parse(server.get("/api/stats")->body)["articles"] == 20);

  std::atomic<bool> done = false;
  std::atomic<int> answered = 0, failed = 0;
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&] {
      httplib::Client client = server.client();
      while (!done) {
        const auto r = client.Get("/api/search?q=marker1&limit=3");
        (r && r->status == 200) ? ++answered : ++failed;
      }
    });
  }
  e2e::make_corpus(corpus, 10, 20);  // 30 articles now
  CHECK(e2e::indexer({"--corpus", corpus.string(), "--index", index.string(), "-q", "--rebuild"}).exit_code == 0);
  e2e::make_corpus(corpus, 5, 30);
  CHECK(e2e::indexer({"--corpus", corpus.string(), "--index", index.string(), "-q"}).exit_code == 0);
  done = true;
  for (auto& t : clients) t.join();
  CHECK(failed == 0);
  CHECK(answered > 0);
  CHECK(json::parse(server.get("/api/stats")->body)["articles"] == 35);
  CHECK(json::parse(server.get("/api/search?q=marker34&count")->body)["total"] == 1);
}

TEST_CASE("http: after a rebuild from another corpus folder, hits give that folder's paths") {
  e2e::TempDir dir;
  const fs::path first = dir / "first", second = dir / "second", index = dir / "index";
  e2e::make_corpus(first, 3);
  e2e::make_corpus(second, 3, 10);
  REQUIRE(e2e::indexer({"--corpus", first.string(), "--index", index.string(), "-q"}).exit_code == 0);
  Server server(index);
  const auto path_of_hit = [&](const std::string& query) {
    const auto r = server.get("/api/search?q=" + query);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    const json hits = json::parse(r->body)["hits"];
    REQUIRE(hits.size() == 1);
    return fs::path(hits[0]["path"].get<std::string>());
  };
  const auto under = [](const fs::path& path, const fs::path& folder) {
    return path.string().starts_with(fs::canonical(folder).string() + "/");
  };
  CHECK(under(path_of_hit("marker1"), first));
  REQUIRE(e2e::indexer({"--corpus", second.string(), "--index", index.string(), "-q", "--rebuild"}).exit_code == 0);
  const fs::path moved = path_of_hit("marker11");
  CHECK(under(moved, second));
  CHECK(fs::exists(moved));
}

TEST_CASE("http: a remote shard gone under --strict is a 503 naming the index, and its return is picked up") {
  e2e::IndexedCorpus corpus({"--shards", "2"});
  fs::path generation;
  for (const auto& entry : fs::directory_iterator(corpus.index)) {
    if (entry.path().filename().string().starts_with("gen-")) generation = entry.path();
  }
  REQUIRE(!generation.empty());
  auto shard = std::make_unique<e2e::TcpServer>(generation / "shard-1");
  const int shard_port = shard->port();
  const fs::path stub = corpus.dir / "half-remote.stub";
  e2e::write_file(stub, "glass " + (generation / "lexicon").string() + "\nglass " + (generation / "shard-0").string() +
                            "\nremote :127.0.0.1:" + std::to_string(shard_port) + "\n");
  Server server(stub, {"--strict", "--timeout", "500"});
  const auto whole = server.get("/api/search?q=Patriot+Ukraine");
  REQUIRE(whole);
  REQUIRE(whole->status == 200);
  const int total = json::parse(whole->body)["total"].get<int>();
  CHECK(total > 0);

  shard->stop();
  for (int i = 0; i < 2; ++i) {  // the handle that saw the shard go, then a fresh one
    const auto gone = server.get("/api/search?q=Patriot+Ukraine");
    REQUIRE(gone);
    CHECK(gone->status == 503);
    const json error = json::parse(gone->body);
    CHECK(error.size() == 1);
    CHECK(error["error"].get<std::string>().starts_with("index: "));
  }
  CHECK(server.get("/healthz")->status == 200);  // the server itself goes on

  shard = std::make_unique<e2e::TcpServer>(generation / "shard-1", shard_port);
  const auto back = server.get("/api/search?q=Patriot+Ukraine");
  REQUIRE(back);
  CHECK(back->status == 200);
  CHECK(json::parse(back->body)["total"] == total);
}

TEST_CASE("http: SIGTERM and SIGINT stop the server cleanly, with exit code 0") {
  e2e::IndexedCorpus corpus;
  for (const int signal : {SIGTERM, SIGINT}) {
    CAPTURE(signal);
    Server server(corpus.index);
    CHECK(server.get("/api/search?q=Japan&count")->status == 200);
    const auto started = std::chrono::steady_clock::now();
    CHECK(server.stop(signal) == 0);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  }
}

TEST_CASE("http: --listen refuses a malformed address and a port in use, and --serve other modes, in one line") {
  e2e::IndexedCorpus corpus;
  const e2e::Run malformed = corpus.search({"--serve", "--listen", "localhost"});
  CHECK(malformed.exit_code == 2);
  CHECK(malformed.err.starts_with("search: --listen: no port"));
  Server server(corpus.index);
  const e2e::Run taken = corpus.search({"--serve", "--listen", "127.0.0.1:" + std::to_string(server.port())});
  CHECK(taken.exit_code == 2);
  CHECK(taken.err.find("cannot listen there") != std::string::npos);
  const e2e::Run with_query = corpus.search({"--serve", "Japan"});
  CHECK(with_query.exit_code == 2);
  CHECK(with_query.err.starts_with("search: --serve takes no query"));
  const e2e::Run with_stats = corpus.search({"--serve", "--stats"});
  CHECK(with_stats.exit_code == 2);
  CHECK(with_stats.err.find("--stats") != std::string::npos);
  const e2e::Run listen_alone = corpus.search({"--listen", "127.0.0.1:0", "Japan"});
  CHECK(listen_alone.exit_code == 2);
  CHECK(listen_alone.err.find("--serve") != std::string::npos);
  const e2e::Run missing = e2e::search({"--index", (corpus.dir / "nowhere").string(), "--serve", "--listen", "127.0.0.1:0"});
  CHECK(missing.exit_code == 2);
}

TEST_CASE("http: search --serve without search-serve beside it says which program is missing, in one line") {
  e2e::IndexedCorpus corpus;
  const std::filesystem::path alone = corpus.dir / "alone";
  std::filesystem::create_directories(alone);
  std::filesystem::copy_file(NEWS_SEARCH_BIN, alone / "search");
  const e2e::Run run = e2e::run({(alone / "search").string(), "--index", corpus.index.string(), "--serve", "--listen", "127.0.0.1:0"});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find((alone / "search-serve").string()) != std::string::npos);
  CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
}
