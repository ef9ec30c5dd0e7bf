#include "text/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <vector>

#include "text/text_util.h"

namespace news {

namespace {

// The detector reads a sample: its statistics settle long before 64 KB, and
// a 16 MB file must not cost a second.
constexpr std::size_t kDetectorSampleBytes = 64 * 1024;
// Below this the detector is guessing among look-alikes (it reports Shift_JIS
// at 10% for "Crème"); a Western single-byte charset is the better bet then.
constexpr std::int32_t kMinDetectorConfidence = 20;
// Below this a Western candidate close behind the best one is preferred (see guess_charset).
constexpr std::int32_t kStrongConfidence = 50;
constexpr std::int32_t kWesternMargin = 10;
constexpr std::size_t kBinarySampleBytes = 8 * 1024;
constexpr std::size_t kMaxControlPercent = 3;

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

// ICU's default substitute for an undecodable byte is U+001A (a control
// character) in many legacy converters; U+FFFD says what happened.
void substitute_replacement_character(const void*, UConverterToUnicodeArgs* args, const char*, int32_t,
                                      UConverterCallbackReason reason, UErrorCode* error) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to write
  static const UChar kReplacement = 0xFFFD;
  *error = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, error);
}

std::optional<std::string> convert(std::string_view bytes, const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  Converter source(ucnv_open(charset, &status));
  if (U_FAILURE(status)) return std::nullopt;
  Converter utf8(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status)) return std::nullopt;
  ucnv_setToUCallBack(source.get(), substitute_replacement_character, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return std::nullopt;

  // Streamed through fixed buffers: no int32_t size limits, no size guessing.
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  std::array<char, 64 * 1024> chunk;
  std::array<UChar, 1024> pivot;
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();
  const char* in = bytes.data();
  bool reset = true;
  for (;;) {
    char* target = chunk.data();
    status = U_ZERO_ERROR;
    ucnv_convertEx(utf8.get(), source.get(), &target, chunk.data() + chunk.size(), &in, bytes.data() + bytes.size(),
                   pivot.data(), &pivot_source, &pivot_target, pivot.data() + pivot.size(), reset, true, &status);
    reset = false;
    out.append(chunk.data(), static_cast<std::size_t>(target - chunk.data()));
    if (status == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(status)) return std::nullopt;
    return out;
  }
}

bool has_c1_bytes(std::string_view bytes) {
  return std::any_of(bytes.begin(), bytes.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0x80 && b <= 0x9F;
  });
}

// Latin-1 and Windows-1252 differ only in 0x80-0x9F: C1 controls in one, curly
// quotes, dashes and the euro sign in the other. Text with those bytes is
// always meant as 1252.
std::string western_charset(std::string_view bytes) {
  return has_c1_bytes(bytes) ? "windows-1252" : "ISO-8859-1";
}

bool is_western(std::string_view charset) { return charset == "ISO-8859-1" || charset == "windows-1252"; }

}  // namespace

CharsetGuess guess_charset(std::string_view bytes) {
  const std::string_view sample = bytes.substr(0, kDetectorSampleBytes);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> detector(ucsdet_open(&status));
  if (U_SUCCESS(status)) {
    // Skips markup when the text looks like HTML, so tags do not vote.
    ucsdet_enableInputFilter(detector.get(), true);
    ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
  }
  std::int32_t count = 0;
  const UCharsetMatch** matches = U_SUCCESS(status) ? ucsdet_detectAll(detector.get(), &count, &status) : nullptr;
  struct Candidate {
    std::string_view charset;
    std::int32_t confidence;
  };
  std::vector<Candidate> candidates;  // best first
  for (std::int32_t i = 0; U_SUCCESS(status) && matches && i < count; ++i) {
    UErrorCode match_status = U_ZERO_ERROR;
    const char* name = ucsdet_getName(matches[i], &match_status);
    const std::int32_t confidence = ucsdet_getConfidence(matches[i], &match_status);
    // Not UTF-8 (we know), and UTF-16/32 without a byte order mark would have
    // been caught as binary: those are the detector's shots in the dark.
    if (U_SUCCESS(match_status) && name && !std::string_view(name).starts_with("UTF-")) {
      candidates.push_back({name, confidence});
    }
  }
  const auto western = std::find_if(candidates.begin(), candidates.end(),
                                    [](const Candidate& c) { return is_western(c.charset); });
  const Candidate* chosen = candidates.empty() ? nullptr : &candidates.front();
  // A few accented words do not tell Latin-1 from Latin-2 or Turkish (the
  // detector reports "Crème brûlée" as Romanian at 25%, French at 16%); with
  // weak evidence either way, Western European is the likelier legacy text.
  if (chosen && chosen->confidence < kStrongConfidence && western != candidates.end() &&
      western->confidence + kWesternMargin >= chosen->confidence) {
    chosen = &*western;
  }
  if (!chosen || chosen->confidence < kMinDetectorConfidence) return {western_charset(bytes), "low-confidence guess"};
  std::string charset(chosen->charset);
  if (is_western(charset)) charset = western_charset(bytes);  // the sample may have missed 0x80-0x9F
  return {charset, "confidence " + std::to_string(chosen->confidence) + "%"};
}

namespace {

// The wide Unicode encoding announced by a byte order mark, and the mark's length.
struct WideBom {
  const char* charset = nullptr;
  std::size_t length = 0;
};

WideBom wide_bom(std::string_view b) {
  if (b.starts_with(std::string_view("\xFF\xFE\x00\x00", 4))) return {"UTF-32LE", 4};
  if (b.starts_with(std::string_view("\x00\x00\xFE\xFF", 4))) return {"UTF-32BE", 4};
  if (b.starts_with("\xFF\xFE")) return {"UTF-16LE", 2};
  if (b.starts_with("\xFE\xFF")) return {"UTF-16BE", 2};
  return {};
}

}  // namespace

std::string DecodedText::warning() const {
  if (!converted()) return {};
  return "not UTF-8, converted from " + charset + " (" + evidence + ")";
}

DecodedText decode_to_utf8(std::string bytes) {
  DecodedText decoded;
  if (const WideBom bom = wide_bom(bytes); bom.charset) {
    if (auto text = convert(std::string_view(bytes).substr(bom.length), bom.charset)) {
      decoded.text = std::move(*text);
      decoded.charset = bom.charset;
      decoded.evidence = "byte order mark";
      return decoded;
    }
  }
  if (starts_with_utf8_bom(bytes)) bytes.erase(0, 3);
  if (is_valid_utf8(bytes)) {
    decoded.text = std::move(bytes);
    return decoded;
  }
  CharsetGuess guess = guess_charset(bytes);
  std::optional<std::string> text = convert(bytes, guess.charset.c_str());
  if (!text) {  // a name ICU detects but cannot open: never expected, but never fatal
    guess = {western_charset(bytes), "low-confidence guess"};
    text = convert(bytes, guess.charset.c_str());
  }
  decoded.text = text ? std::move(*text) : std::string();
  decoded.charset = std::move(guess.charset);
  decoded.evidence = std::move(guess.evidence);
  return decoded;
}

std::string convert_to_utf8(std::string_view bytes, const std::string& charset) {
  if (auto text = convert(bytes, charset.c_str())) return std::move(*text);
  if (auto text = convert(bytes, western_charset(bytes).c_str())) return std::move(*text);
  return {};
}

bool looks_binary(std::string_view bytes) {
  const std::string_view sample = bytes.substr(0, kBinarySampleBytes);
  std::size_t controls = 0;
  for (char ch : sample) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) return true;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F) ++controls;
  }
  return controls * 100 > sample.size() * kMaxControlPercent;
}

bool starts_with_wide_bom(std::string_view bytes) { return wide_bom(bytes).charset != nullptr; }

bool is_blank(std::string_view text) {
  if (starts_with_utf8_bom(text)) text.remove_prefix(3);
  return trim(text).empty();
}

}  // namespace news
