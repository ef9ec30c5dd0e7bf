// The end-to-end helper itself: a child that never finishes must fail its
// test at the time limit, not hang the suite (issue 12: `poll` timed out, then
// `waitpid` waited for ever).
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>

#include "e2e_support.h"

using namespace std::chrono_literals;

namespace {

// Runs `argv` with a one-second limit and checks it was killed and reported, in good time.
void check_killed(const std::vector<std::string>& argv) {
  const auto started = std::chrono::steady_clock::now();
  const e2e::Run r = e2e::run(argv, "", {}, 1s);
  const auto took = std::chrono::steady_clock::now() - started;
  CAPTURE(argv.back());
  CHECK(r.timed_out);
  CHECK(r.exit_code == 128 + SIGKILL);
  CHECK(r.err.find("killed") != std::string::npos);
  CHECK(took < 10s);  // the children sleep for 30 s
}

}  // namespace

TEST_CASE("e2e support: a hung child is killed at the time limit and reported as a failed run") {
  SUBCASE("a child that keeps its pipes open") { check_killed({"/bin/sleep", "30"}); }
  SUBCASE("a child that closes its pipes and goes on running") {
    check_killed({"/bin/sh", "-c", "exec >/dev/null 2>&1; sleep 30"});
  }
  SUBCASE("a grandchild holding the pipes after its parent exited") {
    check_killed({"/bin/sh", "-c", "sleep 30 & exit 0"});
  }
}

TEST_CASE("e2e support: a child that finishes in time is not marked timed out") {
  const e2e::Run r = e2e::run({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}, "", {}, 10s);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 3);
  CHECK(r.out == "out\n");
  CHECK(r.err == "err\n");
}

TEST_CASE("e2e support: wait_for kills a started program that outlives its limit") {
  const int pid = e2e::start({"/bin/sleep", "30"});
  const auto started = std::chrono::steady_clock::now();
  CHECK(e2e::wait_for(pid, 500ms) == 128 + SIGKILL);
  CHECK(std::chrono::steady_clock::now() - started < 10s);
}

TEST_CASE("e2e support: run_on_terminal gives the program a terminal") {
  const e2e::Run r = e2e::run_on_terminal({"/bin/sh", "-c", "test -t 1 && test -t 2 && echo terminal"}, {}, 10s);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("terminal") != std::string::npos);
}
