#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <xapian.h>

#include "text/analyser.h"

using news::Analyser;

namespace {
std::vector<std::string> terms_of(Analyser& analyser, std::string_view text) {
  std::vector<std::string> terms;
  for (const auto& t : analyser.tokens(text)) terms.push_back(t.term);
  return terms;
}
}  // namespace

TEST_CASE("analyser: words are case-folded and keep byte offsets into the original text") {
  Analyser analyser;
  const std::string text = "Russia warns  Japan";
  auto tokens = analyser.tokens(text);
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[0].term == "russia");
  CHECK(text.substr(tokens[2].begin, tokens[2].end - tokens[2].begin) == "Japan");
  CHECK(tokens[2].begin == 14);
}

TEST_CASE("analyser: offsets count bytes through multi-byte characters") {
  Analyser analyser;
  const std::string text = "“deeply concerned” — Zelensky";
  auto tokens = analyser.tokens(text);
  REQUIRE(tokens.size() == 3);
  CHECK(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin) == "deeply");
  CHECK(text.substr(tokens[2].begin, tokens[2].end - tokens[2].begin) == "Zelensky");
}

TEST_CASE("analyser: curly and straight apostrophes agree and possessives fold") {
  Analyser analyser;
  CHECK(terms_of(analyser, "America’s") == std::vector<std::string>{"america"});
  CHECK(terms_of(analyser, "America's") == std::vector<std::string>{"america"});
  CHECK(terms_of(analyser, "allies'") == std::vector<std::string>{"allies"});
  CHECK(terms_of(analyser, "we’re") == std::vector<std::string>{"we're"});
}

TEST_CASE("analyser: dotted acronyms, hyphens and numbers") {
  Analyser analyser;
  CHECK(terms_of(analyser, "U.S.") == std::vector<std::string>{"us"});
  CHECK(terms_of(analyser, "US") == std::vector<std::string>{"us"});
  CHECK(terms_of(analyser, "medium-range") == std::vector<std::string>{"medium", "range"});
  CHECK(terms_of(analyser, "re-militarization") == std::vector<std::string>{"re", "militarization"});
  CHECK(terms_of(analyser, "1,000 troops in 2022") == std::vector<std::string>{"1000", "troops", "in", "2022"});
  CHECK(analyser.tokens("2022")[0].is_number);
}

TEST_CASE("analyser: NFKC folds compatibility forms") {
  Analyser analyser;
  // Full-width letters and the "ﬁ" ligature fold to plain ASCII.
  CHECK(terms_of(analyser, "ＮＡＴＯ") == std::vector<std::string>{"nato"});
  CHECK(terms_of(analyser, "ﬁnance") == std::vector<std::string>{"finance"});
  CHECK(terms_of(analyser, "STRASSE Straße") == std::vector<std::string>{"strasse", "strasse"});
}

TEST_CASE("analyser: English Snowball stems") {
  Analyser analyser;
  CHECK(analyser.stem("sanctions") == "sanction");
  CHECK(analyser.stem("sanction") == "sanction");
  CHECK(analyser.stem("militarization") == analyser.stem("militarizations"));
  CHECK(analyser.stem("threatening") == "threaten");
}

TEST_CASE("analyser: sentence starts skip abbreviations and initials") {
  Analyser analyser;
  const std::string text =
      "Amb. Nikolay Nozdrev spoke. Then Daniel J. Kritenbrink said the U.S. Navy agreed! Mr. Kishida left.";
  auto tokens = analyser.tokens(text);
  std::vector<std::string> starts;
  for (const auto& t : tokens) {
    if (t.sentence_start) starts.push_back(text.substr(t.begin, t.end - t.begin));
  }
  CHECK(starts == std::vector<std::string>{"Amb", "Then", "Mr"});
}

TEST_CASE("regression: the stem cache stays bounded over an open vocabulary") {
  news::Analyser analyser;
  Xapian::Stem english("english");
  const std::size_t words = news::Analyser::kStemCacheLimit + 5000;
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < words; ++i) {
    std::string word = "w";
    for (std::size_t n = i; n > 0; n /= 26) word.push_back(static_cast<char>('a' + n % 26));
    word += "ing";
    const std::string& stem = analyser.stem(word);
    wrong += stem != english(word);  // still right across the clearing
  }
  CHECK(wrong == 0);
  CHECK(analyser.cached_stems() <= news::Analyser::kStemCacheLimit);
  CHECK(analyser.cached_stems() > 0);
  CHECK(analyser.stem("running") == "run");
}

TEST_CASE("analyser: accents fold, offsets stay on the original text") {
  Analyser analyser;
  CHECK(terms_of(analyser, "Zürich Zurich ZÜRICH") == std::vector<std::string>{"zurich", "zurich", "zurich"});
  CHECK(terms_of(analyser, "José Mourinho naïve café Øresund Łódź") ==
        std::vector<std::string>{"jose", "mourinho", "naive", "cafe", "oresund", "lodz"});
  const std::string text = "in Zürich today";
  const auto tokens = analyser.tokens(text);
  REQUIRE(tokens.size() == 3);
  CHECK(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin) == "Zürich");
  CHECK(Analyser::normalise("Café's") == "cafe");
}

TEST_CASE("analyser: C++, C#, .NET, 3.5%, £5m and $5m are one token each") {
  Analyser analyser;
  const std::string text = "C++ and C# on .NET cost £5m, $5.5bn or 3.5% (F#). x++y c#d end.NET a+b 10 %";
  CHECK(terms_of(analyser, text) == std::vector<std::string>{"c++", "and", "c#", "on", ".net", "cost", "£5m", "$5.5bn",
                                                            "or", "3.5%", "f#", "x", "y", "c", "d", "end.net", "a", "b",
                                                            "10"});
  const auto tokens = analyser.tokens(text);
  CHECK(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin) == "C++");
  CHECK(text.substr(tokens[4].begin, tokens[4].end - tokens[4].begin) == ".NET");
  CHECK(text.substr(tokens[6].begin, tokens[6].end - tokens[6].begin) == "£5m");
  CHECK(tokens[9].is_number);
  CHECK(terms_of(analyser, "C") == std::vector<std::string>{"c"});
  CHECK(terms_of(analyser, "5m") == std::vector<std::string>{"5m"});
}

TEST_CASE("analyser: words written in capitals, unless the whole range is") {
  Analyser analyser;
  const auto tokens = analyser.tokens("The US and U.S. troops told us NATO, Nato and I");
  std::vector<std::string> capitals;
  for (const auto& t : tokens) {
    if (t.capitals) capitals.push_back(t.term);
  }
  CHECK(capitals == std::vector<std::string>{"us", "us", "nato"});
  for (const auto& t : analyser.tokens("US TROOPS LEAVE")) CHECK_FALSE(t.capitals);  // a shouted headline
  CHECK(Analyser::written_in_capitals("ÉTÉ"));
  CHECK_FALSE(Analyser::written_in_capitals("McDonald"));
  CHECK_FALSE(Analyser::written_in_capitals("A"));
}

TEST_CASE("analyser: a stem's base form is its usual spelling, else the stem") {
  Analyser analyser;
  CHECK(Analyser::base_form(analyser.stem("house")) == "house");
  CHECK(Analyser::base_form(analyser.stem("countries")) == "country");
  CHECK(Analyser::base_form(analyser.stem("wells")) == "well");
  CHECK(Analyser::base_form("kishida") == "kishida");  // not in the table: the stem itself
}
