// Where the server listens: "HOST:PORT" as given to --listen (127.0.0.1:8080,
// localhost:8080, [::1]:8080; port 0 picks a free one), resolved once to a
// socket address, and whether it is this machine only.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>

namespace news {

struct ListenAddress {
  sockaddr_storage address{};
  socklen_t length = 0;
  bool ipv6 = false;
  bool loopback = false;  // 127.0.0.0/8 or ::1: no other machine can connect
  std::string host;       // as given, without brackets
  std::uint16_t port = 0;
};

inline constexpr const char* kDefaultListen = "127.0.0.1:8080";

// Throws std::invalid_argument with a one-line reason ("--listen: ...").
ListenAddress parse_listen_address(const std::string& text);

// "http://127.0.0.1:8080/" for `host` and the port actually bound.
std::string server_url(const ListenAddress& where, std::uint16_t bound_port);

}  // namespace news
