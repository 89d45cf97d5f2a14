// Saxena's prognostic metrics on predictions made by hand.
#include "prognostics.hpp"

#include <catch2/catch.hpp>

using namespace dtop::battery;

TEST_CASE("battery: RUL error, alpha-lambda, prognostic horizon and band coverage follow Saxena's definitions") {
    // True end of life at cycle 100; predictions at 20, 40, 60, 80 (true RUL 80, 60, 40, 20) and 100.
    const std::vector<RulPrediction> p{
        {20, 120.0, 90.0, 150.0},  // error +40: outside +-alpha EOL (20); band misses (90 > 80)
        {40, 50.0, 30.0, 70.0},    // error -10: inside +-20; band holds 60
        {60, 45.0, 20.0, std::nullopt},  // true 40: within (1 +- 0.2) 40 = 32..48; band's high edge open
        {80, 25.0, 10.0, 22.0},    // error +5: inside; band 10..22 holds 20
        {100, 0.0, 0.0, 0.0},      // at EOL: not scored
    };
    const PrognosticScore s = score_predictions(p, 100.0, 0.2, 0.5);
    REQUIRE(s.rul_error.size() == 5);
    CHECK(*s.rul_error[0] == 40);
    CHECK(*s.rul_error[1] == -10);
    CHECK(*s.rul_error[3] == 5);
    CHECK(s.scored == 4);
    // t_lambda = 20 + 0.5 (100 - 20) = 60: the prediction made at 60 is 45, inside 32..48.
    CHECK(*s.t_lambda == 60);
    CHECK(*s.alpha_lambda_at == 60);
    CHECK(*s.alpha_lambda_pass);
    // From cycle 40 on every prediction is within +-20 of the truth: horizon 100 - 40.
    CHECK(*s.horizon == 60);
    CHECK(*s.band_coverage == Approx(0.75));

    // A miss at t_lambda fails alpha-lambda; a miss at the last time leaves no horizon.
    std::vector<RulPrediction> q = p;
    q[2].rul = 30.0;
    q[3].rul = 45.0;
    const PrognosticScore t = score_predictions(q, 100.0, 0.2, 0.5);
    CHECK_FALSE(*t.alpha_lambda_pass);
    CHECK_FALSE(t.horizon.has_value());
}

TEST_CASE("battery: a cell that never reaches end of life has nothing scored") {
    const PrognosticScore s = score_predictions({{20, 100.0, 50.0, 150.0}}, std::nullopt, 0.2, 0.5);
    CHECK_FALSE(s.true_eol.has_value());
    CHECK_FALSE(s.rul_error[0].has_value());
    CHECK_FALSE(s.alpha_lambda_pass.has_value());
    CHECK_FALSE(s.horizon.has_value());
    CHECK(s.scored == 0);
}
