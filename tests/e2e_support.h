// End-to-end test support: run the real `indexer` and `search` binaries in a
// temporary folder and capture what they print and how they exit.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace e2e {

struct Run {
  int exit_code = -1;
  std::string out;  // standard output (with run_on_terminal: everything the terminal showed)
  std::string err;  // standard error
  bool timed_out = false;  // killed at the time limit: a failed run (exit_code 128 + SIGKILL)
};

// How long a program may run before it (and its process group) is killed.
inline constexpr std::chrono::milliseconds kRunLimit{60000};

// Runs a program with arguments; `input` is fed to its standard input;
// `env` entries are added to (or override) the environment. The program gets
// a process group of its own, killed whole when it outlives `limit`, so a hung
// child (or a grandchild holding its pipes) fails the test instead of hanging it.
Run run(const std::vector<std::string>& argv, const std::string& input = "",
        const std::map<std::string, std::string>& env = {}, std::chrono::milliseconds limit = kRunLimit);

// The same with standard output and error on a pseudo-terminal (so the program
// sees a terminal), standard input from /dev/null; `out` holds what it showed.
Run run_on_terminal(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
                    std::chrono::milliseconds limit = kRunLimit);

// Starts a program in the background (output discarded); returns its pid.
int start(const std::vector<std::string>& argv);
// Waits for a started program; returns its exit code, or 128 + signal. Past
// `limit` it kills the program's process group and returns 128 + SIGKILL.
int wait_for(int pid, std::chrono::milliseconds limit = 2 * kRunLimit);

Run indexer(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});
Run search(const std::vector<std::string>& args, const std::string& input = "",
           const std::map<std::string, std::string>& env = {});

// A fresh temporary folder, removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// A copy of the bundled corpus and an index of it, in a temporary folder.
struct IndexedCorpus {
  TempDir dir;
  std::filesystem::path corpus = dir / "corpus";
  std::filesystem::path index = dir / "index";
  explicit IndexedCorpus(const std::vector<std::string>& extra_indexer_args = {});
  // search --index <index> args...
  Run search(std::vector<std::string> args, const std::string& input = "") const;
  nlohmann::json search_json(std::vector<std::string> args) const;
};

std::filesystem::path bundled_corpus();
// A corpus of `count` articles: the bundled ones under new names, each with a
// unique marker word "markerN" in its body.
void make_corpus(const std::filesystem::path& dir, int count, int first = 0);
void write_file(const std::filesystem::path& path, const std::string& content);

// Ids of the hits of a JSON result, in rank order.
std::vector<std::string> hit_ids(const nlohmann::json& result);
// The bundled article ids by their three-digit prefix ("001" -> "001_46a91a9c2d294562").
std::string id(const std::string& prefix);
// A program's output, one string per line.
std::vector<std::string> lines_of(const std::string& text);
inline bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// A loopback port nobody listens on right now (the kernel's choice for port 0).
int free_port();
bool accepts_connections(int port);

// A xapian-tcpsrv serving one database on loopback (on `port`, or a free
// one), stopped by stop() or the destructor.
class TcpServer {
 public:
  explicit TcpServer(const std::filesystem::path& database, int port = 0);
  ~TcpServer() { stop(); }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;
  void stop();
  int port() const { return port_; }

 private:
  int port_;
  int pid_ = -1;
};

}  // namespace e2e
