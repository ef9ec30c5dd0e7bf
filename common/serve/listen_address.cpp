#include "serve/listen_address.h"

#include <netdb.h>
#include <netinet/in.h>

#include <charconv>
#include <cstring>
#include <stdexcept>

namespace news {

namespace {

[[noreturn]] void refuse(const std::string& text, const std::string& why) {
  throw std::invalid_argument("--listen: " + why + ", got \"" + text + "\" (expected HOST:PORT, e.g. " +
                              kDefaultListen + " or [::1]:8080)");
}

bool is_loopback(const sockaddr_storage& a) {
  if (a.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(a);
    return (ntohl(v4.sin_addr.s_addr) >> 24) == 127;
  }
  const auto& v6 = reinterpret_cast<const sockaddr_in6&>(a);
  return IN6_IS_ADDR_LOOPBACK(&v6.sin6_addr);
}

}  // namespace

ListenAddress parse_listen_address(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size()) refuse(text, "no port");
  std::string host = text.substr(0, colon);
  const std::string port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) refuse(text, "no host (give 127.0.0.1 for this machine only, 0.0.0.0 for every interface)");
  unsigned port = 0;
  const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    refuse(text, "the port is not a number from 0 to 65535");
  }

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (const int rc = ::getaddrinfo(host.c_str(), port_text.c_str(), &hints, &found); rc != 0) {
    refuse(text, std::string("cannot resolve the host: ") + ::gai_strerror(rc));
  }
  ListenAddress where;
  std::memcpy(&where.address, found->ai_addr, found->ai_addrlen);
  where.length = found->ai_addrlen;
  ::freeaddrinfo(found);
  where.ipv6 = where.address.ss_family == AF_INET6;
  where.loopback = is_loopback(where.address);
  where.host = host;
  where.port = static_cast<std::uint16_t>(port);
  return where;
}

std::string server_url(const ListenAddress& where, std::uint16_t bound_port) {
  const std::string host = where.host.find(':') != std::string::npos ? "[" + where.host + "]" : where.host;
  return "http://" + host + ":" + std::to_string(bound_port) + "/";
}

}  // namespace news
