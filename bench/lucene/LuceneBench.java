// Lucene as a speed peer for bench/run.sh, doing what a Lucene user would:
// every .txt article below the corpus (first non-empty line the title, the
// rest the body, as bench/corpus_files.h reads them) into an on-disk index
// with EnglishAnalyzer, title and body stored, from THREADS threads sharing one
// IndexWriter, committed, not force-merged; queries (the FTS5 peer's file:
// quoted words and phrases, all required) parsed by the classic QueryParser,
// BM25 top LIMIT with a classic-Highlighter snippet of the body each, timed
// in-process per query after one untimed pass over the file (the JIT's
// warm-up: Lucene is not measured on its interpreter). Output: JSON lines,
// the shape fts5_bench writes.
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.QueryScorer;
import org.apache.lucene.search.highlight.SimpleHTMLFormatter;
import org.apache.lucene.search.highlight.SimpleSpanFragmenter;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

public class LuceneBench {
  // About FTS5's snippet of 24 tokens.
  static final int kFragmentChars = 150;

  public static void main(String[] args) throws Exception {
    if (args.length == 4 && args[0].equals("index")) {
      index(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
    } else if (args.length == 5 && args[0].equals("query")) {
      query(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
    } else if (args.length == 3 && args[0].equals("search")) {
      search(Path.of(args[1]), args[2]);
    } else {
      System.err.println("usage: LuceneBench index CORPUS INDEX THREADS | query INDEX QUERIES LIMIT OUTPUT | search INDEX QUERY");
      System.exit(2);
    }
  }

  static String json(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c)); else out.append(c);
      }
    }
    return out.append('"').toString();
  }

  static void index(Path corpus, Path indexDir, int threads) throws Exception {
    final long start = System.nanoTime();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(corpus)) {
      files = walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".txt")).sorted().collect(Collectors.toList());
    }
    AtomicLong bytes = new AtomicLong();
    Analyzer analyzer = new EnglishAnalyzer();
    try (FSDirectory directory = FSDirectory.open(indexDir);
         IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE))) {
      List<Thread> workers = new ArrayList<>();
      List<Exception> failures = new ArrayList<>();
      for (int t = 0; t < threads; ++t) {
        final int first = t;
        Thread worker = new Thread(() -> {
          try {
            for (int i = first; i < files.size(); i += threads) {
              Path file = files.get(i);
              byte[] raw = Files.readAllBytes(file);
              bytes.addAndGet(raw.length);
              String text = new String(raw, StandardCharsets.UTF_8);
              if (text.startsWith("\uFEFF")) text = text.substring(1);
              String title = "", body = "";
              int at = 0;
              while (at < text.length()) {
                int eol = text.indexOf('\n', at);
                if (eol < 0) eol = text.length();
                String line = text.substring(at, eol).strip();
                at = eol + 1;
                if (!line.isEmpty()) {
                  title = line;
                  body = at < text.length() ? text.substring(at).strip() : "";
                  break;
                }
              }
              String rel = corpus.relativize(file).toString();
              Document document = new Document();
              document.add(new StringField("id", rel.substring(0, rel.length() - 4), Field.Store.YES));
              document.add(new TextField("title", title, Field.Store.YES));
              document.add(new TextField("body", body, Field.Store.YES));
              writer.addDocument(document);
            }
          } catch (Exception e) {
            synchronized (failures) { failures.add(e); }
          }
        });
        workers.add(worker);
        worker.start();
      }
      for (Thread worker : workers) worker.join();
      if (!failures.isEmpty()) throw failures.get(0);
      writer.commit();
    }
    long indexBytes = 0;
    try (Stream<Path> walk = Files.walk(indexDir)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) indexBytes += Files.size(p);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    System.out.printf("{\"engine\": \"lucene\", \"lucene\": %s, \"articles\": %d, \"bytes\": %d, \"wall_s\": %.3f, \"index_bytes\": %d}%n",
                      json(Version.LATEST.toString()), files.size(), bytes.get(), wall, indexBytes);
  }

  static final class Searcher implements AutoCloseable {
    final DirectoryReader reader;
    final IndexSearcher searcher;
    final QueryParser parser;
    final Analyzer analyzer = new EnglishAnalyzer();

    Searcher(Path indexDir) throws IOException {
      reader = DirectoryReader.open(FSDirectory.open(indexDir));
      searcher = new IndexSearcher(reader);
      parser = new QueryParser("body", analyzer);
      parser.setDefaultOperator(QueryParser.Operator.AND);  // as FTS5 reads the same file
      BooleanQuery.setMaxClauseCount(4096);
    }

    // The hits as JSON objects (id, score, snippet).
    List<String> top(String text, int limit) throws Exception {
      Query query = parser.parse(text);
      ScoreDoc[] hits = searcher.search(query, limit).scoreDocs;
      QueryScorer scorer = new QueryScorer(query, "body");
      Highlighter highlighter = new Highlighter(new SimpleHTMLFormatter("<b>", "</b>"), scorer);
      highlighter.setTextFragmenter(new SimpleSpanFragmenter(scorer, kFragmentChars));
      List<String> out = new ArrayList<>();
      for (ScoreDoc hit : hits) {
        Document document = searcher.doc(hit.doc);
        String body = document.get("body");
        String snippet = highlighter.getBestFragment(analyzer, "body", body);
        out.add("{\"id\": " + json(document.get("id")) + ", \"score\": " + hit.score + ", \"snippet\": " +
                json(snippet == null ? "" : snippet) + "}");
      }
      return out;
    }

    @Override
    public void close() throws IOException { reader.close(); }
  }

  static void query(Path indexDir, Path queriesFile, int limit, Path output) throws Exception {
    List<String> queries = new ArrayList<>();
    for (String q : Files.readAllLines(queriesFile)) if (!q.isEmpty()) queries.add(q);
    try (Searcher s = new Searcher(indexDir); PrintWriter out = new PrintWriter(Files.newBufferedWriter(output))) {
      for (String q : queries) {
        try {
          s.top(q, limit);
        } catch (Exception e) {
          // reported in the timed pass
        }
      }
      for (String q : queries) {
        long start = System.nanoTime();
        String line;
        try {
          List<String> hits = s.top(q, limit);
          double ms = (System.nanoTime() - start) / 1e6;
          line = "{\"query\": " + json(q) + ", \"elapsed_ms\": " + ms + ", \"returned\": " + hits.size() + ", \"hits\": [" +
                 String.join(", ", hits) + "]}";
        } catch (Exception e) {
          double ms = (System.nanoTime() - start) / 1e6;
          line = "{\"query\": " + json(q) + ", \"elapsed_ms\": " + ms + ", \"error\": " + json(String.valueOf(e.getMessage())) + "}";
        }
        out.println(line);
      }
    }
  }

  // One query from a fresh JVM: the cold start a user of a Lucene command would see.
  static void search(Path indexDir, String text) throws Exception {
    try (Searcher s = new Searcher(indexDir)) {
      PrintStream out = System.out;
      for (String hit : s.top(text, 10)) out.println(hit);
    }
  }
}
