#include "index/prepared_file.h"

#include <utility>

#include "text/parallel_for.h"
#include "text/printable.h"
#include "index/document_builder.h"

namespace news {

namespace fs = std::filesystem;

namespace {

PreparedFile prepare_file(const PlannedFile& item, const fs::path& corpus_dir, Analyser& analyser,
                          const EntityRecognizer* recognizer, const ReadOptions& read_options) {
  const CorpusFile& file = *item.file;
  PreparedFile prepared;
  prepared.outcome.path = file.relative_path;
  prepared.outcome.bytes = file.size;
  prepared.state.size = file.size;
  prepared.state.mtime_ns = file.mtime_ns;

  // Articles and warnings name the file as the user does: relative to where
  // the indexer ran ("corpus/001.txt"), or absolute when --corpus was.
  const std::string display_path = (corpus_dir / file.relative_path).lexically_normal().generic_string();
  if (!file.special.empty()) {
    prepared.warnings.push_back(printable(display_path) + ": not a regular file (" + file.special + "), skipped");
    prepared.outcome.fate = FileFate::skipped;
    return prepared;
  }
  FileArticles read = read_article_file(file.full_path, display_path, read_options);
  prepared.warnings = std::move(read.warnings);
  if (read.status == FileArticles::Status::failed) {
    prepared.outcome.fate = FileFate::failed;
    prepared.keep_previous_state = true;
    return prepared;
  }
  if (read.status == FileArticles::Status::skipped || read.articles.empty()) {
    prepared.outcome.fate = FileFate::skipped;
    return prepared;
  }
  // Size or time differ: the content hash tells a touched file from a changed one.
  prepared.state.content_hash = read.content_hash;
  if (item.previous && read.content_hash != 0 && read.content_hash == item.previous->content_hash) {
    prepared.outcome.fate = FileFate::unchanged;
    prepared.state.article_ids = item.previous->article_ids;
    prepared.warnings.clear();  // reported when the file was indexed
    return prepared;
  }
  for (Article& article : read.articles) {
    std::string id = article.id;
    AnalysedArticle analysed = analyse_article(std::move(article), analyser, recognizer);
    Xapian::Document document = build_document(analysed, analyser);
    prepared.articles.push_back({id, std::move(document), take_spelling_words(analysed.tokens)});
    prepared.state.article_ids.push_back(std::move(id));
  }
  prepared.outcome.articles = prepared.articles.size();
  prepared.outcome.fate = item.previous ? FileFate::changed : FileFate::added;
  // Some records were left out (their warnings say which): still a problem to report.
  prepared.outcome.partial = read.status == FileArticles::Status::partial;
  return prepared;
}

}  // namespace

FilePreparer::FilePreparer(unsigned threads, bool entities, fs::path corpus_dir, ReadOptions read_options)
    : analysers_(threads), corpus_dir_(std::move(corpus_dir)), read_options_(std::move(read_options)) {
  for (auto& a : analysers_) a = std::make_unique<Analyser>();
  if (entities) recognizer_ = &EntityRecognizer::standard();
}

std::vector<PreparedFile> FilePreparer::prepare(const std::vector<PlannedFile>& items) {
  std::vector<PreparedFile> results(items.size());
  parallel_for(items.size(), static_cast<unsigned>(analysers_.size()), [&](std::size_t i, unsigned worker) {
    results[i] = prepare_file(items[i], corpus_dir_, *analysers_[worker], recognizer_, read_options_);
  });
  return results;
}

}  // namespace news
