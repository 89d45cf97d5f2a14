#include "batch_scheduler.hpp"

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace dtop {

namespace {

// The shared state of one scheduling: what is ready, what each finished node unblocks.
class ReadyQueue {
public:
    explicit ReadyQueue(const std::vector<BatchTask>& tasks) : waiting_(tasks.size()) {
        std::map<std::size_t, std::size_t> index;
        for (std::size_t t = 0; t < tasks.size(); ++t) index[tasks[t].node] = t;
        dependents_.resize(tasks.size());
        for (std::size_t t = 0; t < tasks.size(); ++t) {
            for (std::size_t dep : tasks[t].after) {
                auto it = index.find(dep);
                if (it == index.end()) continue;  // outside the set: already finished
                dependents_[it->second].push_back(t);
                ++waiting_[t];
            }
        }
        for (std::size_t t = 0; t < tasks.size(); ++t)
            if (waiting_[t] == 0) ready_.push_back(t);
    }

    // The next task to run, or false when none is left to start (all done, or stopping).
    bool next(std::size_t& task, const std::function<bool()>& stop) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !ready_.empty() || running_ == 0; });
        if (ready_.empty() || stop()) return false;
        task = ready_.front();
        ready_.pop_front();
        ++running_;
        return true;
    }

    void done(std::size_t task) {
        {
            std::lock_guard lock(mutex_);
            --running_;
            for (std::size_t d : dependents_[task])
                if (--waiting_[d] == 0) ready_.push_back(d);
        }
        changed_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::size_t> ready_;
    std::vector<std::size_t> waiting_;
    std::vector<std::vector<std::size_t>> dependents_;
    std::size_t running_ = 0;
};

}  // namespace

void run_ready_queue(const std::vector<BatchTask>& tasks, unsigned jobs, const std::function<void(std::size_t)>& run,
                     const std::function<bool()>& stop) {
    ReadyQueue queue(tasks);
    auto worker = [&] {
        std::size_t t = 0;
        while (queue.next(t, stop)) {
            run(tasks[t].node);
            queue.done(t);
        }
    };
    const std::size_t threads = std::min<std::size_t>(jobs == 0 ? 1 : jobs, tasks.size());
    if (threads <= 1) {
        worker();
        return;
    }
    std::vector<std::thread> pool;
    for (std::size_t k = 0; k < threads; ++k) pool.emplace_back(worker);
    for (auto& th : pool) th.join();
}

}  // namespace dtop
