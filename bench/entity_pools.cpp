#include "entity_pools.h"

namespace bench {

// Real office holders the bundled articles mention, then made-up but
// realistic names, so that both known and unknown names reach the recogniser.
const std::vector<Person>& people() {
  static const std::vector<Person> pool = {
      {"Prime Minister", "Fumio Kishida", "Mr. Kishida", "Kishida"},
      {"President", "Joe Biden", "Mr. Biden", "Biden"},
      {"President", "Vladimir Putin", "Mr. Putin", "Putin"},
      {"President", "Volodymyr Zelensky", "Mr. Zelensky", "Zelensky"},
      {"Foreign Minister", "Sergey Lavrov", "Mr. Lavrov", "Lavrov"},
      {"Secretary of State", "Antony Blinken", "Mr. Blinken", "Blinken"},
      {"Foreign Minister", "Yoko Kamikawa", "Ms. Kamikawa", "Kamikawa"},
      {"President", "Xi Jinping", "Mr. Xi", "Xi"},
      {"Chancellor", "Olaf Scholz", "Mr. Scholz", "Scholz"},
      {"President", "Emmanuel Macron", "Mr. Macron", "Macron"},
      {"Secretary General", "Jens Stoltenberg", "Mr. Stoltenberg", "Stoltenberg"},
      {"Defense Secretary", "Lloyd Austin", "Mr. Austin", "Austin"},
      {"Ambassador", "Nikolay Nozdrev", "Mr. Nozdrev", "Nozdrev"},
      {"Deputy Foreign Minister", "Igor Morgulov", "Mr. Morgulov", "Morgulov"},
      {"", "Kim Jong Un", "Mr. Kim", "Kim"},
      {"Chief Cabinet Secretary", "Yoshimasa Hayashi", "Mr. Hayashi", "Hayashi"},
      {"Governor", "Yuriko Koike", "Ms. Koike", "Koike"},
      {"Senator", "Margaret Holloway", "Ms. Holloway", "Holloway"},
      {"Governor", "Daniel Okafor", "Mr. Okafor", "Okafor"},
      {"Mayor", "Elena Marchetti", "Ms. Marchetti", "Marchetti"},
      {"Chief Executive", "Hiroshi Tanabe", "Mr. Tanabe", "Tanabe"},
      {"Professor", "Ingrid Lindqvist", "Professor Lindqvist", "Lindqvist"},
      {"Finance Minister", "Rajesh Mehta", "Mr. Mehta", "Mehta"},
      {"General", "Viktor Sorokin", "General Sorokin", "Sorokin"},
      {"Ambassador", "Claire Dubois", "Ms. Dubois", "Dubois"},
      {"Dr.", "Amara Nwosu", "Dr. Nwosu", "Nwosu"},
      {"Trade Minister", "Kenji Watanabe", "Mr. Watanabe", "Watanabe"},
      {"Admiral", "Thomas Reyes", "Admiral Reyes", "Reyes"},
      {"Judge", "Helen Carrington", "Judge Carrington", "Carrington"},
      {"Spokeswoman", "Olga Petrenko", "Ms. Petrenko", "Petrenko"},
  };
  return pool;
}

const std::vector<Place>& places() {
  static const std::vector<Place> pool = {
      {"Japan"},        {"Ukraine"},        {"Russia"},       {"Kuril Islands"}, {"China"},
      {"Sea of Japan"}, {"Tokyo"},          {"Moscow"},       {"Kyiv"},          {"Washington"},
      {"Beijing"},      {"North Korea"},    {"South Korea"},  {"Taiwan"},        {"Hokkaido"},
      {"Seoul"},        {"East China Sea"}, {"Vladivostok"},  {"Crimea"},        {"Brussels"},
      {"Berlin"},       {"Poland"},         {"Finland"},      {"Black Sea"},     {"Okinawa"},
      {"Sakhalin"},     {"Kharkiv"},        {"Odesa"},        {"Geneva"},        {"Philippines"},
      {"India"},        {"Australia"},      {"Germany"},      {"France"},        {"United Kingdom"},
      {"Hiroshima"},    {"Osaka"},          {"Manila"},
  };
  return pool;
}

const std::vector<Organisation>& organisations() {
  static const std::vector<Organisation> pool = {
      {"NATO", "NATO"},
      {"the State Department", "State Department"},
      {"TASS", "TASS"},
      {"the United Nations", "United Nations"},
      {"the European Union", "European Union"},
      {"the Pentagon", "Pentagon"},
      {"the Kremlin", "Kremlin"},
      {"Reuters", "Reuters"},
      {"Kyodo News", "Kyodo News"},
      {"the International Monetary Fund", "International Monetary Fund"},
      {"the World Bank", "World Bank"},
      {"the Bank of Japan", "Bank of Japan"},
      {"the Japan Coast Guard", "Japan Coast Guard"},
      {"Toyota", "Toyota"},
      {"Gazprom", "Gazprom"},
      {"the Federal Reserve", "Federal Reserve"},
      {"Amnesty International", "Amnesty International"},
      {"the Red Cross", "Red Cross"},
      {"Mitsubishi Heavy Industries", "Mitsubishi Heavy Industries"},
      {"the Associated Press", "Associated Press"},
      {"ASEAN", "ASEAN"},
      {"the World Health Organization", "World Health Organization"},
      {"Rosneft", "Rosneft"},
      {"Greenpeace", "Greenpeace"},
  };
  return pool;
}

}  // namespace bench
