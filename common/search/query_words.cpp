#include "search/query_words.h"

#include <algorithm>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "text/data_files.h"
#include "index/schema.h"

namespace news {

namespace {

// A base form's other forms are looked for among at most this many words of
// the spelling dictionary (those starting like the stem); past it, the rest
// are not excluded (a short stem in a huge vocabulary: rare, and only a
// looser match).
constexpr std::size_t kMaxFormsScanned = 20000;

// A query this long without a lower-case letter is shouted; one this long is
// a sentence (a question), not keywords, and may start with a capital that
// names nothing ("Articles on ..."), while "Wells and Marks" is two names.
constexpr std::size_t kShoutedWords = 3;
constexpr std::size_t kSentenceWords = 5;

// Every whitespace-separated word of a data file, normalised as query words are.
std::unordered_set<std::string> words_of(std::string_view file) {
  std::unordered_set<std::string> words;
  const std::string content = read_file(find_data_file(file));  // the lines below are views into it
  for (const DataLine& line : data_lines(content)) {
    const std::string_view text = line.text;
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t space = std::min(text.find_first_of(" \t", start), text.size());
      if (space > start) {
        if (std::string word = Analyser::normalise(text.substr(start, space - start)); !word.empty()) {
          words.insert(std::move(word));
        }
      }
      start = space + 1;
    }
  }
  return words;
}

// The first letter of `text` (0 when it has none).
UChar32 first_letter(std::string_view text) {
  for (std::int32_t i = 0; i < static_cast<std::int32_t>(text.size());) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(text.data()), i, static_cast<std::int32_t>(text.size()), c);
    if (c > 0 && u_isalpha(c)) return c;
  }
  return 0;
}

bool has_lower_case(std::string_view text) {
  for (std::int32_t i = 0; i < static_cast<std::int32_t>(text.size());) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(text.data()), i, static_cast<std::int32_t>(text.size()), c);
    if (c > 0 && u_islower(c)) return true;
  }
  return false;
}

bool is_capitalised(std::string_view word) {
  const UChar32 c = first_letter(word);
  return c != 0 && u_isupper(c) && !Analyser::written_in_capitals(word);
}

bool is_text(const QueryLexeme& l) { return l.kind == QueryLexeme::Kind::word || l.kind == QueryLexeme::Kind::phrase; }

// The index's other words with the same stem as `form`, as exact-form terms.
std::vector<Xapian::Query> other_forms(const Xapian::Database& db, Analyser& analyser, const std::string& stem,
                                       const std::string& form) {
  // Snowball changes only a word's end, and at most the stem's last letter
  // (country -> countri), so every form starts with the stem less that letter.
  const std::string prefix = stem.size() > 1 ? stem.substr(0, stem.size() - 1) : stem;
  std::vector<Xapian::Query> forms;
  std::size_t scanned = 0;
  Xapian::TermIterator word = db.spellings_begin();
  for (word.skip_to(prefix); word != db.spellings_end() && scanned < kMaxFormsScanned; ++word, ++scanned) {
    const std::string w = *word;
    if (w.compare(0, prefix.size(), prefix) != 0) break;
    if (w != form && analyser.stem(w) == stem) forms.emplace_back(schema::term(schema::kExactPrefix, w));
  }
  return forms;
}

}  // namespace

QueryWordLists::QueryWordLists() : stop_words_(words_of("stop_words.txt")), common_words_(words_of("common_words.txt")) {}

const QueryWordLists& QueryWordLists::get() {
  static const QueryWordLists lists;
  return lists;
}

CaseReading case_reading(std::string_view surface, const std::string& term) {
  if (Analyser::written_in_capitals(surface)) {
    return QueryWordLists::get().is_common_word(term) ? CaseReading::capitals : CaseReading::exact_form;
  }
  const UChar32 c = first_letter(surface);
  return c != 0 && u_isupper(c) ? CaseReading::exact_form : CaseReading::any_form;
}

QueryCase query_case(std::string_view query, const std::vector<QueryLexeme>& lexemes, Analyser& analyser) {
  QueryCase reading;
  std::size_t words = 0;
  for (const QueryLexeme& l : lexemes) {
    if (is_text(l)) words += analyser.tokens(l.text).size();
  }
  if (words < kShoutedWords) return reading;
  reading.shouted = !has_lower_case(query);
  if (words < kSentenceWords) return reading;
  for (std::size_t i = 0; i + 1 < lexemes.size(); ++i) {
    const QueryLexeme& l = lexemes[i];
    if (l.kind != QueryLexeme::Kind::word || l.sign != 0 || l.wildcard || !is_capitalised(l.text)) continue;
    const bool after_end = i == 0 || (is_text(lexemes[i - 1]) && !lexemes[i - 1].text.empty() &&
                                      (lexemes[i - 1].text.back() == '?' || lexemes[i - 1].text.back() == '!'));
    const QueryLexeme& next = lexemes[i + 1];
    if (after_end && next.kind == QueryLexeme::Kind::word && u_islower(first_letter(next.text))) {
      reading.sentence_starts.insert(l.begin);
    }
  }
  return reading;
}

FormFilter word_form_filter(const Xapian::Database& db, Analyser& analyser, CaseReading reading, const std::string& term) {
  using Q = Xapian::Query;
  if (reading == CaseReading::any_form) return {};
  const std::string stem = analyser.stem(term);
  // The C and R terms sit only in articles that also have the stem: one in
  // as many articles as the stem is in all of them.
  const std::string stem_term = schema::term(schema::kStemPrefix, stem);
  auto unless_everywhere = [&](const std::string& filter_term) -> FormFilter {
    const Xapian::doccount with_filter = db.get_termfreq(filter_term);
    if (with_filter != 0 && with_filter == db.get_termfreq(stem_term)) return {};
    return {Q(filter_term), Q()};
  };
  if (reading == CaseReading::capitals) return unless_everywhere(schema::term(schema::kCapitalsPrefix, term));
  if (term != Analyser::base_form(stem)) return unless_everywhere(schema::term(schema::kExactPrefix, term));
  // The base form has an R term only in articles with other forms of the
  // stem too: an article with the stem and none of its other forms has it.
  const std::vector<Q> others = other_forms(db, analyser, stem, term);
  if (others.empty()) return {};  // no other form anywhere: every article with the stem has this one
  return {Q(), Q(Q::OP_AND_NOT, Q(Q::OP_OR, others.begin(), others.end()), Q(schema::term(schema::kExactPrefix, term)))};
}

Xapian::Query with_form_filters(const Xapian::Query& query, const std::vector<FormFilter>& filters) {
  using Q = Xapian::Query;
  std::vector<Q> required, excluded;
  for (const FormFilter& f : filters) {
    if (!f.required.empty()) required.push_back(f.required);
    if (!f.excluded.empty()) excluded.push_back(f.excluded);
  }
  Q q = query;
  if (!required.empty()) q = Q(Q::OP_FILTER, q, required.size() == 1 ? required.front() : Q(Q::OP_AND, required.begin(), required.end()));
  if (!excluded.empty()) q = Q(Q::OP_AND_NOT, q, excluded.size() == 1 ? excluded.front() : Q(Q::OP_OR, excluded.begin(), excluded.end()));
  return q;
}

}  // namespace news
