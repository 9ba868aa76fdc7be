// Kernel self-tests, chosen with the boot option selftest=NAME[,NAME]:
//   kalloc  allocate every free page, check, free them all
//   ticks   every hart's timer advances
//   fault   a deliberate kernel fault: the panic report is the test
// Each prints "PASS selftest NAME" or "FAIL selftest NAME: why"; then
// "selftest: done" and the machine powers off.
#pragma once

namespace selftest {
// Run the requested tests (hart 0, after every hart is online) and power
// off; returns only if no self-test was requested.
void run_requested();
} // namespace selftest
