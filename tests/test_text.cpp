// The text layer's small shared helpers: one byte-size formatter, one reader
// of data-file lines.
#include <doctest/doctest.h>

#include "text/accent_fold.h"
#include "text/byte_size.h"
#include "text/data_files.h"
#include "text/parallel_for.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <stdexcept>
#include <vector>

TEST_CASE("byte sizes: one formatter, binary multiples, the same figure wherever a size is shown") {
  CHECK(news::format_bytes(0) == "0 bytes");
  CHECK(news::format_bytes(1023) == "1023 bytes");
  CHECK(news::format_bytes(1024) == "1.0 KB");
  CHECK(news::format_bytes(16 * 1024 * 1024) == "16.0 MB");  // was "16.8 MB" in progress, "16.0 MB" in warnings
  CHECK(news::format_bytes(3ULL * 1024 * 1024 * 1024 / 2) == "1.5 GB");
  CHECK(news::format_byte_limit(16 * 1024 * 1024) == "16 MB");
  CHECK(news::format_byte_limit(64 * 1024) == "64 KB");
  CHECK(news::format_byte_limit(1000) == "1000 bytes");
  CHECK(news::format_byte_limit(1536) == "1.5 KB");
}

TEST_CASE("data files: comments are whole lines, a '#' inside a line is data") {
  const auto lines = news::data_lines("# a comment\n\nC#, C sharp\r\n   # indented comment\n  me too, #MeToo  \n");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].number == 3);
  CHECK(lines[0].text == "C#, C sharp");
  CHECK(lines[1].number == 5);
  CHECK(lines[1].text == "me too, #MeToo");
}

TEST_CASE("parallel_for: every item exactly once, per-worker state, the first error rethrown") {
  std::vector<std::atomic<int>> seen(1000);
  std::vector<int> per_worker(3, 0);
  news::parallel_for(seen.size(), 3, [&](std::size_t i, unsigned worker) {
    ++seen[i];
    ++per_worker.at(worker);  // each worker only touches its own slot
  });
  for (const auto& n : seen) CHECK(n == 1);
  CHECK(per_worker[0] + per_worker[1] + per_worker[2] == 1000);

  std::atomic<int> ran{0};
  CHECK_THROWS_WITH(news::parallel_for(100, 2,
                                       [&](std::size_t i, unsigned) {
                                         ++ran;
                                         if (i == 10) throw std::runtime_error("item 10 failed");
                                         if (i > 10) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                                       }),
                    "item 10 failed");
  CHECK(ran < 100);  // items after the failure are skipped
  news::parallel_for(0, 4, [](std::size_t, unsigned) { FAIL("no items, no calls"); });
}

TEST_CASE("accent folding: marks go, letters and case stay, ASCII and invalid UTF-8 untouched") {
  CHECK(news::fold_accents("Zürich") == "Zurich");
  CHECK(news::fold_accents("José Mourinho") == "Jose Mourinho");
  CHECK(news::fold_accents("Øresund, Łódź, Đakovo") == "Oresund, Lodz, Dakovo");
  CHECK(news::fold_accents("Ångström café NAÏVE") == "Angstrom cafe NAIVE");
  CHECK(news::fold_accents("e\xCC\x81") == "e");  // e + combining acute, already decomposed
  CHECK(news::fold_accents("Москва") == "Москва");  // no marks: unchanged
  CHECK(news::fold_accents("plain ASCII") == "plain ASCII");
  CHECK(news::fold_accents("bad \xC3") == "bad \xC3");
  CHECK(news::has_foldable_accents("Zürich"));
  CHECK_FALSE(news::has_foldable_accents("Zurich"));
  CHECK_FALSE(news::has_foldable_accents("Москва"));
}
