// A test hook for crash consistency (the notmuch T380 idea): with
// NEWS_FAULT_AFTER_COMMITS=N in the environment, the indexer stops dead
// (_exit, no cleanup, no destructors) right after its Nth commit step: each
// shard commit, each lexicon commit (journal, batch, finish, recovery), the
// stub switch. Tests loop N over every step and check that the next run
// repairs whatever was left (docs/reliability.md). Unset, it costs one
// relaxed atomic increment per commit.
#pragma once

#include <string_view>

namespace news {

// Exit status of a run stopped by the hook.
inline constexpr int kFaultExitCode = 99;
inline constexpr const char* kFaultEnvironment = "NEWS_FAULT_AFTER_COMMITS";

// Call right after a commit step has completed; `what` names it in the line
// the hook prints ("shard-1", "lexicon journal"). Thread-safe.
void commit_point(std::string_view what);

// Whether the hook is set: writers then commit their shards one at a time,
// so that the Nth step is the same step in every run.
bool fault_injection_armed();

}  // namespace news
