#include "e2e_support.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace e2e {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

int millis_left(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

// The child's whole process group: a grandchild holding our pipes goes too.
void kill_group(pid_t pid, Run& result) {
  kill(-pid, SIGKILL);
  if (!result.timed_out) result.err += "e2e: still running at the time limit: killed\n";
  result.timed_out = true;
}

// Waits for the child until `deadline`, then kills its group; fills exit_code.
void reap(pid_t pid, Clock::time_point deadline, Run& result) {
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (millis_left(deadline) == 0) {
      kill_group(pid, result);
      waitpid(pid, &status, 0);  // SIGKILL cannot be ignored: this returns
      break;
    }
    usleep(2000);
  }
  result.exit_code = result.timed_out ? 128 + SIGKILL : exit_code_of(status);
}

[[noreturn]] void exec_child(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  for (const auto& [key, value] : env) setenv(key.c_str(), value.c_str(), 1);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

}  // namespace

Run run(const std::vector<std::string>& argv, const std::string& input, const std::map<std::string, std::string>& env,
        std::chrono::milliseconds limit) {
  const Clock::time_point deadline = Clock::now() + limit;
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    setpgid(0, 0);
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    exec_child(argv, env);
  }
  setpgid(pid, pid);  // also here, so the group exists before a kill can be needed
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);
  Run result;
  std::size_t written = 0;
  if (input.empty()) {
    close(in_pipe[1]);
    in_pipe[1] = -1;
  }
  bool out_open = true, err_open = true;
  char buffer[65536];
  while (out_open || err_open) {
    std::vector<pollfd> fds;
    if (out_open) fds.push_back({out_pipe[0], POLLIN, 0});
    if (err_open) fds.push_back({err_pipe[0], POLLIN, 0});
    if (in_pipe[1] >= 0) fds.push_back({in_pipe[1], POLLOUT, 0});
    const int ready = poll(fds.data(), fds.size(), millis_left(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      kill_group(pid, result);
      break;
    }
    for (const pollfd& p : fds) {
      if (p.fd == in_pipe[1] && (p.revents & (POLLOUT | POLLERR | POLLHUP))) {
        const ssize_t n = write(in_pipe[1], input.data() + written, input.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        if (n < 0 || written == input.size()) {
          close(in_pipe[1]);
          in_pipe[1] = -1;
        }
      } else if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
        const ssize_t n = read(p.fd, buffer, sizeof buffer);
        std::string& sink = p.fd == out_pipe[0] ? result.out : result.err;
        if (n > 0) {
          sink.append(buffer, static_cast<std::size_t>(n));
        } else {
          (p.fd == out_pipe[0] ? out_open : err_open) = false;
        }
      }
    }
  }
  if (in_pipe[1] >= 0) close(in_pipe[1]);
  close(out_pipe[0]);
  close(err_pipe[0]);
  reap(pid, deadline, result);
  return result;
}

Run run_on_terminal(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                    std::chrono::milliseconds limit) {
  const Clock::time_point deadline = Clock::now() + limit;
  int terminal = -1, device = -1;
  if (openpty(&terminal, &device, nullptr, nullptr, nullptr) != 0) throw std::runtime_error("openpty failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    setsid();  // a session (and process group) of its own, the terminal its controlling one
    ioctl(device, TIOCSCTTY, 0);
    const int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    dup2(device, 1);
    dup2(device, 2);
    for (int fd : {devnull, device, terminal}) close(fd);
    exec_child(argv, env);
  }
  close(device);
  Run result;
  char buffer[65536];
  for (;;) {
    pollfd p{terminal, POLLIN, 0};
    const int ready = poll(&p, 1, millis_left(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      kill_group(pid, result);
      break;
    }
    const ssize_t n = read(terminal, buffer, sizeof buffer);
    if (n <= 0) break;  // EIO: every holder of the terminal has closed it
    result.out.append(buffer, static_cast<std::size_t>(n));
  }
  close(terminal);
  reap(pid, deadline, result);
  return result;
}

int start(const std::vector<std::string>& argv) {
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // A group of its own: xapian-tcpsrv stops its children with kill(0, ...),
    // which must not reach the test runner.
    setpgid(0, 0);
    const int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(devnull, 1);
    dup2(devnull, 2);
    exec_child(argv, {});
  }
  setpgid(pid, pid);
  return pid;
}

int wait_for(int pid, std::chrono::milliseconds limit) {
  Run result;
  reap(pid, Clock::now() + limit, result);
  return result.exit_code;
}

Run indexer(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv{NEWS_INDEXER_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, "", env);
}

Run search(const std::vector<std::string>& args, const std::string& input, const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv{NEWS_SEARCH_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, input, env);
}

TempDir::TempDir() {
  std::random_device random;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path candidate = fs::temp_directory_path() / ("news-e2e-" + std::to_string(random()));
    if (fs::create_directory(candidate)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary folder");
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

fs::path bundled_corpus() { return NEWS_CORPUS_DIR; }

void make_corpus(const fs::path& dir, int count, int first) {
  std::vector<std::string> texts;
  for (const auto& entry : fs::directory_iterator(bundled_corpus())) {
    std::ifstream in(entry.path(), std::ios::binary);
    texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::sort(texts.begin(), texts.end());
  for (int i = first; i < first + count; ++i) {
    const std::string& text = texts[static_cast<std::size_t>(i) % texts.size()];
    const auto title_end = text.find('\n');
    std::string article = text.substr(0, title_end) + "\n\nmarker" + std::to_string(i) + " is this copy's own word.\n" +
                          text.substr(title_end == std::string::npos ? text.size() : title_end);
    write_file(dir / ("part" + std::to_string(i / 100)) / ("copy" + std::to_string(i) + ".txt"), article);
  }
}

void write_file(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error(path.string() + ": cannot write");
}

IndexedCorpus::IndexedCorpus(const std::vector<std::string>& extra_indexer_args) {
  fs::copy(bundled_corpus(), corpus, fs::copy_options::recursive);
  std::vector<std::string> args{"--corpus", corpus.string(), "--index", index.string(), "--quiet"};
  args.insert(args.end(), extra_indexer_args.begin(), extra_indexer_args.end());
  const Run built = indexer(args);
  if (built.exit_code != 0) throw std::runtime_error("indexer failed: " + built.err);
}

Run IndexedCorpus::search(std::vector<std::string> args, const std::string& input) const {
  args.insert(args.begin(), {"--index", index.string()});
  return e2e::search(args, input);
}

nlohmann::json IndexedCorpus::search_json(std::vector<std::string> args) const {
  args.insert(args.begin(), {"--format", "json"});
  const Run r = search(args);
  if (r.exit_code > 1) throw std::runtime_error("search failed (" + std::to_string(r.exit_code) + "): " + r.err);
  return nlohmann::json::parse(r.out);
}

std::vector<std::string> hit_ids(const nlohmann::json& result) {
  std::vector<std::string> ids;
  for (const auto& hit : result.at("hits")) ids.push_back(hit.at("id").get<std::string>());
  return ids;
}

std::string id(const std::string& prefix) {
  for (const auto& entry : fs::directory_iterator(bundled_corpus())) {
    const std::string stem = entry.path().stem().string();
    if (stem.rfind(prefix + "_", 0) == 0) return stem;
  }
  throw std::runtime_error("no bundled article " + prefix);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error(std::string("free_port: bind: ") + std::strerror(errno));
  }
  socklen_t length = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

TcpServer::TcpServer(const fs::path& database, int port) : port_(port > 0 ? port : free_port()) {
  if (!fs::exists(XAPIAN_TCPSRV)) throw std::runtime_error("xapian-tcpsrv missing: apt-get install xapian-tools");
  pid_ = start({XAPIAN_TCPSRV, "--interface", "127.0.0.1", "--port", std::to_string(port_), database.string()});
  for (int i = 0; i < 200 && !accepts_connections(port_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  if (!accepts_connections(port_)) {
    stop();
    throw std::runtime_error("xapian-tcpsrv did not come up on port " + std::to_string(port_));
  }
}

void TcpServer::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  wait_for(pid_);
  pid_ = -1;
}

}  // namespace e2e
