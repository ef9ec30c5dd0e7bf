#include "index/prepared_file.h"

#include <mutex>
#include <utility>

#include "text/parallel_for.h"
#include "index/document_builder.h"

namespace news {

namespace fs = std::filesystem;

namespace {

// The reason of a file's last warning, "corpus/a.txt: empty file, skipped"
// -> "empty file", for --verbose.
std::string reason_in(const std::vector<std::string>& warnings, const std::string& path) {
  if (warnings.empty()) return {};
  std::string reason = warnings.back();
  if (reason.rfind(path + ":", 0) == 0) reason.erase(0, path.size() + 1);
  while (!reason.empty() && reason.front() == ' ') reason.erase(0, 1);
  if (reason.ends_with(", skipped")) reason.resize(reason.size() - 9);
  return reason;
}

// Each article's share of the file's bytes, in proportion to its text; the
// shares add up to `file_bytes` exactly.
std::vector<std::uint64_t> byte_shares(const std::vector<Article>& articles, std::uint64_t file_bytes) {
  std::uint64_t total_text = 0;
  for (const Article& a : articles) total_text += a.text.size() + 1;
  std::vector<std::uint64_t> shares;
  shares.reserve(articles.size());
  std::uint64_t text_so_far = 0, given = 0;
  for (const Article& a : articles) {
    text_so_far += a.text.size() + 1;
    const auto upto = static_cast<std::uint64_t>(static_cast<long double>(file_bytes) * text_so_far / total_text);
    shares.push_back(upto - given);
    given = upto;
  }
  return shares;
}

// The read stage of one file: its fate when that is known without analysis
// (failed, skipped, unchanged), else the articles still to analyse.
struct ReadStage {
  PreparedFile prepared;
  std::vector<Article> articles;
  std::vector<std::uint64_t> shares;
};

ReadStage read_file(const PlannedFile& item, const fs::path& corpus_dir, const ReadOptions& read_options) {
  const CorpusFile& file = *item.file;
  ReadStage stage;
  PreparedFile& prepared = stage.prepared;
  prepared.outcome.path = file.relative_path;
  prepared.outcome.bytes = file.size;
  prepared.state.size = file.size;
  prepared.state.mtime_ns = file.mtime_ns;

  // Warnings name the file as the user does: relative to where the indexer
  // ran ("corpus/001.txt"), or absolute when --corpus was. Ids and stored
  // paths are relative to the corpus root.
  const std::string display_path = (corpus_dir / file.relative_path).lexically_normal().generic_string();
  if (!file.special.empty()) {
    prepared.warnings.push_back(display_path + ": not a regular file (" + file.special + "), skipped");
    prepared.outcome.fate = FileFate::skipped;
    prepared.outcome.reason = "not a regular file (" + file.special + ")";
    return stage;
  }
  FileArticles read = read_article_file(SourceFile{file.full_path, file.relative_path, display_path}, read_options);
  prepared.warnings = std::move(read.warnings);
  prepared.outcome.reason = read.reason.empty() ? reason_in(prepared.warnings, display_path) : read.reason;
  if (read.status == FileArticles::Status::failed) {
    prepared.outcome.fate = FileFate::failed;
    prepared.keep_previous_state = true;
    return stage;
  }
  if (read.status == FileArticles::Status::unsupported) {
    prepared.outcome.fate = FileFate::unsupported;
    return stage;
  }
  if (read.status == FileArticles::Status::skipped || read.articles.empty()) {
    prepared.outcome.fate = FileFate::skipped;
    return stage;
  }
  prepared.outcome.reason.clear();
  // Size or time differ: the content hash tells a touched file from a changed one.
  prepared.state.content_hash = read.content_hash;
  if (item.previous && read.content_hash != 0 && read.content_hash == item.previous->content_hash) {
    prepared.outcome.fate = FileFate::unchanged;
    prepared.state.article_ids = item.previous->article_ids;
    prepared.warnings.clear();  // reported when the file was indexed
    return stage;
  }
  prepared.outcome.fate = item.previous ? FileFate::changed : FileFate::added;
  // Some records were left out (their warnings say which): still a problem to report.
  prepared.outcome.partial = read.status == FileArticles::Status::partial;
  stage.shares = byte_shares(read.articles, file.size);
  stage.articles = std::move(read.articles);
  prepared.outcome.articles = stage.articles.size();
  prepared.articles.resize(stage.articles.size());
  for (const Article& a : stage.articles) prepared.state.article_ids.push_back(a.id);
  return stage;
}

}  // namespace

FilePreparer::FilePreparer(unsigned threads, bool entities, fs::path corpus_dir, ReadOptions read_options)
    : analysers_(threads), corpus_dir_(std::move(corpus_dir)), read_options_(std::move(read_options)) {
  for (auto& a : analysers_) a = std::make_unique<Analyser>();
  if (entities) recognizer_ = &EntityRecognizer::standard();
}

std::vector<PreparedFile> FilePreparer::prepare(const std::vector<PlannedFile>& items, const PrepareProgress& progress) {
  std::mutex progress_mutex;
  auto tell = [&](std::uint64_t bytes, std::size_t articles) {
    if (!progress) return;
    std::lock_guard lock(progress_mutex);
    progress(bytes, articles);
  };
  const auto workers = static_cast<unsigned>(analysers_.size());

  std::vector<ReadStage> stages(items.size());
  parallel_for(items.size(), workers, [&](std::size_t i, unsigned) {
    stages[i] = read_file(items[i], corpus_dir_, read_options_);
    if (stages[i].articles.empty()) tell(items[i].file->size, 0);
  });

  std::vector<std::pair<std::size_t, std::size_t>> work;  // (file, article)
  for (std::size_t f = 0; f < stages.size(); ++f) {
    for (std::size_t a = 0; a < stages[f].articles.size(); ++a) work.emplace_back(f, a);
  }
  parallel_for(work.size(), workers, [&](std::size_t w, unsigned worker) {
    const auto [f, a] = work[w];
    ReadStage& stage = stages[f];
    Analyser& analyser = *analysers_[worker];
    const std::uint64_t share = stage.shares[a];
    AnalysedArticle analysed = analyse_article(std::move(stage.articles[a]), analyser, recognizer_);
    PreparedFile& prepared = stage.prepared;
    Xapian::Document document = build_document(analysed, analyser);
    prepared.articles[a] = {analysed.article.id, std::move(document), take_spelling_words(analysed.tokens)};
    tell(share, 1);
  });

  std::vector<PreparedFile> results;
  results.reserve(stages.size());
  for (ReadStage& stage : stages) results.push_back(std::move(stage.prepared));
  return results;
}

}  // namespace news
