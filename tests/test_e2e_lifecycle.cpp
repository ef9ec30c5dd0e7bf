// End to end: incremental updates, atomic rebuilds, locking, crashes, versions.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <regex>
#include <thread>

#include <xapian.h>

#include "e2e_support.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Counts {
  int added = -1, changed = -1, removed = -1, unchanged = -1, skipped = -1, failed = -1;
};

Counts summary_of(const std::string& out) {
  static const std::regex line(
      R"((\d+) added, (\d+) changed, (\d+) removed, (\d+) unchanged, (\d+) skipped, (\d+) failed)");
  std::smatch m;
  Counts c;
  if (std::regex_search(out, m, line)) {
    c = {std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]), std::stoi(m[4]), std::stoi(m[5]), std::stoi(m[6])};
  }
  return c;
}

struct Workspace {
  e2e::TempDir dir;
  fs::path corpus = dir / "corpus";
  fs::path index = dir / "index";
  e2e::Run index_now(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args{"--corpus", corpus.string(), "--index", index.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return e2e::indexer(args);
  }
  std::vector<std::string> indexer_argv(std::vector<std::string> extra = {}) const {
    std::vector<std::string> argv{NEWS_INDEXER_BIN, "--corpus", corpus.string(), "--index", index.string(), "-q"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  }
  e2e::Run find(const std::string& query, std::vector<std::string> extra = {}) const {
    std::vector<std::string> args{"--index", index.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(query);
    return e2e::search(args);
  }
  long count(const std::string& query) const {
    const e2e::Run r = find(query, {"--count"});
    return r.exit_code <= 1 ? std::stol(r.out) : -1;
  }
};

}  // namespace

TEST_CASE("e2e lifecycle: incremental add, change, delete, and a run with nothing to do") {
  Workspace w;
  e2e::write_file(w.corpus / "a.txt", "Alpha article\n\nThe first story mentions walruses.\n");
  e2e::write_file(w.corpus / "b.txt", "Beta article\n\nThe second story mentions pelicans.\n");
  e2e::write_file(w.corpus / "sub/c.txt", "Gamma article\n\nThe third story mentions herons.\n");
  const e2e::Run first = w.index_now();
  CHECK(first.exit_code == 0);
  const Counts c1 = summary_of(first.out);
  CHECK(c1.added == 3);
  CHECK(c1.unchanged == 0);

  e2e::write_file(w.corpus / "d.txt", "Delta article\n\nA new story about flamingos.\n");
  e2e::write_file(w.corpus / "b.txt", "Beta article, corrected\n\nThe second story now mentions cormorants instead.\n");
  fs::remove(w.corpus / "sub/c.txt");
  const e2e::Run second = w.index_now();
  CHECK(second.exit_code == 0);
  const Counts c2 = summary_of(second.out);
  CHECK(c2.added == 1);
  CHECK(c2.changed == 1);
  CHECK(c2.removed == 1);
  CHECK(c2.unchanged == 1);
  CHECK(c2.skipped == 0);
  CHECK(c2.failed == 0);
  CHECK(w.count("flamingos") == 1);
  CHECK(w.count("cormorants") == 1);
  CHECK(w.count("pelicans") == 0);
  CHECK(w.count("herons") == 0);
  CHECK(w.count("walruses") == 1);
  CHECK(w.find("cormrants", {"--format", "json", "--no-autocorrect"}).out.find("\"suggestion\": \"cormorants\"") !=
        std::string::npos);  // the spelling dictionary follows the changes
  CHECK(w.find("pelicns", {"--format", "json", "--no-autocorrect"}).out.find("\"suggestion\": null") != std::string::npos);

  const e2e::Run third = w.index_now();
  const Counts c3 = summary_of(third.out);
  CHECK(c3.added == 0);
  CHECK(c3.changed == 0);
  CHECK(c3.removed == 0);
  CHECK(c3.unchanged == 3);

  // A touched but identical file is confirmed unchanged by its content hash.
  fs::last_write_time(w.corpus / "a.txt", fs::last_write_time(w.corpus / "a.txt") + std::chrono::hours(1));
  const Counts c4 = summary_of(w.index_now().out);
  CHECK(c4.unchanged == 3);
  CHECK(c4.changed == 0);
}

TEST_CASE("e2e lifecycle: --verbose lists each file's fate, no progress or warnings in a pipe") {
  Workspace w;
  e2e::write_file(w.corpus / "a.txt", "Alpha\n\nBody text.\n");
  e2e::write_file(w.corpus / "b.txt", "Beta\n\nBody text.\n");
  const e2e::Run r = w.index_now({"--verbose"});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("added     a.txt") != std::string::npos);
  CHECK(r.out.find("added     b.txt") != std::string::npos);
  e2e::write_file(w.corpus / "b.txt", "Beta\n\nOther body text.\n");
  const e2e::Run again = w.index_now({"--verbose"});
  CHECK(again.out.find("unchanged a.txt") != std::string::npos);
  CHECK(again.out.find("changed   b.txt") != std::string::npos);
  CHECK(w.index_now({"--quiet"}).out.empty());
}

TEST_CASE("e2e lifecycle: searches keep working while the index is rebuilt") {
  Workspace w;
  e2e::make_corpus(w.corpus, 400);
  REQUIRE(w.index_now({"-q"}).exit_code == 0);
  std::atomic<bool> rebuilding{true};
  int rebuilds_ok = 0;
  std::thread rebuilder([&] {
    for (int i = 0; i < 3; ++i) rebuilds_ok += e2e::wait_for(e2e::start(w.indexer_argv({"--rebuild"}))) == 0;
    rebuilding = false;
  });
  int searches = 0, failures = 0;
  while (rebuilding || searches < 10) {
    const e2e::Run r = w.find("marker7", {"--format", "json", "--no-facets"});
    const bool ok = r.exit_code == 0 && json::parse(r.out)["total"] == 1;
    if (!ok) {
      ++failures;
      MESSAGE("search failed during rebuild: exit " << r.exit_code << " " << r.err);
    }
    ++searches;
  }
  rebuilder.join();
  CHECK(rebuilds_ok == 3);
  CHECK(failures == 0);
  CHECK(searches >= 10);
  // Only the live generation remains.
  int generations = 0;
  for (const auto& entry : fs::directory_iterator(w.index)) generations += entry.path().filename().string().rfind("gen-", 0) == 0;
  CHECK(generations == 1);
}

bool alive(int pid) {
  int status = 0;
  return waitpid(pid, &status, WNOHANG) == 0;
}

TEST_CASE("e2e lifecycle: a killed indexer leaves a searchable index, and the next run completes it") {
  Workspace w;
  e2e::make_corpus(w.corpus, 50);
  REQUIRE(w.index_now({"-q"}).exit_code == 0);
  e2e::make_corpus(w.corpus, 2000, 50);
  const std::string every_copy = "\"is this copy's own word\"";

  SUBCASE("incremental run killed after its first committed batch") {
    const int pid = e2e::start(w.indexer_argv({"--batch-size", "50", "--threads", "1"}));
    long seen = 50;
    for (int i = 0; i < 600 && seen == 50 && alive(pid); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      seen = w.count(every_copy);  // searching while the indexer writes
    }
    REQUIRE_MESSAGE(alive(pid), "the indexer finished before it could be killed");
    kill(pid, SIGKILL);
    CHECK(e2e::wait_for(pid) == 128 + SIGKILL);
    CHECK(w.count("marker3") == 1);  // the old articles are all there
    const long total = w.count(every_copy);
    CHECK(total > 50);  // committed batches stay
    CHECK(total < 2050);
    // The shards commit a batch one after another: a kill between them leaves
    // the batch journaled, which --check reports and the next run completes.
    const e2e::Run check = e2e::indexer({"--check", "--index", w.index.string()});
    CHECK_MESSAGE((check.exit_code == 0 || check.exit_code == 1), check.out);
  }
  SUBCASE("rebuild killed half-way") {
    const int pid = e2e::start(w.indexer_argv({"--rebuild", "--batch-size", "50", "--threads", "1"}));
    auto generations = [&] {
      int n = 0;
      for (const auto& entry : fs::directory_iterator(w.index)) n += entry.path().filename().string().rfind("gen-", 0) == 0;
      return n;
    };
    for (int i = 0; i < 200 && generations() < 2 && alive(pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    REQUIRE_MESSAGE(alive(pid), "the rebuild finished before it could be killed");
    kill(pid, SIGKILL);
    e2e::wait_for(pid);
    CHECK(w.count(every_copy) == 50);  // still the old index, whole
  }
  const e2e::Run resumed = w.index_now();
  CHECK(resumed.exit_code == 0);
  CHECK(e2e::indexer({"--check", "--index", w.index.string()}).exit_code == 0);
  CHECK(w.count(every_copy) == 2050);
  CHECK(w.count("marker2049") == 1);
  int generations = 0;
  for (const auto& entry : fs::directory_iterator(w.index)) generations += entry.path().filename().string().rfind("gen-", 0) == 0;
  CHECK(generations == 1);  // the killed rebuild's folder is cleaned up
}

TEST_CASE("e2e lifecycle: a second indexer says who holds the index and exits 2") {
  Workspace w;
  e2e::write_file(w.corpus / "a.txt", "Alpha\n\nBody.\n");
  REQUIRE(w.index_now({"-q"}).exit_code == 0);
  // Hold the lock the way a running indexer does.
  const int fd = open((w.index / "indexer.lock").c_str(), O_RDWR | O_CREAT, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(flock(fd, LOCK_EX | LOCK_NB) == 0);
  const std::string pid = std::to_string(getpid()) + "\n";
  REQUIRE(ftruncate(fd, 0) == 0);
  REQUIRE(pwrite(fd, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size()));
  const e2e::Run second = w.index_now();
  CHECK(second.exit_code == 2);
  CHECK(second.err.find("another indexer (pid " + std::to_string(getpid()) + ")") != std::string::npos);
  CHECK(w.count("alpha") == 1);  // searching is not blocked
  close(fd);
  CHECK(w.index_now().exit_code == 0);
}

TEST_CASE("e2e lifecycle: an index of another schema version is refused until rebuilt") {
  Workspace w;
  e2e::write_file(w.corpus / "a.txt", "Alpha\n\nBody.\n");
  REQUIRE(w.index_now({"-q"}).exit_code == 0);
  fs::path lexicon;
  for (const auto& entry : fs::directory_iterator(w.index)) {
    if (entry.path().filename().string().rfind("gen-", 0) == 0) lexicon = entry.path() / "lexicon";
  }
  {
    Xapian::WritableDatabase db(lexicon.string(), Xapian::DB_OPEN);
    db.set_metadata("schema_version", "0");
    db.commit();
  }
  const e2e::Run search = w.find("alpha");
  CHECK(search.exit_code == 2);
  CHECK(search.err.find("schema 0") != std::string::npos);
  CHECK(search.err.find("indexer --rebuild") != std::string::npos);
  const e2e::Run stats = w.index_now({"--stats"});
  CHECK(stats.exit_code == 2);
  CHECK(stats.err.find("schema 0") != std::string::npos);
  CHECK(stats.err.find("this build reads schema ") != std::string::npos);
  const e2e::Run update = w.index_now();
  CHECK(update.exit_code == 2);
  CHECK(update.err.find("indexer --rebuild") != std::string::npos);
  CHECK(w.index_now({"--rebuild", "-q"}).exit_code == 0);
  CHECK(w.find("alpha").exit_code == 0);
}

TEST_CASE("e2e lifecycle: --stats describes the index") {
  Workspace w;
  e2e::make_corpus(w.corpus, 12);
  REQUIRE(w.index_now({"-q", "--shards", "3"}).exit_code == 0);
  for (const std::string program : {"indexer", "search"}) {
    CAPTURE(program);
    const e2e::Run r = program == "indexer" ? e2e::indexer({"--index", w.index.string(), "--stats", "--format", "json"})
                                            : e2e::search({"--index", w.index.string(), "--stats", "--format", "json"});
    REQUIRE(r.exit_code == 0);
    const json s = json::parse(r.out);
    CHECK(s["articles"] == 12);
    CHECK(s["distinct_terms"].get<int>() > 100);
    CHECK(s["entities"]["person"].get<int>() >= 1);
    CHECK(s["bytes_on_disk"].get<long>() > 0);
    CHECK(s["shards"] == 3);
    CHECK(s["corpus_root"] == fs::absolute(w.corpus).lexically_normal().string());
    CHECK(std::stoi(s["schema_version"].get<std::string>()) >= 1);
    CHECK(s["updated_at"].get<std::string>().size() == 20);
  }
  const e2e::Run text = e2e::indexer({"--index", w.index.string(), "--stats"});
  CHECK(text.out.find("articles:       12") != std::string::npos);
}

TEST_CASE("e2e lifecycle: a rebuild writes every database in 16 KB blocks, and incremental runs keep them") {
  Workspace w;
  e2e::make_corpus(w.corpus, 8);
  REQUIRE(w.index_now({"-q", "--rebuild", "--shards", "2"}).exit_code == 0);
  e2e::make_corpus(w.corpus, 4, 8);
  REQUIRE(w.index_now({"-q"}).exit_code == 0);  // an incremental run writes into the rebuilt tables
  int databases = 0;
  for (const auto& generation : fs::directory_iterator(w.index)) {
    if (!generation.is_directory()) continue;
    for (const auto& database : fs::directory_iterator(generation.path())) {
      CAPTURE(database.path().string());
      ++databases;
      const e2e::Run check = e2e::run({XAPIAN_CHECK, database.path().string()});
      REQUIRE_MESSAGE(check.exit_code == 0, check.out, check.err);
      // xapian-check prints a line per table it finds written: the postlist table always is.
      const std::regex block_size(R"(blocksize=(\d+)K)");
      int tables = 0;
      for (auto it = std::sregex_iterator(check.out.begin(), check.out.end(), block_size); it != std::sregex_iterator(); ++it) {
        CHECK((*it)[1] == "16");
        ++tables;
      }
      CHECK(tables >= 1);
    }
  }
  CHECK(databases == 3);  // the lexicon and two shards
}

TEST_CASE("e2e lifecycle: incremental runs number new entities and count facets as a rebuild does") {
  Workspace w;
  e2e::write_file(w.corpus / "a.txt", "Talks in Tokyo\n\nFumio Kishida met Joe Biden in Tokyo on Monday.\n");
  e2e::write_file(w.corpus / "b.txt", "Talks go on\n\nJoe Biden flew to Seoul after the talks.\n");
  REQUIRE(w.index_now({"-q"}).exit_code == 0);
  // New entities (Olaf Scholz, Berlin), a known one again (Joe Biden), and one
  // article gone, in two incremental runs.
  e2e::write_file(w.corpus / "c.txt", "Talks in Berlin\n\nOlaf Scholz met Joe Biden in Berlin on Friday.\n");
  REQUIRE(w.index_now({"-q"}).exit_code == 0);
  fs::remove(w.corpus / "b.txt");
  e2e::write_file(w.corpus / "d.txt", "More talks\n\nOlaf Scholz and Fumio Kishida spoke in Berlin.\n");
  REQUIRE(w.index_now({"-q"}).exit_code == 0);
  auto facets = [&](const fs::path& index, const std::string& query) {
    const e2e::Run r = e2e::search({"--index", index.string(), "--format", "json", query});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return json::parse(r.out)["facets"];
  };
  const fs::path rebuilt = w.dir / "rebuilt";
  REQUIRE(e2e::indexer({"--corpus", w.corpus.string(), "--index", rebuilt.string(), "--rebuild", "-q"}).exit_code == 0);
  for (const std::string query : {"talks", "Berlin", "Kishida"}) {
    CAPTURE(query);
    CHECK(facets(w.index, query) == facets(rebuilt, query));
  }
  const json talks = facets(w.index, "talks");
  CHECK(talks["person"].dump().find("Olaf Scholz") != std::string::npos);
  CHECK(talks["place"].dump().find("Berlin") != std::string::npos);
  CHECK(talks["place"].dump().find("Seoul") == std::string::npos);  // its one article is gone
}
