// The eigenvalue table of a frequency step in the .dat file, in either solver's layout.
//
// CalculiX (what ccx 2.20 writes):
//
//          E I G E N V A L U E   O U T P U T
//
//      MODE NO    EIGENVALUE                       FREQUENCY
//                                          REAL PART            IMAGINARY PART
//                                (RAD/TIME)      (CYCLES/TIME     (RAD/TIME)
//
//           1   0.2036547E+04   0.4512812E+02   0.7182363E+01   0.0000000E+00
//
// ABAQUS/Standard (documented layout; a sixth column in releases that print composite damping):
//
//                                   E I G E N V A L U E    O U T P U T
//
//      MODE NO      EIGENVALUE              FREQUENCY         GENERALIZED MASS   COMPOSITE MODAL DAMPING
//                                     (RAD/TIME)   (CYCLES/TIME)
//
//            1       2036.5            45.128        7.1824        1.0000            0.0000
//
// Both: the table ends at the first line that does not start with a mode number; mode numbers
// count up by one (from 1, or from the first mode inside a requested frequency range).
#pragma once

#include "dat_text.hpp"

#include <string_view>
#include <vector>

namespace dtop::fe {

enum class DatLayout { calculix, abaqus };
const char* layout_name(DatLayout l);

struct EigenRow {
    int mode = 0;
    double eigenvalue = 0;         // (rad/s)^2
    double omega = 0;              // rad/s
    double hz = 0;                 // cycles/s
    double generalized_mass = -1;  // ABAQUS only; -1 when absent
};

struct EigenTable {
    DatLayout layout;
    std::vector<EigenRow> rows;
};

// Each parser reads its own layout and refuses the other's (a DatError saying so), a missing table
// and a malformed one (a row with missing or unreadable fields, mode numbers out of sequence,
// columns that disagree: omega^2 against the eigenvalue, omega / 2 pi against the frequency).
EigenTable parse_calculix_eigenvalues(std::string_view dat);
EigenTable parse_abaqus_eigenvalues(std::string_view dat);
// Either layout, told by the table's header.
EigenTable parse_eigenvalues(std::string_view dat);

}  // namespace dtop::fe
