// An ensemble of small tanh networks held as one tensor: member m's parameters are row m of
// `theta`, so the whole ensemble trains and predicts with batched matrix products (one LibTorch call
// per layer, whatever the ensemble's size).
#pragma once

#include "settings.hpp"

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace dtop::battery {

// The shapes of the layers: inputs -> width (tanh) -> ... -> 1 (linear).
struct Layout {
    std::vector<std::pair<int64_t, int64_t>> layers;  // (inputs, outputs) of each
    int64_t parameters = 0;                           // per member: weights and biases of every layer
};
Layout layout_for(int64_t inputs, int layers, int width);

// Outputs [members, rows, 1] for inputs [members, rows, inputs].
torch::Tensor forward(const torch::Tensor& theta, const Layout& layout, const torch::Tensor& x);

// Trains members first..first+count-1 of the ensemble described by `s` on x [rows, inputs] -> y
// [rows, 1]: Adam on the mean squared error, minibatches of s.batch in a fresh order every epoch.
// Member m's initial weights and batch order come from its own generator, seeded from (s.seed, m).
// (A member's numbers still depend on its group's size in the last bits: LibTorch's vectorised
// kernels treat a tensor's tail elements apart.) Returns [count, parameters].
torch::Tensor train_members(const torch::Tensor& x, const torch::Tensor& y, const TwinSettings& s, const Layout& layout,
                            int first, int count);

}  // namespace dtop::battery
