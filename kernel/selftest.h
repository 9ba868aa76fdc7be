// Kernel self-tests, chosen with the boot option selftest=NAME[,NAME]:
//   kalloc  allocate every free page, check, free them all
//   ticks   every hart's timer advances
//   jitter  prints the first timer intervals of every hart (boot option
//           jitter=SEED: the same seed, the same numbers)
//   fault   a deliberate kernel fault: the panic report is the test
// Each prints "PASS selftest NAME" or "FAIL selftest NAME: why"; then
// "selftest: done" and the machine powers off. An unknown name is
// reported ("boot: unknown selftest ...") and skipped.
#pragma once

namespace selftest {
// Run the requested tests (hart 0, after every hart is online) and power
// off; returns only if no self-test was requested.
void run_requested();
} // namespace selftest
