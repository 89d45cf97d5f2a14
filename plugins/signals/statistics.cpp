// statistics: one row per channel of a series: minimum, maximum, mean, RMS, standard deviation.
#include <dtop/plugin.hpp>

#include <cmath>

struct Statistics : dtop::Node {
    double from = -HUGE_VAL;  // only samples with x >= from

    dtop::In<dtop::Series> series;
    dtop::Out<dtop::Table> table;
    dtop::Out<double> count;

    static void describe(dtop::Spec<Statistics>& s) {
        s.name("statistics").version("1.0.0").summary("Min, max, mean, RMS and standard deviation of each channel");
        s.param("from", &Statistics::from).doc("ignore samples whose abscissa is below this (e.g. a start-up transient)");
        s.input("series", &Statistics::series).unit("*").doc("any series");
        s.output("table", &Statistics::table).unit("*").doc("one row per channel: channel number, min, max, mean, rms, std");
        s.output("count", &Statistics::count).doc("number of samples used");
    }

    void run() override {
        const dtop::Series& in = *series;
        std::vector<Eigen::Index> rows;
        for (Eigen::Index i = 0; i < in.size(); ++i)
            if (in.x[i] >= from) rows.push_back(i);
        if (rows.empty()) throw std::runtime_error("no samples at or after from = " + std::to_string(from));
        const auto n = static_cast<double>(rows.size());
        const Eigen::Index c = in.channels();
        Eigen::VectorXd index(c), mn(c), mx(c), mean(c), rms(c), sd(c);
        for (Eigen::Index k = 0; k < c; ++k) {
            Eigen::VectorXd v(static_cast<Eigen::Index>(rows.size()));
            for (std::size_t r = 0; r < rows.size(); ++r) v[static_cast<Eigen::Index>(r)] = in.y(rows[r], k);
            index[k] = static_cast<double>(k + 1);
            mn[k] = v.minCoeff();
            mx[k] = v.maxCoeff();
            mean[k] = v.mean();
            rms[k] = std::sqrt(v.squaredNorm() / n);
            sd[k] = std::sqrt((v.array() - mean[k]).square().sum() / n);
        }
        const std::string unit = in.units.empty() ? "" : in.units[0];
        dtop::Table t;
        t.add("channel", "", index);
        t.add("min", unit, mn);
        t.add("max", unit, mx);
        t.add("mean", unit, mean);
        t.add("rms", unit, rms);
        t.add("std", unit, sd);
        table = t;
        count = n;
    }
};

DTOP_PLUGIN(Statistics)
