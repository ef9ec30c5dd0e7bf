// The people, places and organisations the corpus maker mixes into articles
// and the query maker asks for. One list, so the queries name exactly the
// entities the corpus mentions. Order matters: earlier entries are mentioned
// more often (Zipf weights), and changing a list changes every corpus.
#pragma once

#include <string>
#include <vector>

namespace bench {

struct Person {
  std::string role;     // "Prime Minister"; written before the name on first mention
  std::string name;     // "Fumio Kishida"; what a person: filter asks for
  std::string short_;   // "Mr. Kishida"; later mentions
  std::string surname;  // "Kishida"; a one-word query
  std::string full() const { return role.empty() ? name : role + " " + name; }
};

struct Place {
  std::string name;  // "Kuril Islands"
};

struct Organisation {
  std::string in_text;  // "the State Department", as written mid-sentence
  std::string name;     // "State Department", what an org: filter asks for
};

const std::vector<Person>& people();
const std::vector<Place>& places();
const std::vector<Organisation>& organisations();

}  // namespace bench
