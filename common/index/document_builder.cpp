#include "index/document_builder.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "text/stable_hash.h"
#include "index/entity_codes.h"
#include "index/schema.h"
#include "index/stored_article.h"
#include "index/story_signature.h"

namespace news {

AnalysedArticle analyse_article(Article article, Analyser& analyser, const EntityRecognizer* recognizer) {
  AnalysedArticle analysed;
  analysed.article = std::move(article);
  const Article& a = analysed.article;
  analyser.tokenize(a.text, a.title, analysed.tokens);
  analysed.title_tokens = static_cast<std::uint32_t>(analysed.tokens.size());
  for (TextRange paragraph : a.body) analyser.tokenize(a.text, paragraph, analysed.tokens);
  if (recognizer) analysed.mentions = recognizer->recognise(a.text, analysed.tokens);
  return analysed;
}

bool is_spelling_word(std::string_view term) {
  if (term.size() < 2 || term.size() > schema::kMaxTermBytes) return false;
  for (char c : term) {
    if (c >= '0' && c <= '9') return false;
  }
  return true;
}

std::vector<std::string> take_spelling_words(std::vector<Token>& tokens) {
  // Distinct by a hash set kept per thread, not by sorting every article's
  // words (a sort of ~560 strings per article was 4% of indexing CPU); the
  // order does not matter, the words only go into counts.
  thread_local std::unordered_set<std::string_view> seen;
  seen.clear();
  seen.reserve(tokens.size());
  std::vector<Token*> first;
  first.reserve(tokens.size());
  for (Token& token : tokens) {
    if (!token.is_number && is_spelling_word(token.term) && seen.insert(token.term).second) first.push_back(&token);
  }
  seen.clear();  // its views would dangle once the terms are moved
  std::vector<std::string> words;
  words.reserve(first.size());
  for (Token* token : first) words.push_back(std::move(token->term));
  return words;
}

bool forget_spelling(std::string_view stored_article_data, SpellingCounts& counts) {
  StoredArticle stored;
  try {
    stored = decode_stored_article(stored_article_data);
  } catch (const std::runtime_error&) {
    return false;
  }
  for (const auto& word : stored_spelling_words(stored)) --counts[word];
  return true;
}

std::vector<std::string> stored_spelling_words(const StoredArticle& stored) {
  const std::string_view text = stored.text;
  std::vector<std::string> words;
  for (TextRange token : stored.tokens) {
    std::string term = Analyser::normalise(text.substr(token.begin, token.size()));
    if (is_spelling_word(term)) words.push_back(std::move(term));
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

namespace {

constexpr std::uint32_t kFixedParagraphTokens = 8;  // a dateline, a sign-off or a byline is short

// Per token, whether it sits in a fixed-position paragraph (fixed_position_names).
std::vector<bool> fixed_paragraph_tokens(const AnalysedArticle& analysed) {
  const std::vector<Token>& tokens = analysed.tokens;
  const auto n = static_cast<std::uint32_t>(tokens.size());
  std::vector<bool> fixed(n, false);
  std::vector<std::uint32_t> starts;
  for (std::uint32_t i = analysed.title_tokens; i < n; ++i) {
    if (i == analysed.title_tokens || tokens[i].paragraph_start) starts.push_back(i);
  }
  const std::string_view text = analysed.article.text;
  for (std::size_t p = 0; p < starts.size(); ++p) {
    const std::uint32_t begin = starts[p];
    const std::uint32_t end = p + 1 < starts.size() ? starts[p + 1] : n;
    if (end - begin > kFixedParagraphTokens) continue;
    std::size_t line_start = text.rfind('\n', tokens[begin].begin);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    const std::string_view lead = text.substr(line_start, tokens[begin].begin - line_start);
    const bool byline = lead.find("--") != std::string_view::npos || tokens[begin].term == "by";
    const bool edge = starts.size() >= 2 && (p == 0 || p + 1 == starts.size());  // a one-paragraph body is all news
    if (edge || byline) std::fill(fixed.begin() + begin, fixed.begin() + end, true);
  }
  return fixed;
}

std::string fixed_names_value(const AnalysedArticle& analysed, const std::vector<EntityMention>& mentions) {
  const std::vector<bool> fixed = fixed_paragraph_tokens(analysed);
  std::vector<std::string> names;
  for (const EntityMention& m : mentions) {
    if (fixed[m.first_token]) names.push_back(schema::entity_type_letter(m.type) + m.name);
  }
  // Named in a fixed position only: a place of a dateline that the body names
  // again is no furniture there.
  std::erase_if(names, [&](const std::string& key) {
    return std::any_of(mentions.begin(), mentions.end(), [&](const EntityMention& m) {
      return !fixed[m.first_token] && schema::entity_type_letter(m.type) == key[0] && key.compare(1, std::string::npos, m.name) == 0;
    });
  });
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string value;
  for (const std::string& name : names) {
    if (!value.empty()) value.push_back(schema::kEntitySeparator);
    value += name;
  }
  return value;
}

}  // namespace

std::vector<std::string> fixed_position_names(const Xapian::Document& document) {
  const std::string value = document.get_value(schema::kFixedNamesSlot);
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t end = value.find(schema::kEntitySeparator, start);
    if (end == std::string::npos) end = value.size();
    if (end > start + 1) names.push_back(value.substr(start, end - start));
    start = end + 1;
  }
  return names;
}

std::vector<std::string> folder_terms(std::string_view source_path) {
  std::vector<std::string> terms;
  for (std::size_t slash = source_path.find('/'); slash != std::string_view::npos;
       slash = source_path.find('/', slash + 1)) {
    terms.push_back(schema::folder_term(source_path.substr(0, slash)));
  }
  return terms;
}

std::vector<std::pair<std::string, Xapian::termpos>> metadata_word_terms(std::string_view prefix, std::string_view value,
                                                                           Analyser& analyser) {
  std::vector<std::pair<std::string, Xapian::termpos>> terms;
  Xapian::termpos position = 0;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t comma = std::min(value.find(',', start), value.size());
    for (const Token& token : analyser.tokens(value.substr(start, comma - start))) {
      if (token.term.size() <= schema::kMaxTermBytes) terms.emplace_back(schema::term(prefix, token.term), ++position);
    }
    ++position;  // no phrase across the comma
    start = comma + 1;
  }
  return terms;
}

Xapian::termcount title_weight() {
  static const Xapian::termcount weight = [] {
    const char* text = std::getenv("NEWS_TITLE_WEIGHT");
    return text && *text ? static_cast<Xapian::termcount>(std::strtoul(text, nullptr, 10)) : schema::kTitleWdfBoost;
  }();
  return weight;
}

Xapian::Document build_document(const AnalysedArticle& analysed, Analyser& analyser) {
  const Article& article = analysed.article;
  Xapian::Document doc;
  doc.add_boolean_term(schema::id_term(article.id));

  // Reused for every term; clear+append also avoids a GCC 12 -Wrestrict false positive.
  std::string scratch;
  auto compose = [&scratch](std::string_view prefix, std::string_view value) -> const std::string& {
    scratch.clear();
    scratch.append(prefix);
    scratch.append(value);
    return scratch;
  };
  // Each distinct word of the article is stemmed and classified once, and its
  // exact-form and capitals terms added once (wdf 0: more adds change nothing):
  // an article has ~560 tokens but ~290 distinct words.
  struct Word {
    std::string stem_term;  // kStemPrefix + stem
    bool capitals_added = false;
  };
  const std::size_t stem_prefix_size = std::string_view(schema::kStemPrefix).size();
  thread_local std::unordered_map<std::string_view, std::uint32_t> word_numbers;  // views of analysed.tokens
  word_numbers.clear();
  std::vector<Word> words;
  // Exact forms (schema.h): a word that differs from its stem's base form,
  // always; the base form itself only where another form of that stem occurs too.
  std::vector<std::uint32_t> base_form_tokens;  // a word's first token
  std::unordered_set<std::string> stems_with_other_forms;
  for (std::uint32_t i = 0; i < analysed.tokens.size(); ++i) {
    const Token& token = analysed.tokens[i];
    if (token.term.size() > schema::kMaxTermBytes) continue;
    const auto [number, first_time] = word_numbers.try_emplace(token.term, static_cast<std::uint32_t>(words.size()));
    if (first_time) {
      const std::string& stem = analyser.stem(token.term);
      words.push_back({compose(schema::kStemPrefix, stem)});
      if (token.term == Analyser::base_form(stem)) {
        base_form_tokens.push_back(i);
      } else {
        stems_with_other_forms.insert(stem);
        doc.add_term(compose(schema::kExactPrefix, token.term), 0);
      }
    }
    Word& word = words[number->second];
    const Xapian::termpos position = i + 1;
    const bool in_title = i < analysed.title_tokens;
    doc.add_posting(word.stem_term, position, in_title ? title_weight() : 1);
    if (in_title) {
      doc.add_posting(compose(schema::kTitleStemPrefix, std::string_view(word.stem_term).substr(stem_prefix_size)), position);
    }
    if (token.capitals && !word.capitals_added) {
      word.capitals_added = true;
      doc.add_term(compose(schema::kCapitalsPrefix, token.term), 0);
    }
  }
  if (!stems_with_other_forms.empty()) {
    for (std::uint32_t i : base_form_tokens) {
      const std::string& form = analysed.tokens[i].term;
      const std::string_view stem = std::string_view(words[word_numbers.at(form)].stem_term).substr(stem_prefix_size);
      if (stems_with_other_forms.contains(std::string(stem))) doc.add_term(compose(schema::kExactPrefix, form), 0);
    }
  }

  // An entity too long for a term is left out everywhere (terms, facets,
  // stored names), so that the lexicon can name every entity it counts.
  auto fits = [](const EntityMention& m) {
    return schema::entity_prefix(m.type).size() + schema::xapian_length(m.name) <= schema::kMaxEntityTermBytes;
  };
  const std::vector<EntityMention>* kept = &analysed.mentions;
  std::vector<EntityMention> bounded;
  if (!std::all_of(kept->begin(), kept->end(), fits)) {
    std::copy_if(kept->begin(), kept->end(), std::back_inserter(bounded), fits);
    kept = &bounded;
  }
  const std::vector<EntityMention>& mentions = *kept;
  for (const EntityMention& mention : mentions) {
    const std::string term = schema::entity_term(mention.type, mention.name);
    for (std::uint32_t t = mention.first_token; t < mention.end_token; ++t) doc.add_posting(term, t + 1, 0);
    doc.add_term(term, 1);  // wdf counts mentions, not tokens
  }

  // Metadata filters: wdf 0, so they leave document lengths, and so BM25, alone.
  for (const auto& [prefix, value] : {std::pair{schema::kSourcePrefix, &article.source},
                                      std::pair{schema::kAuthorPrefix, &article.author}}) {
    for (const auto& [term, position] : metadata_word_terms(prefix, *value, analyser)) doc.add_posting(term, position, 0);
  }
  for (const std::string& folder : folder_terms(article.source_path)) doc.add_boolean_term(folder);

  doc.add_value(schema::kIdSlot, article.id);
  if (!article.date.empty()) doc.add_value(schema::kDateSlot, article.date);
  const ArticleEntities entities = entities_from_mentions(mentions);
  if (!entities.empty()) doc.add_value(schema::kEntitiesSlot, encode_entity_ids(entities));
  if (std::string fixed = fixed_names_value(analysed, mentions); !fixed.empty()) {
    doc.add_value(schema::kFixedNamesSlot, fixed);
  }

  if (auto signature = story_signature(analysed.tokens, analysed.title_tokens)) {
    doc.add_value(schema::kSignatureSlot, encode(*signature));
  }
  doc.add_value(schema::kContentHashSlot, schema::hex16(article_content_hash(article)));

  StoredArticle stored = make_stored_article(article, analysed.tokens, analysed.title_tokens);
  stored.entities = encode_entities(entities);
  doc.add_value(schema::kRecordSlot, encode(stored));
  return doc;
}

void add_story_cluster(Xapian::Document& document, std::uint64_t cluster) {
  const std::string value = schema::cluster_value(cluster);
  document.add_value(schema::kClusterSlot, value);
  document.add_boolean_term(schema::cluster_term(value));
}

std::uint64_t article_content_hash(const Article& article) {
  StableHasher hasher;
  hasher.update(article.title_text());
  for (TextRange paragraph : article.body) {
    hasher.update("\n");
    hasher.update(article.slice(paragraph));
  }
  return hasher.digest();
}

}  // namespace news
