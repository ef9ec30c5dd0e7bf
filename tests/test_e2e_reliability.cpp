// End to end: what the index keeps through unreadable folders, long names,
// special files, a stop at every commit point, a full disk and damage
// (docs/reliability.md says which test backs which guarantee).
#include <doctest/doctest.h>

#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <xapian.h>

#include "e2e_support.h"
#include "index/entity_codes.h"
#include "index/schema.h"

namespace fs = std::filesystem;

namespace {

constexpr int kFaultExit = 99;  // index/fault_injection.h

struct Workspace {
  e2e::TempDir dir;
  fs::path corpus = dir / "corpus";
  fs::path index = dir / "index";
  std::vector<std::string> args(const fs::path& at, std::vector<std::string> extra = {}) const {
    std::vector<std::string> a{"--corpus", corpus.string(), "--index", at.string(), "-q"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }
  e2e::Run index_at(const fs::path& at, std::vector<std::string> extra = {}, const std::map<std::string, std::string>& env = {}) const {
    return e2e::indexer(args(at, std::move(extra)), env);
  }
  long count(const fs::path& at, const std::string& query) const {
    const e2e::Run r = e2e::search({"--index", at.string(), "--count", query});
    return r.exit_code <= 1 ? std::stol(r.out) : -1;
  }
};

e2e::Run check(const fs::path& index) { return e2e::indexer({"--check", "--index", index.string()}); }

void copy_index(const fs::path& from, const fs::path& to) {
  fs::remove_all(to);
  fs::copy(from, to, fs::copy_options::recursive);
}

// Everything an index holds that a run must reproduce: each article's terms
// (with wdf and positions) and values, the spelling dictionary with its
// counts, the lexicon's metadata (file states, entity names, counts) but for
// times and batch numbers, and the entity facet counts as `search` reports.
struct Snapshot {
  std::map<std::string, std::string> articles;
  std::map<std::string, Xapian::doccount> spelling;
  std::map<std::string, std::string> metadata;
  std::string entities;
  bool operator==(const Snapshot&) const = default;
};

fs::path lexicon_of(const fs::path& index) {
  std::ifstream stub(index / "XAPIANDB");
  std::string line;
  while (std::getline(stub, line)) {
    if (line.size() > 8 && line.compare(line.size() - 8, 8, "/lexicon") == 0) return index / line.substr(line.find(' ') + 1);
  }
  throw std::runtime_error(index.string() + ": no lexicon in the stub");
}

Snapshot snapshot(const fs::path& index) {
  Snapshot s;
  Xapian::Database db(index.string());
  for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    const Xapian::Document doc = db.get_document(*d);
    std::ostringstream out;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      out << *t << ':' << t.get_wdf() << '@';
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out << *p << ',';
      out << '\n';
    }
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) out << 'v' << v.get_valueno() << '=' << *v << '\n';
    s.articles[doc.get_value(2)] = out.str();
  }
  Xapian::Database lexicon(lexicon_of(index).string());
  for (auto w = lexicon.spellings_begin(); w != lexicon.spellings_end(); ++w) s.spelling[*w] = w.get_termfreq();
  for (auto k = lexicon.metadata_keys_begin(); k != lexicon.metadata_keys_end(); ++k) {
    if (*k == "built_at" || *k == "updated_at" || *k == "batch_sequence") continue;
    s.metadata[*k] = lexicon.get_metadata(*k);
  }
  s.entities = e2e::search({"--index", index.string(), "--entities", "--format", "json"}).out;
  return s;
}

// Says what differs, for the failure message.
std::string difference(const Snapshot& a, const Snapshot& b) {
  if (a.articles.size() != b.articles.size()) return std::to_string(a.articles.size()) + " vs " + std::to_string(b.articles.size()) + " articles";
  for (const auto& [id, text] : a.articles) {
    if (!b.articles.count(id)) return "article " + id + " missing";
    if (b.articles.at(id) != text) return "article " + id + " differs";
  }
  for (const auto& [word, n] : a.spelling) {
    if (!b.spelling.count(word) || b.spelling.at(word) != n) return "spelling '" + word + "' differs";
  }
  if (a.spelling.size() != b.spelling.size()) return "spelling sizes differ";
  for (const auto& [key, value] : a.metadata) {
    if (!b.metadata.count(key) || b.metadata.at(key) != value) return "metadata '" + key + "' differs";
  }
  if (a.metadata.size() != b.metadata.size()) return "metadata key sets differ";
  return a.entities == b.entities ? "" : "entity facets differ";
}

// A corpus of 12 articles and a feed, indexed in 2 shards; then a change with
// additions, edits and removals, of plain files and of feed records.
void write_feed(const fs::path& corpus, const std::vector<std::pair<std::string, std::string>>& records) {
  std::string feed;
  for (const auto& [id, text] : records) {
    feed += R"({"id": ")" + id + R"(", "title": "Feed item )" + id + R"(", "text": ")" + text + "\"}\n";
  }
  e2e::write_file(corpus / "feeds" / "wire.jsonl", feed);
}

void build_initial(const Workspace& w, const fs::path& base) {
  e2e::make_corpus(w.corpus, 12);
  write_feed(w.corpus, {{"w1", "Moscow talks with Tokyo about the Kuril Islands."},
                        {"w2", "Vladimir Putin met Shinzo Abe in Sochi."},
                        {"w3", "A quokka was seen near Perth."}});
  REQUIRE(w.index_at(base, {"--shards", "2"}).exit_code == 0);
}

void change_corpus(const Workspace& w) {
  e2e::make_corpus(w.corpus, 5, 12);  // 5 new files
  for (int i : {2, 7}) {
    std::ofstream(w.corpus / "part0" / ("copy" + std::to_string(i) + ".txt"), std::ios::app)
        << "\nA wombat and a numbat walked into Canberra.\n";
  }
  fs::remove(w.corpus / "part0" / "copy4.txt");
  fs::remove(w.corpus / "part0" / "copy9.txt");
  write_feed(w.corpus, {{"w1", "Moscow talks with Tokyo about the Kuril Islands, again."},
                        {"w3", "A quokka was seen near Perth."},
                        {"w4", "Angela Merkel visited Paris."}});
}

// The step a fault-injected run names in its last line.
std::string stopped_step(const std::string& err) {
  static const std::regex step(R"(stopped after commit \d+ \(([^)]*)\))");
  std::smatch m;
  return std::regex_search(err, m, step) ? m[1].str() : "?";
}

}  // namespace

TEST_CASE("fault injection: an incremental run stopped after any commit step ends as an uninterrupted run") {
  Workspace w;
  const fs::path base = w.dir / "base", trial = w.dir / "trial", reference = w.dir / "reference";
  build_initial(w, base);
  change_corpus(w);
  copy_index(base, reference);
  REQUIRE(w.index_at(reference, {"--batch-size", "3"}).exit_code == 0);
  const Snapshot expected = snapshot(reference);
  REQUIRE(expected.spelling.count("wombat"));
  REQUIRE_FALSE(expected.articles.count("w2"));

  std::vector<std::string> steps;
  for (int n = 1; n < 200; ++n) {
    copy_index(base, trial);
    const e2e::Run stopped = w.index_at(trial, {"--batch-size", "3"}, {{"NEWS_FAULT_AFTER_COMMITS", std::to_string(n)}});
    if (stopped.exit_code == 0) break;  // n is past the last commit step
    REQUIRE_MESSAGE(stopped.exit_code == kFaultExit, stopped.err);
    steps.push_back(stopped_step(stopped.err));
    INFO("stopped after commit ", n, " (", steps.back(), ")");
    const e2e::Run completed = w.index_at(trial, {"--batch-size", "3"});
    REQUIRE_MESSAGE(completed.exit_code == 0, completed.err);
    const e2e::Run checked = check(trial);
    CHECK_MESSAGE(checked.exit_code == 0, checked.out);
    const Snapshot got = snapshot(trial);
    CHECK_MESSAGE(got == expected, difference(expected, got));
  }
  std::string listed;
  for (const auto& s : steps) listed += s + "; ";
  MESSAGE("commit steps of the run: ", steps.size(), ": ", listed);
  // A removal batch and 3 file batches, each journal + 2 shards + lexicon
  // at most, then the finish: every kind of step was hit.
  CHECK(steps.size() >= 10);
  for (const char* kind : {"lexicon journal", "shard-0", "shard-1", "lexicon batch", "lexicon finish"}) {
    CHECK_MESSAGE(std::find(steps.begin(), steps.end(), kind) != steps.end(), kind);
  }
}

TEST_CASE("fault injection: a rebuild stopped after any commit step leaves the old index whole") {
  Workspace w;
  const fs::path base = w.dir / "base", trial = w.dir / "trial", reference = w.dir / "reference";
  build_initial(w, base);
  const Snapshot before = snapshot(base);
  change_corpus(w);
  copy_index(base, reference);
  REQUIRE(w.index_at(reference).exit_code == 0);
  const Snapshot updated = snapshot(reference);
  copy_index(base, reference);
  REQUIRE(w.index_at(reference, {"--rebuild"}).exit_code == 0);
  const Snapshot rebuilt = snapshot(reference);
  int points = 0;
  std::string listed;
  for (int n = 1; n < 100; ++n) {
    copy_index(base, trial);
    const e2e::Run stopped = w.index_at(trial, {"--rebuild", "--flush-every", "4"}, {{"NEWS_FAULT_AFTER_COMMITS", std::to_string(n)}});
    if (stopped.exit_code == 0) break;
    REQUIRE_MESSAGE(stopped.exit_code == kFaultExit, stopped.err);
    ++points;
    const std::string step = stopped_step(stopped.err);
    listed += step + "; ";
    INFO("stopped after commit ", n, " (", step, ")");
    // Before the stub switch searchers see the old index, whole, and the next
    // run updates it; after the switch they see the new one, whole.
    const Snapshot now = snapshot(trial);
    const Snapshot& expected = step == "stub" ? rebuilt : updated;
    if (step == "stub") {
      CHECK_MESSAGE(now == rebuilt, difference(rebuilt, now));
    } else {
      CHECK_MESSAGE(now == before, difference(before, now));
    }
    REQUIRE(w.index_at(trial).exit_code == 0);
    CHECK(check(trial).exit_code == 0);
    const Snapshot got = snapshot(trial);
    CHECK_MESSAGE(got == expected, difference(expected, got));
  }
  MESSAGE("commit steps of the rebuild: ", points, ": ", listed);
  CHECK(points >= 4);  // shard flushes, the lexicon, the stub
  // Every database is compacted before the switch, and nothing of that is left beside it.
  for (const char* step : {"compact lexicon", "compact shard-0", "compact shard-1"}) {
    CHECK_MESSAGE(listed.find(step) != std::string::npos, step);
  }
  for (const auto& entry : fs::recursive_directory_iterator(reference)) {
    CHECK_MESSAGE(entry.path().extension() != ".compact", entry.path().string());
  }
}

TEST_CASE("regression: spelling dictionary drift after a stop between the shard and lexicon commits") {
  Workspace w;
  const fs::path base = w.dir / "base", trial = w.dir / "trial", reference = w.dir / "reference";
  build_initial(w, base);
  change_corpus(w);
  copy_index(base, reference);
  REQUIRE(w.index_at(reference).exit_code == 0);
  // One batch: journal, shard-0, shard-1, lexicon. Stop after both shards.
  copy_index(base, trial);
  const e2e::Run stopped = w.index_at(trial, {}, {{"NEWS_FAULT_AFTER_COMMITS", "3"}});
  REQUIRE(stopped.exit_code == kFaultExit);
  CHECK(stopped_step(stopped.err) == "shard-1");
  const e2e::Run pending = check(trial);
  CHECK(pending.exit_code == 1);
  CHECK(pending.out.find("pending: batch") != std::string::npos);
  // The recovery is a commit step too: stopped right after it, a later run still ends the same.
  const e2e::Run recovered = w.index_at(trial, {}, {{"NEWS_FAULT_AFTER_COMMITS", "1"}});
  CHECK(recovered.exit_code == kFaultExit);
  CHECK(stopped_step(recovered.err) == "lexicon recovery");
  CHECK(recovered.err.find("completed batch") == std::string::npos);  // said once the run goes on
  CHECK(check(trial).exit_code == 0);
  const e2e::Run resumed = w.index_at(trial);
  CHECK(resumed.exit_code == 0);
  CHECK(snapshot(trial).spelling == snapshot(reference).spelling);
  CHECK(w.count(trial, "wombat") == 2);
  CHECK(w.count(trial, "quokk*") == 1);
}

TEST_CASE("regression: a write failing under ulimit -f ends the run with one line and a consistent index") {
  Workspace w;
  const fs::path base = w.dir / "base", trial = w.dir / "trial", reference = w.dir / "reference";
  build_initial(w, base);
  e2e::make_corpus(w.corpus, 150, 100);  // enough to grow every table
  copy_index(base, reference);
  REQUIRE(w.index_at(reference, {"--batch-size", "50"}).exit_code == 0);
  const Snapshot expected = snapshot(reference);
  std::uintmax_t largest = 0;
  for (const auto& entry : fs::recursive_directory_iterator(base)) {
    if (entry.is_regular_file()) largest = std::max(largest, entry.file_size());
  }
  int failed_runs = 0;
  for (std::uintmax_t limit = largest + 8192; limit < largest + 6 * 65536; limit += 65536 + 4096) {
    copy_index(base, trial);
    std::vector<std::string> argv{"/usr/bin/prlimit", "--fsize=" + std::to_string(limit), NEWS_INDEXER_BIN};
    for (const auto& a : w.args(trial, {"--batch-size", "50"})) argv.push_back(a);
    const e2e::Run limited = e2e::run(argv);
    INFO("file size limit ", limit, ": ", limited.err);
    if (limited.exit_code == 0) continue;  // fitted
    ++failed_runs;
    CHECK(limited.exit_code == 2);  // not a signal
    CHECK(std::count(limited.err.begin(), limited.err.end(), '\n') == 1);
    CHECK(check(trial).exit_code <= 1);  // healthy, or a batch to complete
    REQUIRE(w.index_at(trial, {"--batch-size", "50"}).exit_code == 0);
    CHECK(check(trial).exit_code == 0);
    const Snapshot got = snapshot(trial);
    CHECK_MESSAGE(got == expected, difference(expected, got));
  }
  CHECK(failed_runs >= 3);
}

namespace {

// How to run a program as a user who gets EACCES: when the tests run as root
// (CI), through setpriv as nobody; otherwise as ourselves. nullopt when
// neither is possible.
std::optional<std::vector<std::string>> unprivileged() {
  if (::geteuid() != 0) return std::vector<std::string>{};
  const passwd* nobody = ::getpwnam("nobody");
  if (!nobody || !fs::exists("/usr/bin/setpriv")) return std::nullopt;
  return std::vector<std::string>{"/usr/bin/setpriv", "--reuid=" + std::to_string(nobody->pw_uid),
                                  "--regid=" + std::to_string(nobody->pw_gid), "--clear-groups"};
}

void give_to_unprivileged(const fs::path& dir) {
  if (::geteuid() != 0) return;
  const passwd* nobody = ::getpwnam("nobody");
  REQUIRE(::chown(dir.c_str(), nobody->pw_uid, nobody->pw_gid) == 0);
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    REQUIRE(::lchown(entry.path().c_str(), nobody->pw_uid, nobody->pw_gid) == 0);
  }
}

e2e::Run index_as(const std::vector<std::string>& prefix, const Workspace& w, std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = prefix;
  argv.push_back(NEWS_INDEXER_BIN);
  for (const auto& a : w.args(w.index, std::move(extra))) argv.push_back(a);
  return e2e::run(argv);
}

}  // namespace

TEST_CASE("regression: unreadable folder does not delete its articles") {
  const auto prefix = unprivileged();
  if (!prefix) {
    MESSAGE("skipped: running as root without a 'nobody' user or /usr/bin/setpriv, so no folder can be unreadable");
    return;
  }
  Workspace w;
  e2e::make_corpus(w.corpus, 6);
  e2e::write_file(w.corpus / "locked" / "inside.txt", "Kept article\n\nThe wombat is kept while its folder is locked.\n");
  e2e::write_file(w.corpus / "locked" / "deeper" / "also.txt", "Also kept\n\nA numbat under the locked folder.\n");
  give_to_unprivileged(w.dir.path());
  const e2e::Run first = index_as(*prefix, w);
  if (first.exit_code == 127) {
    MESSAGE("skipped: the indexer cannot be run as nobody here: ", first.err);
    return;
  }
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  REQUIRE(w.count(w.index, "wombat OR numbat") == 2);

  for (const fs::perms locked : {fs::perms::none, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read}) {
    // none: the folder cannot be listed; read only: listed, but nothing in it can be looked at.
    fs::permissions(w.corpus / "locked", locked);
    const e2e::Run blocked = index_as(*prefix, w, {"--verbose"});
    CHECK(blocked.exit_code == 1);
    CHECK(blocked.err.find("locked") != std::string::npos);
    CHECK(blocked.err.find("Permission denied") != std::string::npos);
    CHECK(blocked.err.find("is kept") != std::string::npos);
    CHECK(blocked.out.find("removed") == std::string::npos);
    CHECK(w.count(w.index, "wombat OR numbat") == 2);
    CHECK(w.count(w.index, "marker3") == 1);
  }
  fs::permissions(w.corpus / "locked", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                           fs::perms::others_read | fs::perms::others_exec);
  const e2e::Run readable = index_as(*prefix, w);
  CHECK(readable.exit_code == 0);
  CHECK(w.count(w.index, "wombat OR numbat") == 2);
  fs::remove_all(w.corpus / "locked");
  CHECK(index_as(*prefix, w).exit_code == 0);
  CHECK(w.count(w.index, "wombat OR numbat") == 0);  // really gone: removed
}

TEST_CASE("regression: an unreadable corpus root exits 2 and leaves the index untouched") {
  const auto prefix = unprivileged();
  if (!prefix) {
    MESSAGE("skipped: running as root without a 'nobody' user or /usr/bin/setpriv");
    return;
  }
  Workspace w;
  e2e::make_corpus(w.corpus, 4);
  give_to_unprivileged(w.dir.path());
  const e2e::Run first = index_as(*prefix, w);
  if (first.exit_code == 127) {
    MESSAGE("skipped: the indexer cannot be run as nobody here: ", first.err);
    return;
  }
  REQUIRE(first.exit_code == 0);
  const Snapshot before = snapshot(w.index);
  fs::permissions(w.corpus, fs::perms::none);
  const e2e::Run blocked = index_as(*prefix, w);
  fs::permissions(w.corpus, fs::perms::owner_all);
  CHECK(blocked.exit_code == 2);
  CHECK(blocked.err.find("cannot read corpus folder: Permission denied") != std::string::npos);
  CHECK(std::count(blocked.err.begin(), blocked.err.end(), '\n') == 1);
  CHECK(snapshot(w.index) == before);
}

TEST_CASE("regression: a long path or a long id does not fail the run") {
  Workspace w;
  e2e::make_corpus(w.corpus, 3);
  fs::path deep = w.corpus;
  for (char c : std::string("abcde")) deep /= std::string(60, c);  // a relative path of over 300 bytes
  e2e::write_file(deep / "article.txt", "Deep article\n\nThe platypus lives deep down.\n");
  const std::string long_stem(251, 'n');  // a file name of 255 bytes: its id is too long for a term
  e2e::write_file(w.corpus / (long_stem + ".txt"), "Long name\n\nAn echidna with a long name.\n");
  const std::string long_id(300, 'i'), longer_id(2000, 'j');
  auto feed = [&](const std::string& word) {
    e2e::write_file(w.corpus / "feed.jsonl", R"({"id": ")" + long_id + R"(", "title": "Long id", "text": "A )" + word +
                                                 R"( with a long id."})" "\n" R"({"id": ")" + longer_id +
                                                 R"(", "title": "Longer id", "text": "A bilby with a longer id."})" "\n");
  };
  feed("quoll");
  const e2e::Run first = w.index_at(w.index);
  CHECK_MESSAGE(first.exit_code == 0, first.err);
  CHECK(w.count(w.index, "platypus OR echidna OR quoll OR bilby") == 4);
  const e2e::Run by_id = e2e::search({"--index", w.index.string(), "--ids", "id:" + long_id});
  CHECK(by_id.out == long_id + "\n");
  CHECK(e2e::search({"--index", w.index.string(), "--ids", "echidna"}).out == long_stem + "\n");

  const e2e::Run again = w.index_at(w.index, {"--verbose"});
  CHECK(again.exit_code == 0);
  const std::regex unchanged_line("^unchanged ");
  const auto lines_matching = [](const std::string& out, const std::regex& re) {
    std::istringstream in(out);
    int n = 0;
    for (std::string line; std::getline(in, line);) n += std::regex_search(line, re);
    return n;
  };
  CHECK(lines_matching(again.out, unchanged_line) == 6);
  CHECK(lines_matching(again.out, std::regex("^(added|changed|removed|failed|skipped) ")) == 0);

  feed("dunnart");  // the long-id record changes: replaced, not duplicated
  e2e::write_file(deep / "article.txt", "Deep article\n\nThe platypus moved.\n");
  const e2e::Run changed = w.index_at(w.index);
  CHECK(changed.exit_code == 0);
  CHECK(w.count(w.index, "quoll") == 0);
  CHECK(w.count(w.index, "dunnart") == 1);
  CHECK(w.count(w.index, "platypus") == 1);
  CHECK(check(w.index).exit_code == 0);
  fs::remove_all(w.corpus / std::string(60, 'a'));
  fs::remove(w.corpus / "feed.jsonl");
  CHECK(w.index_at(w.index).exit_code == 0);
  CHECK(w.count(w.index, "platypus OR dunnart OR bilby") == 0);
  CHECK(check(w.index).exit_code == 0);
}

TEST_CASE("regression: a FIFO or socket named .txt is reported and skipped") {
  Workspace w;
  e2e::make_corpus(w.corpus, 2);
  REQUIRE(::mkfifo((w.corpus / "pipe.txt").c_str(), 0644) == 0);
  const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string socket_path = (w.corpus / "socket.md").string();
  REQUIRE(socket_path.size() < sizeof address.sun_path);
  std::copy(socket_path.begin(), socket_path.end(), address.sun_path);
  REQUIRE(::bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  const e2e::Run r = w.index_at(w.index, {"--verbose"});  // would hang if the FIFO were opened for reading
  ::close(sock);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("pipe.txt: not a regular file (FIFO), skipped") != std::string::npos);
  CHECK(r.err.find("socket.md: not a regular file (socket), skipped") != std::string::npos);
  CHECK(r.out.find("skipped   pipe.txt") != std::string::npos);
  CHECK(r.out.find("skipped   socket.md") != std::string::npos);
  CHECK(w.count(w.index, "marker1") == 1);
}

namespace {

fs::path generation_of(const fs::path& index) { return lexicon_of(index).parent_path(); }

}  // namespace

TEST_CASE("indexer --check: a healthy index, and each kind of damage with the run refusing it") {
  Workspace w;
  e2e::make_corpus(w.corpus, 8);
  REQUIRE(w.index_at(w.index, {"--shards", "2"}).exit_code == 0);
  const e2e::Run healthy = check(w.index);
  CHECK(healthy.exit_code == 0);
  CHECK(healthy.out.find("ok: 8 file states agree with the shards' articles") != std::string::npos);
  CHECK(healthy.out.find("counts agree with the articles") != std::string::npos);
  CHECK(healthy.out.substr(healthy.out.size() - 8) == "healthy\n");
  CHECK(healthy.err.empty());

  const fs::path damaged = w.dir / "damaged";
  auto expect_broken = [&](const std::string& what) {
    const e2e::Run checked = check(damaged);
    CHECK_MESSAGE(checked.exit_code == 2, checked.out);
    CHECK_MESSAGE(checked.out.find(what) != std::string::npos, checked.out);
    CHECK(checked.out.find("broken: run indexer --rebuild") != std::string::npos);
  };
  auto expect_refused = [&](const std::string& what) {
    const e2e::Run refused = w.index_at(damaged);
    CHECK(refused.exit_code == 2);
    CHECK_MESSAGE(refused.err.find(what) != std::string::npos, refused.err);
    CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
  };
  const fs::path shard1 = generation_of(w.index).filename() / "shard-1";

  SUBCASE("regression: a stub that lost a shard's line") {
    copy_index(w.index, damaged);
    std::ifstream in(damaged / "XAPIANDB");
    std::string kept, line;
    while (std::getline(in, line)) {
      if (line.find("shard-1") == std::string::npos) kept += line + "\n";
    }
    in.close();
    e2e::write_file(damaged / "XAPIANDB", kept);
    expect_broken("XAPIANDB: lists 2 database(s), the lexicon records 3");
    expect_refused("the index is damaged (indexer --check says more, indexer --rebuild rebuilds it)");
  }
  SUBCASE("regression: an empty stub") {
    copy_index(w.index, damaged);
    e2e::write_file(damaged / "XAPIANDB", "");
    expect_broken("XAPIANDB");
    expect_refused("--rebuild");
  }
  SUBCASE("regression: a missing shard") {
    copy_index(w.index, damaged);
    fs::remove_all(damaged / shard1);
    expect_broken("shard-1");
    expect_refused("shard-1: cannot open");
  }
  SUBCASE("regression: a truncated shard") {
    copy_index(w.index, damaged);
    fs::resize_file(damaged / shard1 / "postlist.glass", 8192);
    expect_broken("shard-1");
    expect_refused("the index is damaged");
  }
  SUBCASE("a stored record that cannot be decoded") {
    copy_index(w.index, damaged);
    {
      Xapian::WritableDatabase shard((damaged / shard1).string(), Xapian::DB_OPEN);
      Xapian::Document doc = shard.get_document(*shard.postlist_begin(""));
      doc.add_value(3, "\xff\xff\xff garbage");
      shard.replace_document(*shard.postlist_begin(""), doc);
      shard.commit();
    }
    expect_broken("stored records cannot be decoded");
  }
  SUBCASE("a facet slot with another entity's number, and a number without a name") {
    copy_index(w.index, damaged);
    {
      Xapian::WritableDatabase shard((damaged / shard1).string(), Xapian::DB_OPEN);
      for (auto it = shard.postlist_begin(""); it != shard.postlist_end(""); ++it) {
        Xapian::Document doc = shard.get_document(*it);
        if (doc.get_value(news::schema::kEntitiesSlot).empty()) continue;
        doc.add_value(news::schema::kEntitiesSlot, news::encode_entity_numbers({(999999u << 2) | 1u}));
        shard.replace_document(*it, doc);
        break;
      }
      shard.commit();
    }
    expect_broken("articles' facet slots disagree with their entities' numbers");
    expect_broken("1 entity numbers in facet slots have no name in the lexicon (first: 3999997)");
  }
  SUBCASE("a spelling dictionary that drifted") {
    copy_index(w.index, damaged);
    {
      Xapian::WritableDatabase lexicon(lexicon_of(damaged).string(), Xapian::DB_OPEN);
      lexicon.remove_spelling("copy");  // in every article: 8 becomes 7
      lexicon.add_spelling("ghostword");
      lexicon.commit();
    }
    expect_broken("2 spelling words are counted wrong");
  }
  SUBCASE("a file state whose article is gone") {
    copy_index(w.index, damaged);
    {
      Xapian::WritableDatabase shard((damaged / shard1).string(), Xapian::DB_OPEN);
      shard.delete_document(*shard.postlist_begin(""));
      shard.commit();
    }
    expect_broken("articles the file states list are not in the shards");
  }
  // --rebuild repairs whatever was damaged.
  if (fs::exists(damaged)) {
    CHECK(w.index_at(damaged, {"--rebuild"}).exit_code == 0);
    CHECK(check(damaged).exit_code == 0);
  }
}

namespace {

// A program on pipes, asked one line at a time (search --batch).
class Conversation {
 public:
  explicit Conversation(const std::vector<std::string>& argv) {
    int in[2], out[2];
    REQUIRE(::pipe(in) == 0);
    REQUIRE(::pipe(out) == 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      for (int fd : {in[0], in[1], out[0], out[1]}) ::close(fd);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    to_ = in[1];
    from_ = out[0];
  }
  ~Conversation() {
    ::close(to_);
    ::close(from_);
    e2e::wait_for(pid_);
  }
  std::string ask(const std::string& line) {
    const std::string sent = line + "\n";
    REQUIRE(::write(to_, sent.data(), sent.size()) == static_cast<ssize_t>(sent.size()));
    std::string answer;
    char c = 0;
    while (::read(from_, &c, 1) == 1 && c != '\n') answer.push_back(c);
    return answer;
  }

 private:
  pid_t pid_ = -1;
  int to_ = -1, from_ = -1;
};

}  // namespace

TEST_CASE("regression: a long search --batch follows a rebuild instead of its old snapshot") {
  Workspace w;
  e2e::make_corpus(w.corpus, 3);
  REQUIRE(w.index_at(w.index).exit_code == 0);
  Conversation batch({NEWS_SEARCH_BIN, "--index", w.index.string(), "--batch", "-", "--count"});
  CHECK(batch.ask("marker1").find("\"total\":1") != std::string::npos);
  CHECK(batch.ask("marker5").find("\"total\":0") != std::string::npos);
  e2e::make_corpus(w.corpus, 4, 3);
  fs::remove(w.corpus / "part0" / "copy1.txt");
  REQUIRE(w.index_at(w.index, {"--rebuild"}).exit_code == 0);
  CHECK(batch.ask("marker5").find("\"total\":1") != std::string::npos);
  CHECK(batch.ask("marker1").find("\"total\":0") != std::string::npos);
  CHECK(batch.ask("\"is this copy's own word\"").find("\"total\":6") != std::string::npos);
}

// A batch reads each page's hits on two threads, the second one through
// databases of its own (search/second_reader.h), whose document numbers are
// the index's only while both read the same commit. After an incremental run
// (every title changed, an article gone, three new) and after a rebuild, every
// page must be what a fresh search shows: a second reader left behind shows
// the old titles, or no record, for every other hit.
TEST_CASE("regression: a batch's pages, read on two threads, follow an incremental run and a rebuild") {
  Workspace w;
  e2e::make_corpus(w.corpus, 10);
  REQUIRE(w.index_at(w.index).exit_code == 0);
  const std::vector<std::string> options{"--no-collapse", "--limit", "10", "--format", "jsonl"};
  std::vector<std::string> argv{NEWS_SEARCH_BIN, "--index", w.index.string(), "--batch", "-"};
  argv.insert(argv.end(), options.begin(), options.end());
  Conversation batch(argv);
  auto without_time = [](const std::string& line) {
    nlohmann::json page = nlohmann::json::parse(line);
    page.erase("elapsed_ms");
    return page;
  };
  auto same_as_fresh_search = [&](const std::string& query, std::size_t at_least) {
    std::vector<std::string> args{"--index", w.index.string()};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back(query);
    const e2e::Run fresh = e2e::search(args);
    REQUIRE(fresh.exit_code == 0);
    const nlohmann::json expected = without_time(fresh.out);
    INFO(query);
    REQUIRE(expected["hits"].size() >= at_least);
    CHECK(without_time(batch.ask(query)) == expected);
  };
  same_as_fresh_search("Patriot Ukraine", 6);
  same_as_fresh_search("\"own word\"", 10);

  for (int i = 0; i < 10; ++i) {
    const fs::path file = w.corpus / "part0" / ("copy" + std::to_string(i) + ".txt");
    std::ifstream in(file, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    e2e::write_file(file, "Revised " + std::to_string(i) + ": " + text);
  }
  fs::remove(w.corpus / "part0" / "copy4.txt");
  e2e::make_corpus(w.corpus, 3, 10);
  REQUIRE(w.index_at(w.index).exit_code == 0);
  same_as_fresh_search("Patriot Ukraine", 6);
  same_as_fresh_search("\"own word\"", 10);

  REQUIRE(w.index_at(w.index, {"--rebuild"}).exit_code == 0);
  same_as_fresh_search("Patriot Ukraine", 6);
  same_as_fresh_search("Revised", 9);
}

TEST_CASE("regression: a disk filling up mid-run ends with one line and a consistent index") {
  Workspace w;
  const fs::path base = w.dir / "base", reference = w.dir / "reference", mount = w.dir / "small-disk";
  fs::create_directories(mount);
  // A tmpfs of a few hundred KB in a mount namespace of the test's own (it
  // goes when the shell ends): needs root or user namespaces.
  const e2e::Run probe = e2e::run({"/usr/bin/unshare", "-m", "/bin/sh", "-c", "mount -t tmpfs -o size=1m tmpfs '" + mount.string() + "'"});
  if (probe.exit_code != 0) {
    MESSAGE("skipped: cannot mount a small tmpfs here (", probe.err, ")");
    return;
  }
  build_initial(w, base);
  e2e::make_corpus(w.corpus, 150, 100);
  copy_index(base, reference);
  REQUIRE(w.index_at(reference, {"--batch-size", "50"}).exit_code == 0);
  const Snapshot expected = snapshot(reference);
  std::uintmax_t base_bytes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(base)) base_bytes += entry.is_regular_file() ? entry.file_size() : 0;

  int full_runs = 0;
  for (std::uintmax_t extra = 128 * 1024; extra <= 1024 * 1024; extra += 224 * 1024) {
    const fs::path out = w.dir / "out", err = w.dir / "first.err";
    fs::remove_all(out);
    const std::string indexer = std::string(NEWS_INDEXER_BIN) + " --corpus '" + w.corpus.string() + "' --index '" +
                                mount.string() + "/index' -q --batch-size 50";
    // Under LeakSanitizer the run that runs out of space is not checked for
    // leaks: when some block writes fail it reports 173 bytes allocated by
    // libxapian itself (no frame of ours), and its report turns exit 2 into 1.
    const std::string no_leak_check = "ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0\" ";
    // Run out of space, grow the disk, finish with a plain run, copy out.
    const std::string script = "mount -t tmpfs -o size=" + std::to_string(base_bytes + extra) + " tmpfs '" + mount.string() +
                               "' && cp -a '" + base.string() + "' '" + mount.string() + "/index' && { " + no_leak_check + indexer + " 2>'" +
                               err.string() + "'; echo first=$?; } && mount -o remount,size=256m '" + mount.string() +
                               "' && " + indexer + " && cp -a '" + mount.string() + "/index' '" + out.string() + "'";
    const e2e::Run run = e2e::run({"/usr/bin/unshare", "-m", "/bin/sh", "-c", script});
    INFO("disk of ", base_bytes + extra, " bytes: ", run.out, run.err);
    REQUIRE(run.exit_code == 0);
    if (run.out.find("first=0") != std::string::npos) continue;  // it fitted
    ++full_runs;
    std::ifstream in(err);
    const std::string first_err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO("the run that ran out of space said: ", first_err);
    CHECK(run.out.find("first=2") != std::string::npos);
    // Xapian's error, or the terminate handler's line when Xapian gave up half way.
    CHECK((first_err.find("No space left on device") != std::string::npos || first_err.find("indexer: stopped by") == 0));
    CHECK(std::count(first_err.begin(), first_err.end(), '\n') == 1);
    CHECK(check(out).exit_code == 0);
    const Snapshot got = snapshot(out);
    CHECK_MESSAGE(got == expected, difference(expected, got));
  }
  CHECK(full_runs >= 2);
}
