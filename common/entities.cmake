# Sources of the entity recogniser (owned by the entities work; listed here so
# that its files can change without touching common/CMakeLists.txt).
set(NEWS_ENTITY_SOURCES
  entities.cpp
  entity_lexicon.cpp
)
