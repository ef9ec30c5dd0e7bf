// The web page's files (common/serve/web/), compiled into the program by
// cmake/EmbedFiles.cmake, and the one lookup the server makes among them: an
// exact name, never a path on disk.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace news {

struct WebAsset {
  std::string_view content;
  std::string_view content_type;  // from the name's extension
};

// "/" is "/index.html". nullopt for any other name than the files' own.
std::optional<WebAsset> web_asset(std::string_view path);

// Name ("/app.js") to bytes; generated.
const std::map<std::string_view, std::string_view>& embedded_web_files();

}  // namespace news
