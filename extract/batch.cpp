#include "extract/batch.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace newsgraph {

ReadStats run_batch(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                    const std::function<void(AnnotatedDocument&&)>& sink, const BatchOptions& options) {
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t jobs = options.jobs > 0 ? static_cast<std::size_t>(options.jobs) : hw;
  const std::size_t max_in_flight = jobs * 8;

  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::pair<std::uint64_t, Document>> todo;
  std::map<std::uint64_t, AnnotatedDocument> done;
  bool reading_finished = false;
  bool stop = false;
  std::exception_ptr failure;
  std::uint64_t next_in = 0;
  std::uint64_t in_flight = 0;  // read but not yet delivered
  ReadStats stats;

  auto fail = [&](std::exception_ptr e) {
    std::lock_guard lock(mu);
    if (!failure) failure = e;
    stop = true;
    cv.notify_all();
  };

  // For each id handed out so far (by hash), the hash of its text; and the next
  // suffix to try per base id. Touched by the reader thread only, in input order, so
  // the renaming is the same for any thread count. A repeat of the same id with the
  // same text keeps its id: the graph counts it once, as it does for --into.
  std::unordered_map<std::uint64_t, std::uint64_t> text_of;
  std::unordered_map<std::uint64_t, std::uint32_t> next_suffix;
  auto make_unique = [&](Document& d) {
    const std::uint64_t text = fnv1a64(d.text);
    auto claim = [&](const std::string& id) {
      const auto [it, fresh] = text_of.try_emplace(fnv1a64(id), text);
      return fresh || it->second == text;
    };
    if (claim(d.id)) return;
    std::uint32_t& n = next_suffix.try_emplace(fnv1a64(d.id), 2).first->second;
    std::string id;
    do id = d.id + "~" + std::to_string(n++);
    while (!claim(id));
    if (options.warn)
      options.warn((d.meta.source.empty() ? std::string("<input>") : d.meta.source) + ": document id '" + d.id +
                   "' is already taken by an earlier document with another text; this one is '" + id + "'");
    d.id = std::move(id);
  };

  std::thread reader([&] {
    try {
      for (const auto& input : inputs) {
        const ReadStats s = read_documents(input, [&](Document&& d) {
          make_unique(d);
          std::unique_lock lock(mu);
          cv.wait(lock, [&] { return stop || in_flight < max_in_flight; });
          if (stop) throw std::runtime_error("stopped");
          todo.emplace_back(next_in++, std::move(d));
          ++in_flight;
          cv.notify_all();
        }, options.read);
        std::lock_guard lock(mu);
        stats.documents += s.documents;
        stats.skipped += s.skipped;
      }
    } catch (...) {
      std::lock_guard lock(mu);
      if (!stop) {
        failure = std::current_exception();
        stop = true;
      }
    }
    std::lock_guard lock(mu);
    reading_finished = true;
    cv.notify_all();
  });

  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < jobs; ++i) {
    workers.emplace_back([&] {
      for (;;) {
        std::pair<std::uint64_t, Document> item;
        {
          std::unique_lock lock(mu);
          cv.wait(lock, [&] { return stop || !todo.empty() || reading_finished; });
          if (stop || todo.empty()) return;
          item = std::move(todo.front());
          todo.pop_front();
        }
        try {
          AnnotatedDocument a = pipeline.run(std::move(item.second));
          std::lock_guard lock(mu);
          done.emplace(item.first, std::move(a));
          cv.notify_all();
        } catch (...) {
          fail(std::current_exception());
          return;
        }
      }
    });
  }

  // Deliver in input order on this thread.
  std::uint64_t next_out = 0, tokens = 0;
  for (;;) {
    std::optional<AnnotatedDocument> ready;
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] {
        return stop || done.count(next_out) || (reading_finished && todo.empty() && next_out == next_in);
      });
      if (stop) break;
      auto it = done.find(next_out);
      if (it == done.end()) break;  // everything delivered
      ready = std::move(it->second);
      done.erase(it);
    }
    tokens += ready->tokens.size();
    try {
      sink(std::move(*ready));
    } catch (...) {
      fail(std::current_exception());
      break;
    }
    ++next_out;
    {
      std::lock_guard lock(mu);
      --in_flight;
      cv.notify_all();
    }
    if (options.progress) options.progress(next_out, tokens);
  }
  {
    std::lock_guard lock(mu);
    stop = true;
    cv.notify_all();
  }
  reader.join();
  for (auto& w : workers) w.join();
  if (failure) std::rethrow_exception(failure);
  return stats;
}

}  // namespace newsgraph
