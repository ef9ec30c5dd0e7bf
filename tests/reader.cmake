# File reader tests, added to unit_tests.
set(NEWS_READER_TESTS
  test_article_reader.cpp
  test_charset.cpp
  test_dates.cpp
  test_html_reader.cpp
)
