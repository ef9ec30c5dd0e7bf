#include "ner/conll.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <memory>
#include <stdexcept>

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "text/parallel_for.h"

namespace news::ner {

namespace {

bool is_word_char(char c) { return static_cast<unsigned char>(c) >= 0x80 || std::isalnum(static_cast<unsigned char>(c)); }

bool attaches_left(const std::string& word) {
  static constexpr std::array<std::string_view, 20> kClosing = {
      ",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "...", "..", "…", "'s", "'m", "'ve", "'ll", "'re", "'d", "n't"};
  if (std::find(kClosing.begin(), kClosing.end(), word) != kClosing.end()) return true;
  if (word == "'S" || word == "N'T" || word == "’s") return true;
  return word.size() >= 2 && word.find_first_not_of("!?.") == std::string::npos;  // "!!", "?!"
}

bool attaches_right(const std::string& word) {
  return word == "(" || word == "[" || word == "{" || word == "@" || word == "#" || word == "$" || word == "£";
}

// The Broad Twitter Corpus tags "@" and the handle after it as two entities
// ("@ B-PER", "colgo B-PER"); written back they are one word, "@colgo", so
// they become one entity.
void merge_split_mentions(std::vector<ConllDocument>& documents) {
  for (ConllDocument& document : documents) {
    for (ConllSentence& sentence : document.sentences) {
      for (std::size_t i = 0; i + 1 < sentence.words.size(); ++i) {
        const BioLabel at = sentence.labels[i];
        if (sentence.words[i] == "@" && is_begin(at) && sentence.labels[i + 1] == at) {
          sentence.labels[i + 1] = inside_label(label_type(at));
        }
      }
    }
  }
}

// "@YouTube" where only "YouTube" is tagged: the token reaches into the
// entity and has nothing but punctuation before it.
bool starts_with_punctuation_into(std::string_view text, const Token& token, TextRange entity) {
  if (token.end <= entity.begin) return false;
  const std::string_view before = text.substr(token.begin, entity.begin - token.begin);
  return std::none_of(before.begin(), before.end(), is_word_char);
}

}  // namespace

std::vector<ConllDocument> read_conll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open CoNLL file");
  std::vector<ConllDocument> documents;
  ConllSentence sentence;
  auto end_sentence = [&] {
    if (sentence.words.empty()) return;
    if (documents.empty()) documents.emplace_back();
    documents.back().sentences.push_back(std::move(sentence));
    sentence = {};
  };
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      end_sentence();
      continue;
    }
    if (line == "-DOCSTART-" || line.rfind("-DOCSTART-\t", 0) == 0) {
      end_sentence();
      documents.emplace_back();
      continue;
    }
    const std::size_t tab = line.rfind('\t');
    if (tab == std::string::npos || tab == 0) {
      throw std::runtime_error(path + ":" + std::to_string(number) + ": expected WORD<TAB>TAG");
    }
    const auto label = label_from_name(std::string_view(line).substr(tab + 1));
    if (!label) throw std::runtime_error(path + ":" + std::to_string(number) + ": unknown tag " + line.substr(tab + 1));
    sentence.words.push_back(line.substr(0, tab));
    sentence.labels.push_back(*label);
  }
  end_sentence();
  merge_split_mentions(documents);
  std::erase_if(documents, [](const ConllDocument& d) { return d.sentences.empty(); });
  return documents;
}

SentenceText detokenise(const std::vector<std::string>& words) {
  SentenceText out;
  bool glue_next = true;  // no space before the first word
  bool quote_open = false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    bool glue = glue_next || attaches_left(word);
    glue_next = attaches_right(word);
    if (word == "\"") {
      if (quote_open) {
        glue = true;
      } else {
        glue_next = true;
      }
      quote_open = !quote_open;
    }
    const bool hyphen = word == "-" && i > 0 && i + 1 < words.size() && is_word_char(words[i - 1].back()) &&
                        is_word_char(words[i + 1].front());
    if (hyphen) glue = glue_next = true;
    if (!glue) out.text.push_back(' ');
    const auto begin = static_cast<std::uint32_t>(out.text.size());
    out.text += word;
    out.words.push_back({begin, static_cast<std::uint32_t>(out.text.size())});
  }
  return out;
}

void align_labels(std::string_view text, const std::vector<TextRange>& words, const std::vector<BioLabel>& word_labels,
                  const std::vector<Token>& tokens, std::uint32_t first, std::uint32_t end,
                  std::vector<BioLabel>& token_labels, std::vector<GoldSpan>& gold) {
  std::uint32_t t = first;
  for (std::size_t w = 0; w < words.size();) {
    if (word_labels[w] == kOutside) {
      ++w;
      continue;
    }
    // An I-X that does not continue an X starts an entity, as in CoNLL's IOB1.
    const EntityType type = label_type(word_labels[w]);
    std::size_t last = w;
    while (last + 1 < words.size() && word_labels[last + 1] == inside_label(type)) ++last;
    GoldSpan span;
    span.bytes = {words[w].begin, words[last].end};
    span.type = type;
    while (t < end && tokens[t].begin < span.bytes.begin && !starts_with_punctuation_into(text, tokens[t], span.bytes)) ++t;
    span.first_token = t;
    while (t < end && tokens[t].begin < span.bytes.end) {
      token_labels[t] = t == span.first_token ? begin_label(type) : inside_label(type);
      ++t;
    }
    span.end_token = t;
    gold.push_back(span);
    w = last + 1;
  }
}

AnalysedDocument analyse_document(const ConllDocument& document, Analyser& analyser,
                                  const std::vector<bool>& upper_case, std::string_view title) {
  AnalysedDocument out;
  if (!title.empty()) {
    out.text = title;
    analyser.tokenize(out.text, {0, static_cast<std::uint32_t>(out.text.size())}, out.tokens);
    out.labels.resize(out.tokens.size(), kOutside);
  }
  for (std::size_t s = 0; s < document.sentences.size(); ++s) {
    const ConllSentence& sentence = document.sentences[s];
    const bool upper = s < upper_case.size() && upper_case[s];
    std::vector<std::string> upper_words;
    if (upper) {
      for (const std::string& word : sentence.words) upper_words.push_back(to_upper(word));
    }
    SentenceText written = detokenise(upper ? upper_words : sentence.words);
    if (!out.text.empty()) out.text += "\n\n";
    const auto offset = static_cast<std::uint32_t>(out.text.size());
    out.text += written.text;
    for (TextRange& word : written.words) word = {word.begin + offset, word.end + offset};
    const auto first = static_cast<std::uint32_t>(out.tokens.size());
    analyser.tokenize(out.text, {offset, static_cast<std::uint32_t>(out.text.size())}, out.tokens);
    const auto end = static_cast<std::uint32_t>(out.tokens.size());
    out.labels.resize(end, kOutside);
    const std::size_t gold_before = out.gold.size();
    align_labels(out.text, written.words, sentence.labels, out.tokens, first, end, out.labels, out.gold);
    for (std::size_t g = gold_before; g < out.gold.size(); ++g) {
      const GoldSpan& span = out.gold[g];
      ++out.entities;
      if (span.lost()) {
        ++out.lost;
      } else if (out.tokens[span.end_token - 1].end > span.bytes.end) {
        ++out.shifted;
      }
    }
  }
  return out;
}

std::vector<AnalysedDocument> analyse_documents(const std::vector<ConllDocument>& documents,
                                                const std::vector<std::vector<bool>>& upper_case, unsigned workers,
                                                std::string_view title) {
  std::vector<AnalysedDocument> out(documents.size());
  std::vector<std::unique_ptr<Analyser>> analysers(std::max(1u, workers));
  for (auto& analyser : analysers) analyser = std::make_unique<Analyser>();
  static const std::vector<bool> kNone;
  parallel_for(documents.size(), workers, [&](std::size_t d, unsigned worker) {
    out[d] = analyse_document(documents[d], *analysers[worker], d < upper_case.size() ? upper_case[d] : kNone, title);
  });
  return out;
}

std::string to_upper(const std::string& text) {
  std::string out;
  icu::UnicodeString::fromUTF8(text).toUpper(icu::Locale::getEnglish()).toUTF8String(out);
  return out;
}

}  // namespace news::ner
