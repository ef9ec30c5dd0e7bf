#include "text/accent_fold.h"

#include <algorithm>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "text/text_util.h"

namespace news {

namespace {

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Letters whose stroke or bar is part of the letter: NFD leaves them whole.
UChar32 strip_inner_mark(UChar32 c) {
  switch (c) {
    case 0x00F8: return 'o';  // ø
    case 0x00D8: return 'O';
    case 0x0142: return 'l';  // ł
    case 0x0141: return 'L';
    case 0x0111: return 'd';  // đ
    case 0x0110: return 'D';
    case 0x0127: return 'h';  // ħ
    case 0x0126: return 'H';
    case 0x0131: return 'i';  // dotless ı
    case 0x0167: return 't';  // ŧ
    case 0x0166: return 'T';
    default: return c;
  }
}

}  // namespace

std::string fold_accents(std::string_view utf8) {
  if (is_ascii(utf8) || !is_valid_utf8(utf8)) return std::string(utf8);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(utf8);
  const icu::UnicodeString input = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  const icu::UnicodeString decomposed = nfd->normalize(input, status);
  if (U_FAILURE(status)) return std::string(utf8);
  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    stripped.append(strip_inner_mark(c));
  }
  const icu::UnicodeString composed = nfc->normalize(stripped, status);
  if (U_FAILURE(status)) return std::string(utf8);
  std::string out;
  composed.toUTF8String(out);
  return out;
}

bool has_foldable_accents(std::string_view utf8) { return !is_ascii(utf8) && fold_accents(utf8) != utf8; }

}  // namespace news
