// Lucene as a ranking peer for bench/relevance.sh: the collection (docs.tsv:
// ID, TITLE, TEXT) in one in-memory field holding title and text,
// EnglishAnalyzer, BM25Similarity(1.2, 0.75); each line of queries.txt parsed
// by the classic QueryParser (its words OR'd); the top LIMIT as a TREC run.
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

public class LuceneRank {
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: LuceneRank DOCS.tsv QUERIES.txt LIMIT RUN");
      System.exit(2);
    }
    Analyzer analyzer = new EnglishAnalyzer();
    BM25Similarity bm25 = new BM25Similarity(1.2f, 0.75f);
    ByteBuffersDirectory directory = new ByteBuffersDirectory();
    try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setSimilarity(bm25))) {
      for (String line : Files.readAllLines(Path.of(args[0]))) {
        String[] fields = line.split("\t", 3);
        Document document = new Document();
        document.add(new StoredField("id", fields[0]));
        document.add(new TextField("text", fields[1] + "\n" + fields[2], Field.Store.NO));
        writer.addDocument(document);
      }
    }
    IndexSearcher searcher = new IndexSearcher(DirectoryReader.open(directory));
    searcher.setSimilarity(bm25);
    QueryParser parser = new QueryParser("text", analyzer);  // default operator OR
    BooleanQuery.setMaxClauseCount(4096);
    List<String> queries = Files.readAllLines(Path.of(args[1]));
    int limit = Integer.parseInt(args[2]);
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[3])))) {
      for (int q = 0; q < queries.size(); ++q) {
        ScoreDoc[] hits = searcher.search(parser.parse(QueryParser.escape(queries.get(q))), limit).scoreDocs;
        for (int rank = 1; rank <= hits.length; ++rank) {
          String id = searcher.doc(hits[rank - 1].doc).get("id");
          out.printf("%d Q0 %s %d -%d lucene%n", q + 1, id, rank, rank);
        }
      }
    }
  }
}
