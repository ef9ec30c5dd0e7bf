#include "index/prepared_file.h"

#include <mutex>
#include <utility>

#include "text/parallel_for.h"
#include "text/printable.h"
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
    prepared.warnings.push_back(printable(display_path) + ": not a regular file (" + file.special + "), skipped");
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

namespace {

// Serialises the calls of a PrepareProgress made from worker threads.
class LockedProgress {
 public:
  explicit LockedProgress(const PrepareProgress& progress) : progress_(progress) {}
  void operator()(std::uint64_t bytes, std::size_t articles) {
    if (!progress_) return;
    std::lock_guard lock(mutex_);
    progress_(bytes, articles);
  }

 private:
  const PrepareProgress& progress_;
  std::mutex mutex_;
};

}  // namespace

ReadFiles FilePreparer::read(const std::vector<PlannedFile>& items, const PrepareProgress& progress) {
  LockedProgress tell(progress);
  std::vector<ReadStage> stages(items.size());
  parallel_for(items.size(), static_cast<unsigned>(analysers_.size()), [&](std::size_t i, unsigned) {
    stages[i] = read_file(items[i], corpus_dir_, read_options_);
    if (stages[i].articles.empty()) tell(items[i].file->size, 0);
  });
  ReadFiles read;
  for (ReadStage& stage : stages) {
    for (std::size_t a = 0; a < stage.articles.size(); ++a) stage.prepared.articles[a].id = stage.articles[a].id;
    read.files.push_back(std::move(stage.prepared));
    read.articles_.push_back(std::move(stage.articles));
    read.shares_.push_back(std::move(stage.shares));
  }
  return read;
}

void FilePreparer::analyse(ReadFiles& read, const std::vector<ArticleRef>& wanted, const ArticleSink& sink,
                           const PrepareProgress& progress) {
  LockedProgress tell(progress);
  std::uint64_t unwanted_bytes = 0;
  for (const auto& shares : read.shares_) {
    for (std::uint64_t share : shares) unwanted_bytes += share;
  }
  for (const auto& [f, a] : wanted) unwanted_bytes -= read.shares_[f][a];
  if (unwanted_bytes > 0) tell(unwanted_bytes, 0);
  parallel_for(wanted.size(), static_cast<unsigned>(analysers_.size()), [&](std::size_t w, unsigned worker) {
    const ArticleRef where = wanted[w];
    Analyser& analyser = *analysers_[worker];
    Article& article = read.articles_[where.first][where.second];
    AnalysedArticle analysed = analyse_article(std::move(article), analyser, recognizer_);
    Xapian::Document document = build_document(analysed, analyser);
    std::vector<std::string> fixed_names = fixed_position_names(document);
    sink(where, {analysed.article.id, std::move(document), take_spelling_words(analysed.tokens), std::move(fixed_names)});
    tell(read.shares_[where.first][where.second], 1);
  });
}

std::vector<PreparedFile> FilePreparer::prepare(const std::vector<PlannedFile>& items, const PrepareProgress& progress) {
  ReadFiles read = this->read(items, progress);
  std::vector<ArticleRef> every;
  for (std::size_t f = 0; f < read.files.size(); ++f) {
    for (std::size_t a = 0; a < read.files[f].articles.size(); ++a) every.emplace_back(f, a);
  }
  analyse(read, every, [&read](ArticleRef where, PreparedArticle&& article) {
    read.files[where.first].articles[where.second] = std::move(article);
  }, progress);
  return std::move(read.files);
}

}  // namespace news
