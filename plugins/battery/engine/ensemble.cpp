#include "ensemble.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace dtop::battery {

Layout layout_for(int64_t inputs, int layers, int width) {
    Layout l;
    int64_t in = inputs;
    for (int i = 0; i <= layers; ++i) {
        const int64_t out = i == layers ? 1 : width;
        l.layers.emplace_back(in, out);
        l.parameters += in * out + out;
        in = out;
    }
    return l;
}

torch::Tensor forward(const torch::Tensor& theta, const Layout& layout, const torch::Tensor& x) {
    const int64_t members = theta.size(0);
    torch::Tensor h = x;
    int64_t offset = 0;
    for (std::size_t i = 0; i < layout.layers.size(); ++i) {
        const auto [in, out] = layout.layers[i];
        const auto w = theta.narrow(1, offset, in * out).view({members, in, out});
        offset += in * out;
        const auto b = theta.narrow(1, offset, out).view({members, 1, out});
        offset += out;
        h = torch::baddbmm(b, h, w);
        if (i + 1 < layout.layers.size()) h = torch::tanh(h);
    }
    return h;
}

torch::Tensor train_members(const torch::Tensor& x, const torch::Tensor& y, const TwinSettings& s, const Layout& layout,
                            int first, int count) {
    const int64_t rows = x.size(0), inputs = x.size(1);
    std::vector<std::mt19937_64> rng;
    for (int m = first; m < first + count; ++m) {
        std::seed_seq seq{static_cast<uint32_t>(s.seed), static_cast<uint32_t>(s.seed >> 32), static_cast<uint32_t>(m)};
        rng.emplace_back(seq);
    }

    // LibTorch's default for a linear layer: weights and biases uniform in +-1/sqrt(inputs).
    std::vector<float> initial(static_cast<std::size_t>(count * layout.parameters));
    for (int m = 0; m < count; ++m) {
        float* p = initial.data() + m * layout.parameters;
        for (const auto& [in, out] : layout.layers) {
            const double bound = 1.0 / std::sqrt(static_cast<double>(in));
            std::uniform_real_distribution<double> u(-bound, bound);
            for (int64_t k = 0; k < in * out + out; ++k) *p++ = static_cast<float>(u(rng[static_cast<std::size_t>(m)]));
        }
    }
    torch::Tensor theta = torch::from_blob(initial.data(), {count, layout.parameters}, torch::kFloat32).clone();
    theta.requires_grad_(true);
    torch::optim::Adam adam({theta}, torch::optim::AdamOptions(s.learning_rate));

    // Each member's row order for the epoch, side by side: order[m * rows + k].
    std::vector<int64_t> order(static_cast<std::size_t>(count * rows));
    const int64_t batch = std::min<int64_t>(s.batch, rows);
    for (int epoch = 0; epoch < s.epochs; ++epoch) {
        for (int m = 0; m < count; ++m) {
            auto* o = order.data() + m * rows;
            std::iota(o, o + rows, int64_t{0});
            std::shuffle(o, o + rows, rng[static_cast<std::size_t>(m)]);
        }
        // The epoch's data in each member's order, once; the batches are views into it.
        const auto index = torch::from_blob(order.data(), {count * rows}, torch::kInt64);
        const auto xs = x.index_select(0, index).view({count, rows, inputs});
        const auto ys = y.index_select(0, index).view({count, rows, 1});
        for (int64_t start = 0; start < rows; start += batch) {
            const int64_t n = std::min(batch, rows - start);
            // The sum over members of each one's mean square: every member gets its own gradient.
            const auto error = forward(theta, layout, xs.narrow(1, start, n)) - ys.narrow(1, start, n);
            const auto loss = error.pow(2).sum() / static_cast<double>(n);
            adam.zero_grad();
            loss.backward();
            adam.step();
        }
    }
    return theta.detach();
}

}  // namespace dtop::battery
