// The engine's one export: the table of engine_api.hpp, over the ensemble (ensemble.hpp). Every
// entry catches what LibTorch throws and returns it as text.
#include "engine_api.hpp"
#include "ensemble.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace dtop::battery {

struct Network {
    torch::Tensor theta;  // [members, parameters], float32
    Layout layout;
};

namespace {

// The networks are tiny: LibTorch's intra-op threads would only add overhead, and the ensemble
// spreads over threads itself.
void single_threaded_ops() {
    static std::once_flag once;
    std::call_once(once, [] { torch::set_num_threads(1); });
}

torch::Tensor features_tensor(const FeatureMatrix& f) {
    return torch::from_blob(const_cast<float*>(f.data), {static_cast<int64_t>(f.rows), static_cast<int64_t>(f.cols)},
                            torch::kFloat32);
}

template <class F>
auto guarded(std::string& error, F f) -> decltype(f()) {
    try {
        return f();
    } catch (const c10::Error& e) {
        error = e.what_without_backtrace();
    } catch (const std::exception& e) {
        error = e.what();
    }
    return {};
}

// The ensemble trains in two halves on two threads, whatever the machine: the split is fixed so that
// the numbers do not depend on the number of cores.
constexpr int kTrainingThreads = 2;

Network* train(const FeatureMatrix& features, const float* target, const TwinSettings& s, std::string& error) {
    return guarded(error, [&]() -> Network* {
        single_threaded_ops();
        const auto x = features_tensor(features);
        const auto y = torch::from_blob(const_cast<float*>(target), {static_cast<int64_t>(features.rows), 1}, torch::kFloat32);
        const Layout layout = layout_for(static_cast<int64_t>(features.cols), s.layers, s.width);
        // Contiguous groups of members, one per thread; the first group trains on this thread.
        const int groups = std::min(kTrainingThreads, s.ensemble);
        std::vector<torch::Tensor> parts(static_cast<std::size_t>(groups));
        std::vector<std::exception_ptr> failures(static_cast<std::size_t>(groups));
        auto run = [&](int g) {
            const int first = g * s.ensemble / groups, last = (g + 1) * s.ensemble / groups;
            try {
                parts[static_cast<std::size_t>(g)] = train_members(x, y, s, layout, first, last - first);
            } catch (...) {
                failures[static_cast<std::size_t>(g)] = std::current_exception();
            }
        };
        std::vector<std::thread> workers;
        for (int g = 1; g < groups; ++g) workers.emplace_back(run, g);
        run(0);
        for (auto& w : workers) w.join();
        for (const auto& f : failures)
            if (f) std::rethrow_exception(f);
        return new Network{torch::cat(parts, 0), layout};
    });
}

bool predict(const Network& net, const FeatureMatrix& features, double* out, std::string& error) {
    return guarded(error, [&] {
        single_threaded_ops();
        c10::InferenceMode inference;
        const int64_t members = net.theta.size(0), rows = static_cast<int64_t>(features.rows);
        const auto x = features_tensor(features).unsqueeze(0).expand({members, rows, static_cast<int64_t>(features.cols)});
        const auto y = forward(net.theta, net.layout, x).to(torch::kFloat64).contiguous();
        std::copy(y.data_ptr<double>(), y.data_ptr<double>() + members * rows, out);
        return true;
    });
}

bool save(const Network& net, const std::string& path, std::string& error) {
    return guarded(error, [&] {
        torch::serialize::OutputArchive archive;
        archive.write("theta", net.theta);
        archive.save_to(path);
        return true;
    });
}

Network* load(const std::string& path, const TwinSettings& s, std::size_t features, std::string& error) {
    return guarded(error, [&]() -> Network* {
        torch::serialize::InputArchive archive;
        archive.load_from(path);
        torch::Tensor theta;
        archive.read("theta", theta);
        const Layout layout = layout_for(static_cast<int64_t>(features), s.layers, s.width);
        if (theta.dim() != 2 || theta.size(0) != s.ensemble || theta.size(1) != layout.parameters ||
            theta.scalar_type() != torch::kFloat32)
            throw std::runtime_error("the weights (" + std::to_string(theta.numel()) + " values) do not fit " +
                                     std::to_string(s.ensemble) + " networks of " + std::to_string(layout.parameters) +
                                     " parameters");
        if (!torch::isfinite(theta).all().item<bool>()) throw std::runtime_error("the weights hold non-finite values");
        return new Network{theta.contiguous(), layout};
    });
}

void destroy(Network* net) { delete net; }

const EngineApi kApi{kEngineVersion, train, predict, save, load, destroy};

}  // namespace

}  // namespace dtop::battery

extern "C" __attribute__((visibility("default"))) const dtop::battery::EngineApi* dtop_battery_engine() {
    return &dtop::battery::kApi;
}
