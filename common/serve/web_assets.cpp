#include "serve/web_assets.h"

namespace news {

namespace {

std::string_view content_type_of(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

}  // namespace

std::optional<WebAsset> web_asset(std::string_view path) {
  if (path == "/") path = "/index.html";
  const auto& files = embedded_web_files();
  const auto found = files.find(path);
  if (found == files.end()) return std::nullopt;
  return WebAsset{found->second, content_type_of(path)};
}

}  // namespace news
