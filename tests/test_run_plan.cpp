#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "index/run_plan.h"

using news::CorpusFile;
using news::CorpusWalk;
using news::FileState;
using news::FileStates;
using news::RunPlan;

namespace {

CorpusFile file(const std::string& path, std::uint64_t size, std::int64_t mtime_ns) {
  CorpusFile f;
  f.full_path = "/corpus/" + path;
  f.relative_path = path;
  f.size = size;
  f.mtime_ns = mtime_ns;
  return f;
}

FileState state(std::uint64_t size, std::int64_t mtime_ns, std::vector<std::string> ids) {
  FileState s;
  s.size = size;
  s.mtime_ns = mtime_ns;
  s.content_hash = 42;
  s.article_ids = std::move(ids);
  return s;
}

std::vector<std::string> paths(const std::vector<news::PlannedFile>& planned) {
  std::vector<std::string> out;
  for (const auto& p : planned) out.push_back(p.file->relative_path);
  return out;
}

}  // namespace

TEST_CASE("run plan: each file's fate from size and time against what the index remembers") {
  CorpusWalk walk;
  walk.files = {file("new.txt", 10, 1), file("resized.txt", 21, 1), file("touched.txt", 30, 2),
                file("same.txt", 40, 1)};
  const FileStates states = {{"resized.txt", state(20, 1, {"resized"})},
                             {"touched.txt", state(30, 1, {"touched"})},
                             {"same.txt", state(40, 1, {"same"})},
                             {"gone.jsonl", state(50, 1, {"g1", "g2"})}};
  const RunPlan plan = news::plan_run(walk, states);

  CHECK(paths(plan.to_read) == std::vector<std::string>{"new.txt", "resized.txt", "touched.txt"});
  CHECK(plan.to_read[0].previous == nullptr);  // new: nothing remembered
  REQUIRE(plan.to_read[1].previous != nullptr);
  CHECK(plan.to_read[1].previous->article_ids == std::vector<std::string>{"resized"});
  CHECK(plan.bytes_to_read == 10 + 21 + 30);  // only what must be read

  CHECK(paths(plan.unchanged) == std::vector<std::string>{"same.txt"});

  REQUIRE(plan.vanished.size() == 1);
  CHECK(plan.vanished[0].path == "gone.jsonl");
  CHECK(plan.vanished[0].articles == 2);
  CHECK(plan.vanished_ids == std::vector<std::string>{"g1", "g2"});
}

TEST_CASE("run plan: an id stays with the file that owns it, a vanished file's ids are free") {
  CorpusWalk walk;
  walk.files = {file("a.txt", 1, 1), file("b.txt", 2, 2)};
  const FileStates states = {{"a.txt", state(1, 1, {"shared"})}, {"old.txt", state(3, 3, {"freed"})}};
  RunPlan plan = news::plan_run(walk, states);

  std::vector<std::string> warnings;
  const auto kept = news::claim_article_ids("b.txt", {"shared", "own", "own", "freed"}, plan.id_owners, warnings);
  CHECK(kept == std::vector<std::size_t>{1, 3});  // "shared" is a.txt's, the second "own" a repeat
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0] == "b.txt: article id 'shared' is already used by a.txt, skipped");
  CHECK(warnings[1] == "b.txt: article id 'own' appears twice, later copy skipped");

  // The owner may claim its own id again; once released, another file may.
  CHECK(plan.id_owners.claim("shared", "a.txt") == nullptr);
  plan.id_owners.release("shared");
  CHECK(plan.id_owners.claim("shared", "b.txt") == nullptr);
  REQUIRE(plan.id_owners.claim("shared", "a.txt") != nullptr);
  CHECK(*plan.id_owners.claim("shared", "a.txt") == "b.txt");
}

TEST_CASE("run plan: the ids a re-read file no longer produces are the articles to delete") {
  const FileState previous = state(1, 1, {"x", "y", "z"});
  CHECK(news::ids_gone(previous, {"y", "w"}) == std::vector<std::string>{"x", "z"});
  CHECK(news::ids_gone(previous, {"x", "y", "z"}).empty());
}

TEST_CASE("regression: unreadable folder does not delete its articles (the plan keeps them)") {
  CorpusWalk walk;
  walk.files = {file("open/a.txt", 1, 1)};
  walk.unreadable = {"locked", "half/entry.txt"};
  const FileStates states = {{"open/a.txt", state(1, 1, {"a"})},
                             {"locked/b.txt", state(2, 2, {"b"})},
                             {"locked/deep/c.jsonl", state(3, 3, {"c1", "c2"})},
                             {"half/entry.txt", state(4, 4, {"e"})},
                             {"lockedness/d.txt", state(5, 5, {"d"})},  // a sibling whose name starts alike
                             {"gone.txt", state(6, 6, {"g"})}};
  RunPlan plan = news::plan_run(walk, states);
  std::vector<std::string> kept;
  for (const auto& u : plan.unreadable) kept.push_back(u.path);
  CHECK(kept == std::vector<std::string>{"half/entry.txt", "locked/b.txt", "locked/deep/c.jsonl"});
  std::vector<std::string> vanished;
  for (const auto& v : plan.vanished) vanished.push_back(v.path);
  CHECK(vanished == std::vector<std::string>{"gone.txt", "lockedness/d.txt"});
  std::sort(plan.vanished_ids.begin(), plan.vanished_ids.end());
  CHECK(plan.vanished_ids == std::vector<std::string>{"d", "g"});
  // Their ids stay theirs.
  std::vector<std::string> warnings;
  CHECK(news::claim_article_ids("open/new.txt", {"c1"}, plan.id_owners, warnings).empty());
}
