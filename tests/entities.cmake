# Entity recogniser tests, added to unit_tests.
set(NEWS_ENTITY_TESTS
  test_entities.cpp
)
