#include "ner/synthetic.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <random>
#include <string>

namespace news::ner {

namespace {

using Name = std::vector<std::string>;

bool is_plain_capitalised(const std::string& word) {
  if (word.empty() || word[0] < 'A' || word[0] > 'Z') return false;
  for (char c : word) {
    if (!std::isalpha(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '\'') return false;
  }
  return true;
}

// The names of each type in `source`, as written.
std::array<std::vector<Name>, 3> collect_names(const std::vector<ConllDocument>& source) {
  std::array<std::vector<Name>, 3> names;
  for (const ConllDocument& document : source) {
    for (const ConllSentence& sentence : document.sentences) {
      for (std::size_t w = 0; w < sentence.words.size();) {
        if (!is_begin(sentence.labels[w])) {
          ++w;
          continue;
        }
        const EntityType type = label_type(sentence.labels[w]);
        Name name{sentence.words[w]};
        std::size_t end = w + 1;
        while (end < sentence.words.size() && sentence.labels[end] == inside_label(type)) name.push_back(sentence.words[end++]);
        const bool plain = std::all_of(name.begin(), name.end(), is_plain_capitalised);
        // People by full name, as tables give them; places and clubs as they come.
        if (plain && name.size() <= 4 && (type != EntityType::person || name.size() >= 2)) {
          names[static_cast<std::size_t>(type)].push_back(std::move(name));
        }
        w = end;
      }
    }
  }
  return names;
}

class LineWriter {
 public:
  explicit LineWriter(std::uint64_t seed) : random_(seed) {}

  std::size_t below(std::size_t n) { return static_cast<std::size_t>(random_() % n); }
  std::string number(int low, int high) { return std::to_string(low + static_cast<int>(below(high - low + 1))); }

  void word(ConllSentence& line, std::string w, BioLabel label = kOutside) {
    line.words.push_back(std::move(w));
    line.labels.push_back(label);
  }
  void name(ConllSentence& line, const Name& n, EntityType type, bool upper = false) {
    for (std::size_t k = 0; k < n.size(); ++k) {
      word(line, upper ? to_upper(n[k]) : n[k], k == 0 ? begin_label(type) : inside_label(type));
    }
  }

 private:
  std::mt19937_64 random_;
};

}  // namespace

std::vector<ConllDocument> synthetic_documents(const std::vector<ConllDocument>& source, std::size_t count,
                                               std::uint64_t seed) {
  const auto names = collect_names(source);
  const auto& people = names[static_cast<std::size_t>(EntityType::person)];
  const auto& places = names[static_cast<std::size_t>(EntityType::place)];
  const auto& orgs = names[static_cast<std::size_t>(EntityType::org)];
  std::vector<ConllDocument> documents;
  if (people.empty() || places.empty() || orgs.empty()) return documents;
  LineWriter out(seed);
  auto pick = [&](const std::vector<Name>& from) -> const Name& { return from[out.below(from.size())]; };
  for (std::size_t d = 0; d < count; ++d) {
    ConllDocument document;
    const std::size_t kind = out.below(4);
    const std::size_t rows = kind == 3 ? 1 : 2 + out.below(5);
    for (std::size_t r = 0; r < rows; ++r) {
      ConllSentence line;
      if (kind == 0) {  // "2. Katja Seizinger (Germany) 1:23.90"
        out.word(line, std::to_string(r + 1) + ".");
        out.name(line, pick(people), EntityType::person);
        const bool brackets = out.below(2) == 0;
        if (brackets) out.word(line, "(");
        out.name(line, pick(places), EntityType::place);
        if (brackets) out.word(line, ")");
        out.word(line, out.number(1, 2) + ":" + out.number(10, 59) + "." + out.number(10, 99));
      } else if (kind == 1) {  // "Leeds 12 4 4 4 12 12 16"
        out.name(line, pick(orgs), EntityType::org);
        for (int k = 0; k < 7; ++k) out.word(line, out.number(0, 30));
      } else if (kind == 2) {  // "Sheffield Wednesday 2 Leeds 1"
        out.name(line, pick(orgs), EntityType::org);
        out.word(line, out.number(0, 5));
        out.name(line, pick(orgs), EntityType::org);
        out.word(line, out.number(0, 5));
      } else {  // "VAIL, Colorado 1996-12-06"
        out.name(line, pick(places), EntityType::place, true);
        if (out.below(2) == 0) {
          out.word(line, ",");
          out.name(line, pick(places), EntityType::place);
        }
        out.word(line, "19" + out.number(90, 99) + "-" + out.number(10, 12) + "-" + out.number(10, 28));
      }
      document.sentences.push_back(std::move(line));
    }
    documents.push_back(std::move(document));
  }
  return documents;
}

}  // namespace news::ner
