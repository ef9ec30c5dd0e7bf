// The query language (search/query.h): lexer, parser and compiler on any
// bytes, then the compiled query run and the spelling suggester. A bad query
// is one QuerySyntaxError with a one-line message, never a crash, a stack
// overflow or an exception of another kind.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <string_view>

#include <xapian.h>

#include "text/analyser.h"
#include "index/document_builder.h"
#include "search/query.h"
#include "fuzz_target.h"

namespace {

// A tiny glass index (the in-memory backend has no spelling table) with
// spellings for the wildcards and synonyms for the synonym runs.
struct TinyIndex {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("news-fuzz-query-" + std::to_string(::getpid()));
  Xapian::WritableDatabase db{path.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS};
  news::Analyser analyser;

  TinyIndex() {
    const char* texts[] = {"Sanctions on Russia\n\nThe sanctions hit Moscow hard. Putin and Kim met.",
                           "Military drills\n\nJapan held military exercises near the Kuril Islands."};
    int n = 0;
    for (const char* text : texts) {
      news::Article a = news::parse_plain_text(text, "doc" + std::to_string(n++), "x.txt");
      db.add_document(news::build_document(news::analyse_article(std::move(a), analyser, nullptr), analyser));
    }
    for (const char* word : {"sanctions", "military", "militarization", "moscow", "japan", "kuril", "islands"}) {
      db.add_spelling(word);
    }
    db.add_synonym("kuril islands", "northern territories");
    db.add_synonym("america", "u.s.");
    db.commit();
  }
  ~TinyIndex() {
    db.close();
    std::filesystem::remove_all(path);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static TinyIndex index;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  news::QueryCompiler compiler(index.db, index.analyser);
  try {
    const news::CompiledQuery compiled = compiler.compile(text);
    Xapian::Enquire enquire(index.db);
    enquire.set_query(compiled.query);
    enquire.get_mset(0, 10);
    compiler.suggest(text);
  } catch (const news::QuerySyntaxError& e) {
    fuzz::expect(std::string_view(e.what()).find('\n') == std::string_view::npos, "a query error spans several lines");
  }
  return 0;
}
