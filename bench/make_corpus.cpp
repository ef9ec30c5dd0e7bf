// make_corpus: writes N news-like plain-text articles for the benchmark. The
// prose is real English (Brown corpus samples and the bundled articles), cut
// into article-sized runs of paragraphs; sentences naming people, places and
// organisations from entity_pools.h are mixed in so entity facets have work.
// The same seed and sources give a byte-identical corpus, and article i does
// not depend on N, so a 2,000-article corpus is a prefix of a 20,000 one.
// Besides the flat layout of bench/run.sh, two layouts of real collections
// for the scale check of issue 14 (bench/real_corpora.sh): the BBC News set's
// (business/ entertainment/ politics/ sport/ tech/, files 001.txt... in each,
// 2,225 in all) and Reuters-21578 converted to one JSONL file (records with
// the wire's own "26-FEB-1987 15:01:01.79" dates, a source and some authors).
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "text/stable_hash.h"
#include "corpus_files.h"
#include "entity_pools.h"
#include "random.h"

namespace fs = std::filesystem;

namespace {

// Bump whenever the output for a given seed and sources changes, so that
// bench/run.sh regenerates corpora it had cached.
constexpr std::string_view kGeneratorVersion = "make_corpus/2";

// ---------------------------------------------------------------------------
// Source text

bool is_sentence_end(std::string_view text, std::size_t i) {
  static const std::set<std::string_view> kAbbreviations = {
      "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Gov", "Sen", "Rep", "Lt", "Col", "Capt",
      "Prof", "Mt", "No", "vs", "Co", "Inc", "Corp", "Ltd", "Ave", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec"};
  if (text[i] != '.' && text[i] != '!' && text[i] != '?') return false;
  if (text[i] == '.') {
    std::size_t w = i;
    while (w > 0 && std::isalpha(static_cast<unsigned char>(text[w - 1]))) --w;
    const std::string_view word = text.substr(w, i - w);
    if (kAbbreviations.contains(word) || word.size() == 1) return false;  // "U.S.", "J. Smith"
  }
  return true;
}

// Byte offsets where sentences start (0 first): after . ! ? and any closing
// quotes, at a space followed by a capital letter or an opening quote.
std::vector<std::size_t> sentence_starts(std::string_view text) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    if (!is_sentence_end(text, i)) continue;
    std::size_t j = i + 1;
    while (j < text.size()) {
      if (text[j] == '"' || text[j] == '\'') ++j;
      else if (text.substr(j).starts_with("\xE2\x80\x9D") || text.substr(j).starts_with("\xE2\x80\x99")) j += 3;  // ” ’
      else break;
    }
    if (j + 1 >= text.size() || text[j] != ' ') continue;
    const std::string_view next = text.substr(j + 1);
    if (std::isupper(static_cast<unsigned char>(next[0])) || next[0] == '"' || next.starts_with("\xE2\x80\x9C")) {
      starts.push_back(j + 1);
    }
  }
  return starts;
}

std::string collapse_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Paragraphs that our indexer's furniture rules (data/furniture.txt) would
// drop, or that are headings rather than prose, are not used.
bool looks_like_furniture(std::string_view paragraph) {
  static constexpr std::string_view kPrefixes[] = {
      "copyright", "(c)", "\xC2\xA9", "related", "follow us", "most read", "trending", "all rights reserved",
      "read more", "continue reading", "click here", "posted ", "updated", "published"};
  if (paragraph.size() < 40) return true;
  std::string head;
  for (char c : paragraph.substr(0, 24)) head += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view prefix : kPrefixes) {
    if (std::string_view(head).starts_with(prefix)) return true;
  }
  return false;
}

// Long paragraphs (some Brown fiction runs to 9 KB) are cut at sentence
// boundaries into pieces of about kChunkBytes, the size of a news paragraph.
std::vector<std::string> news_sized(std::string paragraph) {
  constexpr std::size_t kLongBytes = 1200;
  constexpr std::size_t kChunkBytes = 500;
  if (paragraph.size() <= kLongBytes) return {std::move(paragraph)};
  std::vector<std::size_t> starts = sentence_starts(paragraph);
  starts.push_back(paragraph.size());
  std::vector<std::string> chunks;
  std::size_t chunk_begin = 0;
  for (std::size_t k = 1; k < starts.size(); ++k) {
    const bool last = k + 1 == starts.size();
    if (starts[k] - chunk_begin >= kChunkBytes && (last || paragraph.size() - starts[k] >= kChunkBytes / 2)) {
      chunks.push_back(std::string(bench::trim(std::string_view(paragraph).substr(chunk_begin, starts[k] - chunk_begin))));
      chunk_begin = starts[k];
    }
  }
  if (chunk_begin < paragraph.size()) chunks.push_back(std::string(bench::trim(std::string_view(paragraph).substr(chunk_begin))));
  return chunks;
}

struct SourceStats {
  fs::path dir;
  std::size_t files = 0;
  std::uintmax_t bytes = 0;
};

// All usable paragraphs of all source files, in file order; `file_end[p]` is
// one past the last paragraph of p's file, so runs stay inside one text.
struct TextPool {
  std::vector<std::string> paragraphs;
  std::vector<std::size_t> file_end;

  void add_file(std::string_view text) {
    for (std::string& raw : bench::paragraphs(bench::split_plain_text(text).body)) {  // the title is skipped
      std::string clean = collapse_spaces(raw);
      if (looks_like_furniture(clean)) continue;
      for (std::string& chunk : news_sized(std::move(clean))) paragraphs.push_back(std::move(chunk));
    }
    file_end.resize(paragraphs.size(), paragraphs.size());
  }
};

TextPool load_sources(const std::vector<SourceStats>& sources) {
  TextPool pool;
  for (const SourceStats& source : sources) {
    for (const fs::path& file : bench::list_text_files(source.dir)) pool.add_file(bench::read_file(file));
  }
  if (pool.paragraphs.empty()) throw std::runtime_error("the sources hold no usable paragraphs");
  return pool;
}

std::vector<SourceStats> describe_sources(const std::vector<fs::path>& dirs) {
  std::vector<SourceStats> stats;
  for (const fs::path& dir : dirs) {
    SourceStats s{dir};
    for (const fs::path& file : bench::list_text_files(dir)) {
      ++s.files;
      s.bytes += fs::file_size(file);
    }
    stats.push_back(s);
  }
  return stats;
}

// The default sources: the shared Brown corpus beside the checkout and the
// bundled articles; without the former, the few Brown samples in tests/data.
std::vector<fs::path> default_sources() {
  const fs::path root = NEWS_SOURCE_ROOT;
  const fs::path brown = fs::weakly_canonical(root / ".." / "shared" / "data" / "brown");
  const fs::path bundled = root / "corpus";
  if (fs::is_directory(brown)) return {brown, bundled};
  const fs::path samples = root / "tests" / "data" / "brown";
  std::cerr << "make_corpus: warning: " << brown.string()
            << " not found (see bench/README.md to get the Brown corpus); using "
            << (fs::is_directory(samples) ? samples.string() + " and " : std::string()) << bundled.string()
            << ", so the corpus repeats a small text many times\n";
  if (fs::is_directory(samples)) return {samples, bundled};
  return {bundled};
}

// ---------------------------------------------------------------------------
// Entities

// Sentences a news article would carry about its cast. {P} and {P2} are two
// people, {L} and {L2} two places, {O} an organisation, {D} a weekday, {M} a
// month and {N} a number.
const std::vector<std::string_view> kEntitySentences = {
    "{P} said on {D} that {L} would not accept new conditions.",
    "{P} told reporters in {L} that the talks had been \xE2\x80\x9C" "frank and useful.\xE2\x80\x9D",
    "A spokesman for {O} declined to comment on the report.",
    "{O} said the decision would affect trade with {L}.",
    "{P} is expected to visit {L} next month, according to {O}.",
    "{P} met {P2} in {L} on {D} to discuss sanctions and energy supplies.",
    "Officials in {L} said a Patriot air defence battery had been moved closer to the border.",
    "{O} reported that {P} had cancelled a planned trip to {L}.",
    "The meeting in {L} was the first since {P} took office.",
    "Analysts at {O} warned that the dispute over {L} could drag on for years.",
    "In a statement, {O} said it was monitoring the situation in {L} closely.",
    "{P} described the missile tests near {L} as \xE2\x80\x9C" "a serious provocation.\xE2\x80\x9D",
    "Ships from {L} and {L2} held joint exercises this week, {O} said.",
    "{P} urged {O} to send more Patriot missiles to {L}.",
    "According to {O}, exports from {L} fell by {N} percent last year.",
    "{P} said sanctions against {L} would remain in place.",
    "Protesters gathered outside the {L} embassy in {L2} on {D}.",
    "{O} confirmed that {P} would attend the summit in {L}.",
    "{P} spoke by telephone with {P2} about drones, food and medicine for {L}.",
    "The agreement between {L} and {L2} was signed in the presence of {P}.",
    "A report by {O} said fishing boats near {L} had been detained.",
    "{P} declined to say whether {L} would join the talks.",
    "Markets in {L} rose {N} percent after {P} spoke.",
    "{P}, speaking in {L}, said the alliance with {L2} was \xE2\x80\x9C" "stronger than ever.\xE2\x80\x9D",
    "Earlier, {O} had accused {L} of violating the ceasefire.",
    "Talks on the future of {L} will resume in {L2}, {P} said.",
    "{O} said the number of refugees arriving from {L} had doubled since {M}.",
    "{P} will host {P2} in {L} in {M}.",
    "Energy prices in {L} have risen sharply, {O} said.",
    "{P} announced an increase in support for {L}, including small drones and face masks.",
};

// Headlines: {S} is a surname, {L} a place, {O} an organisation's name, {T} a topic.
const std::vector<std::string_view> kHeadlines = {
    "{S} warns {L} over {T}",        "{L} and {L2} hold talks on {T}",  "{O} reports rise in {T} near {L}",
    "{S} to visit {L} amid {T} row", "{S} says {L} will not bow to pressure",
    "{L} unveils new rules on {T}", "{O} criticises {S} over {T}",     "{L} steps up {T} as {S} looks on",
};
const std::vector<std::string_view> kTopics = {"sanctions",     "missile tests", "fishing rights", "energy prices",
                                               "trade",         "refugees",      "drones",         "elections",
                                               "tariffs",       "naval exercises", "Patriot missiles", "food aid",
                                               "interest rates"};
const std::vector<std::string_view> kDays = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
const std::vector<std::string_view> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                               "July",    "August",   "September", "October", "November", "December"};

// The entities one article is about, and which people it has named in full.
struct Cast {
  std::vector<std::size_t> people, places, orgs;
  std::set<std::size_t> introduced;
};

std::size_t draw_new(bench::Random& rng, const std::vector<double>& weights, std::vector<std::size_t>& chosen) {
  for (;;) {
    const std::size_t i = rng.weighted(weights);
    if (std::find(chosen.begin(), chosen.end(), i) == chosen.end()) {
      chosen.push_back(i);
      return i;
    }
  }
}

class ArticleWriter {
 public:
  ArticleWriter(const TextPool& pool, std::uint64_t seed)
      : pool_(pool),
        seed_(seed),
        person_weights_(bench::zipf_cumulative(bench::people().size())),
        place_weights_(bench::zipf_cumulative(bench::places().size())),
        org_weights_(bench::zipf_cumulative(bench::organisations().size())) {}

  std::string article(std::uint64_t index) const {
    bench::Random rng(seed_, index);
    std::vector<std::string> body = prose(rng);
    Cast cast;
    if (rng.chance(0.95)) {
      for (auto n = rng.between(1, 3); n > 0; --n) draw_new(rng, person_weights_, cast.people);
      for (auto n = rng.between(1, 3); n > 0; --n) draw_new(rng, place_weights_, cast.places);
      for (auto n = rng.between(1, 2); n > 0; --n) draw_new(rng, org_weights_, cast.orgs);
    }
    const std::string title = cast.people.empty() || rng.chance(0.5) ? fragment_title(rng, body) : headline(rng, cast);
    if (!cast.people.empty()) mix_in_entities(rng, cast, body);

    std::string text = title + "\n";
    for (const std::string& paragraph : body) text += "\n" + paragraph + "\n";
    return text;
  }

 private:
  // Runs of consecutive paragraphs from random places in the sources until
  // the body reaches its drawn size.
  std::vector<std::string> prose(bench::Random& rng) const {
    const std::size_t target = rng.between(1900, 3300);
    std::vector<std::string> body;
    std::size_t bytes = 0;
    while (bytes < target) {
      std::size_t p = rng.below(pool_.paragraphs.size());
      const std::size_t end = pool_.file_end[p];
      for (auto run = rng.between(2, 5); run > 0 && p < end && bytes < target; --run, ++p) {
        body.push_back(pool_.paragraphs[p]);
        bytes += pool_.paragraphs[p].size();
      }
    }
    return body;
  }

  // The first words of a sentence of the body: real English, headline length.
  static std::string fragment_title(bench::Random& rng, const std::vector<std::string>& body) {
    const std::string_view paragraph = body[rng.below(body.size())];
    const std::vector<std::size_t> starts = sentence_starts(paragraph);
    std::string_view sentence = paragraph.substr(starts[rng.below(starts.size())]);
    std::string title;
    std::size_t words = 0;
    const std::size_t want = rng.between(5, 10);
    while (!sentence.empty() && words < want) {
      const auto space = sentence.find(' ');
      std::string_view word = sentence.substr(0, space);
      sentence = space == std::string_view::npos ? std::string_view{} : sentence.substr(space + 1);
      std::string clean;
      for (std::size_t i = 0; i < word.size(); ++i) {
        if (word[i] == '"') continue;
        if (word.substr(i).starts_with("\xE2\x80\x9C") || word.substr(i).starts_with("\xE2\x80\x9D")) {
          i += 2;
          continue;
        }
        clean += word[i];
      }
      if (clean.empty()) continue;
      if (!title.empty()) title += ' ';
      title += clean;
      ++words;
      if (clean.back() == '.' || clean.back() == '?' || clean.back() == '!') break;
    }
    while (!title.empty() && std::string_view(",;:.-").find(title.back()) != std::string_view::npos) title.pop_back();
    if (!title.empty()) title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
    return title.empty() ? std::string("News in brief") : title;
  }

  std::string headline(bench::Random& rng, Cast& cast) const {
    std::string out;
    std::string_view pattern = rng.pick(kHeadlines);
    std::size_t first_place = cast.places[0];
    while (!pattern.empty()) {
      if (pattern[0] != '{') {
        out += pattern[0];
        pattern.remove_prefix(1);
        continue;
      }
      const auto close = pattern.find('}');
      const std::string_view slot = pattern.substr(1, close - 1);
      pattern.remove_prefix(close + 1);
      if (slot == "S") out += bench::people()[rng.pick(cast.people)].surname;
      else if (slot == "L") out += bench::places()[first_place = rng.pick(cast.places)].name;
      else if (slot == "L2") out += bench::places()[other(rng, cast.places, place_weights_, first_place)].name;
      else if (slot == "O") out += bench::organisations()[rng.pick(cast.orgs)].name;
      else if (slot == "T") out += rng.pick(kTopics);
    }
    return out;
  }

  // One of `chosen` other than `not_this`, drawing a new one when there is none.
  static std::size_t other(bench::Random& rng, std::vector<std::size_t>& chosen, const std::vector<double>& weights,
                           std::size_t not_this) {
    std::vector<std::size_t> others;
    for (std::size_t c : chosen) {
      if (c != not_this) others.push_back(c);
    }
    return others.empty() ? draw_new(rng, weights, chosen) : rng.pick(others);
  }

  std::string person(Cast& cast, std::size_t i) const {
    const bench::Person& p = bench::people()[i];
    return cast.introduced.insert(i).second ? p.full() : p.short_;
  }

  std::string sentence(bench::Random& rng, Cast& cast) const {
    std::string out;
    std::string_view pattern = rng.pick(kEntitySentences);
    std::size_t first_person = cast.people[0], first_place = cast.places[0];
    while (!pattern.empty()) {
      if (pattern[0] != '{') {
        out += pattern[0];
        pattern.remove_prefix(1);
        continue;
      }
      const auto close = pattern.find('}');
      const std::string_view slot = pattern.substr(1, close - 1);
      pattern.remove_prefix(close + 1);
      std::string value;
      if (slot == "P") value = person(cast, first_person = rng.pick(cast.people));
      else if (slot == "P2") value = person(cast, other(rng, cast.people, person_weights_, first_person));
      else if (slot == "L") value = bench::places()[first_place = rng.pick(cast.places)].name;
      else if (slot == "L2") value = bench::places()[other(rng, cast.places, place_weights_, first_place)].name;
      else if (slot == "O") value = bench::organisations()[rng.pick(cast.orgs)].in_text;
      else if (slot == "D") value = rng.pick(kDays);
      else if (slot == "M") value = rng.pick(kMonths);
      else if (slot == "N") value = std::to_string(rng.between(2, 40));
      if (out.empty() && !value.empty()) value[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(value[0])));
      out += value;
    }
    return out;
  }

  // A lead paragraph of one or two sentences about the cast, then more
  // sentences appended to later paragraphs, in text order so that a person is
  // named in full first ("Prime Minister Fumio Kishida") and briefly after.
  void mix_in_entities(bench::Random& rng, Cast& cast, std::vector<std::string>& body) const {
    const auto count = rng.between(2, 6);
    const auto lead_count = rng.between(1, 2);
    std::string lead;
    for (auto k = 0; k < lead_count; ++k) lead += (lead.empty() ? "" : " ") + sentence(rng, cast);
    std::vector<std::size_t> targets;
    for (auto k = lead_count; k < count; ++k) targets.push_back(rng.below(body.size()));
    std::sort(targets.begin(), targets.end());
    for (std::size_t target : targets) body[target] += " " + sentence(rng, cast);
    body.insert(body.begin(), std::move(lead));
  }

  const TextPool& pool_;
  std::uint64_t seed_;
  std::vector<double> person_weights_, place_weights_, org_weights_;
};

// ---------------------------------------------------------------------------
// Output

int digits(std::uint64_t n) { return n < 10 ? 1 : 1 + digits(n / 10); }

void write_text(const fs::path& file, const std::string& text) {
  std::ofstream stream(file, std::ios::binary);
  stream.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!stream) throw std::runtime_error(file.string() + ": write failed");
}

// bench/run.sh's layout: 100 files to a folder, named <number>_<hash>.txt.
std::uintmax_t write_flat(const ArticleWriter& writer, std::uint64_t articles, const fs::path& out_dir) {
  const int file_width = std::max(5, digits(articles - 1));
  const int dir_width = std::max(3, digits((articles - 1) / 100));
  std::uintmax_t bytes = 0;
  for (std::uint64_t i = 0; i < articles; ++i) {
    const std::string text = writer.article(i);
    const fs::path dir = out_dir / fmt::format("{:0{}}", i / 100, dir_width);
    if (i % 100 == 0) fs::create_directories(dir);
    write_text(dir / fmt::format("{:0{}}_{:016x}.txt", i, file_width, news::stable_hash(text)), text);
    bytes += text.size();
  }
  return bytes;
}

// The BBC News set: five category folders of numbered files (each folder
// starting at 001.txt, so the names repeat across folders), in the set's
// proportions (510, 386, 417, 511, 401 of 2,225).
std::uintmax_t write_bbc(const ArticleWriter& writer, std::uint64_t articles, const fs::path& out_dir) {
  const std::array<std::pair<std::string_view, std::uint64_t>, 5> kCategories = {
      {{"business", 510}, {"entertainment", 386}, {"politics", 417}, {"sport", 511}, {"tech", 401}}};
  std::uintmax_t bytes = 0;
  std::uint64_t written = 0;
  for (std::size_t c = 0; c < kCategories.size(); ++c) {
    const auto [name, share] = kCategories[c];
    const std::uint64_t count = c + 1 == kCategories.size() ? articles - written : articles * share / 2225;
    const fs::path dir = out_dir / std::string(name);
    fs::create_directories(dir);
    for (std::uint64_t n = 1; n <= count; ++n, ++written) {
      const std::string text = writer.article(written);
      write_text(dir / fmt::format("{:03}.txt", n), text);
      bytes += text.size();
    }
  }
  return bytes;
}

// Reuters-21578 as one JSONL file: integer ids, the wire's date form, dates
// spread over 1987-02-26 to 1987-10-20 in record order, source "Reuters",
// an author on one record in five.
std::uintmax_t write_reuters_jsonl(const ArticleWriter& writer, std::uint64_t articles, const fs::path& out_dir) {
  static constexpr std::array<std::string_view, 12> kMonthsUpper = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                                   "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  static constexpr std::array<int, 12> kDaysIn1987 = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  fs::create_directories(out_dir);
  const fs::path file = out_dir / "reuters21578.jsonl";
  std::ofstream stream(file, std::ios::binary);
  std::uintmax_t bytes = 0;
  constexpr int kFirstDay = 31 + 25;  // 1987-02-26, counted from 1987-01-01 as day 0
  constexpr int kSpanDays = 236;      // to 1987-10-20
  for (std::uint64_t i = 0; i < articles; ++i) {
    const std::string text = writer.article(i);
    const bench::PlainArticle article = bench::split_plain_text(text);
    bench::Random rng(0x5e57e5, i);
    int day = kFirstDay + static_cast<int>(i * kSpanDays / std::max<std::uint64_t>(articles, 1));
    int month = 0;
    while (day >= kDaysIn1987[static_cast<std::size_t>(month)]) day -= kDaysIn1987[static_cast<std::size_t>(month++)];
    const std::string date = fmt::format("{:2}-{}-1987 {:02}:{:02}:{:02}.{:02}", day + 1,
                                         kMonthsUpper[static_cast<std::size_t>(month)], rng.below(24), rng.below(60),
                                         rng.below(60), rng.below(100));
    nlohmann::json record = {{"id", i + 1}, {"title", article.title}, {"text", article.body}, {"date", date},
                             {"source", "Reuters"}};
    if (rng.chance(0.2)) record["author"] = "By " + bench::people()[rng.below(bench::people().size())].name;
    const std::string line = record.dump() + "\n";
    stream.write(line.data(), static_cast<std::streamsize>(line.size()));
    bytes += line.size();
  }
  if (!stream) throw std::runtime_error(file.string() + ": write failed");
  return bytes;
}

nlohmann::json describe(std::uint64_t articles, std::uint64_t seed, const std::vector<SourceStats>& sources) {
  nlohmann::json j = {{"generator", kGeneratorVersion}, {"articles", articles}, {"seed", seed}};
  j["sources"] = nlohmann::json::array();
  for (const SourceStats& s : sources) j["sources"].push_back({{"dir", s.dir.string()}, {"files", s.files}, {"bytes", s.bytes}});
  return j;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Writes a deterministic corpus of news-like plain-text articles for bench/run.sh."};
  std::uint64_t articles = 20000;
  std::uint64_t seed = 42;
  std::string out;
  std::vector<std::string> source_dirs;
  bool describe_only = false;
  std::string layout = "flat";
  app.add_option("--articles", articles,
                 "Number of articles to write (default 20,000; 2,225 with --layout bbc, 18,000 with reuters-jsonl)")
      ->check(CLI::PositiveNumber);
  app.add_option("--layout", layout,
                 "flat: 100 files to a folder (bench/run.sh); bbc: the BBC News set's five category folders of "
                 "001.txt...; reuters-jsonl: one JSONL file of Reuters-21578-like records")
      ->check(CLI::IsMember({"flat", "bbc", "reuters-jsonl"}))
      ->capture_default_str();
  app.add_option("--seed", seed, "Seed: the same seed and sources give a byte-identical corpus")->capture_default_str();
  app.add_option("--out", out, "Folder to write into (created; must be empty)");
  app.add_option("--source", source_dirs,
                 "Folders of plain-text articles whose prose is reused (first line of each file is skipped);"
                 " default: ../shared/data/brown and corpus/ of the checkout")
      ->check(CLI::ExistingDirectory);
  app.add_flag("--describe", describe_only, "Print the generator version, settings and sources as JSON, write nothing");
  app.set_version_flag("--version", std::string(kGeneratorVersion));
  CLI11_PARSE(app, argc, argv);
  if (app.count("--articles") == 0) articles = layout == "bbc" ? 2225 : layout == "reuters-jsonl" ? 18000 : 20000;

  try {
    std::vector<fs::path> dirs(source_dirs.begin(), source_dirs.end());
    if (dirs.empty()) dirs = default_sources();
    for (fs::path& dir : dirs) dir = fs::absolute(dir).lexically_normal();
    const std::vector<SourceStats> sources = describe_sources(dirs);
    nlohmann::json summary = describe(articles, seed, sources);
    if (layout != "flat") summary["layout"] = layout;
    if (describe_only) {
      std::cout << summary.dump() << "\n";
      return 0;
    }
    if (out.empty()) throw std::runtime_error("--out is required (the folder to write the corpus into)");
    const fs::path out_dir = out;
    if (fs::exists(out_dir) && !fs::is_empty(out_dir)) {
      throw std::runtime_error(out + ": exists and is not empty; give a new folder");
    }

    const TextPool pool = load_sources(sources);
    const ArticleWriter writer(pool, seed);
    const std::uintmax_t bytes = layout == "bbc"             ? write_bbc(writer, articles, out_dir)
                                 : layout == "reuters-jsonl" ? write_reuters_jsonl(writer, articles, out_dir)
                                                             : write_flat(writer, articles, out_dir);
    summary["out"] = fs::absolute(out_dir).string();
    summary["bytes"] = bytes;
    summary["source_paragraphs"] = pool.paragraphs.size();
    std::cout << summary.dump() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "make_corpus: " << e.what() << "\n";
    return 2;
  }
}
