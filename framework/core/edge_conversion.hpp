// Unit conversion on a wire, one rule for both kinds of delivery: a batch value handed over whole
// and a stepped channel copied at every step. A value (or channel) without a unit of its own has its
// source port's unit; "*" on either side means "any unit": nothing is converted.
#pragma once

#include "plan.hpp"
#include "value.hpp"

#include <string>
#include <vector>

namespace dtop {

// to = scale * from + offset.
struct ChannelConversion {
    double scale = 1.0, offset = 0.0;
    bool identity = true;
};

// The conversion of one channel (or value) in `from_unit` into the input's unit (edge.to_unit).
// Throws std::runtime_error naming the wire's place in the scenario when the units do not match.
// `what` names the channel for the message ("channel 'v1'", "the value").
ChannelConversion edge_conversion(const Edge& edge, const std::string& from_unit, const std::string& what,
                                  const std::string& input_name);

// The channels a wire takes from a series whose column 0 is its abscissa (`first` = 1) or a table
// (`first` = 0), as column indices: all of them, or those its `channels:` names, in that order.
// Throws std::runtime_error naming the wire's place and the channels there are.
std::vector<std::size_t> chosen_columns(const Edge& edge, const std::vector<std::string>& names, std::size_t first,
                                        const std::string& source);

// The value a batch edge delivers: `v` (from a port whose unit is `source_unit`) in the consumer's unit.
Value deliver_batch(const Edge& edge, Value v, const std::string& source_unit, const std::string& input_name);

}  // namespace dtop
