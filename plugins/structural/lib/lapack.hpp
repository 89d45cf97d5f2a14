// The LAPACK routines the structural library calls (Debian's liblapack-dev), declared here
// rather than through LAPACKE: Fortran calling convention, column-major, hidden string lengths last.
#pragma once

#include <cstddef>

namespace dtop::structural {

using lapack_logical = int;
using lapack_select2 = lapack_logical (*)(const double*, const double*);

extern "C" {
// Real Schur form, optionally ordered by `select`.
void dgees_(const char* jobvs, const char* sort, lapack_select2 select, const int* n, double* a, const int* lda, int* sdim,
            double* wr, double* wi, double* vs, const int* ldvs, double* work, const int* lwork, lapack_logical* bwork,
            int* info, std::size_t jobvs_len, std::size_t sort_len);
// Balancing: with job 'S', a diagonal similarity D^-1 A D (powers of 2) that evens out row and column norms.
void dgebal_(const char* job, const int* n, double* a, const int* lda, int* ilo, int* ihi, double* scale, int* info,
             std::size_t job_len);
// op(A) X + isgn X op(B) = scale C for quasi-triangular A and B (Bartels-Stewart's inner step).
void dtrsyl_(const char* trana, const char* tranb, const int* isgn, const int* m, const int* n, const double* a,
             const int* lda, const double* b, const int* ldb, double* c, const int* ldc, double* scale, int* info,
             std::size_t trana_len, std::size_t tranb_len);
}

}  // namespace dtop::structural
