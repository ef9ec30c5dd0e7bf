# Sources of the file readers (formats, charsets, dates).
set(NEWS_READER_SOURCES
  article_reader.cpp
  charset.cpp
  dates.cpp
  html_reader.cpp
  jsonl_reader.cpp
)
