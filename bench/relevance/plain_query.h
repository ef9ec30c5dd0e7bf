// A test collection's query as a user would type it into a search box: plain
// words, with nothing any engine would read as an operator, so that every
// engine compared gets exactly the same words.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace relevance {

// The words of `text`: every ASCII character other than a letter or digit
// (quotes, parentheses, `-`, `+`, `*`, `:`, `/`, `.`, `"`...) and the Unicode
// punctuation of Latin-1 (U+00A0..U+00BF) and General Punctuation
// (U+2000..U+206F: curly quotes, dashes) separate words; other non-ASCII
// characters are letters. An apostrophe (' or U+2019) between two letters
// stays in the word (as an ASCII '). The operator words AND, OR, NOT and NEAR
// written in capitals are dropped (in lower case they are ordinary words for
// every engine here). Case is kept.
std::vector<std::string> plain_words(std::string_view text);

// plain_words joined with single spaces.
std::string plain_query(std::string_view text);

}  // namespace relevance
