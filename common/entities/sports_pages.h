// Stage 3b, sports pages read as such: wire copy whose headline starts with
// a sport ("SOCCER - ENGLISH LEAGUE RESULTS") names teams after their cities
// and lists scorers by surname and minute. There a city (a known place that is
// no country) on a results line, next to a result word ("Barcelona beat",
// "against Boston") or owning a player ("Detroit's Sergei Fedorov") is a
// team, an organisation, everywhere in the article but its dateline;
// "(Konterman 34, Kluivert 80)" and a scorecard's "c Saeed Anwar b Waqar
// Younis" name people. The words are data (data/sports_words.tsv).
#pragma once

#include "entities/recognition_state.h"

namespace news::recognition {

// Whether the headline starts with a sport: its slug, the words before " - "
// ("ICE HOCKEY - NHL STANDINGS"), or its first word, holds a sport.
bool is_sports_page(const RecognitionState& a);

// Retypes cities as teams and adds scorers; returns whether it changed a.found.
bool read_sports_page(RecognitionState& a);

}  // namespace news::recognition
