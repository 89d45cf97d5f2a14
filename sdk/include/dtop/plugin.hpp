// dtop C++ plugin layer: write an ordinary class, declare its parameters and ports, export it with
// one macro. This umbrella header is all a plugin includes; the layer itself is in
//   dtop/values.hpp  the value types (Series, Table, Path, Json) and ParamError / FatalError
//   dtop/ports.hpp   In, Out, StepIn, StepOut
//   dtop/node.hpp    dtop::Node, the base class: the member functions the host calls, log, clock()
//   dtop/spec.hpp    dtop::Spec, what describe() declares
//   dtop/glue.hpp    the C ABI of dtop_abi.h generated for the class, and DTOP_PLUGIN(Class)
//
//   #include <dtop/plugin.hpp>
//
//   struct Gain : dtop::Node {
//       double k = 2.0;                 // the default shown by `dtop describe`
//       dtop::StepIn<double> u;
//       dtop::StepOut<double> y;
//
//       static void describe(dtop::Spec<Gain>& s) {
//           s.name("gain").version("1.0.0").summary("y = k u at every step");
//           s.param("k", &Gain::k).doc("gain").range(-1e6, 1e6);
//           s.input("u", &Gain::u).doc("signal in");
//           s.output("y", &Gain::y).doc("signal out");
//       }
//       void step(double, double) override { y = k * u; }
//   };
//   DTOP_PLUGIN(Gain)
//
// A class that overrides run() is a batch plugin; one that overrides step() is a stepped plugin;
// it may do both. See sdk/README.md for the full guide.
#pragma once

#include <dtop/dtop_abi.h>
#include <dtop/values.hpp>
#include <dtop/ports.hpp>
#include <dtop/node.hpp>
#include <dtop/spec.hpp>
#include <dtop/glue.hpp>
