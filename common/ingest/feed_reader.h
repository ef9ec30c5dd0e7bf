// RSS and Atom feeds: every <item> (RSS 2.0, RSS 1.0) or <entry> (Atom) one
// Article, read with libxml2's push parser, each whole item taken out of the
// tree as soon as it is parsed: a feed of any size costs one item of memory,
// and a broken file loses only what follows its last whole item. XML is read
// safely: no network, no DTD loading, entities never substituted, so an
// entity bomb ("billion laughs") is refused by libxml2's loop check and an
// external entity never opens a file; references to entities the file
// declares are left out of the text.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "ingest/article_reader.h"

namespace news {

// Fills `buffer` with up to `size` bytes of the file; returns how many, 0 at
// the end of the file, -1 on an error (errno set).
using ByteReader = std::function<long(char* buffer, std::size_t size)>;

// `relative_path` (to the corpus root) gives each article its source_path and
// generated ids their stem; `shown_path` prefixes warnings. `must_be_feed`:
// the extension says feed (.rss, .atom), so another root element is a problem
// (skipped, with a warning); otherwise (.xml) the file is simply not an
// article file (Status::unsupported, no warning).
//
// Per item: title; link -> url; pubDate, published, updated, dc:date -> date;
// content:encoded, description, content, summary -> body (HTML decoded with
// html_fragment_text()); author, dc:creator, author/name -> author; the
// channel's (feed's) title, or an RSS item's <source>, -> source; guid or
// Atom id -> id, else "<stem>-L<line>"; the item's line -> line.
FileArticles read_feed(const ByteReader& read, const std::string& relative_path, const std::string& shown_path,
                       bool must_be_feed);

}  // namespace news
