// The gnuplot script that draws a Figure into a PNG. It is self-contained (the data travel in it as
// datablocks), so `gnuplot <name>.gp` in the node's folder draws the picture again, and it is safe
// whatever the titles say: every text is a single-quoted gnuplot string, inside which gnuplot expands
// neither backquotes (shell commands) nor @macros.
#pragma once

#include "figure.hpp"

#include <string>

namespace dtop::plot {

std::string gnuplot_script(const Figure& figure, const std::string& png_name);

// 'text' for gnuplot: quotes doubled, line breaks as spaces.
std::string gnuplot_quote(const std::string& text);

// The colour of palette index k, "#rrggbb" (Okabe-Ito: told apart with common colour blindness).
const char* palette(std::size_t k);

}  // namespace dtop::plot
